// gocpp/detail/timer.hpp — the runtime's timer queue. Not for users.
//
// A pending timer is an entry in a heap ordered by due time, one heap per
// scheduler thread as in Go 1.14+: a timer goes into the heap of the thread
// that starts it, that thread fires it between goroutines, and an idle thread
// sleeps until the earliest entry of any heap and fires what another, busy
// thread has not. It costs a heap slot, not a goroutine.
// fire() runs on a scheduler thread, outside any goroutine, so it must not
// block: it sends without blocking, readies a goroutine, starts a goroutine or
// cancels a context.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>

namespace gocpp::detail {

using clock = std::chrono::steady_clock;

struct timer_queue;

class timer {
  public:
    timer() = default;
    timer(const timer&) = delete;
    timer& operator=(const timer&) = delete;

    // Called once per expiry, on a scheduler thread, with the timer no longer
    // in the queue (or, for a periodic timer, already re-queued). `now` is the
    // time of firing.
    virtual void fire(clock::time_point now) = 0;

    // Reference counting: the queue holds a reference while the timer is
    // pending and while fire() runs, so the owner may drop its own at any time.
    void add_ref() noexcept { refs_.fetch_add(1, std::memory_order_relaxed); }
    // add_ref() unless the count already reached zero (destroy() has run or
    // is running): then false, and nothing changes.
    bool try_add_ref() noexcept {
        std::int32_t n = refs_.load(std::memory_order_relaxed);
        while (n > 0) {
            if (refs_.compare_exchange_weak(n, n + 1, std::memory_order_relaxed)) return true;
        }
        return false;
    }
    void release() noexcept {
        if (refs_.fetch_sub(1, std::memory_order_acq_rel) == 1) destroy();
    }

    clock::time_point when() const noexcept { return when_; }

    // Whether the program can still observe this timer's firing: true unless
    // a subclass knows better. time::after's timer, once the program has
    // dropped the channel, says false: Go 1.19 keeps such a timer pending
    // until it fires, but nothing can see it (the leak check at exit stops
    // it). Called with the timer's heap locked; must not block.
    virtual bool held_by_program() const noexcept { return true; }

  protected:
    virtual ~timer() = default;
    // The references now (the heap's, while pending, is one of them).
    std::int32_t refs() const noexcept { return refs_.load(std::memory_order_relaxed); }
    // Called when the last reference goes; the default deletes.
    virtual void destroy() noexcept { delete this; }

  private:
    friend struct timer_queue;
    friend bool timer_start(timer*, clock::time_point, clock::duration) noexcept;
    friend bool timer_stop(timer*) noexcept;
    std::atomic<std::int32_t> refs_{1};
    // The heap this timer belongs to: nullptr until it is first started. It
    // changes only while the timer is in no heap and both heaps' locks are
    // held, so a thread that has locked queue_ and still finds it there owns
    // the fields below.
    std::atomic<timer_queue*> queue_{nullptr};
    clock::time_point when_{};
    clock::duration period_{};
    std::int64_t heap_index_ = -1;  // guarded by queue_'s lock; -1: not queued
};

// Queues t to fire at `when` (and every `period` after, if period > 0).
// If t is already pending it is moved. Returns whether it was pending. Any
// thread; t goes into the calling scheduler thread's heap when it can (thread
// 0's for a thread outside the runtime), else stays in the one it was in.
bool timer_start(timer* t, clock::time_point when, clock::duration period = {}) noexcept;

// Removes t from its heap. Any thread. Returns true if it was pending (so it will not
// fire for that expiry), false if it had fired, was firing or was stopped.
bool timer_stop(timer* t) noexcept;

// Parks the calling goroutine until `deadline` (returns at once if it has
// passed). The building block of time::sleep.
void sleep_until(clock::time_point deadline);

// Number of pending timers (for tests and the deadlock detector).
std::int64_t timers_pending() noexcept;
// Stops every pending timer the program can no longer observe
// (!held_by_program(), as a collector would drop it). For the leak check at
// exit: their channels, and what is buffered in them, go with them.
void stop_timers_not_held_by_program() noexcept;

}  // namespace gocpp::detail
