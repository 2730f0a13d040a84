// (e) with_timeout(10ms) raced against time::after(1s) in a select.
#include <gocpp/gocpp.hpp>

#include <iostream>

using namespace gocpp;

int main() {
    auto [ctx, cancel] = context::with_timeout(context::background(), 10 * time::millisecond);
    defer _{cancel};

    switch (select(recv(time::after(1 * time::second)), recv(ctx.done()))) {
        case 0:
            std::cout << "overslept\n";
            break;
        case 1:
            std::cout << ctx.err() << '\n';  // prints "context deadline exceeded"
            break;
    }
}
