// Misuse that Go answers with a fatal error or an unrecovered panic, which
// ends the process; run as `misuse <case>` by misuse_test.cpp. Each case
// prints "case <name>" first, then does the one wrong thing.
#include <gocpp/errgroup.hpp>
#include <gocpp/gocpp.hpp>

#include <chrono>
#include <cstdio>
#include <functional>
#include <string>

using namespace gocpp;
using namespace std::chrono_literals;

int main(int argc, char** argv) {
    const std::string c = argc > 1 ? argv[1] : "";
    std::printf("case %s\n", c.c_str());
    std::fflush(stdout);
    if (c == "go-nil-std-function") {
        // Go: var f func(); go f()
        go(std::function<void()>{});
        time::sleep(1s);
    } else if (c == "go-nil-function-pointer") {
        void (*f)(int) = nullptr;
        go(f, 1);
        time::sleep(1s);
    } else if (c == "time-after-func-nil") {
        // Go: time.AfterFunc(time.Millisecond, nil)
        auto t = time::after_func(1ms, nullptr);
        std::puts("registered");
        std::fflush(stdout);
        time::sleep(1s);
    } else if (c == "context-after-func-nil") {
        // Go: stop := context.AfterFunc(ctx, nil); cancel()
        auto [ctx, cancel] = context::with_cancel(context::background());
        auto stop = context::after_func(ctx, nullptr);
        std::puts("registered");
        std::fflush(stdout);
        cancel();
        time::sleep(1s);
    } else if (c == "goroutine-send-on-closed") {
        auto ch = make_chan<int>(1);
        ch.close();
        go([ch] { ch.send(1); });
        time::sleep(1s);
    }
    std::puts("returned");
    return 0;
}
