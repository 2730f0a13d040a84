// gocpp/sync/mutex.hpp — Go's sync.Mutex.
//
//     sync::Mutex mu;                        // var mu sync.Mutex
//     std::map<std::string, int> hits;
//     go([&] {
//         std::lock_guard lk(mu);            // mu.Lock(); defer mu.Unlock()
//         hits["a"]++;
//     });
//     if (mu.try_lock()) { ...; mu.unlock(); }  // if mu.TryLock() { ...; mu.Unlock() }
//
// A mutual exclusion lock for goroutines. The zero value (a default-
// constructed Mutex) is unlocked and ready. lock/unlock/try_lock are the std
// spellings, so std::lock_guard, std::unique_lock and std::scoped_lock work.
//
// Go's semantics, which std::mutex does not have:
// - A locked Mutex belongs to no goroutine: one goroutine may lock it and
//   another unlock it.
// - unlock() of an unlocked Mutex is a fatal error, not a panic: "fatal
//   error: sync: unlock of unlocked mutex" on stderr, exit status 2; no
//   catch can stop it.
// - Not recursive: lock() by the holder blocks for good (a deadlock that the
//   runtime reports if every goroutine ends up blocked).
//
// Blocking: lock() parks the calling goroutine, never its thread, until the
// Mutex is its. Uncontended, lock() and unlock() are one atomic instruction
// each, with no allocation and no system call. Contended, a goroutine spins
// briefly (only when GOMAXPROCS > 1), then parks in a FIFO queue. As in Go,
// a woken waiter competes with newly arriving goroutines; once a waiter has
// waited more than 1 ms the Mutex switches to starvation mode and unlock()
// hands it straight to the first waiter, so no waiter starves; it switches
// back when the queue empties or a waiter got it quickly.
//
// Memory: the n-th unlock() happens before the (n+1)-th lock() returns. A
// try_lock() that fails gives no ordering. Safe from any goroutine on any
// thread. Must not be copied or moved (it does not compile).
//
// In a goroutine dump a goroutine blocked in lock() shows
// [sync.Mutex.Lock] (Go 1.20's spelling; Go 1.19 printed [semacquire]).
#pragma once

#include <gocpp/detail/goroutine.hpp>
#include <gocpp/sync/detail/sema.hpp>

#include <atomic>
#include <cstdint>

namespace gocpp::sync {

class Once;
class RWMutex;

class Mutex {
  public:
    constexpr Mutex() noexcept = default;
    Mutex(const Mutex&) = delete;
    Mutex& operator=(const Mutex&) = delete;

    // mu.Lock(): blocks the goroutine until the Mutex is free, then takes it.
    void lock() { lock_as(detail::wait_reason::mutex_lock); }

    // mu.TryLock(): takes the Mutex if it is free now. Never blocks. Like Go's,
    // it may fail when the Mutex is about to be free or is being handed to a
    // waiter (starvation mode).
    [[nodiscard]] bool try_lock() noexcept {
        std::int32_t old = state_.load(std::memory_order_relaxed);
        if ((old & (locked | starving)) != 0) return false;
        // acquire: the previous holder's writes are visible once it is ours.
        return state_.compare_exchange_strong(old, old | locked, std::memory_order_acquire,
                                              std::memory_order_relaxed);
    }

    // mu.Unlock(): frees the Mutex and wakes a waiter if there is one. Fatal
    // error if the Mutex is not locked. Never blocks (in starvation mode it
    // lets the waiter it handed the Mutex to run first).
    void unlock() {
        // release: publishes the critical section to the next holder.
        const std::int32_t now = state_.fetch_sub(locked, std::memory_order_release) - locked;
        if (now != 0) [[unlikely]]
            unlock_slow(now);
    }

  private:
    friend class Once;
    friend class RWMutex;

    // Go's state bits; the number of parked waiters is state >> waiter_shift.
    static constexpr std::int32_t locked = 1;
    static constexpr std::int32_t woken = 2;     // a waiter is awake; unlock need not wake one
    static constexpr std::int32_t starving = 4;  // unlock hands the Mutex to the first waiter
    static constexpr int waiter_shift = 3;

    void lock_as(detail::wait_reason reason) {
        std::int32_t expected = 0;
        // acquire: the previous holder's writes are visible once it is ours.
        if (state_.compare_exchange_strong(expected, locked, std::memory_order_acquire,
                                           std::memory_order_relaxed)) [[likely]]
            return;
        lock_slow(reason);
    }
    void lock_slow(detail::wait_reason reason);
    void unlock_slow(std::int32_t now);

    std::atomic<std::int32_t> state_{0};
    detail::sema sema_;
};

}  // namespace gocpp::sync
