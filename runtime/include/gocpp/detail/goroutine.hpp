// gocpp/detail/goroutine.hpp — the runtime's parking interface, shared by
// channel, select, time and sync. Not for users.
//
// Parking protocol (after Go's gopark/goready):
//   1. The parking goroutine takes its own locks (a channel's, a mutex's
//      queue lock), enqueues itself as a waiter and calls park(reason, unlock)
//      with a callable that releases those locks.
//   2. park() marks the goroutine "switching out", calls unlock, then
//      switches away. Nobody can resume it before the switch has completed.
//   3. A waker takes the same locks, dequeues the waiter, fills in the result,
//      releases the locks and calls ready(g). ready() puts g on the waker's
//      thread, in its runnext slot: g runs next there, after the waker blocks
//      or yields (the waker keeps running; it is not preempted).
// Everything written before ready(g) is visible to g when park() returns.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <gocpp/detail/call_site.hpp>

namespace gocpp::detail {

// Go's waitReason strings, as a goroutine dump prints them.
enum class wait_reason : std::uint8_t {
    running,
    runnable,
    chan_receive,
    chan_send,
    chan_receive_nil,
    chan_send_nil,
    select,
    select_no_cases,
    sleep,
    mutex_lock,
    rwmutex_rlock,
    rwmutex_lock,
    waitgroup_wait,
    cond_wait,
    once_do,
    errgroup_go,
    io_wait,     // parked on a socket by the netpoller: never "asleep" for the deadlock verdict
    fiber_wait,  // blocked in one of Boost.Fiber's own primitives (this_fiber::sleep_for, ...)
};
const char* wait_reason_string(wait_reason r) noexcept;

struct goroutine;

// The calling goroutine (main is goroutine 1). Starts the runtime if needed.
goroutine* current() noexcept;

// Parks the calling goroutine until ready() is called for it.
// `unlock(arg)` runs after the goroutine is committed to parking and before it
// switches away; it releases the locks that guard its wait queues.
void park(wait_reason reason, void (*unlock)(void*), void* arg);

template <class Unlock>
void park(wait_reason reason, Unlock& unlock) {
    park(
        reason, [](void* u) { (*static_cast<Unlock*>(u))(); }, &unlock);
}

// Makes a parked goroutine runnable again. Safe from any goroutine on any
// thread, and from timer callbacks. Calling it for a goroutine that is not
// parked (or twice for one park) is a runtime bug.
void ready(goroutine* g) noexcept;

// Per-goroutine scratch used by channel and select while parked.
struct wait_slot {
    // Set by the waker before ready(): which waiter record fired.
    void* fired = nullptr;
    // Select: 0 while waiting; the first waker to CAS it to 1 owns the wake.
    std::atomic<std::uint32_t> select_done{0};
};
wait_slot& slot(goroutine* g) noexcept;

std::int64_t goroutine_id(goroutine* g) noexcept;

// The calling goroutine's id; 0 in a timer callback (Go's goroutine 0).
std::int64_t current_goroutine_id() noexcept;

// Go's runtime_canSpin beyond its round count: whether a goroutine that
// finds a lock held should spin for it rather than park. True only if
// another scheduler thread is running (the holder may be there, about to
// unlock) and nothing else waits to run on this thread.
bool spinning_may_pay() noexcept;

// go() may let the spawning goroutine yield when its thread has a long queue
// of runnable goroutines (see go() in runtime.hpp). Runtime code that starts
// goroutines while holding spin locks (a context's cancel walk) makes one of
// these first, so that it does not switch away with the locks held.
class no_spawn_yield {
  public:
    no_spawn_yield() noexcept;
    ~no_spawn_yield();
    no_spawn_yield(const no_spawn_yield&) = delete;
    no_spawn_yield& operator=(const no_spawn_yield&) = delete;
};

// Fast uniform random numbers for select and work stealing; per thread.
std::uint32_t fastrand() noexcept;
std::uint32_t fastrandn(std::uint32_t n) noexcept;  // in [0, n)

}  // namespace gocpp::detail
