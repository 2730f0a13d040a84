// (b) Cancellation propagation through a tree of derived contexts.
// main derives a cancelCtx from a valueCtx and hands it to f1..f4:
//
//     f1 uses the parent cancelCtx directly,
//     f2 derives WithCancel,
//     f3 derives WithValue,
//     f4 derives WithCancel over WithValue.
//
// Each starts a goroutine that prints "goroutine created by fN exit" once its
// context's Done channel is closed. main cancels after 300ms, then sleeps 1s.
// NOTE: the four lines are printed by four different goroutines woken by the
// same cancel; their relative ORDER IS NOT SPECIFIED by Go. Compare as a set.
// Each line is written with one stream insertion, so concurrent goroutines
// never interleave parts of lines.
#include <gocpp/gocpp.hpp>

#include <iostream>

using namespace gocpp;

void f1(context::Context ctx) {
    go([=] {
        switch (select(recv(ctx.done()))) {
            case 0:
                std::cout << "goroutine created by f1 exit\n";
        }
    });
}

void f2(context::Context ctx) {
    auto [ctx1, _] = context::with_cancel(ctx);
    // [ctx1 = ctx1]: copies the structured binding (clang before 16 cannot capture one).
    go([ctx1 = ctx1] {
        switch (select(recv(ctx1.done()))) {
            case 0:
                std::cout << "goroutine created by f2 exit\n";
        }
    });
}

void f3(context::Context ctx) {
    auto ctx1 = context::with_value(ctx, "key3", "value3");
    go([=] {
        switch (select(recv(ctx1.done()))) {
            case 0:
                std::cout << "goroutine created by f3 exit\n";
        }
    });
}

void f4(context::Context ctx) {
    auto ctx1 = context::with_value(ctx, "key4", "value4");
    auto [ctx2, _] = context::with_cancel(ctx1);
    go([ctx2 = ctx2] {
        switch (select(recv(ctx2.done()))) {
            case 0:
                std::cout << "goroutine created by f4 exit\n";
        }
    });
}

int main() {
    auto valueCtx = context::with_value(context::background(), "key0", "value0");
    auto [cancelCtx, cf] = context::with_cancel(valueCtx);
    f1(cancelCtx);
    f2(cancelCtx);
    f3(cancelCtx);
    f4(cancelCtx);

    time::sleep(300 * time::millisecond);
    cf();
    time::sleep(1 * time::second);
}
