// Lifetimes that Go's garbage collector handled: the pipelines post's merge
// and the context package's ExampleAfterFunc_cond, ported the way
// docs/porting-gc.md leads (new_<T>() handles captured by [=]), with no
// make_shared and no lifetime reasoning. Each runs a few hundred times; the
// sanitizer build turns any use after the function returned into a failure.
#include <gocpp/chan.hpp>
#include <gocpp/context.hpp>
#include <gocpp/defer.hpp>
#include <gocpp/fmt.hpp>
#include <gocpp/runtime.hpp>
#include <gocpp/sync.hpp>
#include <gocpp/time.hpp>

#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

using namespace gocpp;
using namespace std::chrono_literals;

namespace {

// https://go.dev/blog/pipelines: gen, sq and merge.
recv_chan<int> gen(std::vector<int> nums) {
    auto out = make_chan<int>();
    go([=] {
        for (int n : nums)
            out.send(n);
        out.close();
    });
    return out;
}

recv_chan<int> sq(recv_chan<int> in) {
    auto out = make_chan<int>();
    go([=] {
        for (int n : in)
            out.send(n * n);
        out.close();
    });
    return out;
}

recv_chan<int> merge(std::vector<recv_chan<int>> cs) {
    auto wg = new_<sync::WaitGroup>();
    auto out = make_chan<int>();
    // Start an output goroutine for each input channel in cs. output copies
    // values from c to out until c is closed, then calls wg.Done.
    auto output = [=](recv_chan<int> c) {
        for (int n : c)
            out.send(n);
        wg->done();
    };
    wg->add(static_cast<int>(cs.size()));
    for (auto c : cs)
        go(output, c);
    // Start a goroutine to close out once all the output goroutines are
    // done. This must start after the wg.Add call.
    go([=] {
        wg->wait();
        out.close();
    });
    return out;
}

// context's ExampleAfterFunc_cond: waitOnCond waits on cond until
// conditionMet or ctx is done.
error wait_on_cond(context::Context ctx, std::shared_ptr<sync::Cond> cond,
                   std::function<bool()> condition_met) {
    auto stopf = context::after_func(ctx, [=] {
        // We need to acquire cond.L here to be sure that the Broadcast
        // below won't occur before the call to Wait, which would result
        // in a missed signal (and deadlock).
        cond->l.lock();
        defer unlock{[=] { cond->l.unlock(); }};
        cond->broadcast();
    });
    defer stop{[=] { stopf(); }};
    // Since the wakeups are using Broadcast instead of Signal, this call to
    // Wait may unblock due to some other goroutine's context becoming done,
    // so to be sure that ctx is actually done we need to check it in a loop.
    while (!condition_met()) {
        cond->wait();
        if (ctx.err() != nullptr) return ctx.err();
    }
    return nullptr;
}

std::vector<std::string> example_after_func_cond() {
    auto cond = sync::new_cond(new_<sync::Mutex>());
    auto wg = new_<sync::WaitGroup>();
    auto lines = make_chan<std::string>(4);
    for (int i = 0; i < 4; i++) {
        wg->add(1);
        go([=] {
            defer done{[=] { wg->done(); }};
            auto [ctx, cancel] = context::with_timeout(context::background(), 1ms);
            defer cancel_ctx{cancel};
            cond->l.lock();
            defer unlock{[=] { cond->l.unlock(); }};
            auto err = wait_on_cond(ctx, cond, [] { return false; });
            lines.send(fmt::sprintln(err));
        });
    }
    wg->wait();
    std::vector<std::string> out;
    for (int i = 0; i < 4; i++)
        out.push_back(lines.recv());
    return out;
}

}  // namespace

TEST_CASE("sync lifetimes: the pipelines post's merge, 300 runs") {
    for (int run = 0; run < 300; run++) {
        auto in = gen({2, 3, 4, 5});
        // Distribute the sq work across two goroutines that both read from in.
        auto c1 = sq(in);
        auto c2 = sq(in);
        std::vector<int> got;
        for (int n : merge({c1, c2}))
            got.push_back(n);
        std::sort(got.begin(), got.end());
        REQUIRE(got == std::vector<int>{4, 9, 16, 25});
    }
}

TEST_CASE("sync lifetimes: context's ExampleAfterFunc_cond, 300 runs") {
    for (int run = 0; run < 300; run++) {
        const auto lines = example_after_func_cond();
        REQUIRE(lines.size() == 4);
        for (const auto& line : lines)
            REQUIRE(line == "context deadline exceeded\n");
    }
}

TEST_CASE("sync lifetimes: new_ makes Go's new(T) and &T{...}") {
    auto n = new_<int>();
    CHECK(*n == 0);
    struct pair_t {
        int a;
        std::string b;
    };
    auto p = new_<pair_t>(1, "x");
    CHECK(p->a == 1);
    CHECK(p->b == "x");
    // A counter that goroutines outlive main's locals with.
    auto hits = new_<int>(0);
    auto mu = new_<sync::Mutex>();
    auto wg = new_<sync::WaitGroup>();
    for (int i = 0; i < 10; i++) {
        wg->add(1);
        go([=] {
            std::lock_guard lk(*mu);
            ++*hits;
            wg->done();
        });
    }
    wg->wait();
    std::lock_guard lk(*mu);
    CHECK(*hits == 10);
}
