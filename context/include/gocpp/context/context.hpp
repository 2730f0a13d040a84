// gocpp/context/context.hpp — Go's context.Context: the handle, the
// interface your own context types implement, background() and todo().
//
//     void worker(context::Context ctx, recv_chan<job> jobs) {
//         for (;;) {
//             job j;
//             switch (select(recv(ctx.done()), recv(jobs, j))) {
//             case 0: return;                       // case <-ctx.Done(): return
//             case 1: process(ctx, j); break;
//             }
//         }
//     }
//
// A Context is a cheap copyable handle with shared ownership of an immutable
// context; copies refer to the same context and == compares identity. A
// default-constructed Context is Go's nil Context: calling a method on it
// panics ("runtime error: invalid memory address or nil pointer
// dereference") and deriving from it panics ("cannot create context from nil
// parent").
//
// States of a context that can be canceled (with_cancel, with_deadline...):
//
//   state             | done()             | err()               | cause()
//   ------------------+--------------------+---------------------+--------------------
//   active            | open channel       | nil                 | nil
//   canceled          | closed             | context::canceled   | canceled, or the
//                     |                    |                     | cause given to cancel
//   deadline exceeded | closed             | deadline_exceeded   | deadline_exceeded, or
//                     |                    |                     | the ..._cause cause
//
// The first cancellation wins (its own cancel function, its parent's, its
// deadline); later ones change nothing. Cancellation is final and reaches
// every descendant before the call that caused it returns (see cancel.hpp).
//
// Your own context types (Go: a struct embedding context.Context) derive from
// ContextBase, hand it the parent they embed, and override what they change;
// everything else is forwarded to the parent, as Go's embedding promotes
// methods:
//
//     struct myCtx : context::ContextBase {          // type myCtx struct{ context.Context; done chan struct{} }
//         using ContextBase::ContextBase;
//         chan<void> ch = make_chan<void>();
//         recv_chan<void> done() const override { return ch; }
//         error err() const override { ... }
//     };
//     auto my = std::make_shared<myCtx>(parent);     // &myCtx{Context: parent}
//     auto [child, cancel] = context::with_cancel(my);
//
// Deriving from such a context starts one watcher goroutine when the child
// cannot link to a library context's cancellation directly (Go's
// propagateCancel; see cancel.hpp).
//
// Thread-safety: every method of Context and of the library's contexts is
// safe from any goroutine on any thread; your overrides must be too. None of
// them blocks (done() returns a channel; receiving from it blocks).
#pragma once

#include <gocpp/any.hpp>
#include <gocpp/chan.hpp>
#include <gocpp/error.hpp>
#include <gocpp/time/clock.hpp>

#include <concepts>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <ostream>
#include <string>
#include <tuple>
#include <utility>

namespace gocpp::detail {
struct native_access;
}  // namespace gocpp::detail

namespace gocpp::context {

class ContextBase;

// The result of deadline(): binds as `auto [d, ok] = ctx.deadline();` and
// assigns with `std::tie(d, ok) = ctx.deadline();`. ok == false (and
// d == time::Time{}, Go's zero Time) when there is none.
struct deadline_result {
    time::Time deadline;
    bool ok;
    operator std::tuple<time::Time&, bool&>() noexcept { return {deadline, ok}; }
};

// Go's context.Context.
class Context {
  public:
    Context() noexcept = default;
    Context(std::nullptr_t) noexcept {}
    // Wraps your own context type (Go: a *myCtx stored in a Context).
    template <class T>
    requires std::derived_from<T, ContextBase> Context(std::shared_ptr<T> impl)
    noexcept : impl_(std::move(impl)) {}

    // Deadline(): when the context will be canceled by a deadline, if ever.
    // Always the same for one context.
    deadline_result deadline() const;
    // Done(): a channel closed when the context is canceled; nil for
    // contexts that can never be canceled (background, todo,
    // without_cancel). Every call returns the same channel (for the library's
    // contexts), so it can be stored and used in select.
    recv_chan<void> done() const;
    // Err(): nil while done() is open; then canceled or deadline_exceeded,
    // the same value on every later call.
    error err() const;
    // Value(key): the value bound to key by the nearest with_value on the way
    // to the root, or nil. Keys compare like Go interfaces (any.hpp): same
    // type and equal value. Lookup walks up only.
    any value(const any& key) const;
    // Go's String() of the context (e.g. "context.Background.WithCancel");
    // operator<< prints the same.
    std::string string() const;

    explicit operator bool() const noexcept { return impl_ != nullptr; }
    ContextBase* get() const noexcept { return impl_.get(); }
    // Go's type assertion ctx.(*T): the implementation as a T, or nullptr.
    template <class T>
    std::shared_ptr<T> as() const noexcept {
        return std::dynamic_pointer_cast<T>(impl_);
    }

    friend bool operator==(const Context& a, const Context& b) noexcept {
        return a.impl_ == b.impl_;
    }
    friend bool operator==(const Context& a, std::nullptr_t) noexcept { return !a.impl_; }
    // fmt.Print(ctx); a nil Context prints <nil>.
    friend std::ostream& operator<<(std::ostream& os, const Context& c);

  private:
    friend class ContextBase;
    const ContextBase& impl() const;
    std::shared_ptr<ContextBase> impl_;
};

// The interface a context implements, with Go's embedding built in: every
// method forwards to the embedded parent unless overridden. Without a parent
// (the default constructor), the defaults answer like background(): no
// deadline, nil done(), nil err(), nil values (Go would crash on the nil
// embedded interface instead).
class ContextBase {
  public:
    ContextBase() noexcept = default;
    explicit ContextBase(Context parent) noexcept : parent_(std::move(parent)) {}
    ContextBase(const ContextBase&) = delete;
    ContextBase& operator=(const ContextBase&) = delete;
    // A long chain of the library's contexts that nothing else holds is
    // destroyed iteratively, not by one nested destructor per layer.
    virtual ~ContextBase();

    virtual deadline_result deadline() const;
    virtual recv_chan<void> done() const;
    virtual error err() const;
    virtual any value(const any& key) const;
    // Go's contextName: the String() of this context when it has one,
    // otherwise its type name. The default is the demangled C++ type name;
    // override it to give a Go spelling ("main.wrapper") or a String().
    virtual std::string string() const;

    // The embedded parent (Go: the struct's Context field).
    const Context& parent() const noexcept { return parent_; }

  private:
    friend struct detail::native_access;
    Context parent_;
    // Which of the library's own context types this is; 0 for yours.
    std::uint8_t native_kind_ = 0;
};

// Go's `interface{ AfterFunc(func()) func() bool }` (Go 1.21): a context
// type that can run a function once it is done. When a parent implements it
// (derive from both ContextBase and AfterFuncer), with_cancel, with_deadline
// and after_func register through it instead of starting a watcher
// goroutine, and a child's cancel calls the returned stop function.
// after_func must not block; f must run in its own goroutine.
class AfterFuncer {
  public:
    virtual ~AfterFuncer() = default;
    virtual std::function<bool()> after_func(std::function<void()> f) const = 0;
};

inline deadline_result Context::deadline() const {
    return impl().deadline();
}
inline recv_chan<void> Context::done() const {
    return impl().done();
}
inline error Context::err() const {
    return impl().err();
}
inline any Context::value(const any& key) const {
    return impl().value(key);
}
inline std::string Context::string() const {
    return impl().string();
}

// Background(): never canceled, no deadline, no values; the root of every
// tree. Always the same context; prints "context.Background".
Context background();
// TODO(): like background() but a different context (!= background());
// prints "context.TODO".
Context todo();

// Canceled: err() of a context canceled by a cancel function (or whose
// parent was). Message "context canceled".
extern const error canceled;
// DeadlineExceeded: err() of a context whose deadline passed. Message
// "context deadline exceeded"; its timeout() and temporary() are true
// (err.as<gocpp::timeout_error>()).
extern const error deadline_exceeded;

}  // namespace gocpp::context

template <>
struct std::hash<gocpp::context::Context> {
    std::size_t operator()(const gocpp::context::Context& c) const noexcept {
        return std::hash<const void*>()(c.get());
    }
};
