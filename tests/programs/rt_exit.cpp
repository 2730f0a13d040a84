// Returns from main while other goroutines still exist. As in Go, the
// process must end at once with status 0 and with what main printed.
//
//   rt_exit blocked     four goroutines parked forever: on a receive nobody
//                       answers, on a send to a full channel, on a nil
//                       channel, in select {}
//   rt_exit spin-yield  one goroutine calls gosched() forever
//   rt_exit busy        two goroutines pass a value back and forth forever
//   rt_exit os-exit     a goroutine calls os_exit(3) while main waits: status
//                       3, output kept, main's defers do not run
#include <gocpp/gocpp.hpp>

#include <atomic>
#include <cstdlib>
#include <iostream>
#include <string>

using namespace gocpp;

int main(int argc, char** argv) {
    const std::string mode = argc > 1 ? argv[1] : "";

    if (mode == "blocked") {
        auto parked = make_chan<int>(4);
        auto never = make_chan<int>();
        auto full = make_chan<int>(1);
        full.send(0);
        chan<int> nil;
        go([=] {
            parked.send(1);
            never.recv();
        });
        go([=] {
            parked.send(2);
            full.send(1);
        });
        go([=] {
            parked.send(3);
            nil.recv();
        });
        go([=] {
            parked.send(4);
            select();
        });
        int sum = 0;
        for (int i = 0; i < 4; i++)
            sum += parked.recv();
        std::cout << "goroutines about to block: " << (sum == 10 ? 4 : -1) << '\n';
    } else if (mode == "spin-yield") {
        auto started = make_chan<void>();
        go([=] {
            started.send();
            for (;;)
                gosched();
        });
        started.recv();
    } else if (mode == "busy") {
        auto ping = make_chan<int>();
        auto pong = make_chan<int>();
        auto started = make_chan<void>(1);
        go([=] {
            started.send();
            for (;;)
                pong.send(ping.recv() + 1);
        });
        go([=] {
            ping.send(0);
            for (;;)
                ping.send(pong.recv() + 1);
        });
        started.recv();
    } else if (mode == "os-exit") {
        defer not_run{[] { std::cout << "BUG: deferred call ran\n"; }};
        auto never = make_chan<int>();
        go([] {
            std::cout << "goroutine exits the program\n";
            os_exit(3);
        });
        never.recv();
    } else {
        std::cout << "unknown case\n";
        return 1;
    }
    std::cout << "main returns\n";
    return 0;
}
