// RWMutex, after Go's sync/rwmutex.go. reader_count_ counts readers; a
// writer subtracts max_readers from it, so a negative count tells arriving
// readers to wait, and moves the readers it must wait for into reader_wait_.
#include <gocpp/runtime.hpp>
#include <gocpp/sync/rwmutex.hpp>

namespace gocpp::sync {

bool RWMutex::try_rlock() noexcept {
    std::int32_t c = reader_count_.load(std::memory_order_relaxed);
    while (c >= 0) {
        if (reader_count_.compare_exchange_weak(c, c + 1, std::memory_order_acquire,
                                                std::memory_order_relaxed)) {
            return true;
        }
    }
    return false;
}

void RWMutex::runlock_slow(std::int32_t r) {
    if (r + 1 == 0 || r + 1 == -max_readers) detail::fatal("sync: RUnlock of unlocked RWMutex");
    // A writer is pending; the last departing reader lets it in.
    if (reader_wait_.fetch_sub(1, std::memory_order_acq_rel) - 1 == 0) writer_sem_.release(false);
}

void RWMutex::lock() {
    // First, resolve competition with other writers.
    w_.lock_as(detail::wait_reason::rwmutex_lock);
    // Announce the writer to readers; r is the readers still inside.
    const std::int32_t r = reader_count_.fetch_add(-max_readers, std::memory_order_acq_rel);
    if (r != 0 && reader_wait_.fetch_add(r, std::memory_order_acq_rel) + r != 0) {
        writer_sem_.acquire(detail::wait_reason::rwmutex_lock);
    }
}

bool RWMutex::try_lock() noexcept {
    if (!w_.try_lock()) return false;
    std::int32_t expected = 0;
    if (!reader_count_.compare_exchange_strong(expected, -max_readers, std::memory_order_acquire,
                                               std::memory_order_relaxed)) {
        w_.unlock();
        return false;
    }
    return true;
}

void RWMutex::unlock() {
    // Announce to readers that there is no writer; r is the readers that
    // arrived meanwhile and wait.
    const std::int32_t r =
        reader_count_.fetch_add(max_readers, std::memory_order_acq_rel) + max_readers;
    if (r >= max_readers) detail::fatal("sync: Unlock of unlocked RWMutex");
    reader_sem_.release_n(static_cast<std::uint32_t>(r));
    // Let other writers in.
    w_.unlock();
}

}  // namespace gocpp::sync
