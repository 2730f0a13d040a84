// Deadline contexts: Go's timerCtx, WithDeadline(Cause), WithTimeout(Cause).
// The deadline is an entry in the runtime's timer queue whose fire()
// cancels the context on a scheduler thread.
#include "internal.hpp"

#include <mutex>

namespace gocpp::detail {

timer_ctx::timer_ctx(context::Context parent, time::Time d)
    : cancel_ctx(std::move(parent)), deadline_(d) {
    native_access::set_kind(*this, kind_timer);
}

std::string timer_ctx::string() const {
    return context_name(this);
}

// The entry's reference count counts only the queue's holds (queued,
// firing) plus the one start_timer() holds while queueing it; destroy() runs
// when the last of them goes. fire() and destroy() run on a scheduler thread
// outside any lock, cancel's release happens after its locks are released.
void timer_ctx::deadline_entry::fire(clock::time_point) {
    owner_->cancel(true, context::deadline_exceeded, owner_->cause_on_fire_);
}

void timer_ctx::deadline_entry::destroy() noexcept {
    // The queue is done with the entry: the context may go now, perhaps
    // right here (this is the last access to the entry).
    std::shared_ptr<timer_ctx> self = std::move(owner_->pending_self_);
}

void timer_ctx::start_timer(std::shared_ptr<timer_ctx> self, error cause) {
    {
        std::lock_guard lk(mu_);
        if (canceled_locked()) return;
        started_ = true;
        cause_on_fire_ = std::move(cause);
        pending_self_ = std::move(self);
        timer_start(&entry_, deadline_);
    }
    entry_.release();  // start_timer's own hold; the queue holds one now
}

void timer_ctx::on_canceled(release_list& rl) {
    std::lock_guard lk(mu_);
    if (!started_) return;
    started_ = false;
    // Stopped before firing, or fired (or firing): either way the entry's
    // last release, done after every lock is released, lets the context go.
    // If the queue is already done with it (it fired and lost this
    // cancellation), its destroy() has let go already.
    if (!entry_.try_add_ref()) return;
    timer_stop(&entry_);
    rl.timers.push_back(&entry_);
}

}  // namespace gocpp::detail

namespace gocpp::context {

namespace {

// WithDeadlineCause. timeout_hint is the timeout when called from
// with_timeout, whose deadline is now() + timeout: a deadline a millisecond
// or more away has not passed between two statements, so the second clock
// read (Go's time.Until(d)) is skipped; reading the clock is a fifth of the
// cost of a with_timeout/cancel pair.
cancel_result with_deadline_impl(const Context& parent, time::Time d, error cause,
                                 time::Duration timeout_hint) {
    if (!parent) detail::panic_nil_parent();
    if (auto [cur, ok] = parent.deadline(); ok && cur < d) {
        // The current deadline is already sooner than the new one.
        return with_cancel(parent);
    }
    auto c = std::make_shared<detail::timer_ctx>(parent, d);
    c->propagate_cancel(c);
    Context ctx(c);
    const bool surely_ahead = timeout_hint >= std::chrono::milliseconds(1);
    if (!surely_ahead && time::until(d) <= time::Duration::zero()) {
        // The deadline has already passed.
        c->cancel(true, deadline_exceeded, cause);
        return {std::move(ctx), detail::native_access::cancel_func(std::move(c), false)};
    }
    c->start_timer(c, std::move(cause));
    return {std::move(ctx), detail::native_access::cancel_func(std::move(c), true)};
}

}  // namespace

cancel_result with_deadline_cause(const Context& parent, time::Time d, error cause) {
    return with_deadline_impl(parent, d, std::move(cause), time::Duration::zero());
}

cancel_result with_deadline(const Context& parent, time::Time d) {
    return with_deadline_impl(parent, d, nullptr, time::Duration::zero());
}

cancel_result with_timeout(const Context& parent, time::Duration timeout) {
    return with_deadline_impl(parent, time::now() + timeout, nullptr, timeout);
}

cancel_result with_timeout_cause(const Context& parent, time::Duration timeout, error cause) {
    return with_deadline_impl(parent, time::now() + timeout, std::move(cause), timeout);
}

}  // namespace gocpp::context
