// gocpp/context/deadline.hpp — WithDeadline, WithTimeout and their Cause
// variants.
//
//     auto [ctx, cancel] = context::with_timeout(parent, 100ms);  // context.WithTimeout(parent, 100*time.Millisecond)
//     defer _{cancel};
//     switch (select(recv(results, r), recv(ctx.done()))) {
//     case 0: use(r); break;
//     case 1: std::cout << ctx.err() << '\n'; break;   // context deadline exceeded
//     }
//
// A deadline context is a cancel context (cancel.hpp) that also cancels
// itself with deadline_exceeded when its deadline passes:
// - The deadline is one entry in the runtime's timer queue, not a goroutine:
//   100,000 pending with_timeout contexts cost 100,000 queue entries. When it
//   fires, a scheduler thread cancels the context directly (closes channels,
//   readies goroutines; it never blocks). Canceling the context first
//   removes the entry.
// - A deadline at or before now gives a context that is already done with
//   deadline_exceeded when the call returns (no timer).
// - If the parent's deadline is earlier than d, the result is
//   with_cancel(parent): its deadline() is the parent's and it prints
//   "<parent>.WithCancel"; it ends when the parent does, with the parent's
//   error. Otherwise it prints Go's
//   "<parent>.WithDeadline(<time::time_string(d)> [<time::duration_string(d - now)>])"
//   (there is no ".WithTimeout").
// - The cancel function cancels with canceled (and stops the timer); which of
//   cancel and deadline comes first decides err().
//
// Panics: a nil parent panics "cannot create context from nil parent".
#pragma once

#include <gocpp/context/cancel.hpp>
#include <gocpp/time/clock.hpp>

namespace gocpp::context {

// WithDeadline(parent, d).
cancel_result with_deadline(const Context& parent, time::Time d);

// WithTimeout(parent, timeout): with_deadline(parent, time::now() + timeout).
cancel_result with_timeout(const Context& parent, time::Duration timeout);

// WithDeadlineCause / WithTimeoutCause (Go 1.21): when the deadline passes,
// cause(ctx) is `cause` (err() is still deadline_exceeded). The returned
// cancel function does not set a cause: canceling first gives canceled for
// both err() and cause().
cancel_result with_deadline_cause(const Context& parent, time::Time d, error cause);
cancel_result with_timeout_cause(const Context& parent, time::Duration timeout, error cause);

}  // namespace gocpp::context
