// Probes of golang.org/x/sync/errgroup (x/sync 0.1.0, the pre-Cause version,
// for what is printed here). A port of the Go program of the same name; it
// must print what Go printed.
#include <gocpp/context.hpp>
#include <gocpp/errgroup.hpp>
#include <gocpp/gocpp.hpp>
#include <gocpp/time.hpp>

#include <atomic>
#include <cstdint>
#include <iostream>

using namespace gocpp;

// fmt.Println: operands separated by spaces, booleans as true/false.
template <class... A>
void println(const A&... a) {
    bool first = true;
    ((std::cout << (first ? "" : " ") << std::boolalpha << a, first = false), ...);
    std::cout << '\n';
}

int main() {
    error errA = errors::new_("errA");
    error errB = errors::new_("errB");

    // Zero Group: Wait returns the first non-nil error (first to be returned, in time).
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
    println("zero Group Wait:", g.wait());

    errgroup::Group g0;
    println("Wait with no goroutines:", g0.wait());

    // WithContext: first error cancels ctx; siblings observe ctx.Done().
    auto [g1, ctx] = errgroup::with_context(context::background());
    std::atomic<std::int32_t> sawCancel{0};
    for (int i = 0; i < 3; i++) {
        g1.go([ctx = ctx, &sawCancel]() -> error {
            ctx.done().recv();
            sawCancel++;
            return ctx.err();
        });
    }
    g1.go([=]() -> error {
        time::sleep(10 * time::millisecond);
        return errA;
    });
    error err = g1.wait();
    println("WithContext Wait:", err, "| siblings saw cancel:", sawCancel.load(),
            "| ctx.Err:", ctx.err());

    // WithContext: ctx is canceled when Wait returns even if nobody failed.
    auto [g2, ctx2] = errgroup::with_context(context::background());
    g2.go([]() -> error { return nullptr; });
    error err2 = g2.wait();
    println("all-nil Wait:", err2, "| ctx.Err after Wait:", ctx2.err());

    // SetLimit: at most n active; TryGo reports false when full.
    errgroup::Group g3;
    g3.set_limit(2);
    std::atomic<std::int32_t> active{0}, maxActive{0};
    auto release = make_chan<void>();
    auto work = [&]() -> error {
        std::int32_t n = ++active;
        for (;;) {
            std::int32_t m = maxActive.load();
            if (n <= m || maxActive.compare_exchange_strong(m, n)) break;
        }
        release.recv();
        --active;
        return nullptr;
    };
    println("TryGo 1:", g3.try_go(work));
    println("TryGo 2:", g3.try_go(work));
    println("TryGo 3 (limit reached):", g3.try_go(work));
    [&] {
        try {
            g3.set_limit(5);
        } catch (const panic_error& e) {
            println("SetLimit while active:", e.what());
        }
    }();
    auto started = make_chan<void>();
    go([&] {
        g3.go(work);
        started.close();
    });  // blocks until a slot frees
    time::sleep(20 * time::millisecond);
    switch (select(recv(started), default_)) {
        case 0:
            println("BUG: Go did not block at limit");
            break;
        default:
            println("Go blocks while limit reached");
    }
    release.close();
    started.recv();
    error err3 = g3.wait();
    println("limited Wait:", err3, "| max active:", maxActive.load());

    errgroup::Group g4;
    g4.set_limit(0);
    println("SetLimit(0) TryGo:", g4.try_go([]() -> error { return nullptr; }));
    g4.set_limit(-1);
    bool started4 = g4.try_go([]() -> error { return nullptr; });
    println("SetLimit(-1) TryGo (no limit):", started4, g4.wait());
}
