// errgroup (conformance section 6, EG-01..EG-12): ports of x/sync's
// errgroup_test.go (TestZeroGroup, TestWithContext, TestCancelCause,
// TestGoLimit, TestTryGo, ExampleGroup_parallel) and of probe_errgroup.
#include "context_test_util.hpp"
#include "test_util.hpp"

#include <gocpp/context.hpp>
#include <gocpp/errgroup.hpp>
#include <gocpp/sync.hpp>
#include <gocpp/time.hpp>

#include <doctest/doctest.h>

#include <atomic>
#include <cstdint>
#include <functional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

using namespace gocpp;
using namespace context_test;

TEST_CASE("EG-01 a zero Group's wait returns the first error in time, not in start order") {
    error errA = errors::new_("errA");
    error errB = errors::new_("errB");
    errgroup::Group g;
    g.go([=]() -> error {
        time::sleep(50 * time::millisecond);
        return errA;
    });
    g.go([=]() -> error {
        time::sleep(10 * time::millisecond);
        return errB;
    });
    g.go([]() -> error { return nullptr; });
    CHECK(g.wait() == errB);

    errgroup::Group g0;
    CHECK(g0.wait() == nullptr);
}

TEST_CASE(
    "EG-02 wait may be called after each go and returns the first error so far (TestZeroGroup)") {
    error err1 = errors::new_("errgroup_test: 1");
    error err2 = errors::new_("errgroup_test: 2");
    const std::vector<std::vector<error>> cases = {
        {}, {nullptr}, {err1}, {err1, nullptr}, {err1, nullptr, err2},
    };
    for (const auto& errs : cases) {
        errgroup::Group g;
        error firstErr;
        for (std::size_t i = 0; i < errs.size(); i++) {
            error err = errs[i];
            g.go([err] { return err; });
            if (firstErr == nullptr && err != nullptr) firstErr = err;
            CAPTURE(i);
            CHECK(g.wait() == firstErr);
        }
    }
}

TEST_CASE(
    "EG-03 the group's context is canceled by the first error or when wait returns "
    "(TestWithContext)") {
    error errDoom = errors::new_("group_test: doomed");
    struct test_case {
        std::vector<error> errs;
        error want;
    };
    const std::vector<test_case> cases = {
        {{}, nullptr},
        {{nullptr}, nullptr},
        {{errDoom}, errDoom},
        {{errDoom, nullptr}, errDoom},
    };
    for (const auto& tc : cases) {
        auto [g, ctx] = errgroup::with_context(context::background());
        for (const error& err : tc.errs)
            g.go([err] { return err; });
        CHECK(g.wait() == tc.want);
        CHECK(is_done(ctx));  // ctx.Done() was closed
        CHECK(ctx.err() == context::canceled);
    }
    // Canceled even when every function succeeds, and only by wait then.
    auto [g, ctx] = errgroup::with_context(context::background());
    auto release = make_chan<void>();
    g.go([release]() -> error {
        release.recv();
        return nullptr;
    });
    CHECK_FALSE(is_done(ctx));
    release.close();
    CHECK(g.wait() == nullptr);
    CHECK(is_done(ctx));
}

TEST_CASE("EG-04 only the first error is kept; siblings see the context canceled") {
    error errA = errors::new_("errA");
    error errLate = errors::new_("late");
    auto [g1, ctx] = errgroup::with_context(context::background());
    std::atomic<int> sawCancel{0};
    for (int i = 0; i < 3; i++) {
        g1.go([ctx = ctx, &sawCancel]() -> error {
            ctx.done().recv();
            sawCancel++;
            return ctx.err();  // a later, different error: dropped
        });
    }
    g1.go([=]() -> error {
        time::sleep(10 * time::millisecond);
        return errA;
    });
    error err = g1.wait();
    CHECK(err == errA);
    CHECK(sawCancel == 3);
    CHECK(ctx.err() == context::canceled);
    g1.go([=] { return errLate; });
    CHECK(g1.wait() == errA);
}

TEST_CASE("EG-05 the context's cause is the first error, or canceled when none (TestCancelCause)") {
    error errDoom = errors::new_("group_test: doomed");
    struct test_case {
        std::vector<error> errs;
        error want;
    };
    const std::vector<test_case> cases = {
        {{}, nullptr},
        {{nullptr}, nullptr},
        {{errDoom}, errDoom},
        {{errDoom, nullptr}, errDoom},
    };
    for (auto tc : cases) {
        auto [g, ctx] = errgroup::with_context(context::background());
        for (const error& err : tc.errs)
            g.try_go([err] { return err; });
        CHECK(g.wait() == tc.want);
        if (tc.want == nullptr) tc.want = context::canceled;
        CHECK(context::cause(ctx) == tc.want);
    }
}

TEST_CASE(
    "EG-06 set_limit caps the active goroutines; go blocks until a slot frees (TestGoLimit)") {
    constexpr int limit = 10;
    errgroup::Group g;
    g.set_limit(limit);
    std::atomic<std::int32_t> active{0};
    for (int i = 0; i <= 1 << 10; i++) {
        g.go([&active]() -> error {
            std::int32_t n = ++active;
            if (n > limit) {
                return errors::new_("saw " + std::to_string(n) +
                                  " active goroutines; want <= " + std::to_string(limit));
            }
            time::sleep(time::microsecond);  // give other goroutines a chance to increment active
            --active;
            return nullptr;
        });
    }
    error err = g.wait();
    CHECK(err == nullptr);
    if (err) FAIL(err.error());
}

TEST_CASE("EG-06 with limit 0, go blocks forever (the program deadlocks as in Go)") {
    auto r = test_util::run_program("context_errgroup_limit_zero");
    CHECK(r.exit_status == 2);
    CHECK(r.out.find("fatal error: all goroutines are asleep - deadlock!") != std::string::npos);
}

TEST_CASE("EG-06 a negative limit means no limit") {
    errgroup::Group g;
    g.set_limit(1);
    g.set_limit(-1);
    auto release = make_chan<void>();
    for (int i = 0; i < 100; i++) {
        CHECK(g.try_go([release]() -> error {
            release.recv();
            return nullptr;
        }));
    }
    release.close();
    CHECK(g.wait() == nullptr);
}

TEST_CASE("EG-07 try_go starts f only below the limit (TestTryGo)") {
    errgroup::Group g;
    constexpr int n = 42;
    g.set_limit(42);
    auto ch = make_chan<void>();
    auto fn = [ch]() -> error {
        ch.send();
        return nullptr;
    };
    for (int i = 0; i < n; i++) {
        CAPTURE(i);
        REQUIRE(g.try_go(fn));
    }
    CHECK_FALSE(g.try_go(fn));
    go([ch] {
        for (int i = 0; i < n; i++)
            ch.recv();
    });
    g.wait();

    CHECK(g.try_go(fn));  // succeeds again after all goroutines
    go([ch] { ch.recv(); });
    g.wait();

    // Switch limit.
    g.set_limit(1);
    CHECK(g.try_go(fn));
    CHECK_FALSE(g.try_go(fn));
    go([ch] { ch.recv(); });
    g.wait();

    // Block all calls.
    g.set_limit(0);
    for (int i = 0; i < 1 << 10; i++) {
        if (g.try_go(fn)) FAIL("try_go succeeded with limit 0");
    }
    g.wait();
}

TEST_CASE("EG-08 set_limit while goroutines are active panics with Go's message") {
    errgroup::Group g;
    g.set_limit(2);
    auto release = make_chan<void>();
    auto work = [release]() -> error {
        release.recv();
        return nullptr;
    };
    CHECK(g.try_go(work));
    CHECK(g.try_go(work));
    std::string msg;
    try {
        g.set_limit(5);
    } catch (const panic_error& e) {
        msg = e.what();
    }
    CHECK(msg == "errgroup: modify limit while 2 goroutines in the group are still active");
    release.close();
    CHECK(g.wait() == nullptr);
    g.set_limit(5);  // fine once none is active
}

TEST_CASE(
    "EG-09 a slot is freed as a function returns: a blocked go proceeds while wait is pending") {
    errgroup::Group g;
    g.set_limit(2);
    auto first = make_chan<void>();
    auto second = make_chan<void>();
    auto last = make_chan<void>();
    // A function that outlasts the others keeps the group busy, so that
    // go() and wait() overlap legally (Go forbids a go() that revives a
    // group whose wait() is finishing).
    g.go([last]() -> error {
        last.recv();
        return nullptr;
    });
    g.go([first]() -> error {
        first.recv();
        return nullptr;
    });
    auto started = make_chan<void>();
    go([&g, second, started] {
        g.go([second]() -> error {
            second.recv();
            return nullptr;
        });
        started.close();
    });
    auto waited = make_chan<error>(1);
    go([&g, waited] { waited.send(g.wait()); });
    time::sleep(10 * time::millisecond);
    CHECK(select(recv(started), default_) == 1);  // blocked at the limit
    CHECK(select(recv(waited), default_) == 1);   // wait() is pending
    first.close();
    CHECK(recv_within(started));  // proceeds while wait() is pending
    CHECK(select(recv(waited), default_) == 1);
    second.close();
    last.close();
    auto t = time::new_timer(quiescent);
    error werr = errors::new_("not set");
    CHECK(select(recv(waited, werr), recv(t.c)) == 0);
    t.stop();
    CHECK(werr == nullptr);
}

TEST_CASE(
    "EG-10 departure: an exception escaping a function is rethrown by wait after all have "
    "returned") {
    auto [g, ctx] = errgroup::with_context(context::background());
    std::atomic<bool> sibling_finished{false};
    error errX = errors::new_("x");
    g.go([ctx = ctx, &sibling_finished]() -> error {
        ctx.done().recv();  // canceled by the exception
        time::sleep(5 * time::millisecond);
        sibling_finished = true;
        return nullptr;
    });
    g.go([]() -> error { throw std::runtime_error("boom"); });
    g.go([errX]() -> error { return errX; });
    std::string what;
    try {
        g.wait();
    } catch (const std::runtime_error& e) {
        what = e.what();
    }
    CHECK(what == "boom");
    CHECK(sibling_finished);
    CHECK(ctx.err() == context::canceled);

    // A Go panic (panic_error) too.
    errgroup::Group g2;
    g2.go([]() -> error { throw panic_error("send on closed channel"); });
    std::string msg;
    try {
        g2.wait();
    } catch (const panic_error& e) {
        msg = e.what();
    }
    CHECK(msg == "send on closed channel");
}

TEST_CASE("EG-11 ExampleGroup_parallel prints the three results in order") {
    using Result = std::string;
    using Search = std::function<Result(context::Context, const std::string&, error&)>;
    auto fakeSearch = [](std::string kind) -> Search {
        return [kind](context::Context, const std::string& query, error&) -> Result {
            return kind + " result for \"" + query + "\"";
        };
    };
    Search Web = fakeSearch("web"), Image = fakeSearch("image"), Video = fakeSearch("video");

    auto Google = [&](context::Context ctx, const std::string& query,
                      std::vector<Result>& results) -> error {
        auto [g, gctx] = errgroup::with_context(ctx);
        std::vector<Search> searches = {Web, Image, Video};
        results.assign(searches.size(), Result{});
        for (std::size_t i = 0; i < searches.size(); i++) {
            g.go([i, search = searches[i], ctx = gctx, &query, &results]() -> error {
                error err;
                Result result = search(ctx, query, err);
                if (err == nullptr) results[i] = result;
                return err;
            });
        }
        return g.wait();
    };
    std::vector<Result> results;
    error err = Google(context::background(), "golang", results);
    REQUIRE(err == nullptr);
    std::ostringstream out;
    for (const auto& result : results)
        out << result << '\n';
    CHECK(out.str() ==
          "web result for \"golang\"\nimage result for \"golang\"\nvideo result for \"golang\"\n");
}

TEST_CASE("EG-12 probe_errgroup's observations hold; the context also carries the cause") {
    error errA = errors::new_("errA");
    auto [g, ctx] = errgroup::with_context(context::background());
    g.go([errA] { return errA; });
    CHECK(g.wait() == errA);
    CHECK(ctx.err() == context::canceled);  // what x/sync 0.1.0 shows
    CHECK(context::cause(ctx) == errA);     // what current x/sync adds

    errgroup::Group g3;
    g3.set_limit(2);
    auto release = make_chan<void>();
    std::atomic<int> active{0}, max_active{0};
    auto work = [&]() -> error {
        int n = ++active;
        int m = max_active.load();
        while (n > m && !max_active.compare_exchange_weak(m, n)) {
        }
        release.recv();
        --active;
        return nullptr;
    };
    CHECK(g3.try_go(work));
    CHECK(g3.try_go(work));
    CHECK_FALSE(g3.try_go(work));
    auto started = make_chan<void>();
    go([&] {
        g3.go(work);
        started.close();
    });
    CHECK(test_util::eventually([&] { return active == 2; }));
    release.close();
    CHECK(recv_within(started));
    CHECK(g3.wait() == nullptr);
    CHECK(max_active == 2);
}

TEST_CASE("errgroup: many goroutines go and wait concurrently on one group") {
    errgroup::Group g;
    g.set_limit(4);
    std::atomic<int> ran{0};
    sync::WaitGroup starters;
    for (int s = 0; s < 4; s++) {
        starters.add(1);
        go([&] {
            for (int i = 0; i < 250; i++) {
                g.go([&ran]() -> error {
                    ran++;
                    gosched();
                    return nullptr;
                });
            }
            starters.done();
        });
    }
    starters.wait();
    CHECK(g.wait() == nullptr);
    CHECK(ran == 1000);
}
