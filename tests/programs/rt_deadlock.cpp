// Every goroutine blocked and nothing left that could wake one: the program
// must stop as Go's does, with "fatal error: all goroutines are asleep -
// deadlock!", a blank line and the goroutines, main first, with Go's wait
// reasons; exit status 2.
//
//   rt_deadlock select-empty          main: select {}
//   rt_deadlock nil-recv              main: <-c on a nil channel
//   rt_deadlock nil-send              main: c <- 1 on a nil channel
//   rt_deadlock unbuffered-self-send  main: c <- 1, nobody receives
//   rt_deadlock mutual                main waits for a goroutine that waits for main
//   rt_deadlock many                  ten goroutines wait on a receive, main on a nil send
//   rt_deadlock range                 main ranges over a channel nobody closes
//   rt_deadlock forgot-send           the only sender exits without sending
//   rt_deadlock after-work            a pipeline moves 20000 values, then every stage waits
#include <gocpp/gocpp.hpp>

#include <chrono>
#include <iostream>
#include <string>

using namespace gocpp;

int main(int argc, char** argv) {
    const std::string mode = argc > 1 ? argv[1] : "";

    if (mode == "select-empty") {
        select();
    } else if (mode == "nil-recv") {
        chan<int> c;
        c.recv();
    } else if (mode == "nil-send") {
        chan<int> c;
        c.send(1);
    } else if (mode == "unbuffered-self-send") {
        auto c = make_chan<int>();
        c.send(1);
    } else if (mode == "mutual") {
        auto a = make_chan<int>();
        auto b = make_chan<int>();
        go([=] {
            a.recv();
            b.send(1);
        });
        b.recv();
        a.send(1);
    } else if (mode == "many") {
        auto c = make_chan<int>();
        for (int i = 0; i < 10; i++)
            go([=] { c.recv(); });
        chan<int> nil;
        nil.send(1);
    } else if (mode == "range") {
        auto c = make_chan<int>();
        for (int v : c)
            std::cout << v << '\n';
    } else if (mode == "forgot-send") {
        auto result = make_chan<int>();
        go([=] {
            int answer = 6 * 7;
            (void)answer;  // forgets result <- answer
        });
        std::cout << result.recv() << '\n';
    } else if (mode == "after-work") {
        // Four stages; the last one reports its sum and then every stage
        // waits for more input that never comes.
        auto head = make_chan<int>();
        chan<int> in = head;
        for (int s = 0; s < 4; s++) {
            auto out = make_chan<int>(s);
            go([=] {
                for (;;)
                    out.send(in.recv() + 1);
            });
            in = out;
        }
        auto sum = make_chan<long>();
        go([=] {
            long total = 0;
            for (int i = 0; i < 20000; i++)
                total += in.recv();
            sum.send(total);
            in.recv();
        });
        for (int i = 0; i < 20000; i++)
            head.send(i);
        std::cout << "sum " << sum.recv() << '\n';
        head.recv();
    } else {
        std::cout << "unknown case\n";
        return 1;
    }
    std::cout << "not reached\n";
    return 0;
}
