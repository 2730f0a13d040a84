// Which threads switch the deadlock verdict off. Threads the runtime starts
// for its own work (blocking calls) announce themselves and do not; threads
// the program starts do (they may still close a channel), as in Go with cgo.
//
//   rt_helper_threads idle-helper   a runtime helper thread waits for work
//                                   forever while main blocks on a channel
//                                   nobody sends on: deadlock, exit 2
//   rt_helper_threads ended-helper  a helper announced its end and exited
//                                   (not joined): deadlock, exit 2
//   rt_helper_threads foreign       a plain std::thread closes the channel
//                                   main waits on after 300 ms: exit 0
//   rt_helper_threads foreign-exits a plain std::thread lives 300 ms and
//                                   exits; nobody sends on main's channel:
//                                   deadlock once it has gone, exit 2
#include <gocpp/gocpp.hpp>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <iostream>
#include <mutex>
#include <string>
#include <thread>

namespace gocpp::detail {
// The runtime's internal announcements (runtime/src/internal.hpp).
void runtime_helper_thread_begin() noexcept;
void runtime_helper_thread_end() noexcept;
}  // namespace gocpp::detail

using namespace gocpp;

int main(int argc, char** argv) {
    const std::string mode = argc > 1 ? argv[1] : "";
    auto c = make_chan<int>();
    // Main waits (on a timer: alive) until the helper has announced itself.
    static std::atomic<bool> announced{false};
    if (mode == "idle-helper") {
        std::thread([] {
            detail::runtime_helper_thread_begin();
            announced = true;
            std::mutex mu;
            std::condition_variable cv;
            std::unique_lock lk(mu);
            cv.wait(lk, [] { return false; });
        }).detach();
    } else if (mode == "ended-helper") {
        std::thread([] {
            detail::runtime_helper_thread_begin();
            detail::runtime_helper_thread_end();
            announced = true;
        }).detach();
    } else if (mode == "foreign") {
        std::thread([c] {
            std::this_thread::sleep_for(std::chrono::milliseconds(300));
            c.close();
        }).detach();
    } else if (mode == "foreign-exits") {
        std::thread([] { std::this_thread::sleep_for(std::chrono::milliseconds(300)); }).detach();
    }
    while ((mode == "idle-helper" || mode == "ended-helper") && !announced)
        time::sleep(std::chrono::milliseconds(1));
    std::cout << "main waits\n";
    c.recv();
    std::cout << "closed\n";
}
