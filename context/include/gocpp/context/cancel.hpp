// gocpp/context/cancel.hpp — WithCancel, WithCancelCause, Cause, AfterFunc.
//
//     auto [ctx, cancel] = context::with_cancel(parent);   // ctx, cancel := context.WithCancel(parent)
//     defer _{cancel};                                     // defer cancel()
//
//     auto [c2, cancel2] = context::with_cancel_cause(parent);
//     cancel2(errors::new_("shutting down"));                // cancel(err)
//     context::cause(c2);                                  // context.Cause(c2): the error given
//
//     auto stop = context::after_func(ctx, [] { cleanup(); });   // stop := context.AfterFunc(ctx, f)
//
// How cancellation travels (Go's propagateCancel), decided when a child is
// made, in this order:
//   1. parent.done() is nil: the parent can never be canceled; nothing links.
//   2. parent.done() is already closed: the child is canceled at once, with
//      the parent's err() and cause().
//   3. the nearest library cancel context above the parent (found through
//      value layers and through your types that do not override value())
//      owns exactly the channel parent.done() returns: the child joins its
//      set of children. No goroutine; cancel reaches the child synchronously.
//   4. the parent implements AfterFuncer: the child registers through it.
//   5. otherwise one watcher goroutine waits for parent.done() or the
//      child's done() and, in the first case, cancels the child with the
//      parent's err() and cause(). It exits when either happens
//      (num_goroutine() counts it). If it finds parent.done() closed but
//      parent.err() nil, it panics "context: internal error: missing cancel
//      error", as Go does: set err() before closing your done channel.
//
// What cancel() has done when it returns: the context's done() is closed,
// err() and cause() are set, and every descendant linked by rules 2-3 is
// canceled the same way, all before returning; the context has left its
// parent's set of children and its deadline timer (if any) is stopped.
// Children linked by rules 4-5 are canceled soon after, by the watcher or
// the parent's after_func. Functions registered with after_func have been
// started in their own goroutines, not waited for.
//
// Cancel functions may be called any number of times (later calls do
// nothing), from any goroutine or thread, concurrently. They never block
// (internally they take short spin locks, parent before child, never while
// waiting for anything) and so may also be called from timer callbacks; the
// only code of yours they run is the stop function of an AfterFuncer parent
// (rule 4), which must not block either. Deriving a context calls the
// parent's done(), err() and value(), which must not block.
//
// Call every cancel function when the work is finished, as Go asks: a
// context that is never canceled stays in its parent's set of children
// until the parent is canceled (Go's lostcancel), and here it also keeps
// its memory if the parent itself is dropped without being canceled.
//
// Panics: a nil parent panics "cannot create context from nil parent".
#pragma once

#include <gocpp/context/context.hpp>
#include <gocpp/detail/call_site.hpp>

#include <cstddef>
#include <functional>
#include <tuple>
#include <memory>
#include <type_traits>

#include <gocpp/panic.hpp>

namespace gocpp::detail {
class cancel_ctx;
void invoke_cancel(const std::shared_ptr<cancel_ctx>& c, bool remove_from_parent,
                   const error& cause);
}  // namespace gocpp::detail

namespace gocpp::context {

// Go's CancelFunc: call it to cancel the context it came with. Calling it
// again does nothing; safe from any goroutine or thread; when it returns,
// the context and all its descendants are canceled. Like Go's func type it
// also holds any other callable (`CancelFunc f = [] {};`); the library's own
// carry the context directly, which saves an allocation per with_cancel.
// Calling an empty CancelFunc panics, as calling a nil func does.
class CancelFunc {
  public:
    CancelFunc() noexcept = default;
    CancelFunc(std::nullptr_t) noexcept {}
    template <class F>
    requires(!std::is_same_v<std::remove_cvref_t<F>, CancelFunc> && std::is_invocable_v<F&>)
        CancelFunc(F f)
        : fn_(std::move(f)) {}

    void operator()() const {
        if (ctx_) {
            detail::invoke_cancel(ctx_, remove_from_parent_, nullptr);
        } else if (fn_) {
            fn_();
        } else {
            throw panic_error("runtime error: invalid memory address or nil pointer dereference");
        }
    }
    explicit operator bool() const noexcept { return ctx_ || fn_; }
    friend bool operator==(const CancelFunc& f, std::nullptr_t) noexcept { return !f; }

  private:
    friend struct detail::native_access;
    CancelFunc(std::shared_ptr<detail::cancel_ctx> c, bool remove_from_parent) noexcept
        : ctx_(std::move(c)), remove_from_parent_(remove_from_parent) {}
    std::shared_ptr<detail::cancel_ctx> ctx_;
    bool remove_from_parent_ = true;
    std::function<void()> fn_;
};

// Go's CancelCauseFunc: cancel(cause) cancels with that cause (nil: the
// cause is canceled). Otherwise as CancelFunc.
class CancelCauseFunc {
  public:
    CancelCauseFunc() noexcept = default;
    CancelCauseFunc(std::nullptr_t) noexcept {}
    template <class F>
    requires(!std::is_same_v<std::remove_cvref_t<F>, CancelCauseFunc> &&
             std::is_invocable_v<F&, error>) CancelCauseFunc(F f)
        : fn_(std::move(f)) {}

    void operator()(error cause) const {
        if (ctx_) {
            detail::invoke_cancel(ctx_, true, cause);
        } else if (fn_) {
            fn_(std::move(cause));
        } else {
            throw panic_error("runtime error: invalid memory address or nil pointer dereference");
        }
    }
    explicit operator bool() const noexcept { return ctx_ || fn_; }
    friend bool operator==(const CancelCauseFunc& f, std::nullptr_t) noexcept { return !f; }

  private:
    friend struct detail::native_access;
    explicit CancelCauseFunc(std::shared_ptr<detail::cancel_ctx> c) noexcept : ctx_(std::move(c)) {}
    std::shared_ptr<detail::cancel_ctx> ctx_;
    std::function<void(error)> fn_;
};

// Binds as `auto [ctx, cancel] = ...` (Go's `ctx, cancel := ...`) and
// assigns with `std::tie(ctx, cancel) = ...` (Go's `ctx, cancel = ...`).
struct cancel_result {
    Context ctx;
    CancelFunc cancel;
    operator std::tuple<Context&, CancelFunc&>() noexcept { return {ctx, cancel}; }
};
struct cancel_cause_result {
    Context ctx;
    CancelCauseFunc cancel;
    operator std::tuple<Context&, CancelCauseFunc&>() noexcept { return {ctx, cancel}; }
};

// WithCancel(parent): a child whose done() closes when cancel is called or
// when parent's done() closes, whichever is first. Prints
// "<parent>.WithCancel".
cancel_result with_cancel(const Context& parent);

// WithCancelCause(parent) (Go 1.20): like with_cancel, but cancel(cause)
// records why; cancel(nullptr) records canceled. err() is canceled either
// way.
cancel_cause_result with_cancel_cause(const Context& parent);

// Cause(c) (Go 1.20): why c was canceled. nil while c is not canceled; the
// cause given to the first cancel (with_cancel_cause, with_deadline_cause)
// or inherited from the parent that canceled it; otherwise c.err(). For a
// context with no library cancel context above it (background, your own
// fully custom types, without_cancel), it is c.err(). Never blocks.
error cause(const Context& c);

// AfterFunc(ctx, f) (Go 1.21): runs f in its own goroutine once ctx is done
// (at once if it already is), at most once. The returned stop() unregisters
// f: it returns true if that stopped f from being run, false if f had
// already been started or stop was already called. stop() does not wait for
// f. ctx must not be nil. f's goroutine is started by whoever cancels ctx
// (or by its timer), but a goroutine dump names this call and the goroutine
// that made it as its creator.
std::function<bool()> after_func(
    const Context& ctx, std::function<void()> f,
    gocpp::detail::call_site site = gocpp::detail::call_site::current());

}  // namespace gocpp::context
