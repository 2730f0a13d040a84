// context: user context types and goroutine accounting (conformance 1.5,
// CTX-43..CTX-53; XTestCustomContextGoroutines, examples c and h).
#include "context_test_util.hpp"
#include "test_util.hpp"

#include <gocpp/context.hpp>
#include <gocpp/context/detail/hooks.hpp>
#include <gocpp/sync.hpp>
#include <gocpp/time.hpp>

#include <doctest/doctest.h>

#include <memory>
#include <mutex>
#include <string>

using namespace gocpp;
using namespace context_test;

namespace {

// Go's myCtx: embeds a Context, overrides nothing.
struct myCtx : context::ContextBase {
    using ContextBase::ContextBase;
};

// Go's myDoneCtx: Done returns a fresh channel on every call.
struct myDoneCtx : context::ContextBase {
    using ContextBase::ContextBase;
    recv_chan<void> done() const override { return make_chan<void>(); }
};

// A custom context with a done channel of its own, closed by close(); err()
// is set before the channel closes (example h's MyContext).
struct ownDoneCtx : context::ContextBase {
    using ContextBase::ContextBase;
    chan<void> ch = make_chan<void>();
    mutable std::mutex mu;
    error e;

    recv_chan<void> done() const override { return ch; }
    error err() const override {
        std::lock_guard lk(mu);
        return e;
    }
    void close() {
        {
            std::lock_guard lk(mu);
            e = context::canceled;
        }
        ch.close();
    }
};

// A custom context whose done() is nil: it can never be canceled.
struct nilDoneCtx : context::ContextBase {
    using ContextBase::ContextBase;
    recv_chan<void> done() const override { return nullptr; }
};

std::int64_t watchers() {
    return gocpp::detail::watchers_started();
}

bool goroutines_settle_at(int n) {
    return test_util::eventually([n] { return num_goroutine() == n; });
}

// Go's settle() of probe_context: lets goroutines that are finishing (such
// as watchers of earlier tests) end, then counts.
int settle() {
    for (int i = 0; i < 20; i++) {
        gosched();
        time::sleep(time::millisecond);
    }
    return num_goroutine();
}

}  // namespace

TEST_CASE(
    "CTX-43..CTX-48 exactly one watcher goroutine, only when needed "
    "(XTestCustomContextGoroutines)") {
    auto g = watchers();
    auto check_no_goroutine = [&] { CHECK(watchers() == g); };
    auto check_created_goroutine = [&] {
        CHECK(watchers() == g + 1);
        g = watchers();
    };

    // CTX-43
    {
        auto [c, cancel0] =
            context::with_cancel(std::make_shared<myDoneCtx>(context::background()));
        cancel0();
        check_created_goroutine();
    }
    // CTX-44
    {
        auto [c, cancel0] = context::with_timeout(
            std::make_shared<myDoneCtx>(context::background()), very_long_duration);
        cancel0();
        check_created_goroutine();
    }
    check_no_goroutine();

    // CTX-45
    auto [ctx1, cancel1] = context::with_cancel(context::background());
    check_no_goroutine();

    // CTX-46: a wrapper that does not override done() links to ctx1.
    context::Context ctx2 = std::make_shared<myCtx>(ctx1);
    auto [ctx3, cancel3] = context::with_cancel(ctx2);
    check_no_goroutine();
    CHECK(gocpp::detail::children_count(ctx1) == 1);

    // CTX-47: ctx1 is not providing Done, must not be used.
    auto [c3b, cancel3b] = context::with_cancel(std::make_shared<myDoneCtx>(ctx2));
    check_created_goroutine();

    // CTX-48
    auto [ctx4, cancel4] = context::with_timeout(ctx3, very_long_duration);
    check_no_goroutine();
    auto [ctx5, cancel5] = context::with_cancel(ctx4);
    check_no_goroutine();
    cancel5();
    check_no_goroutine();
    auto [ctx6, cancel6] = context::with_timeout(ctx5, very_long_duration);
    check_no_goroutine();
    // Applied to canceled contexts.
    cancel6();
    cancel1();
    auto [ctx7, cancel7] = context::with_cancel(ctx5);
    check_no_goroutine();
    CHECK(ctx7.err() == context::canceled);

    cancel7();
    cancel4();
    cancel3b();
    cancel3();
    check_no_goroutine();
}

TEST_CASE(
    "CTX-46 a wrapper embedding a cancel context links the child natively: cancel reaches it "
    "synchronously") {
    auto [p, cancel] = context::with_cancel(context::background());
    auto w = std::make_shared<myCtx>(p);
    auto [c, ccancel] = context::with_cancel(w);
    CHECK(gocpp::detail::parent_cancel_ctx(w) == p);
    cancel();
    CHECK(is_done(c));
    CHECK(c.err() == context::canceled);
    ccancel();
}

TEST_CASE(
    "CTX-49 no watcher for a parent whose done() is nil, nor for one already done (child canceled "
    "at once)") {
    int base = settle();
    auto g = watchers();
    auto [r, rcancel] = context::with_cancel(context::background());
    auto [c1, cancel1] = context::with_cancel(std::make_shared<nilDoneCtx>(r));
    CHECK(watchers() == g);
    rcancel();
    CHECK_FALSE(is_done(c1));  // a parent that says it is never canceled is believed

    auto closed = std::make_shared<ownDoneCtx>(context::background());
    closed->close();
    auto [c2, cancel2] = context::with_cancel(closed);
    CHECK(watchers() == g);
    CHECK(is_done(c2));
    CHECK(c2.err() == context::canceled);
    CHECK(settle() == base);
    cancel2();
    cancel1();
}

TEST_CASE(
    "CTX-50 the watcher exits when either side is done; num_goroutine returns to its baseline") {
    int base = settle();
    auto [r, rcancel] = context::with_cancel(context::background());
    auto own = std::make_shared<ownDoneCtx>(r);
    auto [k4, a4] = context::with_cancel(own);
    CHECK(goroutines_settle_at(base + 1));
    auto [k5, a5] = context::with_timeout(own, time::hour);
    CHECK(goroutines_settle_at(base + 2));
    a4();  // the child side ends its watcher
    CHECK(goroutines_settle_at(base + 1));
    own->close();  // the parent side ends the other
    CHECK(goroutines_settle_at(base));
    CHECK(done_within(k5));
    CHECK(k5.err() == context::canceled);
    a5();
    rcancel();
}

TEST_CASE(
    "CTX-50 example h: a custom context between two cancel contexts, closed from either side") {
    for (bool close_parent : {true, false}) {
        CAPTURE(close_parent);
        int base = settle();
        auto [ctx1, cancel1] = context::with_cancel(context::background());
        auto myCon = std::make_shared<ownDoneCtx>(ctx1);
        auto [ctx2, cancel2] = context::with_cancel(myCon);
        auto [ctx3, cancel3] = context::with_cancel(ctx2);
        CHECK(num_goroutine() == base + 1);
        if (close_parent) {
            myCon->close();
        } else {
            cancel2();
        }
        CHECK(goroutines_settle_at(base));
        CHECK(ctx2.err() == context::canceled);
        CHECK(ctx3.err() == context::canceled);
        CHECK(ctx1.err() == nullptr);
        cancel3();
        cancel2();
        cancel1();
    }
}

TEST_CASE(
    "CTX-51 example c: a custom cancel context that signals done, then sets err; counts 1, 3, then "
    "the child ends") {
    auto r = test_util::run_program("context_custom_cancel_ctx");
    CHECK(r.exit_status == 0);
    CHECK(r.out == "before f1: 1\nafter f1: 3\ngoroutine created by f1 exit\n");
}

TEST_CASE(
    "CTX-52 a watcher finding done closed with a nil err panics: context: internal error: missing "
    "cancel error") {
    auto r = test_util::run_program("context_missing_cancel_error");
    CHECK(r.exit_status == 2);
    CHECK(r.out.find("panic: context: internal error: missing cancel error") != std::string::npos);
}

TEST_CASE("CTX-52 a parent already done with a nil err panics in the deriving call (recoverable)") {
    struct badCtx : context::ContextBase {
        using ContextBase::ContextBase;
        chan<void> ch = make_chan<void>();
        recv_chan<void> done() const override { return ch; }
        error err() const override { return nullptr; }
    };
    auto bad = std::make_shared<badCtx>(context::background());
    bad->ch.close();
    std::string msg;
    try {
        context::with_cancel(bad);
    } catch (const panic_error& e) {
        msg = e.what();
    }
    CHECK(msg == "context: internal error: missing cancel error");
}

TEST_CASE(
    "CTX-53 a child of a custom parent is canceled asynchronously (by its watcher), native ones "
    "synchronously") {
    auto own = std::make_shared<ownDoneCtx>(context::background());
    auto [c, cancel] = context::with_cancel(own);
    auto [gc, gcancel] = context::with_cancel(c);  // native below the watched child
    own->close();
    REQUIRE(done_within(c));
    // Once the watcher canceled c, c's native child was canceled in the same call.
    CHECK(is_done(gc));
    CHECK(gc.err() == context::canceled);
    gcancel();
    cancel();
}

TEST_CASE("a custom context may override value() and still forward the rest") {
    struct tagged : context::ContextBase {
        using ContextBase::ContextBase;
        any value(const any& key) const override {
            if (key == any("tag")) return "mine";
            return ContextBase::value(key);
        }
    };
    auto base = context::with_value(context::background(), "k", "v");
    auto [p, cancel] = context::with_cancel(base);
    auto t = std::make_shared<tagged>(p);
    CHECK(t->parent() == p);
    auto [c, ccancel] = context::with_cancel(t);
    CHECK(c.value("tag") == any("mine"));
    CHECK(c.value("k") == any("v"));
    CHECK(gocpp::detail::children_count(p) == 1);  // linked through the override's forwarding
    cancel();
    CHECK(is_done(c));
    ccancel();
    // A fully custom context without a parent answers like background().
    struct bare : context::ContextBase {};
    context::Context b = std::make_shared<bare>();
    CHECK(b.done() == nullptr);
    CHECK(b.err() == nullptr);
    CHECK_FALSE(b.deadline().ok);
    CHECK(b.value("k").is_nil());
    CHECK(b.as<bare>() != nullptr);
    CHECK(b.as<tagged>() == nullptr);
}
