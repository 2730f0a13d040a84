// Example (c): a custom Context type that overrides done() and err(). Its
// child cannot link to a library cancel context, so with_cancel starts one
// watcher goroutine (num_goroutine shows it). cancel sends on the unbuffered
// done channel and only then sets err: the watcher must not run before the
// sender continues (Go's handoff keeps the sender running), or it would find
// err nil and panic "context: internal error: missing cancel error".
// Times are scaled down from the Go program (300 ms and 1 s).
#include <gocpp/context.hpp>
#include <gocpp/gocpp.hpp>
#include <gocpp/time.hpp>

#include <iostream>
#include <mutex>

using namespace gocpp;

struct myCancelCtx : context::ContextBase {
    using ContextBase::ContextBase;
    chan<void> done_ch = make_chan<void>();
    mutable std::mutex mu;  // Go's version races on err; the order of events is kept
    error err_;

    recv_chan<void> done() const override { return done_ch; }
    error err() const override {
        std::lock_guard lk(mu);
        return err_;
    }
};

context::cancel_result WithMyCancelCtx(context::Context parent) {
    auto myCtx = std::make_shared<myCancelCtx>(parent);
    return {myCtx, [myCtx] {
                myCtx->done_ch.send();
                std::lock_guard lk(myCtx->mu);
                myCtx->err_ = context::canceled;
            }};
}

void f1(context::Context ctx) {
    auto [ctx1, cancel1] = context::with_cancel(ctx);
    go([ctx1 = ctx1] {
        switch (select(recv(ctx1.done()))) {
            case 0:
                std::cout << "goroutine created by f1 exit" << std::endl;
        }
    });
}

int main() {
    auto valueCtx = context::with_value(context::background(), "key0", "value0");
    std::cout << "before f1: " << num_goroutine() << std::endl;

    auto [myCtx, mycf] = WithMyCancelCtx(valueCtx);
    f1(myCtx);
    std::cout << "after f1: " << num_goroutine() << std::endl;

    time::sleep(30 * time::millisecond);
    mycf();
    time::sleep(200 * time::millisecond);
}
