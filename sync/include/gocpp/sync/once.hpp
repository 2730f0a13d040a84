// gocpp/sync/once.hpp — Go's sync.Once.
//
//     sync::Once once;                                   // var once sync.Once
//     for (int i = 0; i < 3; i++) {
//         once.do_([] { std::cout << "Only once\n"; });  // once.Do(func() { ... })
//     }
//
// do_(f) calls f only the first time do_ is called on this Once; every other
// call, concurrent or later, does not call its f. (`do` is a C++ keyword,
// hence the underscore.) The zero value is ready. f may be any callable
// taking no arguments; its result is ignored.
//
// Blocking: a call that finds f running parks its goroutine (never the
// thread) until f has returned; do_ returns only after f has completed, so
// the return of f happens before every do_ returns. Calling do_ on the same
// Once from inside f deadlocks. Safe from any goroutine on any thread. Not
// copyable or movable.
//
// If f panics (throws), do_ considers it returned: the exception propagates
// to the caller that ran f, and later calls of do_ do not call f.
// Dumps show [sync.Once.Do] for a goroutine waiting on a running f (Go shows
// the mutex it waits on).
#pragma once

#include <gocpp/detail/goroutine.hpp>
#include <gocpp/sync/detail/sema.hpp>

#include <atomic>
#include <cstdint>
#include <utility>

namespace gocpp::sync {

class Once {
  public:
    constexpr Once() noexcept = default;
    Once(const Once&) = delete;
    Once& operator=(const Once&) = delete;

    // once.Do(f): see the top of this header.
    template <class F>
    void do_(F&& f) {
        // acquire: f's effects are visible to every caller that sees done.
        if ((state_.load(std::memory_order_acquire) & done) != 0) [[likely]]
            return;
        if (!claim_or_wait()) return;
        // Marks the Once done on the way out, also when f throws.
        struct finisher {
            Once& once;
            ~finisher() { once.finish(); }
        } finish_guard{*this};
        std::forward<F>(f)();
    }

  private:
    // One word, so that marking it done is the last write the caller that
    // ran f makes to the Once when nobody waits: a caller that sees done may
    // destroy the Once at once. (Go's Once sets done, then unlocks a Mutex;
    // its garbage collector keeps the Once alive for that unlock.)
    static constexpr std::uint32_t done = 1;
    static constexpr std::uint32_t running = 2;
    static constexpr std::uint32_t one_waiter = 4;  // the waiter count starts here

    // True if the caller is to run f; false once f has run. Parks while
    // another caller runs f.
    bool claim_or_wait();
    // Marks the Once done and wakes the callers waiting for f.
    void finish() noexcept;

    std::atomic<std::uint32_t> state_{0};
    detail::sema sema_;  // the callers waiting for f
};

}  // namespace gocpp::sync
