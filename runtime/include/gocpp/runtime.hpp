// gocpp/runtime.hpp — goroutines: go(), num_goroutine(), gosched(), gomaxprocs().
//
//     gocpp::go([=] { worker(ctx, jobs); });   // Go: go worker(ctx, jobs)
//     gocpp::go(worker, ctx, jobs);            // same; arguments copied now
//
// A goroutine is a fiber scheduled by gocpp's runtime on GOMAXPROCS threads
// (environment variable GOMAXPROCS, default: the hardware threads). main()
// runs as goroutine 1 on the main thread. The runtime starts by itself the
// first time it is used, which must be from main's thread.
//
// Rules a porter must know:
// - Goroutines move between threads at any blocking point (channel operation,
//   select, sleep, lock, wait). A thread_local read before a blocking call and
//   again after it may be another thread's: do not use thread_local inside
//   goroutines.
// - Blocking calls park the goroutine, never its thread. A goroutine that
//   spins without ever blocking keeps its thread (there is no preemption).
// - Returning from main() ends the program at once, as in Go, even while
//   other goroutines run or are blocked forever. Use os_exit(code) to end the
//   program from anywhere else.
// - An exception escaping a goroutine ends the program like an unrecovered Go
//   panic (gocpp/panic.hpp).
// - When every goroutine is blocked and nothing can wake one (no pending
//   timer), the program stops with Go's "fatal error: all goroutines are
//   asleep - deadlock!" and exit status 2.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <source_location>
#include <tuple>
#include <type_traits>
#include <utility>

namespace gocpp {

namespace detail {

// A goroutine's body, type-erased; run exactly once on the new goroutine.
struct task {
    virtual ~task() = default;
    virtual void run() = 0;
};

template <class F, class... Args>
struct bound_task final : task {
    template <class G, class... A>
    explicit bound_task(G&& g, A&&... a) : fn(std::forward<G>(g)), args(std::forward<A>(a)...) {}
    void run() override { std::apply(std::move(fn), std::move(args)); }
    F fn;
    std::tuple<Args...> args;
};

// Starts a goroutine running t; `site` is where go() was written.
void spawn(std::unique_ptr<task> t, const std::source_location& site);

}  // namespace detail

// go(f, args...) starts a new goroutine running f(args...).
// f and args are decay-copied (or moved) now, in the calling goroutine, as Go
// evaluates the function value and arguments at the go statement; use
// std::ref to share a variable. Never blocks. Safe from any goroutine.
// The go call happens before the new goroutine starts (Go memory model).
// Up to six arguments; bind more in a lambda. (One overload per arity, because
// the creation site, kept for the goroutine dump, is a defaulted trailing
// parameter.)
template <class F>
void go(F&& f, std::source_location site = std::source_location::current()) {
    detail::spawn(std::make_unique<detail::bound_task<std::decay_t<F>>>(
                      std::forward<F>(f)),
                  site);
}

template <class F, class A0>
void go(F&& f, A0&& a0, std::source_location site = std::source_location::current()) {
    detail::spawn(std::make_unique<detail::bound_task<std::decay_t<F>, std::decay_t<A0>>>(
                      std::forward<F>(f), std::forward<A0>(a0)),
                  site);
}

template <class F, class A0, class A1>
void go(F&& f, A0&& a0, A1&& a1, std::source_location site = std::source_location::current()) {
    detail::spawn(std::make_unique<detail::bound_task<std::decay_t<F>, std::decay_t<A0>, std::decay_t<A1>>>(
                      std::forward<F>(f), std::forward<A0>(a0), std::forward<A1>(a1)),
                  site);
}

template <class F, class A0, class A1, class A2>
void go(F&& f, A0&& a0, A1&& a1, A2&& a2, std::source_location site = std::source_location::current()) {
    detail::spawn(std::make_unique<detail::bound_task<std::decay_t<F>, std::decay_t<A0>, std::decay_t<A1>, std::decay_t<A2>>>(
                      std::forward<F>(f), std::forward<A0>(a0), std::forward<A1>(a1), std::forward<A2>(a2)),
                  site);
}

template <class F, class A0, class A1, class A2, class A3>
void go(F&& f, A0&& a0, A1&& a1, A2&& a2, A3&& a3, std::source_location site = std::source_location::current()) {
    detail::spawn(std::make_unique<detail::bound_task<std::decay_t<F>, std::decay_t<A0>, std::decay_t<A1>, std::decay_t<A2>, std::decay_t<A3>>>(
                      std::forward<F>(f), std::forward<A0>(a0), std::forward<A1>(a1), std::forward<A2>(a2), std::forward<A3>(a3)),
                  site);
}

template <class F, class A0, class A1, class A2, class A3, class A4>
void go(F&& f, A0&& a0, A1&& a1, A2&& a2, A3&& a3, A4&& a4, std::source_location site = std::source_location::current()) {
    detail::spawn(std::make_unique<detail::bound_task<std::decay_t<F>, std::decay_t<A0>, std::decay_t<A1>, std::decay_t<A2>, std::decay_t<A3>, std::decay_t<A4>>>(
                      std::forward<F>(f), std::forward<A0>(a0), std::forward<A1>(a1), std::forward<A2>(a2), std::forward<A3>(a3), std::forward<A4>(a4)),
                  site);
}

template <class F, class A0, class A1, class A2, class A3, class A4, class A5>
void go(F&& f, A0&& a0, A1&& a1, A2&& a2, A3&& a3, A4&& a4, A5&& a5, std::source_location site = std::source_location::current()) {
    detail::spawn(std::make_unique<detail::bound_task<std::decay_t<F>, std::decay_t<A0>, std::decay_t<A1>, std::decay_t<A2>, std::decay_t<A3>, std::decay_t<A4>, std::decay_t<A5>>>(
                      std::forward<F>(f), std::forward<A0>(a0), std::forward<A1>(a1), std::forward<A2>(a2), std::forward<A3>(a3), std::forward<A4>(a4), std::forward<A5>(a5)),
                  site);
}

// runtime.NumGoroutine(): goroutines that exist now, main included.
// Never blocks; safe from any goroutine.
int num_goroutine() noexcept;

// runtime.Gosched(): lets other runnable goroutines run; this goroutine stays
// runnable and continues later.
void gosched();

// runtime.GOMAXPROCS(0): the number of scheduler threads. Unlike Go's it
// cannot be changed at run time; set the GOMAXPROCS environment variable.
int gomaxprocs();

// runtime.Goexit(): ends the calling goroutine after unwinding its stack (so
// destructors and defers run). Implemented by throwing an exception that the
// runtime catches: a catch (...) that does not rethrow would stop it.
// In main it is not supported (Go would wait for the other goroutines and
// then report a deadlock).
[[noreturn]] void goexit();

// os.Exit(code): flushes std::cout/stdout and std::cerr/stderr, then ends the
// process at once with `code`. Deferred calls and destructors do not run.
[[noreturn]] void os_exit(int code);

}  // namespace gocpp
