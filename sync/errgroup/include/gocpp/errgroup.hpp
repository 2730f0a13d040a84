// gocpp/errgroup.hpp — golang.org/x/sync/errgroup: goroutines working on
// parts of one task, the first error, and cancellation of the rest.
//
//     auto [g, ctx] = errgroup::with_context(parent);   // g, ctx := errgroup.WithContext(parent)
//     for (auto url : urls) {
//         g.go([ctx, url]() -> error {                   // g.Go(func() error {
//             return fetch(ctx, url);                    //     return fetch(ctx, url)
//         });                                            // })
//     }
//     if (error err = g.wait()) std::cout << err << '\n';   // if err := g.Wait(); err != nil
//
// A Group counts the goroutines started by go() and try_go(); wait() blocks
// until all have returned and gives the first non-nil error one of them
// returned (the first in time, not in start order), or nil.
// - A default-constructed Group is Go's zero Group: no limit, no context.
// - with_context(ctx) also returns a child of ctx that is canceled the first
//   time a function returns an error (cause(ctx) is that error), or else when
//   wait() returns (cause(ctx) is context::canceled), whichever is first.
// - set_limit(n) caps the goroutines active at once; go() then blocks until
//   one finishes (the slot is freed before wait() is told, so a blocked go()
//   proceeds while wait() is pending).
//
// Like sync's types, a Group can be neither copied nor moved (Go's
// *Group is passed around: pass a Group&). The goroutines it starts share
// its state, so they stay valid even if the Group object goes first.
//
// Blocking: go() blocks the calling goroutine (not its thread) while the
// limit is reached; wait() until every function has returned; try_go() and
// set_limit() never block. All are safe from any goroutine; wait() may be
// called repeatedly and by several goroutines. Every function's return
// happens before wait() returns.
//
// Departure from Go: an exception derived from std::exception (a
// gocpp::panic_error included) escaping a function does not end the
// program. It cancels the group's context (with an error carrying its
// what()) and wait(), after every function has returned, rethrows the first
// such exception, whatever errors were returned. (x/sync let such panics
// crash the process, apart from a few months in 2025 when Wait re-panicked
// too.) Other exceptions (and goexit()) end the goroutine as usual.
//
// Panics: set_limit() while goroutines of the group are active, with Go's
// message "errgroup: modify limit while N goroutines in the group are still
// active".
#pragma once

#include <gocpp/context.hpp>
#include <gocpp/error.hpp>

#include <functional>
#include <memory>

namespace gocpp::errgroup {

class Group;

// Binds as `auto [g, ctx] = errgroup::with_context(parent);`.
struct with_context_result;

class Group {
  public:
    // The zero Group: no limit, does not cancel anything.
    Group();
    Group(const Group&) = delete;
    Group& operator=(const Group&) = delete;
    ~Group();

    // g.Go(f): runs f in a new goroutine, first blocking until the limit
    // (if any) lets one more be active. The first non-nil error f returns
    // is kept for wait() and cancels the group's context.
    void go(std::function<error()> f);

    // g.TryGo(f): like go(f), but only if that would not block on the
    // limit; reports whether f was started.
    bool try_go(std::function<error()> f);

    // g.Wait(): blocks until every function started by go()/try_go() has
    // returned, cancels the group's context, then returns the first error
    // (or rethrows the first exception; see the top).
    error wait();

    // g.SetLimit(n): at most n goroutines active at once; n < 0 means no
    // limit. n == 0 blocks every go() forever and fails every try_go().
    void set_limit(int n);

    struct state;

  private:
    explicit Group(std::shared_ptr<state> s) noexcept;
    friend with_context_result with_context(const context::Context& ctx);
    std::shared_ptr<state> s_;
};

struct with_context_result {
    Group group;
    context::Context ctx;
};

// errgroup.WithContext(ctx). Panics like context::with_cancel for a nil ctx.
with_context_result with_context(const context::Context& ctx);

}  // namespace gocpp::errgroup
