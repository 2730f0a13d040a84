// gocpp/sync/waitgroup.hpp — Go's sync.WaitGroup.
//
//     sync::WaitGroup wg;                      // var wg sync.WaitGroup
//     for (auto url : urls) {
//         wg.add(1);                           // wg.Add(1)
//         go([&wg, url] {
//             defer _{[&] { wg.done(); }};     // defer wg.Done()
//             fetch(url);
//         });
//     }
//     wg.wait();                               // wg.Wait()
//
// A counter of outstanding work; wait() blocks until it is zero. The zero
// value is ready (counter 0). Call add() with a positive delta before
// starting the goroutine (or other event) it counts, not inside it. A
// WaitGroup may be reused once every wait() of the previous round has
// returned.
//
// Blocking: wait() parks the calling goroutine, never its thread, until the
// counter is zero; it returns at once if it is zero already. add() and done()
// never block. Safe from any goroutine on any thread. Memory: every done()
// (and add() that brings the counter to zero) happens before the return of
// each wait() it unblocks. Not copyable or movable.
//
// Panics (recoverable gocpp::panic_error, Go's messages):
// - "sync: negative WaitGroup counter" when add() or done() takes the
//   counter below zero.
// - "sync: WaitGroup misuse: Add called concurrently with Wait" and
//   "sync: WaitGroup is reused before previous Wait has returned": best-effort
//   checks of those races, as in Go.
// Dumps show [sync.WaitGroup.Wait] (Go 1.20's spelling; Go 1.19 printed
// [semacquire]).
#pragma once

#include <gocpp/sync/detail/sema.hpp>

#include <atomic>
#include <cstdint>

namespace gocpp::sync {

class WaitGroup {
  public:
    constexpr WaitGroup() noexcept = default;
    WaitGroup(const WaitGroup&) = delete;
    WaitGroup& operator=(const WaitGroup&) = delete;

    // wg.Add(delta): adds delta (which may be negative) to the counter; at
    // zero, wakes every waiter.
    void add(int delta);

    // wg.Done(): add(-1).
    void done() { add(-1); }

    // wg.Wait(): blocks until the counter is zero.
    void wait();

  private:
    // High 32 bits: the counter; low 32 bits: the number of waiters.
    std::atomic<std::uint64_t> state_{0};
    detail::sema sema_;
};

}  // namespace gocpp::sync
