// Threads outside the runtime (plain std::threads) using channels.
//
//   chan_outside_thread close         the thread closes a channel that main and a
//                                     goroutine are blocked on; both wake with
//                                     ok == false
//   chan_outside_thread send          the thread sends two values into a buffered
//                                     channel that main and a goroutine wait on
//   chan_outside_thread block-recv    the thread blocks receiving until a
//                                     goroutine sends
//   chan_outside_thread block-send    the thread blocks sending on an unbuffered
//                                     channel until main receives
//   chan_outside_thread block-select  the thread blocks in a select until a
//                                     goroutine closes one of its channels
//
// The thread first waits a little, so that main and the goroutine are parked
// (and every scheduler thread is idle) when it acts; the program must then
// neither hang nor report a deadlock.
#include <gocpp/gocpp.hpp>

#include <chrono>
#include <iostream>
#include <string>
#include <thread>

using namespace gocpp;

namespace {
std::string str(bool ok) {
    return ok ? "true" : "false";
}
void wait_a_little() {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
}
}  // namespace

int main(int argc, char** argv) {
    const std::string mode = argc > 1 ? argv[1] : "";
    // The runtime starts on first use, which must be on main's thread; the
    // other thread may use channels only after that.
    (void)gomaxprocs();
    if (mode == "close" || mode == "send") {
        auto c = make_chan<int>(mode == "send" ? 2 : 0);
        auto about_to_block = make_chan<void>(1);
        auto woke = make_chan<std::string>(1);
        go([=] {
            about_to_block.send();
            auto [v, ok] = c.recv2();
            woke.send("goroutine woke: " + std::to_string(v) + " " + str(ok));
        });
        about_to_block.recv();
        std::thread t([c, mode] {
            wait_a_little();
            if (mode == "send") {
                c.send(1);
                c.send(2);
            } else {
                c.close();
            }
        });
        auto [v, ok] = c.recv2();
        t.join();
        std::cout << "main woke: " << v << ' ' << str(ok) << '\n';
        std::cout << woke.recv() << '\n';
    } else if (mode == "block-recv") {
        auto c = make_chan<int>();
        std::thread t([c] { std::cout << "thread got " << c.recv() << '\n'; });
        auto done = make_chan<void>();
        go([=] {
            wait_a_little();
            c.send(7);
            done.close();
        });
        done.recv();
        t.join();
    } else if (mode == "block-send") {
        auto c = make_chan<int>();
        bool sent = false;
        std::thread t([c, &sent] {
            c.send(8);
            sent = true;
        });
        wait_a_little();
        const int got = c.recv();
        t.join();
        std::cout << "main got " << got << '\n' << "thread sent: " << str(sent) << '\n';
    } else if (mode == "block-select") {
        auto a = make_chan<int>();
        auto b = make_chan<int>();
        std::thread t([a, b] {
            int v = -1;
            bool ok = true;
            const int chosen = select(recv(a, v), recv(b, v, ok));
            std::cout << "thread select chose " << chosen << " ok " << str(ok) << '\n';
        });
        auto done = make_chan<void>();
        go([b, done] {
            wait_a_little();
            b.close();
            done.close();
        });
        done.recv();  // join() would block main's thread, and the goroutine may be queued on it
        t.join();
    } else {
        std::cout << "unknown case\n";
        return 1;
    }
    return 0;
}
