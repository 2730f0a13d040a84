// Channel operations that must block forever, proven by the deadlock report:
// main does the operation with no other goroutine alive, so the program can
// only stop with "fatal error: all goroutines are asleep - deadlock!" and
// main's wait reason (exit status 2). An operation that wrongly completes
// prints "completed" and returns 0; one that busy-waits hits the time limit.
//
//   chan_forever nil-recv2        v, ok := <-c on a nil channel
//   chan_forever nil-range        for v := range c on a nil channel
//   chan_forever nil-send-void    c <- struct{}{} on a nil chan struct{}
//   chan_forever recv-empty       <-c on an empty buffered channel
//   chan_forever send-full        c <- 2 on a full buffered channel
//   chan_forever select-empty     select {}
//   chan_forever select-nil       select { case <-nil: case nil <- 7: }
//   chan_forever select-self      select { case c <- 1: case <-c: } (never pairs with itself)
//   chan_forever select-not-ready select over open channels that nobody uses
#include <gocpp/gocpp.hpp>

#include <iostream>
#include <string>

using namespace gocpp;

int main(int argc, char** argv) {
    const std::string mode = argc > 1 ? argv[1] : "";

    if (mode == "nil-recv2") {
        chan<int> c;
        auto [v, ok] = c.recv2();
        std::cout << v << ok << '\n';
    } else if (mode == "nil-range") {
        chan<int> c;
        for (int v : c)
            std::cout << v << '\n';
    } else if (mode == "nil-send-void") {
        chan<void> c;
        c.send();
    } else if (mode == "recv-empty") {
        auto c = make_chan<int>(3);
        c.recv();
    } else if (mode == "send-full") {
        auto c = make_chan<int>(1);
        c.send(1);
        c.send(2);
    } else if (mode == "select-empty") {
        select();
    } else if (mode == "select-nil") {
        chan<int> nil;
        select(recv(nil), send(nil, 7));
    } else if (mode == "select-self") {
        auto c = make_chan<int>();
        select(send(c, 1), recv(c));
    } else if (mode == "select-not-ready") {
        auto a = make_chan<int>();
        auto b = make_chan<int>(1);
        b.send(1);
        int v = 0;
        select(recv(a, v), send(b, 2));
    } else {
        std::cout << "unknown case\n";
        return 1;
    }
    std::cout << "completed\n";
    return 0;
}
