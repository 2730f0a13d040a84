// gocpp/context/cancel.hpp — WithCancel, WithCancelCause, Cause, AfterFunc.
//
//     auto [ctx, cancel] = context::with_cancel(parent);   // ctx, cancel := context.WithCancel(parent)
//     defer _{cancel};                                     // defer cancel()
//
//     auto [c2, cancel2] = context::with_cancel_cause(parent);
//     cancel2(errors_new("shutting down"));                // cancel(err)
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

#include <functional>

namespace gocpp::context {

// Go's CancelFunc and CancelCauseFunc.
using CancelFunc = std::function<void()>;
using CancelCauseFunc = std::function<void(error cause)>;

// Binds as `auto [ctx, cancel] = ...`.
struct cancel_result {
    Context ctx;
    CancelFunc cancel;
};
struct cancel_cause_result {
    Context ctx;
    CancelCauseFunc cancel;
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
// f. ctx must not be nil.
std::function<bool()> after_func(const Context& ctx, std::function<void()> f);

}  // namespace gocpp::context
