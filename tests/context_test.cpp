// context: Background/TODO, the errors, WithCancel and the cancel tree
// (conformance section 1.1 and 1.2, CTX-01..CTX-24; Go's XTest functions in
// src/context/context_test.go).
#include "context_test_util.hpp"
#include "test_util.hpp"

#include <gocpp/context.hpp>
#include <gocpp/context/detail/hooks.hpp>
#include <gocpp/sync.hpp>
#include <gocpp/time.hpp>

#include <doctest/doctest.h>

#include <algorithm>
#include <atomic>
#include <memory>
#include <random>
#include <sstream>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

using namespace gocpp;
using namespace context_test;

TEST_CASE("CTX-01 background is non-nil, never done, has no deadline, err or values") {
    auto c = context::background();
    REQUIRE(c != nullptr);
    CHECK(c.done() == nullptr);
    CHECK(select(recv(c.done()), default_) == 1);  // the non-blocking select takes default
    CHECK(c.err() == nullptr);
    auto [d, ok] = c.deadline();
    CHECK_FALSE(ok);
    CHECK(d == time::Time{});
    CHECK(c.value("x").is_nil());
    CHECK(c.value(1).is_nil());
    CHECK(c.value(context::canceled).is_nil());
}

TEST_CASE("CTX-02 todo has background's properties, is a singleton, and differs from background") {
    auto c = context::todo();
    REQUIRE(c != nullptr);
    CHECK(c.done() == nullptr);
    CHECK(select(recv(c.done()), default_) == 1);
    CHECK(c.err() == nullptr);
    CHECK_FALSE(c.deadline().ok);
    CHECK(c.value("x").is_nil());
    CHECK(context::todo() == context::todo());
    CHECK(context::background() == context::background());
    CHECK(context::background() != context::todo());
}

TEST_CASE("CTX-03 background and todo print context.Background and context.TODO") {
    CHECK(sprint(context::background()) == "context.Background");
    CHECK(sprint(context::todo()) == "context.TODO");
    CHECK(context::background().string() == "context.Background");
    CHECK(sprint(context::Context{}) == "<nil>");
}

TEST_CASE("CTX-04 the error messages are Go's") {
    CHECK(context::canceled.error() == "context canceled");
    CHECK(context::deadline_exceeded.error() == "context deadline exceeded");
    std::ostringstream os;
    os << context::canceled << '|' << context::deadline_exceeded << '|' << error{};
    CHECK(os.str() == "context canceled|context deadline exceeded|<nil>");
}

TEST_CASE("CTX-05 deadline_exceeded is a timeout and temporary; canceled is not a timeout error") {
    auto te = context::deadline_exceeded.as<timeout_error>();
    REQUIRE(te != nullptr);
    CHECK(te->timeout());
    CHECK(te->temporary());
    CHECK(context::canceled.as<timeout_error>() == nullptr);
}

TEST_CASE("CTX-06 the errors are sentinels compared by identity; errors::is follows wrapping") {
    auto [c, cancel] = context::with_cancel(context::background());
    cancel();
    error err = c.err();
    CHECK(err == context::canceled);
    CHECK(err != context::deadline_exceeded);
    CHECK(errors::is(err, context::canceled));
    // A different error with the same text is a different error.
    error same_text = errors::new_("context canceled");
    CHECK(same_text != context::canceled);
    CHECK_FALSE(errors::is(same_text, context::canceled));
    // Wrapping keeps errors::is true while == is false (fmt.Errorf("...: %w", err)).
    error wrapped = errors::wrap("query: context canceled", context::canceled);
    CHECK(wrapped != context::canceled);
    CHECK(errors::is(wrapped, context::canceled));
    CHECK(errors::unwrap(wrapped) == context::canceled);
    CHECK(errors::is(error{}, error{}));
    CHECK_FALSE(errors::is(error{}, context::canceled));
}

TEST_CASE("CTX-07 with_cancel of background prints context.Background.WithCancel") {
    auto [c1, cancel] = context::with_cancel(context::background());
    CHECK(sprint(c1) == "context.Background.WithCancel");
    auto [c2, cancel2] = context::with_cancel(c1);
    CHECK(sprint(c2) == "context.Background.WithCancel.WithCancel");
    cancel2();
    cancel();
}

TEST_CASE(
    "CTX-08 before cancel: done non-nil and open, err nil (c1, otherContext{c1}, child of it)") {
    auto [c1, cancel] = context::with_cancel(context::background());
    auto o = other(c1);
    auto [c2, cancel2] = context::with_cancel(o);
    for (const auto& c : {c1, o, c2}) {
        CHECK(c.done() != nullptr);
        CHECK(c.err() == nullptr);
        CHECK_FALSE(is_done(c));
    }
    cancel2();
    cancel();
}

TEST_CASE("CTX-09 cancel propagates synchronously through a wrapper to the child") {
    auto [c1, cancel] = context::with_cancel(context::background());
    auto o = other(c1);
    auto [c2, cancel2] = context::with_cancel(o);
    cancel();  // should propagate synchronously
    int i = 0;
    for (const auto& c : {c1, o, c2}) {
        CAPTURE(i);
        CHECK(is_done(c));
        CHECK(c.err() == context::canceled);
        i++;
    }
    cancel2();
}

TEST_CASE("CTX-10 done() is the same channel on every call, also when first asked after cancel") {
    auto [c, cancel] = context::with_cancel(context::background());
    auto d1 = c.done();
    auto d2 = c.done();
    CHECK(d1 == d2);
    cancel();
    CHECK(c.done() == d1);
    CHECK(is_done(c));

    auto [c0, cancel0] = context::with_cancel(context::background());
    cancel0();
    auto e1 = c0.done();
    CHECK(e1 != nullptr);
    CHECK(c0.done() == e1);
    CHECK(select(recv(e1), default_) == 0);  // already closed
}

TEST_CASE(
    "CTX-11 a cancel function is idempotent and may be called concurrently from goroutines and "
    "threads") {
    auto [c, cancel] = context::with_cancel(context::background());
    auto [child, child_cancel] = context::with_cancel(c);
    sync::WaitGroup wg;
    std::atomic<int> returned{0};
    for (int i = 0; i < 32; i++) {
        wg.add(1);
        go([&wg, &returned, cancel = cancel] {
            cancel();
            cancel();
            returned++;
            wg.done();
        });
    }
    std::thread t([cancel = cancel, &returned] {
        cancel();
        returned++;
    });
    cancel();
    wg.wait();
    t.join();
    CHECK(returned == 33);
    CHECK(c.err() == context::canceled);
    CHECK(child.err() == context::canceled);
    cancel();
    CHECK(c.err() == context::canceled);
    child_cancel();
}

TEST_CASE("CTX-12 err() is stable once set and the first cancellation wins") {
    SUBCASE("own cancel before the deadline") {
        auto [c, cancel] = context::with_timeout(context::background(), 5 * time::millisecond);
        cancel();
        error first = c.err();
        time::sleep(20 * time::millisecond);
        CHECK(first == context::canceled);
        CHECK(c.err() == first);
    }
    SUBCASE("child canceled before its parent's deadline keeps canceled") {
        auto [p, pcancel] = context::with_timeout(context::background(), 5 * time::millisecond);
        auto [c, cancel] = context::with_cancel(p);
        cancel();
        REQUIRE(done_within(p));
        CHECK(p.err() == context::deadline_exceeded);
        CHECK(c.err() == context::canceled);
        pcancel();
    }
    SUBCASE("parent deadline before the child's cancel keeps deadline_exceeded") {
        auto [p, pcancel] = context::with_timeout(context::background(), short_duration);
        auto [c, cancel] = context::with_cancel(p);
        REQUIRE(done_within(c));
        CHECK(c.err() == context::deadline_exceeded);
        cancel();
        pcancel();
        CHECK(c.err() == context::deadline_exceeded);
        CHECK(p.err() == context::deadline_exceeded);
    }
    SUBCASE("repeated err() calls return the same error value") {
        auto [c, cancel] = context::with_cancel(context::background());
        CHECK(c.err() == nullptr);
        cancel();
        error e1 = c.err();
        error e2 = c.err();
        CHECK(e1 == e2);
    }
}

TEST_CASE("CTX-13 a child of a canceled parent is canceled at construction with the parent's err") {
    auto [parent, pcancel] = context::with_cancel(context::background());
    pcancel();
    auto [c, cancel] = context::with_cancel(parent);
    CHECK(is_done(c));
    CHECK(c.err() == context::canceled);
    CHECK(gocpp::detail::children_count(parent) == 0);
    cancel();
}

TEST_CASE("CTX-14 the parent's deadline_exceeded reaches children unchanged") {
    SUBCASE("child made after the parent expired") {
        auto [p, pcancel] =
            context::with_deadline(context::background(), time::now() - time::second);
        auto [c, cancel] = context::with_cancel(p);
        CHECK(is_done(c));
        CHECK(c.err() == context::deadline_exceeded);
        auto [c2, cancel2] = context::with_cancel(context::with_value(p, "k", "v"));
        CHECK(c2.err() == context::deadline_exceeded);
        cancel2();
        cancel();
        pcancel();
    }
    SUBCASE("parent expires later") {
        auto [p, pcancel] = context::with_timeout(context::background(), 5 * time::millisecond);
        auto [c, cancel] = context::with_cancel(p);
        auto [gc, gcancel] = context::with_cancel(context::with_value(c, "k", "v"));
        REQUIRE(done_within(gc));
        CHECK(c.err() == context::deadline_exceeded);
        CHECK(gc.err() == context::deadline_exceeded);
        gcancel();
        cancel();
        pcancel();
    }
}

TEST_CASE("CTX-15 canceling a child leaves its parent and siblings running") {
    auto [p, pcancel] = context::with_cancel(context::background());
    auto [s1, s1cancel] = context::with_cancel(p);
    auto [s2, s2cancel] = context::with_cancel(p);
    s1cancel();
    CHECK(is_done(s1));
    CHECK_FALSE(is_done(p));
    CHECK(p.err() == nullptr);
    CHECK_FALSE(is_done(s2));
    CHECK(s2.err() == nullptr);
    s2cancel();
    pcancel();
}

TEST_CASE(
    "CTX-16 a canceled child leaves its parent's set of children (XTestChildFinishesFirst, "
    "XTestCancelRemoves)") {
    SUBCASE("XTestChildFinishesFirst") {
        auto [cancelable, stop] = context::with_cancel(context::background());
        for (const auto& parent : {context::background(), cancelable}) {
            bool parent_is_cancel = parent == cancelable;
            auto [child, cancel] = context::with_cancel(parent);
            CHECK_FALSE(is_done(parent));
            CHECK_FALSE(is_done(child));
            // child's linkage: its parent's nearest cancel context.
            CHECK(gocpp::detail::parent_cancel_ctx(parent) ==
                  (parent_is_cancel ? parent : context::Context{}));
            if (parent_is_cancel) {
                auto kids = gocpp::detail::children(parent);
                REQUIRE(kids.size() == 1);
                CHECK(kids[0] == child);
            }
            cancel();
            if (parent_is_cancel) CHECK(gocpp::detail::children_count(parent) == 0);
            CHECK(is_done(child));
            CHECK(child.err() == context::canceled);
            CHECK_FALSE(is_done(parent));
            CHECK(parent.err() == nullptr);
        }
        stop();
    }
    SUBCASE("XTestCancelRemoves") {
        auto [ctx, stop] = context::with_cancel(context::background());
        CHECK(gocpp::detail::children_count(ctx) == 0);
        auto [c1, cancel1] = context::with_cancel(ctx);
        CHECK(gocpp::detail::children_count(ctx) == 1);
        cancel1();
        CHECK(gocpp::detail::children_count(ctx) == 0);

        auto [ctx2, stop2] = context::with_cancel(context::background());
        CHECK(gocpp::detail::children_count(ctx2) == 0);
        auto [c2, cancel2] = context::with_timeout(ctx2, 60 * time::minute);
        CHECK(gocpp::detail::children_count(ctx2) == 1);
        cancel2();
        CHECK(gocpp::detail::children_count(ctx2) == 0);
        stop2();
        stop();
    }
}

TEST_CASE(
    "CTX-17 canceling a parent cancels every descendant, linked through value layers "
    "(XTestParentFinishesChild)") {
    // parent -> cancelChild; parent -> valueChild -> timerChild
    auto [parent, cancel] = context::with_cancel(context::background());
    auto [cancelChild, stop1] = context::with_cancel(parent);
    auto valueChild = context::with_value(parent, "key", "value");
    auto [timerChild, stop2] = context::with_timeout(valueChild, very_long_duration);

    for (const auto& c : {parent, cancelChild, valueChild, timerChild})
        CHECK_FALSE(is_done(c));

    // The parent's children are exactly the two cancelable children.
    auto kids = gocpp::detail::children(parent);
    CHECK(kids.size() == 2);
    CHECK(std::count(kids.begin(), kids.end(), cancelChild) == 1);
    CHECK(std::count(kids.begin(), kids.end(), timerChild) == 1);
    CHECK(gocpp::detail::parent_cancel_ctx(parent) == parent);
    CHECK(gocpp::detail::parent_cancel_ctx(valueChild) == parent);

    cancel();

    CHECK(gocpp::detail::children_count(parent) == 0);
    for (const auto& c : {parent, cancelChild, valueChild, timerChild}) {
        CHECK(is_done(c));
        CHECK(c.err() == context::canceled);
    }
    stop2();
    stop1();
}

TEST_CASE("CTX-18 with_value of a canceled parent reports the parent's done and err") {
    auto [parent, cancel] = context::with_cancel(context::background());
    cancel();
    auto precanceled = context::with_value(parent, "key", "value");
    CHECK(is_done(precanceled));
    CHECK(precanceled.err() == context::canceled);
    CHECK(precanceled.done() == parent.done());
}

TEST_CASE("CTX-19 deriving from a nil parent panics: cannot create context from nil parent") {
    const std::string want = "cannot create context from nil parent";
    context::Context nil;
    CHECK(panic_message([&] { context::with_cancel(nil); }) == want);
    CHECK(panic_message([&] { context::with_deadline(nil, time::now() + short_duration); }) ==
          want);
    CHECK(panic_message([&] { context::with_timeout(nil, time::second); }) == want);
    CHECK(panic_message([&] { context::with_value(nil, "foo", "bar"); }) == want);
    CHECK(panic_message([&] { context::with_cancel_cause(nil); }) == want);
    CHECK(panic_message([&] { context::with_deadline_cause(nil, time::now(), nullptr); }) == want);
    CHECK(panic_message([&] { context::with_timeout_cause(nil, time::second, nullptr); }) == want);
    CHECK(panic_message([&] { context::without_cancel(nil); }) == want);
    CHECK(panic_message([&] { nil.err(); }) ==
          "runtime error: invalid memory address or nil pointer dereference");
}

TEST_CASE(
    "CTX-20 simultaneous cancels of a tree from many goroutines never deadlock "
    "(XTestSimultaneousCancels)") {
    for (int round = 0; round < 10; round++) {
        auto [root, cancel] = context::with_cancel(context::background());
        std::unordered_map<context::Context, context::CancelFunc> m{{root, cancel}};
        std::vector<context::Context> q{root};
        // Create a tree of contexts.
        for (std::size_t head = 0; head < q.size() && m.size() < 100; head++) {
            context::Context parent = q[head];
            for (int i = 0; i < 4; i++) {
                auto [ctx, c] = context::with_cancel(parent);
                m.emplace(ctx, c);
                q.push_back(ctx);
            }
        }
        REQUIRE(m.size() >= 100);
        // Start all the cancels in a random order.
        std::vector<context::CancelFunc> cancels;
        for (auto& [ctx, c] : m)
            cancels.push_back(c);
        std::shuffle(cancels.begin(), cancels.end(), std::mt19937(round));
        sync::WaitGroup wg;
        wg.add(static_cast<int>(cancels.size()));
        for (auto& c : cancels) {
            go([c, &wg] {
                c();
                wg.done();
            });
        }
        // Wait on all the contexts.
        for (auto& [ctx, c] : m)
            REQUIRE(done_within(ctx));
        // Wait for all the cancel functions to return.
        auto done = make_chan<void>();
        go([&wg, done] {
            wg.wait();
            done.close();
        });
        auto t = time::new_timer(quiescent);
        REQUIRE(select(recv(done), recv(t.c)) == 0);
        (void)t.stop();
        for (auto& [ctx, c] : m) {
            CHECK(ctx.err() == context::canceled);
            CHECK(gocpp::detail::children_count(ctx) == 0);
        }
    }
}

TEST_CASE(
    "CTX-21 interlocked cancels (a goroutine cancels the child when the parent is done) never "
    "deadlock") {
    for (int i = 0; i < 100; i++) {
        auto [parent, cancelParent] = context::with_cancel(context::background());
        auto [child, cancelChild] = context::with_cancel(parent);
        go([parent = parent, cancelChild = cancelChild] {
            parent.done().recv();
            cancelChild();
        });
        cancelParent();
        REQUIRE(done_within(child));
        CHECK(child.err() == context::canceled);
    }
}

namespace {

// Go's testLayers: a random stack of value, cancel and timeout layers.
void test_layers(std::uint32_t seed, bool test_timeout) {
    CAPTURE(seed);
    std::mt19937 r(seed);
    constexpr int min_layers = 30;
    struct value {
        int unused = 0;
    };
    std::vector<std::shared_ptr<value>> vals;
    std::vector<context::CancelFunc> cancels;
    int num_timers = 0;
    context::Context ctx = context::background();
    for (int i = 0; i < min_layers || num_timers == 0 || cancels.empty() || vals.empty(); i++) {
        switch (r() % 3) {
            case 0: {
                auto v = std::make_shared<value>();  // Go: new(value), a pointer key
                ctx = context::with_value(ctx, v, v);
                vals.push_back(v);
                break;
            }
            case 1: {
                auto [c, cancel] = context::with_cancel(ctx);
                ctx = c;
                cancels.push_back(cancel);
                break;
            }
            case 2: {
                auto [c, cancel] =
                    context::with_timeout(ctx, test_timeout ? short_duration : very_long_duration);
                ctx = c;
                cancels.push_back(cancel);
                num_timers++;
                break;
            }
        }
    }
    auto check_values = [&](const char* when) {
        CAPTURE(when);
        for (const auto& key : vals) {
            auto [val, ok] = ctx.value(key).get<std::shared_ptr<value>>();
            CHECK(ok);
            CHECK(val == key);
        }
    };
    if (!test_timeout) CHECK_FALSE(is_done(ctx));
    CHECK(ctx.string().starts_with("context.Background."));
    check_values("before cancel");
    if (test_timeout) {
        CHECK(done_within(ctx));
        check_values("after timeout");
    } else {
        cancels[r() % cancels.size()]();
        CHECK(is_done(ctx));  // synchronously
        check_values("after cancel");
    }
    for (auto& c : cancels)
        c();
}

}  // namespace

TEST_CASE(
    "CTX-22 a random stack of layers: any one cancel closes the innermost done synchronously "
    "(XTestLayersCancel)") {
    for (std::uint32_t seed = 1; seed <= 20; seed++)
        test_layers(seed, false);
}

TEST_CASE(
    "CTX-23 a random stack of layers with 1 ms timeouts times out and keeps its values "
    "(XTestLayersTimeout)") {
    for (std::uint32_t seed = 1; seed <= 5; seed++)
        test_layers(seed, true);
}

TEST_CASE("CTX-24 a canceled context still finds its values") {
    auto vv = context::with_value(context::background(), "k", "v");
    auto [vc, cancel] = context::with_cancel(vv);
    auto inner = context::with_value(vc, "k2", 2);
    cancel();
    CHECK(is_done(inner));
    CHECK(vc.value("k") == any("v"));
    CHECK(inner.value("k") == any("v"));
    CHECK(*inner.value("k2").as<int>() == 2);
}

TEST_CASE(
    "CTX-54 ExampleWithCancel: the generator yields 1..5 and its goroutine exits after cancel") {
    auto gen = [](context::Context ctx) -> recv_chan<int> {
        auto dst = make_chan<int>();
        go([=] {
            int n = 1;
            for (;;) {
                switch (select(recv(ctx.done()), send(dst, n))) {
                    case 0:
                        return;  // returning not to leak the goroutine
                    case 1:
                        n++;
                }
            }
        });
        return dst;
    };
    for (int i = 0; i < 20; i++) {  // let goroutines of earlier tests finish
        gosched();
        time::sleep(time::millisecond);
    }
    int base = num_goroutine();
    std::vector<int> got;
    {
        auto [ctx, cancel] = context::with_cancel(context::background());
        defer d{cancel};
        for (int n : gen(ctx)) {
            got.push_back(n);
            if (n == 5) break;
        }
    }
    CHECK(got == std::vector<int>{1, 2, 3, 4, 5});
    CHECK(test_util::eventually([&] { return num_goroutine() == base; }));
}
