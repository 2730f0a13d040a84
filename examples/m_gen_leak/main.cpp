// genLeaky() without a context leaks its goroutine when the consumer stops
// early; gen(ctx) does not, once cancel is called.
//
// The leak check (debug::checkpoint / debug::verify_no_leaks) runs silently,
// because Go's output has no line for it and this program prints exactly
// Go's output: it must find genLeaky's goroutine still alive and nothing left
// by gen(ctx). If either check fails, the program says why on stderr and
// exits with status 1.
#include <gocpp/gocpp.hpp>

#include <chrono>
#include <iostream>
#include <string>

using namespace gocpp;

recv_chan<int> genLeaky() {
    auto ch = make_chan<int>();
    go([=] {
        int n = 0;
        for (;;) {
            ch.send(n);
            n++;
            time::sleep(time::millisecond);
        }
    });
    return ch;
}

recv_chan<int> gen(context::Context ctx) {
    auto ch = make_chan<int>();
    go([=] {
        int n = 0;
        for (;;) {
            switch (select(recv(ctx.done()), send(ch, n))) {
                case 0:
                    return;
                case 1:
                    n++;
                    time::sleep(time::millisecond);
            }
        }
    });
    return ch;
}

int main() {
    std::cout << "start: " << num_goroutine() << '\n';
    auto beforeLeaky = debug::checkpoint();
    for (int n : genLeaky()) {
        if (n == 5) {
            break;
        }
    }
    time::sleep(20 * time::millisecond);
    std::cout << "after leaky gen: " << num_goroutine() << '\n';
    // Leak check: genLeaky's goroutine is blocked for good sending on ch
    // (one look, no wait: it is not expected to exit).
    auto leaky = debug::verify_no_leaks(beforeLeaky, std::chrono::milliseconds(0));
    if (leaky.leaked.size() != 1 ||
        leaky.leaked[0].created_by.find("genLeaky") == std::string::npos ||
        leaky.leaked[0].state != "chan send") {
        std::cerr << "leak check did not report genLeaky's goroutine (blocked on chan send):\n"
                  << leaky.report();
        return 1;
    }

    auto [ctx, cancel] = context::with_cancel(context::background());
    defer _{cancel};
    auto beforeGen = debug::checkpoint();
    for (int n : gen(ctx)) {
        if (n == 5) {
            cancel();
            break;
        }
    }
    time::sleep(20 * time::millisecond);
    std::cout << "after gen(ctx): " << num_goroutine() << '\n';
    // Leak check: gen(ctx)'s goroutine has returned.
    if (auto leaks = debug::verify_no_leaks(beforeGen); !leaks.ok()) {
        std::cerr << "leak check: gen(ctx) leaked\n" << leaks.report();
        return 1;
    }
}
