// gocpp/detail/spinlock.hpp — the short lock that guards channels, timers and
// other runtime state. Held only for a few instructions, never across a
// park, so spinning (then yielding the thread) beats a futex here.
#pragma once

#include <atomic>
#include <thread>

namespace gocpp::detail {

class spinlock {
  public:
    void lock() noexcept {
        for (;;) {
            if (!locked_.exchange(true, std::memory_order_acquire)) return;
            for (int spins = 0; locked_.load(std::memory_order_relaxed); ++spins) {
                if (spins < 64) {
                    __builtin_ia32_pause();
                } else {
                    std::this_thread::yield();
                }
            }
        }
    }
    bool try_lock() noexcept {
        return !locked_.load(std::memory_order_relaxed) &&
               !locked_.exchange(true, std::memory_order_acquire);
    }
    void unlock() noexcept { locked_.store(false, std::memory_order_release); }

  private:
    std::atomic<bool> locked_{false};
};

}  // namespace gocpp::detail
