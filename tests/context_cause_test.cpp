// context: the APIs added after Go 1.19 (conformance 1.7, P-01..P-26):
// WithCancelCause and Cause, WithDeadlineCause/WithTimeoutCause, AfterFunc
// (also through a parent's own AfterFunc), WithoutCancel. Ports of the
// upstream TestCause, TestCauseRace, TestWithoutCancel,
// TestCustomContextPropagation, TestCustomContextCause, the AfterFunc tests
// of x_test.go and afterfunc_test.go, and the AfterFunc examples.
#include "context_test_util.hpp"
#include "test_util.hpp"

#include <gocpp/context.hpp>
#include <gocpp/context/detail/hooks.hpp>
#include <gocpp/sync.hpp>
#include <gocpp/time.hpp>

#include <doctest/doctest.h>

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

using namespace gocpp;
using namespace context_test;

namespace {

// The table of the upstream TestCause: how a context was made and ended, and
// the err() and cause() it must report. Each conformance entry below runs
// its rows.
struct cause_case {
    std::string name;
    std::function<context::Context()> ctx;
    error err;
    error cause;
};

const std::vector<cause_case>& cause_cases() {
    static const time::Duration forever = 1000000 * time::second;
    static const error parentCause = errors::new_("parentCause");
    static const error childCause = errors::new_("childCause");
    static const error tooSlow = errors::new_("tooSlow");
    static const error finishedEarly = errors::new_("finishedEarly");
    static const std::vector<cause_case> tests = {
        {"Background", [] { return context::background(); }, nullptr, nullptr},
        {"TODO", [] { return context::todo(); }, nullptr, nullptr},
        {"WithCancel",
         [] {
             auto [ctx, cancel] = context::with_cancel(context::background());
             cancel();
             return ctx;
         },
         context::canceled, context::canceled},
        {"WithCancelCause",
         [&] {
             auto [ctx, cancel] = context::with_cancel_cause(context::background());
             cancel(parentCause);
             return ctx;
         },
         context::canceled, parentCause},
        {"WithCancelCause nil",
         [] {
             auto [ctx, cancel] = context::with_cancel_cause(context::background());
             cancel(nullptr);
             return ctx;
         },
         context::canceled, context::canceled},
        {"WithCancelCause: parent cause before child",
         [&] {
             auto [p, cancelParent] = context::with_cancel_cause(context::background());
             auto [ctx, cancelChild] = context::with_cancel_cause(p);
             cancelParent(parentCause);
             cancelChild(childCause);
             return ctx;
         },
         context::canceled, parentCause},
        {"WithCancelCause: parent cause after child",
         [&] {
             auto [p, cancelParent] = context::with_cancel_cause(context::background());
             auto [ctx, cancelChild] = context::with_cancel_cause(p);
             cancelChild(childCause);
             cancelParent(parentCause);
             return ctx;
         },
         context::canceled, childCause},
        {"WithCancelCause: parent cause before nil",
         [&] {
             auto [p, cancelParent] = context::with_cancel_cause(context::background());
             auto [ctx, cancelChild] = context::with_cancel(p);
             cancelParent(parentCause);
             cancelChild();
             return ctx;
         },
         context::canceled, parentCause},
        {"WithCancelCause: parent cause after nil",
         [&] {
             auto [p, cancelParent] = context::with_cancel_cause(context::background());
             auto [ctx, cancelChild] = context::with_cancel(p);
             cancelChild();
             cancelParent(parentCause);
             return ctx;
         },
         context::canceled, context::canceled},
        {"WithCancelCause: child cause after nil",
         [&] {
             auto [p, cancelParent] = context::with_cancel(context::background());
             auto [ctx, cancelChild] = context::with_cancel_cause(p);
             cancelParent();
             cancelChild(childCause);
             return ctx;
         },
         context::canceled, context::canceled},
        {"WithCancelCause: child cause before nil",
         [&] {
             auto [p, cancelParent] = context::with_cancel(context::background());
             auto [ctx, cancelChild] = context::with_cancel_cause(p);
             cancelChild(childCause);
             cancelParent();
             return ctx;
         },
         context::canceled, childCause},
        {"WithTimeout",
         [] {
             auto [ctx, cancel] =
                 context::with_timeout(context::background(), time::Duration::zero());
             cancel();
             return ctx;
         },
         context::deadline_exceeded, context::deadline_exceeded},
        {"WithTimeout canceled",
         [&] {
             auto [ctx, cancel] = context::with_timeout(context::background(), forever);
             cancel();
             return ctx;
         },
         context::canceled, context::canceled},
        {"WithTimeoutCause",
         [&] {
             auto [ctx, cancel] = context::with_timeout_cause(context::background(),
                                                              time::Duration::zero(), tooSlow);
             cancel();
             return ctx;
         },
         context::deadline_exceeded, tooSlow},
        {"WithTimeoutCause canceled",
         [&] {
             auto [ctx, cancel] =
                 context::with_timeout_cause(context::background(), forever, tooSlow);
             cancel();
             return ctx;
         },
         context::canceled, context::canceled},
        {"WithTimeoutCause stacked",
         [&] {
             auto [p, cancel] = context::with_cancel_cause(context::background());
             auto [ctx, c2] = context::with_timeout_cause(p, time::Duration::zero(), tooSlow);
             cancel(finishedEarly);
             return ctx;
         },
         context::deadline_exceeded, tooSlow},
        {"WithTimeoutCause stacked canceled",
         [&] {
             auto [p, cancel] = context::with_cancel_cause(context::background());
             auto [ctx, c2] = context::with_timeout_cause(p, forever, tooSlow);
             cancel(finishedEarly);
             c2();
             return ctx;
         },
         context::canceled, finishedEarly},
        {"WithoutCancel", [] { return context::without_cancel(context::background()); }, nullptr,
         nullptr},
        {"WithoutCancel canceled",
         [&] {
             auto [p, cancel] = context::with_cancel_cause(context::background());
             auto ctx = context::without_cancel(p);
             cancel(finishedEarly);
             return ctx;
         },
         nullptr, nullptr},
        {"WithoutCancel timeout",
         [&] {
             auto [p, cancel] = context::with_timeout_cause(context::background(),
                                                            time::Duration::zero(), tooSlow);
             auto ctx = context::without_cancel(p);
             cancel();
             return ctx;
         },
         nullptr, nullptr},
    };
    return tests;
}

// Runs the rows whose names are listed.
void check_cause_rows(std::initializer_list<std::string_view> names) {
    for (std::string_view name : names) {
        CAPTURE(name);
        const cause_case* row = nullptr;
        for (const auto& t : cause_cases()) {
            if (t.name == name) row = &t;
        }
        REQUIRE(row != nullptr);
        context::Context ctx = row->ctx();
        CHECK(ctx.err() == row->err);
        CHECK(context::cause(ctx) == row->cause);
    }
}

}  // namespace

TEST_CASE("P-01 with_cancel_cause: cancel(err) gives err() canceled and cause() err") {
    check_cause_rows({"WithCancelCause"});
}

TEST_CASE("P-02 cancel(nullptr) records canceled as the cause") {
    check_cause_rows({"WithCancelCause nil"});
}

TEST_CASE("P-03 cause() of background and todo is nil") {
    check_cause_rows({"Background", "TODO"});
}

TEST_CASE("P-04 cause() of a canceled with_cancel is canceled") {
    check_cause_rows({"WithCancel"});
}

TEST_CASE("P-05 the first cancellation sets the cause: parent cause before or after the child's") {
    check_cause_rows({"WithCancelCause: parent cause before child",
                      "WithCancelCause: parent cause after child"});
}

TEST_CASE(
    "P-06 parent with_cancel_cause, child with_cancel: the parent's cause, or canceled if the "
    "child went first") {
    check_cause_rows(
        {"WithCancelCause: parent cause before nil", "WithCancelCause: parent cause after nil"});
}

TEST_CASE(
    "P-07 parent with_cancel, child with_cancel_cause: canceled, or the child's cause if it went "
    "first") {
    check_cause_rows(
        {"WithCancelCause: child cause after nil", "WithCancelCause: child cause before nil"});
}

TEST_CASE(
    "P-09 with_timeout: expired gives deadline_exceeded twice, canceled first gives canceled "
    "twice") {
    check_cause_rows({"WithTimeout", "WithTimeout canceled"});
}

TEST_CASE(
    "P-10 with_timeout_cause: the cause only when the deadline fires, not from its cancel "
    "function") {
    check_cause_rows({"WithTimeoutCause", "WithTimeoutCause canceled"});
}

TEST_CASE(
    "P-11 stacked: a timeout cause under a cancel cause; whichever ends the context first is its "
    "cause") {
    check_cause_rows({"WithTimeoutCause stacked", "WithTimeoutCause stacked canceled"});
}

TEST_CASE("P-13 the three WithoutCancel rows of TestCause: err and cause stay nil") {
    check_cause_rows({"WithoutCancel", "WithoutCancel canceled", "WithoutCancel timeout"});
}

TEST_CASE("P-03 cause is nil while a context is live") {
    auto [c, cancel] = context::with_cancel_cause(context::background());
    auto [t, tcancel] = context::with_timeout(c, time::hour);
    CHECK(context::cause(c) == nullptr);
    CHECK(context::cause(t) == nullptr);
    CHECK(context::cause(context::with_value(t, "k", "v")) == nullptr);
    tcancel();
    cancel(nullptr);
}

TEST_CASE(
    "P-08 a child of a parent canceled with a cause gets canceled and that cause, also when they "
    "race") {
    {
        auto [parent, pcancel] = context::with_cancel_cause(context::background());
        error why = errors::new_("Because!");
        pcancel(why);
        auto [c, cancel] = context::with_cancel(parent);
        CHECK(is_done(c));
        CHECK(c.err() == context::canceled);
        CHECK(context::cause(c) == why);
        cancel();
    }
    for (int i = 0; i < 100; i++) {  // TestWithCancelSimultaneouslyCanceledParent
        auto [parent, pcancel] = context::with_cancel_cause(context::background());
        error why = errors::new_("Because!");
        go([pcancel = pcancel, why] { pcancel(why); });
        auto [c, cancel] = context::with_cancel(parent);
        REQUIRE(recv_within(c.done()));
        CHECK(c.err() == context::canceled);
        CHECK(context::cause(c) == why);
        cancel();
    }
}

TEST_CASE("P-12 with_deadline_cause sets the cause only when the deadline fires") {
    error tooSlow = errors::new_("tooSlow");
    auto [c, cancel] =
        context::with_deadline_cause(context::background(), time::now() + short_duration, tooSlow);
    REQUIRE(recv_within(c.done()));
    CHECK(c.err() == context::deadline_exceeded);
    CHECK(context::cause(c) == tooSlow);
    cancel();
    CHECK(context::cause(c) == tooSlow);

    auto [c2, cancel2] =
        context::with_deadline_cause(context::background(), time::now() + time::hour, tooSlow);
    cancel2();
    CHECK(c2.err() == context::canceled);
    CHECK(context::cause(c2) == context::canceled);

    // A later deadline than the parent's: a plain cancel context ending with the parent.
    auto [p, pcancel] = context::with_timeout(context::background(), short_duration);
    auto [c3, cancel3] = context::with_deadline_cause(p, time::now() + time::hour, tooSlow);
    REQUIRE(recv_within(c3.done()));
    CHECK(c3.err() == context::deadline_exceeded);
    CHECK(context::cause(c3) == context::deadline_exceeded);
    cancel3();
    pcancel();
}

TEST_CASE(
    "P-13 without_cancel keeps values and nothing else, whatever happens to the parent "
    "(TestWithoutCancel)") {
    std::string key = "key", value = "value";
    auto [p, cancel] =
        context::with_timeout(context::with_value(context::background(), key, value), time::hour);
    auto ctx = context::without_cancel(p);
    auto [d, ok] = ctx.deadline();
    CHECK(d == time::Time{});
    CHECK_FALSE(ok);
    CHECK(ctx.done() == nullptr);
    CHECK(ctx.err() == nullptr);
    CHECK(ctx.value(key) == any(value));
    cancel();
    CHECK(ctx.err() == nullptr);
    CHECK(ctx.done() == nullptr);
    CHECK(context::cause(ctx) == nullptr);
    // Its children are never canceled through it, and need no watcher.
    auto g = gocpp::detail::watchers_started();
    auto [c, ccancel] = context::with_cancel(ctx);
    CHECK(gocpp::detail::watchers_started() == g);
    CHECK_FALSE(is_done(c));
    ccancel();
}

TEST_CASE("P-14 without_cancel of nil panics; it prints <parent>.WithoutCancel") {
    CHECK(panic_message([] { context::without_cancel(nullptr); }) ==
          "cannot create context from nil parent");
    CHECK(sprint(context::without_cancel(context::background())) ==
          "context.Background.WithoutCancel");
    auto [c, cancel] = context::with_cancel(context::without_cancel(context::todo()));
    CHECK(sprint(c) == "context.TODO.WithoutCancel.WithCancel");
    cancel();
}

TEST_CASE(
    "P-15 cause() polled while another goroutine cancels sees nil, then the cause "
    "(TestCauseRace)") {
    error why = errors::new_("TestCauseRace");
    auto [ctx, cancel] = context::with_cancel_cause(context::background());
    go([cancel = cancel, why] { cancel(why); });
    for (;;) {
        // Poll cause, rather than waiting for done, to test that access to
        // the underlying cause is synchronized properly.
        if (error err = context::cause(ctx)) {
            CHECK(err == why);
            break;
        }
        gosched();
    }
}

namespace {

// Go's customDoneContext of TestCustomContextPropagation.
struct customDoneContext : context::ContextBase {
    customDoneContext(context::Context parent, chan<void> d)
        : ContextBase(std::move(parent)), donec(std::move(d)) {}
    chan<void> donec;
    recv_chan<void> done() const override { return donec; }
};

// A fully custom context: implements everything, embeds nothing
// (TestCustomContextCause's customCauseContext).
struct customCauseContext : context::ContextBase {
    mutable std::mutex mu;
    chan<void> donec = make_chan<void>();
    error e;
    context::CancelFunc cancelChild;

    context::deadline_result deadline() const override { return {}; }
    recv_chan<void> done() const override { return donec; }
    error err() const override {
        std::lock_guard lk(mu);
        return e;
    }
    any value(const any&) const override { return {}; }
    void cancel() {
        context::CancelFunc child;
        {
            std::lock_guard lk(mu);
            e = context::canceled;
            child = cancelChild;
        }
        donec.close();
        if (child) child();
    }
    void setCancelChild(context::CancelFunc f) {
        std::lock_guard lk(mu);
        cancelChild = std::move(f);
    }
};

}  // namespace

TEST_CASE(
    "P-16 a custom done wrapper over a WithCancelCause: the watcher passes the inner cause on "
    "(TestCustomContextPropagation)") {
    error why = errors::new_("TestCustomContextPropagation");
    auto [ctx1, cancel1] = context::with_cancel_cause(context::background());
    auto ctx2 = std::make_shared<customDoneContext>(ctx1, make_chan<void>());
    auto [ctx3, cancel3] = context::with_cancel(ctx2);
    defer d{cancel3};

    cancel1(why);
    ctx2->donec.close();

    REQUIRE(recv_within(ctx3.done()));
    CHECK(ctx3.err() == context::canceled);
    CHECK(context::cause(ctx3) == why);
}

TEST_CASE(
    "P-17 a fully custom context's cause is its err(); children keep their own causes "
    "(TestCustomContextCause)") {
    error why = errors::new_("TestCustomContextCause");

    // Canceling a custom context: err and cause are canceled.
    auto ctx = std::make_shared<customCauseContext>();
    ctx->cancel();
    CHECK(ctx->err() == context::canceled);
    CHECK(context::cause(ctx) == context::canceled);

    // A WithCancelCause child canceled with a cause leaves the custom parent alone.
    ctx = std::make_shared<customCauseContext>();
    auto [ctx2, causeFunc] = context::with_cancel_cause(ctx);
    causeFunc(why);
    CHECK(ctx2.err() == context::canceled);
    CHECK(context::cause(ctx2) == why);
    CHECK(ctx->err() == nullptr);
    CHECK(context::cause(ctx) == nullptr);

    // Canceling the parent later changes nothing for the child.
    ctx->cancel();
    CHECK(ctx2.err() == context::canceled);
    CHECK(context::cause(ctx2) == why);
    CHECK(ctx->err() == context::canceled);
    CHECK(context::cause(ctx) == context::canceled);

    // The custom parent canceling a child it was handed: the child's cause is canceled.
    ctx = std::make_shared<customCauseContext>();
    auto [ctx3, cancel3] = context::with_cancel_cause(ctx);
    ctx->setCancelChild([cancel3 = cancel3] { cancel3(nullptr); });
    ctx->cancel();
    REQUIRE(recv_within(ctx3.done()));
    CHECK(ctx3.err() == context::canceled);
    CHECK(context::cause(ctx3) == context::canceled);
    ctx->setCancelChild(nullptr);  // ctx3 holds ctx: break the cycle Go's collector would find
}

TEST_CASE(
    "P-18 after_func runs f after cancel, never before; stop() is then false "
    "(TestAfterFuncCalledAfterCancel)") {
    auto [ctx, cancel] = context::with_cancel(context::background());
    auto donec = make_chan<void>();
    auto stop = context::after_func(ctx, [donec] { donec.close(); });
    CHECK_FALSE(recv_within(donec, short_duration));  // not called before the context is done
    cancel();
    CHECK(recv_within(donec));
    CHECK_FALSE(stop());
}

TEST_CASE("P-19 after_func runs f when the context times out (TestAfterFuncCalledAfterTimeout)") {
    auto [ctx, cancel] = context::with_timeout(context::background(), short_duration);
    defer d{cancel};
    auto donec = make_chan<void>();
    context::after_func(ctx, [donec] { donec.close(); });
    CHECK(recv_within(donec));
}

TEST_CASE(
    "P-20 after_func on a done context runs f at once, in its own goroutine "
    "(TestAfterFuncCalledImmediately)") {
    auto [ctx, cancel] = context::with_cancel(context::background());
    cancel();
    auto donec = make_chan<void>();
    context::after_func(ctx, [donec] { donec.close(); });
    CHECK(recv_within(donec));
    // Its own goroutine: f may block without blocking after_func's caller.
    auto block = make_chan<void>();
    context::after_func(ctx, [block] { block.send(); });
    CHECK(recv_within(block));
}

TEST_CASE(
    "P-21 stop() before cancel returns true and f never runs; a second stop() is false "
    "(TestAfterFuncNotCalledAfterStop)") {
    auto [ctx, cancel] = context::with_cancel(context::background());
    auto donec = make_chan<void>();
    auto stop = context::after_func(ctx, [donec] { donec.close(); });
    CHECK(stop());
    CHECK(gocpp::detail::children_count(ctx) == 0);  // unregistered
    cancel();
    CHECK_FALSE(recv_within(donec, short_duration));
    CHECK_FALSE(stop());
}

TEST_CASE(
    "P-22 cancel does not wait for f; several after_funcs on one context are independent "
    "(TestAfterFuncCalledAsynchronously)") {
    auto [ctx, cancel] = context::with_cancel(context::background());
    auto donec = make_chan<void>();
    // The channel send blocks until donec is read from.
    auto stop = context::after_func(ctx, [donec] { donec.send(); });
    defer d{stop};
    std::atomic<int> others{0};
    auto all = make_chan<void>(3);
    for (int i = 0; i < 3; i++) {
        context::after_func(ctx, [&others, all] {
            others++;
            all.send();
        });
    }
    auto stopped = context::after_func(ctx, [&others] { others += 100; });
    CHECK(stopped());
    cancel();  // returns although f blocks
    CHECK(recv_within(donec));
    for (int i = 0; i < 3; i++)
        CHECK(recv_within(all));
    CHECK(others == 3);
}

namespace {

// Go's afterFuncContext of afterfunc_test.go: not one of the library's
// types, and it can register after-functions itself.
struct afterFuncContext : context::ContextBase, context::AfterFuncer {
    mutable std::mutex mu;
    mutable std::map<int, std::function<void()>> afterFuncs;
    mutable int next_key = 0;
    mutable chan<void> donec;
    error e;

    context::deadline_result deadline() const override { return {}; }
    recv_chan<void> done() const override {
        std::lock_guard lk(mu);
        if (donec == nullptr) donec = make_chan<void>();
        return donec;
    }
    error err() const override {
        std::lock_guard lk(mu);
        return e;
    }
    any value(const any&) const override { return {}; }

    std::function<bool()> after_func(std::function<void()> f) const override {
        std::lock_guard lk(mu);
        int k = next_key++;
        afterFuncs[k] = std::move(f);
        return [this, k] {
            std::lock_guard lk(mu);
            return afterFuncs.erase(k) == 1;
        };
    }

    void cancel(error err) {
        std::map<int, std::function<void()>> fs;
        {
            std::lock_guard lk(mu);
            if (e) return;
            e = err;
            fs.swap(afterFuncs);
        }
        for (auto& [k, f] : fs)
            go(f);
    }

    std::size_t registered() const {
        std::lock_guard lk(mu);
        return afterFuncs.size();
    }
};

}  // namespace

TEST_CASE(
    "P-23 a parent with its own after_func: children register through it instead of a watcher "
    "(afterfunc_test.go)") {
    auto g = gocpp::detail::watchers_started();
    SUBCASE("TestCustomContextAfterFuncCancel") {
        auto ctx0 = std::make_shared<afterFuncContext>();
        auto [ctx1, cancel] = context::with_cancel(ctx0);
        defer d{cancel};
        ctx0->cancel(context::canceled);
        CHECK(recv_within(ctx1.done()));
        CHECK(ctx1.err() == context::canceled);
    }
    SUBCASE("TestCustomContextAfterFuncTimeout") {
        auto ctx0 = std::make_shared<afterFuncContext>();
        auto [ctx1, cancel] = context::with_timeout(ctx0, very_long_duration);
        defer d{cancel};
        ctx0->cancel(context::canceled);
        CHECK(recv_within(ctx1.done()));
    }
    SUBCASE("TestCustomContextAfterFuncAfterFunc") {
        auto ctx0 = std::make_shared<afterFuncContext>();
        auto donec = make_chan<void>();
        auto stop = context::after_func(ctx0, [donec] { donec.close(); });
        defer d{stop};
        ctx0->cancel(context::canceled);
        CHECK(recv_within(donec));
    }
    SUBCASE("TestCustomContextAfterFuncUnregisterCancel") {
        auto ctx0 = std::make_shared<afterFuncContext>();
        auto [c1, cancel1] = context::with_cancel(ctx0);
        auto [c2, cancel2] = context::with_cancel(ctx0);
        CHECK(ctx0->registered() == 2);
        cancel1();
        cancel2();
        CHECK(ctx0->registered() == 0);
    }
    SUBCASE("TestCustomContextAfterFuncUnregisterTimeout") {
        auto ctx0 = std::make_shared<afterFuncContext>();
        auto [c, cancel] = context::with_timeout(ctx0, very_long_duration);
        CHECK(ctx0->registered() == 1);
        cancel();
        CHECK(ctx0->registered() == 0);
    }
    SUBCASE("TestCustomContextAfterFuncUnregisterAfterFunc") {
        auto ctx0 = std::make_shared<afterFuncContext>();
        auto stop = context::after_func(ctx0, [] {});
        CHECK(ctx0->registered() == 1);
        stop();
        CHECK(ctx0->registered() == 0);
    }
    CHECK(gocpp::detail::watchers_started() == g);
}

TEST_CASE("P-24 ExampleAfterFunc_merge prints ctx2 canceled") {
    // mergeCancel returns a context that contains the values of ctx, and
    // which is canceled when either ctx or cancelCtx is canceled.
    auto mergeCancel = [](context::Context ctx,
                          context::Context cancelCtx) -> context::cancel_result {
        auto [c, cancel] = context::with_cancel_cause(ctx);
        auto stop = context::after_func(
            cancelCtx, [cancelCtx, cancel = cancel] { cancel(context::cause(cancelCtx)); });
        return {c, [stop, cancel = cancel] {
                    stop();
                    cancel(context::canceled);
                }};
    };

    auto [ctx1, cancel1] = context::with_cancel_cause(context::background());
    defer d1{[cancel1 = cancel1] { cancel1(errors::new_("ctx1 canceled")); }};
    auto [ctx2, cancel2] = context::with_cancel_cause(context::background());
    auto [mergedCtx, mergedCancel] = mergeCancel(ctx1, ctx2);
    defer d2{mergedCancel};

    cancel2(errors::new_("ctx2 canceled"));
    mergedCtx.done().recv();
    std::ostringstream out;
    out << context::cause(mergedCtx) << '\n';
    CHECK(out.str() == "ctx2 canceled\n");
}

TEST_CASE("P-24 ExampleAfterFunc_cond prints context deadline exceeded four times") {
    // The function after_func starts may still be running when stop()
    // returns false and the waiters have gone: Go's collector keeps the cond
    // and its mutex alive for it, here the function shares their ownership.
    struct cond_and_mutex {
        sync::Mutex mu;
        std::shared_ptr<sync::Cond> cond = sync::new_cond(&mu);
    };
    auto waitOnCond = [](context::Context ctx, std::shared_ptr<cond_and_mutex> shared,
                         std::function<bool()> conditionMet) -> error {
        sync::Cond* cond = shared->cond.get();
        auto stopf = context::after_func(ctx, [shared] {
            // Acquire cond->l so that the broadcast cannot come before the
            // wait, which would be a missed signal (and a deadlock).
            sync::Cond* cond = shared->cond.get();
            cond->l.lock();
            defer u{[cond] { cond->l.unlock(); }};
            cond->broadcast();
        });
        defer s{stopf};
        // The wakeup may be for another goroutine's context: check in a loop.
        while (!conditionMet()) {
            cond->wait();
            if (ctx.err() != nullptr) return ctx.err();
        }
        return nullptr;
    };

    auto shared = std::make_shared<cond_and_mutex>();
    sync::Cond* cond = shared->cond.get();
    std::mutex out_mu;
    std::ostringstream out;
    sync::WaitGroup wg;
    for (int i = 0; i < 4; i++) {
        wg.add(1);
        go([&] {
            defer done{[&] { wg.done(); }};
            auto [ctx, cancel] = context::with_timeout(context::background(), time::millisecond);
            defer c{cancel};
            cond->l.lock();
            defer u{[&] { cond->l.unlock(); }};
            error err = waitOnCond(ctx, shared, [] { return false; });
            std::lock_guard lk(out_mu);
            out << err << '\n';
        });
    }
    wg.wait();
    CHECK(out.str() ==
          "context deadline exceeded\ncontext deadline exceeded\n"
          "context deadline exceeded\ncontext deadline exceeded\n");
}

namespace {
struct key1 {
    int v;
    bool operator==(const key1&) const = default;
    static constexpr std::string_view go_type_name = "context_test.key1";
};
}  // namespace

TEST_CASE("P-25 the library keeps Go 1.19's WithValue String form") {
    auto c = context::with_value(context::background(), key1{1}, "c1k1");
    c = context::with_value(c, key1{1}, nullptr);
    CHECK(sprint(c) ==
          "context.Background.WithValue(type context_test.key1, val c1k1)"
          ".WithValue(type context_test.key1, val <not Stringer>)");
}

TEST_CASE("P-26 the newer ExampleWithTimeout: a never-ready channel against the deadline") {
    auto [ctx, cancel] = context::with_timeout(context::background(), short_duration);
    defer d{cancel};
    chan<int> neverReady = make_chan<int>();
    std::ostringstream out;
    switch (select(recv(neverReady), recv(ctx.done()))) {
        case 0:
            out << "ready\n";
            break;
        case 1:
            out << ctx.err() << '\n';  // prints "context deadline exceeded"
            break;
    }
    CHECK(out.str() == "context deadline exceeded\n");
}
