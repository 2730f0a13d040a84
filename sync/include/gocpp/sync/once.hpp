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
#include <gocpp/sync/mutex.hpp>

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
        if (done_.load(std::memory_order_acquire) == 0) [[unlikely]]
            do_slow(std::forward<F>(f));
    }

  private:
    template <class F>
    void do_slow(F&& f) {
        m_.lock_as(detail::wait_reason::once_do);
        // Runs second on the way out: unlock after done is set (Go's defers).
        struct unlocker {
            Mutex& m;
            ~unlocker() { m.unlock(); }
        } unlock_guard{m_};
        if (done_.load(std::memory_order_relaxed) == 0) {
            // Runs first on the way out, also when f throws.
            struct marker {
                std::atomic<std::uint32_t>& done;
                ~marker() { done.store(1, std::memory_order_release); }
            } mark_done{done_};
            std::forward<F>(f)();
        }
    }

    std::atomic<std::uint32_t> done_{0};
    Mutex m_;
};

}  // namespace gocpp::sync
