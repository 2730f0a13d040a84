// (f) Cancel propagation from a parent deadline to per-call child deadlines.
// Scaled times (original: parent 1s, child 800ms):
//
//     parent with_timeout  = 500ms
//     child  with_timeout  = 400ms (per slowFunc call)
//     simulated work       = 750ms (time::after; always slower than the child)
//
// Query 0: child deadline (400ms) fires -> "child context err: context deadline exceeded".
// Query 1 starts at ~400ms: the parent's deadline (500ms) is earlier than the
// child's (800ms), so the child is ended by the PARENT's deadline at ~500ms and
// its err() is the parent's deadline_exceeded. The loop then sees the parent done.
// (Query 1 must start before 500ms: 100ms of slack for a loaded machine.)
#include <gocpp/gocpp.hpp>

#include <iostream>

using namespace gocpp;

constexpr time::Duration parentTimeout = 500 * time::millisecond;
constexpr time::Duration childTimeout = 400 * time::millisecond;
constexpr time::Duration workTime = 750 * time::millisecond;

void slowFunc(context::Context ctx, int i) {
    auto [childCtx, cancel] = context::with_timeout(ctx, childTimeout);
    defer _{cancel};
    switch (select(recv(childCtx.done()), recv(time::after(workTime)))) {
        case 0:
            std::cout << "child context err: " << childCtx.err() << '\n';
            break;
        case 1:
            std::cout << "query " << i << " done\n";
            break;
    }
}

int main() {
    auto [ctx, cancel] = context::with_timeout(context::background(), parentTimeout);
    defer _{cancel};
    for (int i = 0;; i++) {
        switch (select(recv(ctx.done()), default_)) {
            case 0:
                std::cout << "parent context err: " << ctx.err() << '\n';
                return 0;
            default:
                std::cout << "query No. " << i << '\n';
                slowFunc(ctx, i);
        }
    }
}
