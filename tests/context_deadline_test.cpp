// context: WithDeadline and WithTimeout (conformance section 1.3,
// CTX-25..CTX-35; XTestDeadline, XTestTimeout, XTestCanceledTimeout).
// Where time is the behaviour the bounds are generous: a hang, not a slow
// machine, fails these tests.
#include "context_test_util.hpp"
#include "test_util.hpp"

#include <gocpp/context.hpp>
#include <gocpp/context/detail/hooks.hpp>
#include <gocpp/detail/timer.hpp>
#include <gocpp/sync.hpp>
#include <gocpp/time.hpp>

#include <doctest/doctest.h>

#include <regex>
#include <sstream>
#include <string>

using namespace gocpp;
using namespace context_test;

namespace {

// Go's testDeadline: c must end by its deadline with DeadlineExceeded.
void check_deadline(const context::Context& c, const char* name) {
    CAPTURE(name);
    REQUIRE(done_within(c));
    CHECK(c.err() == context::deadline_exceeded);
}

int count(const std::string& s, const std::string& sub) {
    int n = 0;
    for (auto i = s.find(sub); i != std::string::npos; i = s.find(sub, i + sub.size()))
        n++;
    return n;
}

}  // namespace

TEST_CASE("CTX-25 with_deadline and with_timeout both print .WithDeadline(") {
    auto [c, cancel] = context::with_deadline(context::background(), time::now() + short_duration);
    CHECK(sprint(c).starts_with("context.Background.WithDeadline("));
    auto [t, tcancel] = context::with_timeout(context::background(), short_duration);
    CHECK(sprint(t).starts_with("context.Background.WithDeadline("));
    CHECK(sprint(t).find("WithTimeout") == std::string::npos);
    tcancel();
    cancel();
}

TEST_CASE(
    "CTX-26 the deadline form is parent + .WithDeadline(time_string(d) "
    "[duration_string(until(d))])") {
    auto [c, cancel] = context::with_timeout(context::background(), time::hour);
    auto [d, ok] = c.deadline();
    REQUIRE(ok);
    std::string s = sprint(c);
    std::string prefix = "context.Background.WithDeadline(" + time::time_string(d) + " [";
    REQUIRE(s.starts_with(prefix));
    REQUIRE(s.ends_with("])"));
    std::string remaining = s.substr(prefix.size(), s.size() - prefix.size() - 2);
    CAPTURE(s);
    // Slightly less than an hour is left: Go prints e.g. 59m59.999862747s.
    CHECK(std::regex_match(remaining, std::regex(R"(59m5[0-9](\.[0-9]+)?s)")));
    // Go's Time.String with a monotonic reading.
    CHECK(std::regex_match(
        time::time_string(d),
        std::regex(R"(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d+)? [+-]\d{4} \S+ m=\+\d+\.\d{9})")));
    // The value and cancel layers above keep the parent's part unchanged.
    auto v = context::with_value(c, "k", "v");
    CHECK(sprint(v).ends_with("]).WithValue(type string, val v)"));
    cancel();
}

TEST_CASE("CTX-27 a deadline context ends with deadline_exceeded (XTestDeadline)") {
    {
        auto [c, cancel] =
            context::with_deadline(context::background(), time::now() + short_duration);
        check_deadline(c, "WithDeadline");
        cancel();
    }
    {
        auto [c, cancel] =
            context::with_deadline(context::background(), time::now() + short_duration);
        check_deadline(other(c), "WithDeadline+otherContext");
        cancel();
    }
    {
        auto [c, cancel] =
            context::with_deadline(context::background(), time::now() + short_duration);
        auto o = other(c);
        auto [c2, cancel2] = context::with_deadline(o, time::now() + very_long_duration);
        check_deadline(c2, "WithDeadline+otherContext+WithDeadline");
        cancel2();
        cancel();
    }
    {
        auto [c, cancel] =
            context::with_deadline(context::background(), time::now() - short_duration);
        check_deadline(c, "WithDeadline+inthepast");
        cancel();
    }
    {
        auto [c, cancel] = context::with_deadline(context::background(), time::now());
        check_deadline(c, "WithDeadline+now");
        cancel();
    }
}

TEST_CASE("CTX-28 a timeout context ends with deadline_exceeded (XTestTimeout)") {
    {
        auto [c, cancel] = context::with_timeout(context::background(), short_duration);
        check_deadline(c, "WithTimeout");
        cancel();
    }
    {
        auto [c, cancel] = context::with_timeout(context::background(), short_duration);
        check_deadline(other(c), "WithTimeout+otherContext");
        cancel();
    }
    {
        auto [c, cancel] = context::with_timeout(context::background(), short_duration);
        auto [c2, cancel2] = context::with_timeout(other(c), very_long_duration);
        check_deadline(c2, "WithTimeout+otherContext+WithTimeout");
        cancel2();
        cancel();
    }
}

TEST_CASE(
    "CTX-29 a deadline at or before now is already done on return, with no timer; cancel keeps "
    "deadline_exceeded") {
    auto pending_before = gocpp::detail::timers_pending();
    for (time::Duration d : {time::Duration::zero(), -time::nanosecond, -time::second}) {
        auto [c, cancel] = context::with_timeout(context::background(), d);
        CHECK(is_done(c));
        CHECK(c.err() == context::deadline_exceeded);
        cancel();
        CHECK(c.err() == context::deadline_exceeded);
    }
    auto [p, pcancel] =
        context::with_deadline(context::background(), time::now() - time::millisecond);
    CHECK(is_done(p));
    CHECK(p.err() == context::deadline_exceeded);
    pcancel();
    CHECK(p.err() == context::deadline_exceeded);
    CHECK(gocpp::detail::timers_pending() <= pending_before);
}

TEST_CASE(
    "CTX-30 canceling a timeout child of a wrapped timeout context closes it synchronously "
    "(XTestCanceledTimeout)") {
    auto [c, cancel0] = context::with_timeout(context::background(), time::second);
    auto o = other(c);
    auto [c2, cancel] = context::with_timeout(o, very_long_duration);
    cancel();  // should propagate synchronously
    CHECK(is_done(c2));
    CHECK(c2.err() == context::canceled);
    CHECK_FALSE(is_done(c));
    cancel0();
}

TEST_CASE(
    "CTX-31 a deadline later than the parent's gives a plain cancel context with the parent's "
    "deadline") {
    auto [p, pcancel] = context::with_timeout(context::background(), time::hour);
    auto pd = p.deadline().deadline;

    auto [later, lcancel] = context::with_timeout(p, 2 * time::hour);
    auto [ld, lok] = later.deadline();
    CHECK(lok);
    CHECK(ld == pd);
    CHECK(sprint(later).ends_with(".WithCancel"));
    CHECK(count(sprint(later), ".WithDeadline(") == 1);

    auto [same, scancel] = context::with_deadline(p, pd);  // not before: a new timer context
    CHECK(same.deadline().deadline == pd);
    CHECK(count(sprint(same), ".WithDeadline(") == 2);

    auto [earlier, ecancel] = context::with_timeout(p, time::minute);
    CHECK(earlier.deadline().deadline < pd);
    CHECK(count(sprint(earlier), ".WithDeadline(") == 2);

    pcancel();
    CHECK(later.err() == context::canceled);  // ends with its parent
    ecancel();
    scancel();
    lcancel();
}

TEST_CASE("CTX-32 deadline() of a timer context is (d, true) every time; descendants report it") {
    time::Time d = time::now() + time::hour;
    auto [c, cancel] = context::with_deadline(context::background(), d);
    for (int i = 0; i < 3; i++) {
        auto [got, ok] = c.deadline();
        CHECK(ok);
        CHECK(got == d);
    }
    auto [cc, ccancel] = context::with_cancel(c);
    auto v = context::with_value(cc, "k", "v");
    auto o = other(v);
    for (const auto& x : {cc, v, o}) {
        auto [got, ok] = x.deadline();
        CHECK(ok);
        CHECK(got == d);
    }
    auto [plain, pcancel] = context::with_cancel(context::background());
    CHECK_FALSE(plain.deadline().ok);
    pcancel();
    ccancel();
    cancel();
}

TEST_CASE(
    "CTX-33 canceling a timer context before its deadline gives canceled and stops the timer") {
    auto [c, cancel] = context::with_timeout(context::background(), 20 * time::millisecond);
    auto pending = gocpp::detail::timers_pending();
    cancel();
    CHECK(gocpp::detail::timers_pending() == pending - 1);  // its queue entry is gone
    CHECK(c.err() == context::canceled);
    time::sleep(40 * time::millisecond);
    CHECK(c.err() == context::canceled);
}

TEST_CASE("CTX-34 when a parent times out its cancel children get deadline_exceeded") {
    auto [tp, tpcancel] = context::with_timeout(context::background(), 10 * time::millisecond);
    auto [tk, tkcancel] = context::with_cancel(tp);
    auto [deep, dcancel] = context::with_cancel(context::with_value(other(tk), "k", 1));
    tk.done().recv();
    CHECK(tk.err() == context::deadline_exceeded);
    REQUIRE(done_within(deep));
    CHECK(deep.err() == context::deadline_exceeded);
    CHECK(gocpp::detail::children_count(tp) == 0);
    dcancel();
    tkcancel();
    tpcancel();
}

TEST_CASE(
    "CTX-35 the deadline and an explicit cancel race; the first decides err and cause, the other "
    "is a no-op") {
    int saw_canceled = 0, saw_deadline = 0;
    for (int i = 0; i < 500; i++) {
        auto [c, cancel] =
            context::with_timeout(context::background(), (i % 50) * time::microsecond);
        auto [child, ccancel] = context::with_cancel(c);
        go([cancel = cancel] { cancel(); });
        REQUIRE(done_within(child));
        error first = c.err();
        CHECK((first == context::canceled || first == context::deadline_exceeded));
        saw_canceled += first == context::canceled;
        saw_deadline += first == context::deadline_exceeded;
        time::sleep(time::Duration::zero());
        CHECK(c.err() == first);
        CHECK(context::cause(c) == first);
        CHECK(child.err() == first);
        ccancel();
    }
    CHECK(saw_canceled + saw_deadline == 500);
}
