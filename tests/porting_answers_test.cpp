// The short answers of docs/porting.md ("Smaller differences: short
// answers"), written as the guide writes them, with what Go's version of each
// program gives.
#include "test_util.hpp"

#include <gocpp/debug_doctest.hpp>

#include <doctest/doctest.h>

#include <array>
#include <span>
#include <sstream>
#include <string>
#include <vector>

using namespace gocpp;
using namespace std::chrono_literals;

namespace {

// g, ctx := errgroup.WithContext(ctx), with the group's context renamed.
error fetch(context::Context ctx, const std::string& url) {
    if (url == "bad") return errors::new_("fetch " + url + ": not found");
    // The others wait for the group's context: the error above cancels it.
    ctx.done().recv();
    return nullptr;
}

error fetch_all(context::Context ctx, const std::vector<std::string>& urls) {
    auto [g, gctx] = errgroup::with_context(ctx);
    for (const auto& url : urls)
        g.go([gctx = gctx, url]() -> error { return fetch(gctx, url); });
    return g.wait();
}

// func save(f *File) (err error), whose defer recovers and keeps Close's error.
struct File {
    bool panic_in_write = false;
    error write_err;
    error close_err;
    bool closed = false;
    error close() {
        closed = true;
        return close_err;
    }
};

error write_all(File& f) {
    if (f.panic_in_write) panic("disk on fire");
    return f.write_err;
}

error save(File& f) {
    error err;
    try {
        err = write_all(f);
    } catch (const panic_error& e) {
        err = fmt::errorf("recovered: %v", e.what());
    }
    if (error cerr = f.close(); err == nullptr) err = cerr;
    return err;
}

// func sum(nums ...int) int
int sum(std::span<const int> nums) {
    int total = 0;
    for (int n : nums)
        total += n;
    return total;
}

// func logf(format string, args ...any)
std::ostringstream g_log;
template <class... Args>
void logf(std::string_view format, const Args&... args) {
    fmt::fprintf(g_log, std::string(format) + "\n", args...);
}

}  // namespace

TEST_SUITE("results") {
    TEST_CASE("porting answers: errgroup.WithContext(ctx) with the group's context renamed") {
        auto [ctx, cancel] = context::with_cancel(context::background());
        error err = fetch_all(ctx, {"a", "bad", "c"});
        REQUIRE(err != nullptr);
        CHECK(err.error() == "fetch bad: not found");
        CHECK(ctx.err() == nullptr);  // the caller's context is not the group's
        CHECK(fetch_all(ctx, {}) == nullptr);
        cancel();
    }

    TEST_CASE("porting answers: what a defer did to a named result, done after the body") {
        File ok;
        CHECK(save(ok) == nullptr);
        CHECK(ok.closed);

        File panics;
        panics.panic_in_write = true;
        error err = save(panics);
        REQUIRE(err != nullptr);
        CHECK(err.error() == "recovered: disk on fire");
        CHECK(panics.closed);

        File close_fails;
        close_fails.close_err = errors::new_("close: bad descriptor");
        err = save(close_fails);
        REQUIRE(err != nullptr);
        CHECK(err.error() == "close: bad descriptor");

        // The body's error wins over Close's, as in the Go version.
        File both;
        both.write_err = errors::new_("write: no space");
        both.close_err = errors::new_("close: bad descriptor");
        err = save(both);
        REQUIRE(err != nullptr);
        CHECK(err.error() == "write: no space");
    }

    TEST_CASE("porting answers: variadic parameters as a span, ...any as a forwarded pack") {
        CHECK(sum(std::array{1, 2, 3}) == 6);
        std::vector<int> xs{4, 5, 6, 7};
        CHECK(sum(xs) == 22);
        CHECK(sum({}) == 0);

        g_log.str("");
        logf("%s=%d %v", "n", 3, std::vector<int>{1, 2});
        logf("done");
        CHECK(g_log.str() == "n=3 [1 2]\ndone\n");
    }

    TEST_CASE("porting answers: case variables in a block of their own shadow the outer ones") {
        auto ch = make_chan<int>(1);
        ch.send(42);
        int v = 10;
        int got = 0;
        {
            int v;  // case v := <-ch
            if (select(recv(ch, v), default_) == 0) got = v;
        }
        CHECK(got == 42);
        CHECK(v == 10);
    }
}
