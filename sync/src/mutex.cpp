// Mutex, after Go's sync/mutex.go (lockSlow/unlockSlow, starvation mode).
//
// Normal mode: waiters queue FIFO, but a woken waiter competes with newly
// arriving goroutines, which usually win (they are already running); a
// waiter that loses goes back to the front of the queue. Once a waiter has
// waited more than 1 ms it switches the Mutex to starvation mode: unlock()
// hands the Mutex directly to the first waiter, and arrivals neither take it
// nor spin but queue at the back. The last waiter, or one that waited less
// than 1 ms, switches back to normal mode.
#include <gocpp/runtime.hpp>
#include <gocpp/sync/mutex.hpp>

#include <chrono>

namespace gocpp::sync {

namespace {

constexpr std::int64_t starvation_threshold_ns = 1'000'000;

std::int64_t nanotime() noexcept {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(
               std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

// Go's runtime_canSpin: a few rounds, only while another thread runs (the
// holder may be there) and nothing else is queued to run here.
bool can_spin(int iter) {
    return iter < 4 && detail::spinning_may_pay();
}

void do_spin() noexcept {
    for (int i = 0; i < 30; ++i)
        __builtin_ia32_pause();
}

}  // namespace

// The state is only changed by compare-and-swap or fetch-and-add, so every
// change reads the latest value; acq_rel on the CAS that takes the Mutex
// pairs with unlock()'s release.
void Mutex::lock_slow(detail::wait_reason reason) {
    std::int64_t wait_start = 0;
    bool is_starving = false;
    bool awoke = false;
    int iter = 0;
    std::int32_t old = state_.load(std::memory_order_relaxed);
    for (;;) {
        // Spin while it is locked in normal mode: the holder may be about to
        // unlock. In starvation mode it goes to a waiter anyway.
        if ((old & (locked | starving)) == locked && can_spin(iter)) {
            // Tell unlock() not to wake another waiter while we spin.
            if (!awoke && (old & woken) == 0 && (old >> waiter_shift) != 0 &&
                state_.compare_exchange_strong(old, old | woken, std::memory_order_relaxed)) {
                awoke = true;
            }
            do_spin();
            ++iter;
            old = state_.load(std::memory_order_relaxed);
            continue;
        }
        std::int32_t next = old;
        // Arrivals do not take a starving Mutex: they queue.
        if ((old & starving) == 0) next |= locked;
        if ((old & (locked | starving)) != 0) next += 1 << waiter_shift;
        // Switch to starvation mode, unless it is unlocked now (unlock()
        // expects a starving Mutex to have waiters).
        if (is_starving && (old & locked) != 0) next |= starving;
        if (awoke) {
            // We were woken (or claimed the woken flag): clear it either way.
            if ((next & woken) == 0) detail::fatal("sync: inconsistent mutex state");
            next &= ~woken;
        }
        if (state_.compare_exchange_strong(old, next, std::memory_order_acq_rel,
                                           std::memory_order_relaxed)) {
            if ((old & (locked | starving)) == 0) break;  // took it
            // A waiter that already waited goes back to the front.
            const bool lifo = wait_start != 0;
            if (wait_start == 0) wait_start = nanotime();
            sema_.acquire(reason, lifo);
            is_starving = is_starving || nanotime() - wait_start > starvation_threshold_ns;
            old = state_.load(std::memory_order_acquire);
            if ((old & starving) != 0) {
                // Handed to us: locked is not set and we still count as a
                // waiter. Fix both.
                if ((old & (locked | woken)) != 0 || (old >> waiter_shift) == 0) {
                    detail::fatal("sync: inconsistent mutex state");
                }
                std::int32_t delta = locked - (1 << waiter_shift);
                if (!is_starving || (old >> waiter_shift) == 1) {
                    // Leave starvation mode: it is slow, and two goroutines
                    // could go lock-step in it for good.
                    delta -= starving;
                }
                state_.fetch_add(delta, std::memory_order_acq_rel);
                break;
            }
            awoke = true;
            iter = 0;
        }
        // A failed CAS has reloaded old.
    }
}

void Mutex::unlock_slow(std::int32_t now) {
    if (((now + locked) & locked) == 0) detail::fatal("sync: unlock of unlocked mutex");
    if ((now & starving) == 0) {
        std::int32_t old = now;
        for (;;) {
            // No waiters, or one is awake already, or someone took the Mutex
            // (or made it starving): nobody to wake.
            if ((old >> waiter_shift) == 0 || (old & (locked | woken | starving)) != 0) return;
            // Claim the right to wake one waiter.
            const std::int32_t next = (old - (1 << waiter_shift)) | woken;
            if (state_.compare_exchange_strong(old, next, std::memory_order_acq_rel,
                                               std::memory_order_relaxed)) {
                sema_.release(false);
                return;
            }
        }
    } else {
        // Starvation mode: hand the Mutex to the first waiter and let it run.
        // locked stays clear; starving keeps arrivals off.
        sema_.release(true);
    }
}

}  // namespace gocpp::sync
