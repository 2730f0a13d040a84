// (c) A custom Context type that overrides done() and err().
// Because myCancelCtx is not one of the context package's own types,
// context::with_cancel(myCtx) cannot link the child into a parent cancelCtx's
// children; propagateCancel instead starts ONE extra goroutine that waits
// on parent.done() / child.done(). num_goroutine() shows it.
//
// Caveat reproduced on purpose: mycf() sends on the unbuffered done channel and
// only THEN sets myCtx->err. The propagation goroutine receives that value and
// cancels the child with parent.err(). If it ran before mycf set err,
// parent.err() would be nil and the context package would panic with
// "context: internal error: missing cancel error". With Go's scheduler (and
// gocpp's) the sender keeps running after the hand-off, so err is set first.
// Go's version reads and writes err without a lock (`go run -race` reports a
// DATA RACE); in C++ that would be undefined behaviour, so a mutex guards err
// here. The order of events is Go's.
#include <gocpp/gocpp.hpp>

#include <iostream>
#include <mutex>

using namespace gocpp;

struct myCancelCtx : context::ContextBase {
    myCancelCtx(context::Context parent, chan<void> done)
        : ContextBase(std::move(parent)), done_(std::move(done)) {}

    chan<void> done_;
    mutable sync::Mutex mu;  // guards err_
    error err_;

    recv_chan<void> done() const override { return done_; }

    error err() const override {
        std::lock_guard lock(mu);
        return err_;
    }
};

context::cancel_result WithMyCancelCtx(context::Context parent) {
    auto myCtx = std::make_shared<myCancelCtx>(parent, make_chan<void>());

    return {myCtx, [myCtx] {
                myCtx->done_.send();
                std::lock_guard lock(myCtx->mu);
                myCtx->err_ = context::canceled;
            }};
}

void f1(context::Context ctx) {
    auto [ctx1, _] = context::with_cancel(ctx);
    // [ctx1 = ctx1]: copies the structured binding (clang before 16 cannot capture one).
    go([ctx1 = ctx1] {
        switch (select(recv(ctx1.done()))) {
            case 0:
                std::cout << "goroutine created by f1 exit\n";
        }
    });
}

int main() {
    auto valueCtx = context::with_value(context::background(), "key0", "value0");
    std::cout << "before f1: " << num_goroutine() << '\n';

    auto [myCtx, mycf] = WithMyCancelCtx(valueCtx);
    f1(myCtx);
    std::cout << "after f1: " << num_goroutine() << '\n';

    time::sleep(300 * time::millisecond);
    mycf();
    time::sleep(1 * time::second);
}
