// The library's own context types and the cancel tree, after Go's
// context.go (emptyCtx, cancelCtx, timerCtx, valueCtx, withoutCancelCtx,
// afterFuncCtx).
//
// Locking. Each cancel context has one spin lock (mu_) guarding its err,
// cause, done channel, its list of children, and the registration fields
// (link_*) of those children. Lock order is parent before child. Canceling
// walks the subtree depth first holding the locks of the path from the
// canceled context down to the current node, as Go's recursive cancel does,
// but with an explicit stack (goroutine stacks are fixed-size here). Nothing
// parks while holding these locks: closing a channel readies goroutines,
// go() starts one, timer_stop() takes the timer queue's spin lock. So
// cancellation can run on a scheduler thread from a timer callback.
//
// Ownership. A child linked into its parent's list is kept alive by the
// parent (link_keep_), like Go's children map; a pending deadline timer and a
// watcher goroutine keep their context alive too. These references are
// dropped on cancellation, after every lock is released (release_list), so
// no destructor (user values included) runs under a lock.
#pragma once

#include <gocpp/context.hpp>
#include <gocpp/context/detail/hooks.hpp>
#include <gocpp/detail/immortal.hpp>
#include <gocpp/detail/spinlock.hpp>
#include <gocpp/detail/timer.hpp>

#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace gocpp::detail {

enum kind : std::uint8_t {
    kind_custom = 0,
    kind_empty,
    kind_cancel,  // cancel_ctx and after_func_ctx
    kind_timer,
    kind_value,
    kind_without_cancel,
};

struct native_access {
    static void set_kind(context::ContextBase& c, kind k) noexcept { c.native_kind_ = k; }
    static kind kind_of(const context::ContextBase* c) noexcept {
        return static_cast<kind>(c->native_kind_);
    }
    static const context::ContextBase* parent_of(const context::ContextBase* c) noexcept {
        return c->parent_.get();
    }
    static context::CancelFunc cancel_func(std::shared_ptr<cancel_ctx> c, bool remove_from_parent) {
        return context::CancelFunc(std::move(c), remove_from_parent);
    }
    static context::CancelCauseFunc cancel_cause_func(std::shared_ptr<cancel_ctx> c) {
        return context::CancelCauseFunc(std::move(c));
    }
};

// Go's &cancelCtxKey: a key only this library can make. value() with it
// finds the nearest cancel context.
struct cancel_key_t {
    friend bool operator==(cancel_key_t, cancel_key_t) noexcept { return true; }
};
const any& cancel_key();
inline bool is_cancel_key(const any& key) noexcept {
    return key.type() == typeid(cancel_key_t);
}

// A channel closed once, shared by every context canceled before anyone
// asked for its done() (Go's closedchan).
const chan<void>& closed_chan();

[[noreturn]] void panic_nil_parent();

class cancel_ctx;

// References to drop once every lock is released.
struct release_list {
    std::vector<std::shared_ptr<cancel_ctx>> ctxs;
    std::vector<std::function<bool()>> fns;
    std::vector<timer*> timers;  // one reference each
};

class cancel_ctx : public context::ContextBase {
  public:
    explicit cancel_ctx(context::Context parent);

    context::deadline_result deadline() const override;
    recv_chan<void> done() const override;
    error err() const override;
    any value(const any& key) const override;
    std::string string() const override;
    // This context's own done()/err(), without virtual dispatch.
    recv_chan<void> done_own() const { return cancel_ctx::done(); }
    error err_own() const { return cancel_ctx::err(); }

    // Go's cancelCtx.cancel(removeFromParent, err, cause): closes done, sets
    // err and cause (cause == nil means err), cancels every linked
    // descendant, then (if asked) leaves the parent. err must not be nil.
    void cancel(bool remove_from_parent, const error& err, const error& cause);

    // Go's propagateCancel(parent, this), run once when the context is made;
    // self owns this context (there is no shared_from_this: its weak count
    // would cost two atomic operations per context).
    void propagate_cancel(const std::shared_ptr<cancel_ctx>& self);

    // Go's cancelCtxKey lookup result: this, as an any, without allocating
    // and without ownership. The lookup's caller holds a context whose
    // chain leads here, which keeps this one alive while it uses the
    // pointer; the key is the library's own, so no user code sees the value.
    any self_any() const;

    std::size_t children_count() const;
    std::vector<context::Context> children() const;
    // Go's p.done.Load(): the done channel if made yet (else nil).
    chan<void> done_loaded() const;

    // cause_ and err_, each read under the lock.
    error load_cause() const;

  protected:
    // Runs after this context (and its subtree) was canceled by this
    // cancellation, with this context's lock released but its ancestors'
    // locks (in this cancellation) still held. Must not block.
    virtual void on_canceled(release_list&) {}

    bool canceled_locked() const noexcept;

    mutable spinlock mu_;

  private:
    // Go's removeChild(c.Context, c); stop_parent is the registration
    // through an AfterFuncer parent, if any.
    void leave_parent(release_list& rl, std::function<bool()> stop_parent);
    // Sets err/cause and closes done; the caller holds mu_. False if it was
    // already canceled.
    bool mark_canceled_locked(const error& err, const error& cause);
    void link_child_locked(std::shared_ptr<cancel_ctx> child);
    // Under p's lock: joins p's children, or, if p is canceled already, is
    // canceled with p's error and cause (Go's propagateCancel once it found
    // p). make_parent_done: also make p's done channel (Go's parent.Done()).
    void link_to_or_inherit(cancel_ctx* p, const std::shared_ptr<cancel_ctx>& self,
                            bool make_parent_done);
    void unlink_child_locked(cancel_ctx* child, release_list& rl);

    // Guarded by mu_.
    mutable chan<void> done_;
    error err_;
    error cause_;
    cancel_ctx* first_child_ = nullptr;
    std::size_t nchildren_ = 0;
    std::function<bool()> stop_parent_;  // registration through an AfterFuncer

    // Guarded by link_parent_->mu_. link_parent_ is written once, before
    // the context is published, and never changes.
    cancel_ctx* link_parent_ = nullptr;
    cancel_ctx* link_prev_ = nullptr;
    cancel_ctx* link_next_ = nullptr;
    bool linked_ = false;
    std::shared_ptr<cancel_ctx> link_keep_;

    // What value(cancel_key()) returns, aliased to this context's ownership.
    any_box<const cancel_ctx*> self_box_{this};
};

// Go's timerCtx. Its deadline is an entry in the runtime's timer queue,
// embedded here (no allocation of its own). While the entry is queued or
// firing, pending_self_ keeps the context alive (Go's timer closure does
// that through the garbage collector); the entry drops it when the queue is
// done with it (destroy(), called outside every lock).
class timer_ctx final : public cancel_ctx {
  public:
    timer_ctx(context::Context parent, time::Time d);

    context::deadline_result deadline() const override { return {deadline_, true}; }
    std::string string() const override;

    // Queues the deadline timer unless already canceled; self owns this.
    void start_timer(std::shared_ptr<timer_ctx> self, error cause);
    time::Time when() const noexcept { return deadline_; }

  protected:
    void on_canceled(release_list& rl) override;

  private:
    class deadline_entry final : public timer {
      public:
        explicit deadline_entry(timer_ctx* owner) : owner_(owner) {}
        ~deadline_entry() override = default;
        void fire(clock::time_point) override;

      private:
        void destroy() noexcept override;
        timer_ctx* owner_;
    };

    const time::Time deadline_;
    deadline_entry entry_{this};
    bool started_ = false;                     // guarded by mu_
    error cause_on_fire_;                      // written before the entry is queued
    std::shared_ptr<timer_ctx> pending_self_;  // see the class comment
};

// Go's afterFuncCtx.
class after_func_ctx final : public cancel_ctx {
  public:
    after_func_ctx(context::Context parent, std::function<void()> f, call_site site);
    // stop(): true if it kept f from running.
    bool stop();

  protected:
    void on_canceled(release_list& rl) override;

  private:
    std::atomic<bool> once_{false};
    std::function<void()> f_;
    call_site site_;  // where after_func was called, and by whom
};

class value_ctx final : public context::ContextBase {
  public:
    value_ctx(context::Context parent, any key, any val);
    context::deadline_result deadline() const override;
    recv_chan<void> done() const override;
    error err() const override;
    any value(const any& key) const override;
    std::string string() const override;

    const any key;
    const any val;
};

class without_cancel_ctx final : public context::ContextBase {
  public:
    explicit without_cancel_ctx(context::Context parent);
    context::deadline_result deadline() const override { return {}; }
    recv_chan<void> done() const override { return {}; }
    error err() const override { return {}; }
    any value(const any& key) const override;
    std::string string() const override;
};

// Iterative walks over chains of the library's contexts (stacks are
// fixed-size, so no recursion per layer); they call a custom context's
// virtual method when they reach one.
any lookup_value(const context::ContextBase* c, const any& key);
std::string context_name(const context::ContextBase* c);
context::deadline_result deadline_of(const context::ContextBase* c);
recv_chan<void> done_of(const context::ContextBase* c);
error err_of(const context::ContextBase* c);

// Go's parentCancelCtx.
cancel_ctx* find_parent_cancel_ctx(const context::Context& parent);

extern std::atomic<std::int64_t> watcher_count;

}  // namespace gocpp::detail
