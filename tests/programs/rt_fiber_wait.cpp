// Goroutines that block in Boost.Fiber's own primitives instead of gocpp's.
//
//   rt_fiber_wait issue     100 goroutines in this_fiber::sleep_for(1 h), main
//                           in sleep_for(50 ms): main's deadline (and theirs)
//                           is a pending wake-up, so the program is alive and
//                           exits 0 after 50 ms, as Go's equivalent does
//   rt_fiber_wait states    three goroutines in sleep_for(1 h): a snapshot
//                           lists them as "fiber wait", never "running"
//   rt_fiber_wait deadlock  main and two goroutines wait on a
//                           boost::fibers::condition_variable nobody
//                           notifies: a deadlock, every one "[fiber wait]"
#include <gocpp/gocpp.hpp>

#include <boost/fiber/all.hpp>

#include <chrono>
#include <iostream>
#include <mutex>
#include <string>

using namespace gocpp;

int main(int argc, char** argv) {
    const std::string mode = argc > 1 ? argv[1] : "";
    if (mode == "issue") {
        for (int i = 0; i < 100; ++i)
            gocpp::go([] { boost::this_fiber::sleep_for(std::chrono::hours(1)); });
        boost::this_fiber::sleep_for(std::chrono::milliseconds(50));
    } else if (mode == "states") {
        for (int i = 0; i < 3; ++i)
            go([] { boost::this_fiber::sleep_for(std::chrono::hours(1)); });
        for (;;) {
            int waiting = 0;
            for (const auto& g : debug::goroutines())
                waiting += g.id != 1 && g.waiting ? 1 : 0;
            if (waiting == 3) break;
            time::sleep(std::chrono::milliseconds(1));
        }
        for (const auto& g : debug::goroutines())
            std::cout << (g.id == 1 ? "main " : "goroutine ") << g.state << "\n";
    } else if (mode == "deadlock") {
        boost::fibers::mutex mu;
        boost::fibers::condition_variable cv;
        for (int i = 0; i < 2; ++i) {
            go([&] {
                std::unique_lock lk(mu);
                cv.wait(lk);
            });
        }
        std::unique_lock lk(mu);
        cv.wait(lk);
    }
}
