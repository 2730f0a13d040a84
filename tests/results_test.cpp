// Multi-value results: each binds as `auto [a, b] = ...` (Go's `a, b := ...`)
// and assigns with `std::tie(a, b) = ...` (Go's `a, b = ...`).
#include "test_util.hpp"

#include <gocpp/debug_doctest.hpp>

#include <doctest/doctest.h>

#include <string>
#include <tuple>

using namespace gocpp;
using namespace std::chrono_literals;

TEST_SUITE("results") {
    TEST_CASE("std::tie(ctx, cancel) = context::with_timeout(...) reassigns both, as Go's `=`") {
        auto [ctx, cancel] = context::with_cancel(context::background());
        const context::Context first = ctx;
        std::tie(ctx, cancel) = context::with_timeout(ctx, 1h);
        CHECK(ctx != first);
        CHECK(ctx.err() == nullptr);
        auto [d, ok] = ctx.deadline();
        CHECK(ok);
        cancel();  // the new cancel: the new context ends, its parent does not
        CHECK(ctx.err() == context::canceled);
        CHECK(first.err() == nullptr);

        std::tie(ctx, cancel) = context::with_deadline(first, time::now() - 1s);
        CHECK(ctx.err() == context::deadline_exceeded);
        cancel();
        std::tie(ctx, cancel) = context::with_cancel(first);
        CHECK(ctx.err() == nullptr);
        cancel();
        CHECK(ctx.err() == context::canceled);
    }

    TEST_CASE("std::tie with with_cancel_cause and deadline()") {
        context::Context ctx;
        context::CancelCauseFunc cancel;
        std::tie(ctx, cancel) = context::with_cancel_cause(context::background());
        error why = errors::new_("why");
        cancel(why);
        CHECK(context::cause(ctx) == why);

        time::Time d;
        bool ok = true;
        std::tie(d, ok) = context::background().deadline();
        CHECK_FALSE(ok);
        CHECK(d == time::Time{});
        auto [tctx, tcancel] = context::with_deadline(context::background(), time::now() + 1h);
        std::tie(d, ok) = tctx.deadline();
        CHECK(ok);
        CHECK(d > time::now());
        tcancel();
    }

    TEST_CASE("std::tie(v, ok) = ch.recv2() and = x.get<T>()") {
        auto ch = make_chan<std::string>(2);
        ch.send("a");
        ch.close();
        std::string v = "old";
        bool ok = false;
        std::tie(v, ok) = ch.recv2();
        CHECK(v == "a");
        CHECK(ok);
        std::tie(v, ok) = ch.recv2();
        CHECK(v.empty());
        CHECK_FALSE(ok);

        any x = 42;
        int n = 0;
        std::tie(n, ok) = x.get<int>();
        CHECK(n == 42);
        CHECK(ok);
        std::tie(n, ok) = any("s").get<int>();
        CHECK(n == 0);
        CHECK_FALSE(ok);
    }

}  // TEST_SUITE("results")
