// A background job (a courier's position, pushed every "second") that stops
// when its context is canceled. Scaled: one "second" is 100ms; the caller
// cancels after 550ms, so exactly 6 positions are sent (each round may run
// 10ms late on a loaded machine and the count still holds).
#include <gocpp/gocpp.hpp>

#include <iostream>

using namespace gocpp;

constexpr time::Duration second = 100 * time::millisecond;

void Perform(context::Context ctx, send_chan<int> out) {
    int pos = 0;
    for (;;) {
        pos++;
        out.send(pos);  // calculatePos + sendResult
        switch (select(recv(ctx.done()), recv(time::after(second)))) {
            case 0:
                out.close();
                return;
            case 1:
                break;
        }
    }
}

int main() {
    auto [ctx, cancel] = context::with_timeout(context::background(), time::hour);
    auto out = make_chan<int>(100);
    go(Perform, ctx, out);
    time::sleep(5 * second + second / 2);
    cancel();
    for (int p : out) {
        std::cout << "position " << p << '\n';
    }
    std::cout << "stopped: " << ctx.err() << '\n';
}
