// Deadline contexts: Go's timerCtx, WithDeadline(Cause), WithTimeout(Cause).
// The deadline is an entry in the runtime's timer queue whose fire()
// cancels the context on a scheduler thread.
#include "internal.hpp"

#include <mutex>

namespace gocpp::context {

namespace detail {

// The timer queue entry of one deadline context. It keeps the context alive
// while pending; whoever wins the entry (fire(), or a cancel whose
// timer_stop() succeeds) drops that reference.
class deadline_timer final : public gocpp::detail::timer {
  public:
    deadline_timer(std::shared_ptr<timer_ctx> c, error cause)
        : ctx(std::move(c)), cause_(std::move(cause)) {}

    void fire(gocpp::detail::clock::time_point) override {
        std::shared_ptr<timer_ctx> c = std::move(ctx);
        if (c) c->cancel(true, deadline_exceeded, cause_);
    }

    std::shared_ptr<timer_ctx> ctx;

  private:
    const error cause_;
};

timer_ctx::timer_ctx(Context parent, time::Time d) : cancel_ctx(std::move(parent)), deadline_(d) {
    native_access::set_kind(*this, kind_timer);
}

timer_ctx::~timer_ctx() {
    if (timer_ != nullptr) timer_->release();
}

std::string timer_ctx::string() const {
    return context_name(this);
}

void timer_ctx::start_timer(const error& cause) {
    std::lock_guard lk(mu_);
    if (canceled_locked()) return;
    auto* t = new deadline_timer(std::static_pointer_cast<timer_ctx>(shared_from_this()), cause);
    timer_ = t;
    gocpp::detail::timer_start(t, deadline_);
}

void timer_ctx::on_canceled(release_list& rl) {
    std::lock_guard lk(mu_);
    if (timer_ == nullptr) return;
    // Stopped before firing: fire() will never run, so its reference to
    // this context is ours to drop. Otherwise fire() drops it.
    if (gocpp::detail::timer_stop(timer_)) rl.ctxs.push_back(std::move(timer_->ctx));
    rl.timers.push_back(timer_);
    timer_ = nullptr;
}

}  // namespace detail

cancel_result with_deadline_cause(const Context& parent, time::Time d, error cause) {
    if (!parent) detail::panic_nil_parent();
    if (auto [cur, ok] = parent.deadline(); ok && cur < d) {
        // The current deadline is already sooner than the new one.
        return with_cancel(parent);
    }
    auto c = std::make_shared<detail::timer_ctx>(parent, d);
    c->propagate_cancel();
    if (time::until(d) <= time::Duration::zero()) {
        // The deadline has already passed.
        c->cancel(true, deadline_exceeded, cause);
        return {Context(c), detail::native_access::cancel_func(c, false)};
    }
    c->start_timer(cause);
    return {Context(c), detail::native_access::cancel_func(c, true)};
}

cancel_result with_deadline(const Context& parent, time::Time d) {
    return with_deadline_cause(parent, d, nullptr);
}

cancel_result with_timeout(const Context& parent, time::Duration timeout) {
    return with_deadline_cause(parent, time::now() + timeout, nullptr);
}

cancel_result with_timeout_cause(const Context& parent, time::Duration timeout, error cause) {
    return with_deadline_cause(parent, time::now() + timeout, std::move(cause));
}

}  // namespace gocpp::context
