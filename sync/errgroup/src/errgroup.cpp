// errgroup after golang.org/x/sync/errgroup (with the cause-carrying
// cancellation of current x/sync), on sync::WaitGroup and a buffered
// channel as the limit's semaphore.
#include <gocpp/errgroup.hpp>

#include <gocpp/detail/spinlock.hpp>
#include <gocpp/errors.hpp>
#include <gocpp/panic.hpp>
#include <gocpp/runtime.hpp>
#include <gocpp/select.hpp>
#include <gocpp/sync/waitgroup.hpp>

#include <exception>
#include <mutex>
#include <string>

namespace gocpp::errgroup {

struct Group::state {
    context::CancelCauseFunc cancel;  // set by with_context, else empty
    sync::WaitGroup wg;

    gocpp::detail::spinlock mu;  // guards the fields below
    chan<void> sem;              // one buffered slot per active goroutine; nil: no limit
    bool failed = false;         // Go's errOnce
    error err;
    std::exception_ptr exception;

    chan<void> limit() {
        std::lock_guard lk(mu);
        return sem;
    }

    void fail(const error& e) {
        {
            std::lock_guard lk(mu);
            if (failed) return;
            failed = true;
            err = e;
        }
        if (cancel) cancel(e);
    }

    void fail_with_exception(std::exception_ptr p, const char* what) {
        {
            std::lock_guard lk(mu);
            if (exception) return;
            exception = std::move(p);
        }
        if (cancel) cancel(errors::new_(what));
    }

    // The goroutine's body. `slot` is the semaphore it took a slot of (nil
    // without a limit); the slot is released before wg.done(), as Go's
    // g.done() does.
    static void run(const std::shared_ptr<state>& s, const chan<void>& slot,
                    const std::function<error()>& f) {
        struct finish {
            state* s;
            const chan<void>& slot;
            ~finish() {
                if (slot != nullptr) slot.recv();
                s->wg.done();
            }
        } guard{s.get(), slot};
        error e;
        try {
            // Go calls a nil f in the goroutine: a nil dereference panic.
            if (!f)
                throw panic_error(
                    "runtime error: invalid memory address or nil pointer dereference");
            e = f();
        } catch (const std::exception& ex) {
            s->fail_with_exception(std::current_exception(), ex.what());
            return;
        }
        if (e) s->fail(e);
    }

    void start(std::shared_ptr<state> self, chan<void> slot, std::function<error()> f) {
        wg.add(1);
        gocpp::go([self = std::move(self), slot = std::move(slot), f = std::move(f)] {
            run(self, slot, f);
        });
    }
};

Group::Group() : s_(std::make_shared<state>()) {}
Group::Group(std::shared_ptr<state> s) noexcept : s_(std::move(s)) {}
Group::~Group() = default;

void Group::go(std::function<error()> f) {
    chan<void> slot = s_->limit();
    if (slot != nullptr) slot.send();
    s_->start(s_, std::move(slot), std::move(f));
}

bool Group::try_go(std::function<error()> f) {
    chan<void> slot = s_->limit();
    if (slot != nullptr) {
        // Note: this allows barging iff channels in general allow barging.
        if (select(send(slot), default_) != 0) return false;
    }
    s_->start(s_, std::move(slot), std::move(f));
    return true;
}

error Group::wait() {
    s_->wg.wait();
    error err;
    std::exception_ptr ex;
    {
        std::lock_guard lk(s_->mu);
        err = s_->err;
        ex = s_->exception;
    }
    if (s_->cancel) s_->cancel(err);
    if (ex) std::rethrow_exception(ex);
    return err;
}

void Group::set_limit(int n) {
    std::lock_guard lk(s_->mu);
    if (n < 0) {
        s_->sem = nullptr;
        return;
    }
    if (std::size_t active = s_->sem.len(); active != 0) {
        throw panic_error("errgroup: modify limit while " + std::to_string(active) +
                          " goroutines in the group are still active");
    }
    s_->sem = make_chan<void>(n);
}

with_context_result with_context(const context::Context& ctx) {
    auto [c, cancel] = context::with_cancel_cause(ctx);
    auto s = std::make_shared<Group::state>();
    s->cancel = std::move(cancel);
    return {Group(std::move(s)), std::move(c)};
}

}  // namespace gocpp::errgroup
