// (f) Cancel propagation from a parent deadline to per-call child deadlines.
// The article's times (the Go reference runs them scaled by 1/10; the output
// is the same, and the full 200ms between the child's deadline and the
// parent's keeps a loaded machine from skipping query 1):
//
//     parent with_timeout  = 1s
//     child  with_timeout  = 800ms (per slowFunc call)
//     simulated work       = 1.5s (time::after; always slower than the child)
//
// Query 0: child deadline (800ms) fires -> "child context err: context deadline exceeded".
// Query 1 starts at ~800ms: the parent's deadline (1s) is earlier than the
// child's (1.6s), so the child is ended by the PARENT's deadline at ~1s and
// its err() is the parent's deadline_exceeded. The loop then sees the parent done.
#include <gocpp/gocpp.hpp>

#include <iostream>

using namespace gocpp;

constexpr time::Duration parentTimeout = 1 * time::second;
constexpr time::Duration childTimeout = 800 * time::millisecond;
constexpr time::Duration workTime = 1500 * time::millisecond;

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
