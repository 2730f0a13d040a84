// (a) context package doc example for WithCancel (ExampleWithCancel, Go 1.19
// src/context/example_test.go), as a standalone program.
#include <gocpp/gocpp.hpp>

#include <iostream>

using namespace gocpp;

int main() {
    // gen generates integers in a separate goroutine and
    // sends them to the returned channel.
    // The callers of gen need to cancel the context once
    // they are done consuming generated integers not to leak
    // the internal goroutine started by gen.
    auto gen = [](context::Context ctx) -> recv_chan<int> {
        auto dst = make_chan<int>();
        int n = 1;
        go([=]() mutable {
            for (;;) {
                switch (select(recv(ctx.done()), send(dst, n))) {
                    case 0:
                        return;  // returning not to leak the goroutine
                    case 1:
                        n++;
                }
            }
        });
        return dst;
    };

    auto [ctx, cancel] = context::with_cancel(context::background());
    defer _{cancel};  // cancel when we are finished consuming integers

    for (int n : gen(ctx)) {
        std::cout << n << '\n';
        if (n == 5) {
            break;
        }
    }
}
