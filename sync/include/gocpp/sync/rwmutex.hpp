// gocpp/sync/rwmutex.hpp — Go's sync.RWMutex.
//
//     sync::RWMutex mu;                        // var mu sync.RWMutex
//     go([&] {
//         mu.rlock();                          // mu.RLock()
//         defer _{[&] { mu.runlock(); }};      // defer mu.RUnlock()
//         read(table);
//     });
//     {
//         std::lock_guard lk(mu);              // mu.Lock(); ...; mu.Unlock()
//         table["k"] = 1;
//     }
//     std::shared_lock rk(mu);                 // the std spelling of rlock/runlock
//
// A reader/writer lock: any number of readers or one writer. The zero value
// is unlocked and ready. Like Go's, and unlike a reader-preferring lock, a
// writer waiting in lock() holds back goroutines that call rlock() after it,
// so readers cannot starve a writer: they wait until that writer is done.
// Consequently rlock() must not be used recursively (a reader that rlocks
// again while a writer waits deadlocks).
//
// A held lock belongs to no goroutine: another goroutine may unlock or
// runlock it. Misuse is fatal, as in Go (exit status 2, no catch stops it):
// unlock() of an RWMutex not write-locked is "fatal error: sync: Unlock of
// unlocked RWMutex", runlock() without a reader "fatal error: sync: RUnlock
// of unlocked RWMutex".
//
// Blocking: lock() and rlock() park the goroutine, never its thread;
// unlock(), runlock(), try_lock() and try_rlock() never block. Safe from any
// goroutine on any thread. Memory: the n-th unlock() happens before the
// (n+1)-th lock() returns and before every rlock() that follows it returns;
// a runlock() happens before the lock() that waited for it returns. Failed
// try_lock()/try_rlock() give no ordering. Not copyable or movable.
//
// lock/unlock/try_lock and lock_shared/unlock_shared/try_lock_shared are the
// std spellings, so std::lock_guard, std::unique_lock and std::shared_lock
// work. Dumps show [sync.RWMutex.Lock] and [sync.RWMutex.RLock] (Go 1.20's
// spellings; Go 1.19 printed [semacquire]).
#pragma once

#include <gocpp/sync/locker.hpp>
#include <gocpp/sync/mutex.hpp>

#include <atomic>
#include <cstdint>

namespace gocpp::sync {

class RWMutex {
  public:
    constexpr RWMutex() noexcept = default;
    RWMutex(const RWMutex&) = delete;
    RWMutex& operator=(const RWMutex&) = delete;

    // rw.RLock(): blocks while a writer holds or waits for the lock.
    void rlock() {
        // acquire: a writer's critical section is visible to the reader.
        if (reader_count_.fetch_add(1, std::memory_order_acquire) + 1 < 0) [[unlikely]]
            reader_sem_.acquire(detail::wait_reason::rwmutex_rlock);
    }

    // rw.TryRLock(): read-locks if no writer holds or waits for the lock.
    [[nodiscard]] bool try_rlock() noexcept;

    // rw.RUnlock(): undoes one rlock(). Fatal if there is no reader.
    void runlock() {
        // release: the reader's accesses happen before a waiting writer's.
        const std::int32_t r = reader_count_.fetch_sub(1, std::memory_order_release) - 1;
        if (r < 0) [[unlikely]]
            runlock_slow(r);
    }

    // rw.Lock(): blocks until no reader or writer holds the lock.
    void lock();

    // rw.TryLock(): write-locks if nobody holds the lock.
    [[nodiscard]] bool try_lock() noexcept;

    // rw.Unlock(): releases the write lock, letting the waiting readers in
    // first. Fatal if not write-locked.
    void unlock();

    // rw.RLocker(): a Locker whose lock() and unlock() are rlock() and
    // runlock() of this RWMutex.
    Locker rlocker() noexcept {
        return Locker(
            this, [](void* p) { static_cast<RWMutex*>(p)->rlock(); },
            [](void* p) { static_cast<RWMutex*>(p)->runlock(); });
    }

    // The std spellings of the read side, for std::shared_lock.
    void lock_shared() { rlock(); }
    [[nodiscard]] bool try_lock_shared() noexcept { return try_rlock(); }
    void unlock_shared() { runlock(); }

  private:
    static constexpr std::int32_t max_readers = 1 << 30;

    void runlock_slow(std::int32_t r);

    Mutex w_;                  // held while writers are pending
    detail::sema writer_sem_;  // a writer waits for departing readers
    detail::sema reader_sem_;  // readers wait for the writer
    std::atomic<std::int32_t> reader_count_{
        0};  // readers; -max_readers offset while a writer is pending
    std::atomic<std::int32_t> reader_wait_{0};  // readers the pending writer still waits for
};

}  // namespace gocpp::sync
