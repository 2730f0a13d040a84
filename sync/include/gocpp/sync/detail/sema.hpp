// gocpp/sync/detail/sema.hpp — the goroutine semaphore and notify list under
// every sync type (Go's runtime/sema.go). Not for users: only their layout is
// here, so that Mutex and friends can hold them inline; the code is in
// sync/src/sema.cpp.
#pragma once

#include <gocpp/detail/goroutine.hpp>
#include <gocpp/detail/spinlock.hpp>

#include <atomic>
#include <cstdint>

namespace gocpp::detail {

// A goroutine parked on a sema or notify_list; lives on its stack.
struct sema_waiter {
    goroutine* g = nullptr;
    sema_waiter* next = nullptr;
    std::uint32_t ticket = 0;  // notify_list: its ticket
    bool handed_off = false;   // sema: the releaser passed the count to it
};

// Go's semaphore (semacquire/semrelease): a count and a queue of parked
// goroutines. acquire() takes one unit, parking until one is released.
class sema {
  public:
    // Takes a unit, parking the goroutine with `reason` until there is one.
    // lifo queues the goroutine at the front (a waiter that already waited
    // once, as Go's Mutex does).
    void acquire(wait_reason reason, bool lifo = false);
    // Adds a unit and wakes the first waiter. handoff: give the unit directly
    // to that waiter and let it run at once (Go's starvation mode).
    void release(bool handoff = false);

  private:
    bool try_acquire() noexcept;

    // Both seq_cst: release() adds to count_ then reads nwait_, acquire()
    // adds to nwait_ then reads count_; one of them sees the other.
    std::atomic<std::uint32_t> count_{0};
    std::atomic<std::uint32_t> nwait_{0};
    spinlock lock_;
    sema_waiter* head_ = nullptr;  // guarded by lock_
    sema_waiter* tail_ = nullptr;
};

// Go's notifyList, behind Cond: waiters take a ticket before they unlock the
// Cond's lock, so a signal reaches exactly the oldest ticket not yet
// notified, even if that waiter has not parked yet.
class notify_list {
  public:
    std::uint32_t add() noexcept { return wait_.fetch_add(1, std::memory_order_seq_cst); }
    void wait(std::uint32_t ticket);
    void notify_one();
    void notify_all();

  private:
    std::atomic<std::uint32_t> wait_{0};    // next ticket to hand out
    std::atomic<std::uint32_t> notify_{0};  // next ticket to notify; written under lock_
    spinlock lock_;
    sema_waiter* head_ = nullptr;  // guarded by lock_; any ticket order
    sema_waiter* tail_ = nullptr;
};

}  // namespace gocpp::detail
