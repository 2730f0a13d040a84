// WaitGroup, after Go's sync/waitgroup.go: one 64-bit word holds the counter
// (high half) and the number of waiters (low half).
#include <gocpp/panic.hpp>
#include <gocpp/sync/waitgroup.hpp>

namespace gocpp::sync {

void WaitGroup::add(int delta) {
    const std::uint64_t state =
        state_.fetch_add(static_cast<std::uint64_t>(static_cast<std::int64_t>(delta)) << 32,
                         std::memory_order_seq_cst) +
        (static_cast<std::uint64_t>(static_cast<std::int64_t>(delta)) << 32);
    const auto v = static_cast<std::int32_t>(state >> 32);
    const auto w = static_cast<std::uint32_t>(state);
    if (v < 0) panic("sync: negative WaitGroup counter");
    if (w != 0 && delta > 0 && v == delta) {
        panic("sync: WaitGroup misuse: Add called concurrently with Wait");
    }
    if (v > 0 || w == 0) return;
    // The counter reached zero with waiters: no add() may race with that
    // (adds must not happen concurrently with wait) and wait() does not add
    // waiters once it sees zero, so the word is stable. Check cheaply.
    if (state_.load(std::memory_order_seq_cst) != state) {
        panic("sync: WaitGroup misuse: Add called concurrently with Wait");
    }
    state_.store(0, std::memory_order_seq_cst);
    // All waiters at once: the first to run may destroy the WaitGroup.
    sema_.release_n(w);
}

void WaitGroup::wait() {
    std::uint64_t state = state_.load(std::memory_order_seq_cst);
    for (;;) {
        if (static_cast<std::int32_t>(state >> 32) == 0) return;
        if (state_.compare_exchange_weak(state, state + 1, std::memory_order_seq_cst)) {
            sema_.acquire(detail::wait_reason::waitgroup_wait);
            if (state_.load(std::memory_order_seq_cst) != 0) {
                panic("sync: WaitGroup is reused before previous Wait has returned");
            }
            return;
        }
    }
}

}  // namespace gocpp::sync
