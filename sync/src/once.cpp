// Once: see gocpp/sync/once.hpp for why it is one word and a sema rather
// than Go's done flag and Mutex.
#include <gocpp/sync/once.hpp>

namespace gocpp::sync {

bool Once::claim_or_wait() {
    std::uint32_t s = state_.load(std::memory_order_acquire);
    for (;;) {
        if ((s & done) != 0) return false;
        if ((s & running) == 0) {
            if (state_.compare_exchange_weak(s, s | running, std::memory_order_acquire)) {
                return true;
            }
        } else if (state_.compare_exchange_weak(s, s + one_waiter, std::memory_order_acquire)) {
            sema_.acquire(detail::wait_reason::once_do);
            // finish() set done before it woke us.
            s = state_.load(std::memory_order_acquire);
        }
    }
}

void Once::finish() noexcept {
    const std::uint32_t s = state_.exchange(done, std::memory_order_acq_rel);
    const std::uint32_t waiters = s / one_waiter;
    // With waiters the Once is still in use (they are inside do_), so it
    // cannot have been destroyed yet.
    if (waiters != 0) sema_.release_n(waiters);
}

}  // namespace gocpp::sync
