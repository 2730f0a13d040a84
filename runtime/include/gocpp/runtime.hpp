// gocpp/runtime.hpp — goroutines: go(), num_goroutine(), gosched(), gomaxprocs().
//
//     gocpp::go([=] { worker(ctx, jobs); });   // Go: go worker(ctx, jobs)
//     gocpp::go(worker, ctx, jobs);            // same; arguments copied now
//
// A goroutine is a fiber scheduled by gocpp's runtime on GOMAXPROCS threads
// (environment variable GOMAXPROCS, default: the hardware threads, read
// once). main() runs as goroutine 1 on the main thread. The runtime starts
// by itself before main(), during static initialization.
//
// Rules a porter must know:
// - Goroutines move between threads at any blocking point (channel operation,
//   select, sleep, lock, wait). A thread_local read before a blocking call and
//   again after it may be another thread's: do not use thread_local inside
//   goroutines.
// - Blocking calls park the goroutine, never its thread.
// - Returning from main() ends the program at once, as in Go, even while
//   other goroutines run or are blocked forever. Use os_exit(code) to end the
//   program from anywhere else.
// - An exception escaping a goroutine ends the program like an unrecovered Go
//   panic (gocpp/panic.hpp).
// - A goroutine that never blocks keeps its thread (there is no preemption;
//   Go preempts since 1.14). If it runs on main's thread, main waits too:
//   main cannot move to another thread.
// - When every goroutine is blocked and nothing can wake one (no pending
//   timer), the program stops with Go's "fatal error: all goroutines are
//   asleep - deadlock!" and exit status 2. While the process has threads the
//   runtime did not start (which may still close a channel or cancel a
//   context), that check is off, as it is in Go programs that use cgo.
// - Threads the runtime did not start may use channels, select and sync
//   (where they block, they block their thread) and may start goroutines.
#pragma once

#include <cstdint>
#include <functional>
#include <cstddef>
#include <new>
#include <gocpp/detail/call_site.hpp>
#include <tuple>
#include <type_traits>
#include <utility>

namespace gocpp {

namespace detail {

// A goroutine's body, type-erased; run exactly once on the new goroutine.
// It is built in place at the top of the goroutine's own stack, so starting
// a goroutine allocates nothing on the heap.
struct task {
    virtual void run() = 0;

  protected:
    ~task() = default;  // destroyed through its concrete type, see destroy()
    friend struct task_access;
    virtual void destroy() noexcept = 0;
};

// Go's fatal error: prints "fatal error: <msg>", the goroutine blocks, exits 2.
[[noreturn]] void fatal(const char* msg) noexcept;

template <class F>
inline constexpr bool is_std_function_v = false;
template <class R, class... A>
inline constexpr bool is_std_function_v<std::function<R(A...)>> = true;

// Whether f is a nil function value: a null pointer or an empty std::function.
template <class F>
bool is_nil_func(const F& f) noexcept {
    if constexpr (std::is_pointer_v<F> || std::is_member_pointer_v<F>) {
        return f == nullptr;
    } else if constexpr (is_std_function_v<F>) {
        return !f;
    } else {
        return false;
    }
}

template <class F, class... Args>
struct bound_task final : task {
    template <class G, class... A>
    explicit bound_task(G&& g, A&&... a) : fn(std::forward<G>(g)), args(std::forward<A>(a)...) {
        // Go: `go f()` with a nil f is a fatal error at the go statement.
        if (is_nil_func(fn)) fatal("go of nil func value");
    }
    void run() override { std::apply(std::move(fn), std::move(args)); }
    void destroy() noexcept override { this->~bound_task(); }
    F fn;
    std::tuple<Args...> args;
};

// A stack reserved for a goroutine that is being started.
struct spawn_reservation {
    void* record = nullptr;
    void* sp = nullptr;
    std::size_t size = 0;
};

// Takes a stack from the pool and returns `size` bytes at its top for the
// task (aligned to `align`).
void* spawn_reserve(std::size_t size, std::size_t align, spawn_reservation& r);
// Starts the goroutine; `site` is where go() was written.
void spawn_commit(spawn_reservation& r, task* t, const detail::call_site& site);
// Gives the stack back when building the task threw.
void spawn_abort(spawn_reservation& r) noexcept;

template <class Task, class... Init>
void spawn(const detail::call_site& site, Init&&... init) {
    spawn_reservation r;
    void* mem = spawn_reserve(sizeof(Task), alignof(Task), r);
    Task* t;
    try {
        t = ::new (mem) Task(std::forward<Init>(init)...);
    } catch (...) {
        spawn_abort(r);
        throw;
    }
    spawn_commit(r, t, site);
}

}  // namespace detail

// go(f, args...) starts a new goroutine running f(args...).
// f and args are decay-copied (or moved) now, in the calling goroutine, as Go
// evaluates the function value and arguments at the go statement; use
// std::ref to share a variable. Never blocks. Safe from any goroutine.
// The go call happens before the new goroutine starts (Go memory model).
// When more than 256 goroutines wait to run on this thread, go() lets them
// run before the caller continues (as Go's scheduler would preempt a
// goroutine that keeps spawning), so that a loop spawning millions of
// goroutines runs them as it goes instead of piling them all up first. Do
// not hold a lock that blocks the thread (a std::mutex) across such a loop.
// Up to six arguments; bind more in a lambda. (One overload per arity, because
// the creation site, kept for the goroutine dump, is a defaulted trailing
// parameter.)
template <class F>
void go(F&& f, detail::call_site site = detail::call_site::current()) {
    detail::spawn<detail::bound_task<std::decay_t<F>>>(site, std::forward<F>(f));
}

template <class F, class A0>
void go(F&& f, A0&& a0, detail::call_site site = detail::call_site::current()) {
    detail::spawn<detail::bound_task<std::decay_t<F>, std::decay_t<A0>>>(site, std::forward<F>(f),
                                                                         std::forward<A0>(a0));
}

template <class F, class A0, class A1>
void go(F&& f, A0&& a0, A1&& a1, detail::call_site site = detail::call_site::current()) {
    detail::spawn<detail::bound_task<std::decay_t<F>, std::decay_t<A0>, std::decay_t<A1>>>(
        site, std::forward<F>(f), std::forward<A0>(a0), std::forward<A1>(a1));
}

template <class F, class A0, class A1, class A2>
void go(F&& f, A0&& a0, A1&& a1, A2&& a2, detail::call_site site = detail::call_site::current()) {
    detail::spawn<
        detail::bound_task<std::decay_t<F>, std::decay_t<A0>, std::decay_t<A1>, std::decay_t<A2>>>(
        site, std::forward<F>(f), std::forward<A0>(a0), std::forward<A1>(a1), std::forward<A2>(a2));
}

template <class F, class A0, class A1, class A2, class A3>
void go(F&& f, A0&& a0, A1&& a1, A2&& a2, A3&& a3,
        detail::call_site site = detail::call_site::current()) {
    detail::spawn<detail::bound_task<std::decay_t<F>, std::decay_t<A0>, std::decay_t<A1>,
                                     std::decay_t<A2>, std::decay_t<A3>>>(
        site, std::forward<F>(f), std::forward<A0>(a0), std::forward<A1>(a1), std::forward<A2>(a2),
        std::forward<A3>(a3));
}

template <class F, class A0, class A1, class A2, class A3, class A4>
void go(F&& f, A0&& a0, A1&& a1, A2&& a2, A3&& a3, A4&& a4,
        detail::call_site site = detail::call_site::current()) {
    detail::spawn<detail::bound_task<std::decay_t<F>, std::decay_t<A0>, std::decay_t<A1>,
                                     std::decay_t<A2>, std::decay_t<A3>, std::decay_t<A4>>>(
        site, std::forward<F>(f), std::forward<A0>(a0), std::forward<A1>(a1), std::forward<A2>(a2),
        std::forward<A3>(a3), std::forward<A4>(a4));
}

template <class F, class A0, class A1, class A2, class A3, class A4, class A5>
void go(F&& f, A0&& a0, A1&& a1, A2&& a2, A3&& a3, A4&& a4, A5&& a5,
        detail::call_site site = detail::call_site::current()) {
    detail::spawn<
        detail::bound_task<std::decay_t<F>, std::decay_t<A0>, std::decay_t<A1>, std::decay_t<A2>,
                           std::decay_t<A3>, std::decay_t<A4>, std::decay_t<A5>>>(
        site, std::forward<F>(f), std::forward<A0>(a0), std::forward<A1>(a1), std::forward<A2>(a2),
        std::forward<A3>(a3), std::forward<A4>(a4), std::forward<A5>(a5));
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
