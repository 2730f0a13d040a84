// An exception that nobody catches ends the program like an unrecovered Go
// panic: "panic: <message>", a blank line, "goroutine N [running]:" on
// stderr, exit status 2. Each case prints "before" on stdout first, which
// must not be lost.
//
//   rt_panic goroutine        a goroutine throws gocpp::panic_error while main waits
//   rt_panic goroutine-std    a goroutine throws std::runtime_error
//   rt_panic goroutine-chan   a goroutine sends on a closed channel
//   rt_panic goroutine-busy   a goroutine panics while others keep the threads busy
//   rt_panic main             main throws, with goroutines running
//   rt_panic main-chan        main's very first gocpp call panics: send on
//                             closed channel (probe_fatal send-closed-unrecovered)
//   rt_panic two-at-once      two goroutines on two threads panic at the same
//                             moment: one report, not two interleaved
#include <gocpp/gocpp.hpp>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <iostream>
#include <stdexcept>
#include <string>

#include <unistd.h>

using namespace gocpp;

int main(int argc, char** argv) {
    const std::string mode = argc > 1 ? argv[1] : "";
    // Two goroutines can only panic at the same moment on two threads. The
    // runtime has read GOMAXPROCS before main, so start again with it set.
    if (mode == "two-at-once" && gomaxprocs() < 2) {
        setenv("GOMAXPROCS", "2", 1);
        execv("/proc/self/exe", argv);
        std::cout << "exec failed\n";
        return 1;
    }
    std::cout << "before\n";

    if (mode == "goroutine") {
        auto never = make_chan<int>();
        go([] { panic("boom"); });
        never.recv();
    } else if (mode == "goroutine-std") {
        auto never = make_chan<int>();
        go([] { throw std::runtime_error("out of range: 7"); });
        never.recv();
    } else if (mode == "goroutine-chan") {
        auto never = make_chan<int>();
        auto c = make_chan<int>(1);
        c.close();
        go([=] { c.send(1); });
        never.recv();
    } else if (mode == "goroutine-busy") {
        auto never = make_chan<int>();
        auto ping = make_chan<int>();
        auto pong = make_chan<int>();
        go([=] {
            for (;;)
                pong.send(ping.recv() + 1);
        });
        go([=] {
            ping.send(0);
            for (int i = 0;; i++) {
                int v = pong.recv();
                if (i == 10000) panic("boom after " + std::to_string(i) + " round trips");
                ping.send(v + 1);
            }
        });
        never.recv();
    } else if (mode == "main") {
        auto c = make_chan<int>();
        auto ready = make_chan<void>();
        go([=] {
            ready.send();
            c.recv();
        });
        ready.recv();
        throw panic_error("main gave up");
    } else if (mode == "two-at-once") {
        static std::atomic<int> arrived{0};
        auto never = make_chan<int>();
        for (int i = 0; i < 2; i++) {
            go([i] {
                arrived++;
                // Meet the other one (it runs on the other thread), then
                // both panic; give up waiting after five seconds, and say so.
                const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(5);
                while (arrived.load() < 2 && std::chrono::steady_clock::now() < give_up) {
                }
                if (arrived.load() < 2) std::cout << "never met" << std::endl;
                panic("boom " + std::to_string(i));
            });
        }
        never.recv();
    } else if (mode == "main-chan") {
        auto c = make_chan<int>();
        c.close();
        c.send(1);
    }
    std::cout << "unknown case\n";
    return 1;
}
