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
};

// Go's semaphore (semacquire/semrelease): a count and a queue of parked
// goroutines. acquire() takes one unit, parking until one is released.
//
// Unlike Go's, whose objects the garbage collector keeps alive, the object
// holding a sema may be destroyed as soon as a waiter returns (a WaitGroup on
// the stack of a loop). So units move only under lock_, a released unit goes
// straight to the first waiter, and unlocking lock_ is the last thing
// release() does to the sema: a waiter cannot return before that.
class sema {
  public:
    // Takes a unit, parking the goroutine with `reason` until there is one.
    // lifo queues the goroutine at the front (a waiter that already waited
    // once, as Go's Mutex does).
    void acquire(wait_reason reason, bool lifo = false);
    // Adds a unit, giving it to the first waiter if there is one. handoff:
    // let that waiter run at once (Go's starvation mode).
    void release(bool handoff = false) { release_n(1, handoff); }
    // Adds n units in one step: the first n waiters get one each.
    void release_n(std::uint32_t n, bool handoff = false);

  private:
    spinlock lock_;
    std::uint32_t count_ = 0;      // guarded by lock_
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
