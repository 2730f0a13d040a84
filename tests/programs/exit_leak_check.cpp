// What the leak check at exit (GOCPP_LEAKCHECK=1) finds, mode by mode. Each
// mode prints "main returns" and returns 0 from main; the check then decides
// the exit status.
//
//   exit_leak_check MODE [check]
//
// With "check" the program runs itself again with GOCPP_LEAKCHECK=1 set.
//
//   clean          nothing left: status 0
//   late-goroutine a goroutine that ends 200 ms after main returns: waited
//                  for, status 0
//   blocked        a goroutine parked forever on a receive: reported
//   held-timer     a Timer kept in a global, due in an hour: reported
//   held-ticker    a Ticker kept in a global: reported (its channel, with a
//                  tick in it by then, too)
//   lost-cancel    a context.WithTimeout of an hour whose cancel is never
//                  called (go vet's lostcancel): its timer is reported
//   dropped-after  a select that took another case than time::after(1h),
//                  and a time::tick(1ms) dropped: nothing observable is
//                  left, status 0
//   elements       a global buffered channel with 2 values in it: reported
#include <gocpp/gocpp.hpp>

#include <cstdlib>
#include <iostream>
#include <optional>
#include <string>

#include <unistd.h>

using namespace gocpp;
using namespace std::chrono_literals;

namespace {
std::optional<time::Timer> g_timer;
std::optional<time::Ticker> g_ticker;
chan<int> g_chan;
}  // namespace

int main(int argc, char** argv) {
    const std::string mode = argc > 1 ? argv[1] : "";
    if (argc > 2 && std::string(argv[2]) == "check" && std::getenv("GOCPP_LEAKCHECK") == nullptr) {
        setenv("GOCPP_LEAKCHECK", "1", 1);
        execv("/proc/self/exe", argv);
        std::cout << "exec failed" << std::endl;
        return 2;
    }
    if (mode == "late-goroutine") {
        go([] { time::sleep(200ms); });
    } else if (mode == "blocked") {
        auto never = make_chan<int>();
        go([=] { never.recv(); });
    } else if (mode == "held-timer") {
        g_timer = time::new_timer(time::hour);
    } else if (mode == "held-ticker") {
        g_ticker = time::new_ticker(time::millisecond);
    } else if (mode == "lost-cancel") {
        auto [ctx, cancel] = context::with_timeout(context::background(), time::hour);
        (void)ctx;
        (void)cancel;
    } else if (mode == "dropped-after") {
        auto ready = make_chan<int>(1);
        ready.send(1);
        switch (select(recv(time::after(time::hour)), recv(ready))) {
            case 0:
                std::cout << "BUG: an hour passed" << std::endl;
                break;
            case 1:
                break;
        }
        (void)time::tick(time::millisecond);
    } else if (mode == "elements") {
        g_chan = make_chan<int>(4);
        g_chan.send(1);
        g_chan.send(2);
    } else if (mode != "clean") {
        std::cout << "unknown mode" << std::endl;
        return 2;
    }
    std::cout << "main returns" << std::endl;
    return 0;
}
