// A goroutine whose recursion outgrows its stack stops the program as Go's
// does: "runtime: goroutine stack exceeds N-byte limit", "fatal error: stack
// overflow", the goroutine and where it was created, exit status 2.
//
//   stack_overflow MODE [GUARDS]
//
// GUARDS, if given, is how many stacks get guard pages (GOCPP_STACK_GUARDS;
// the program runs itself again with it set). Modes:
//
//   deep      400 frames of 1 KiB in a goroutine while another is parked,
//             then the result on a channel (the program of issue 17)
//   park      the same recursion, then the goroutine parks (time::sleep)
//   exit      the same recursion, then the goroutine ends; main never wakes
//   fits      40 frames of 1 KiB: fits, prints the result, exit 0
//   behindN   N goroutines park first (taking the first stacks), then a
//             goroutine recurses as in `deep` and parks before it sends
//   many      2,000 goroutines each recurse 40 frames deep, park, recurse
//             again and end; prints "ok", exit 0
//   nil       a goroutine writes through a null pointer: a plain SIGSEGV,
//             not a stack overflow
//
// Each mode prints "start" first (flushed: the report of a guard-page hit
// does not flush stdout, as after any crash).
#include <gocpp/gocpp.hpp>

#include <atomic>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <string>

#include <unistd.h>

using namespace gocpp;
using namespace std::chrono_literals;

namespace {

// One frame of about 1 KiB per level, every byte written, not a tail call.
__attribute__((noinline)) int recurse(int depth) {
    volatile char frame[1024];
    for (std::size_t i = 0; i < sizeof frame; ++i)
        frame[i] = static_cast<char>(depth + i);
    if (depth == 0) return frame[7];
    return recurse(depth - 1) + frame[depth % sizeof frame];
}

// Waits until n goroutines are parked in a channel receive: the neighbours
// of the recursing goroutine must be parked (off every run queue) before it
// overflows into their stacks, or another thread could resume one whose
// record the overflow has just overwritten, before the canary is checked.
void wait_parked_receivers(int n) {
    for (;;) {
        int parked = 0;
        for (const auto& g : debug::goroutines())
            if (g.state == "chan receive") parked++;
        if (parked >= n) return;
        time::sleep(100us);
    }
}

}  // namespace

int main(int argc, char** argv) {
    const std::string mode = argc > 1 ? argv[1] : "";
    if (argc > 2 && std::getenv("GOCPP_STACK_GUARDS") == nullptr) {
        setenv("GOCPP_STACK_GUARDS", argv[2], 1);
        execv("/proc/self/exe", argv);
        std::cout << "exec failed" << std::endl;
        return 1;
    }
    std::cout << "start" << std::endl;

    auto parked = make_chan<int>();
    auto never = make_chan<int>();
    int frames = mode == "fits" ? 40 : 400;
    if (mode.rfind("behind", 0) == 0) {
        const int n = std::atoi(mode.c_str() + 6);
        for (int i = 0; i < n; i++)
            go([=] { parked.recv(); });
        wait_parked_receivers(n);
    } else {
        go([=] { parked.recv(); });  // a neighbour, parked
        wait_parked_receivers(1);
    }

    if (mode == "deep" || mode == "fits") {
        auto result = make_chan<int>();
        go([=] { result.send(recurse(frames - 1)); });  // site:deep
        const int r = result.recv();
        std::cout << "result " << r << std::endl;
        return 0;
    }
    if (mode.rfind("behind", 0) == 0) {
        // Parks after the recursion: on a stack without a guard page that
        // is where the overflow is noticed, before main can print.
        auto result = make_chan<int>();
        go([=] {  // site:behind
            int r = recurse(frames - 1);
            time::sleep(1ms);
            result.send(r);
        });
        const int r = result.recv();
        std::cout << "result " << r << std::endl;
        return 0;
    }
    if (mode == "park") {
        go([=] {  // site:park
            int r = recurse(frames - 1);
            time::sleep(1ms);
            std::cout << "after park " << r << std::endl;
        });
        never.recv();
    }
    if (mode == "exit") {
        go([=] { recurse(frames - 1); });  // site:exit
        never.recv();
    }
    if (mode == "many") {
        sync::WaitGroup wg;
        std::atomic<int> sum{0};
        for (int i = 0; i < 2000; i++) {
            wg.add(1);
            go([&] {
                sum += recurse(39);
                time::sleep(1ms);
                sum += recurse(39);
                wg.done();
            });
        }
        wg.wait();
        std::cout << (sum == 2000 * 2 * recurse(39) ? "ok" : "wrong sum") << std::endl;
        return 0;
    }
    if (mode == "nil") {
        go([] {
            volatile int* p = nullptr;
            *p = 1;
        });
        never.recv();
    }
    std::cout << "unknown case" << std::endl;
    return 1;
}
