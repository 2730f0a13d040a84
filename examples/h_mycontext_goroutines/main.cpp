// A custom Context (MyContext) that overrides done() and err() sits between
// two with_cancel contexts, so with_cancel(myCon) must start one propagation
// goroutine; it exits when the custom parent is closed (variant "parent") or
// when the child is canceled (variant "child", `h_mycontext_goroutines child`).
// Note: the article's MyContext overrode Done() only; with Go's context
// package (and with gocpp's) that makes the propagation goroutine cancel the
// child with a nil error and panic ("context: internal error: missing cancel
// error"), so Close() here also sets the error that err() reports.
#include <gocpp/gocpp.hpp>

#include <iostream>
#include <mutex>
#include <string>

using namespace gocpp;

struct MyContext : context::ContextBase {
    MyContext(context::Context parent, chan<void> done)
        : ContextBase(std::move(parent)), done_(std::move(done)) {}

    chan<void> done_;
    mutable sync::Mutex mu;
    error err_;

    recv_chan<void> done() const override { return done_; }

    error err() const override {
        std::lock_guard lock(mu);  // mu.Lock(); defer mu.Unlock()
        return err_;
    }

    void Close() {
        mu.lock();
        err_ = context::canceled;
        mu.unlock();
        done_.close();
    }
};

int main(int argc, char* argv[]) {
    std::string variant = "parent";
    if (argc > 1) {
        variant = argv[1];
    }
    auto rootCtx = context::background();
    auto [ctx1, cancel1] = context::with_cancel(rootCtx);
    defer _{cancel1};
    std::cout << "goroutine num: " << num_goroutine() << '\n';
    auto myCon = std::make_shared<MyContext>(ctx1, make_chan<void>());
    auto [ctx2, cancel2] = context::with_cancel(myCon);
    defer defer_cancel2{cancel2};
    auto [ctx3, cancel3] = context::with_cancel(ctx2);
    defer defer_cancel3{cancel3};
    std::cout << "goroutine num: " << num_goroutine() << '\n';
    if (variant == "parent") {
        myCon->Close();
    } else {
        cancel2();
    }
    time::sleep(200 * time::millisecond);
    std::cout << "goroutine num: " << num_goroutine() << '\n';
    std::cout << "ctx2 err: " << ctx2.err() << '\n';
    std::cout << "ctx3 err: " << ctx3.err() << '\n';
    std::cout << "ctx1 err: " << ctx1.err() << '\n';
}
