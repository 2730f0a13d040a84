// The goroutine semaphore and notify list, after Go's runtime/sema.go
// (semacquire1, semrelease1, notifyListWait, notifyListNotifyOne/All), with
// one queue per object instead of Go's global table.
#include <gocpp/runtime.hpp>
#include <gocpp/sync/detail/sema.hpp>

#include <mutex>

namespace gocpp::detail {

bool sema::try_acquire() noexcept {
    std::uint32_t v = count_.load(std::memory_order_seq_cst);
    while (v != 0) {
        if (count_.compare_exchange_weak(v, v - 1, std::memory_order_seq_cst)) return true;
    }
    return false;
}

void sema::acquire(wait_reason reason, bool lifo) {
    if (try_acquire()) return;
    sema_waiter w;
    w.g = current();
    for (;;) {
        lock_.lock();
        // Announce the waiter before the last look at the count, so that a
        // release() that adds to the count after it sees the waiter.
        nwait_.fetch_add(1, std::memory_order_seq_cst);
        if (try_acquire()) {
            nwait_.fetch_sub(1, std::memory_order_seq_cst);
            lock_.unlock();
            return;
        }
        w.next = nullptr;
        if (head_ == nullptr) {
            head_ = tail_ = &w;
        } else if (lifo) {
            w.next = head_;
            head_ = &w;
        } else {
            tail_->next = &w;
            tail_ = &w;
        }
        auto unlock = [this] { lock_.unlock(); };
        park(reason, unlock);
        // release() dequeued us and took us off nwait_.
        if (w.handed_off || try_acquire()) return;
    }
}

void sema::release(bool handoff) {
    count_.fetch_add(1, std::memory_order_seq_cst);
    if (nwait_.load(std::memory_order_seq_cst) == 0) return;
    lock_.lock();
    if (nwait_.load(std::memory_order_relaxed) == 0) {
        lock_.unlock();
        return;
    }
    sema_waiter* w = head_;
    head_ = w->next;
    if (head_ == nullptr) tail_ = nullptr;
    nwait_.fetch_sub(1, std::memory_order_seq_cst);
    lock_.unlock();
    bool handed = false;
    if (handoff && try_acquire()) {
        w->handed_off = true;
        handed = true;
    }
    goroutine* g = w->g;  // w may be gone once g runs
    ready(g);
    // Go: let the waiter we handed the unit to run at once (it is next on
    // this thread).
    if (handed) gosched();
}

void notify_list::wait(std::uint32_t ticket) {
    lock_.lock();
    // Already notified (the ticket is older than the next one to notify)?
    if (static_cast<std::int32_t>(ticket - notify_.load(std::memory_order_relaxed)) < 0) {
        lock_.unlock();
        return;
    }
    sema_waiter w;
    w.g = current();
    w.ticket = ticket;
    if (tail_ == nullptr) {
        head_ = &w;
    } else {
        tail_->next = &w;
    }
    tail_ = &w;
    auto unlock = [this] { lock_.unlock(); };
    park(wait_reason::cond_wait, unlock);
}

void notify_list::notify_one() {
    // Fast path: nobody took a ticket since the last notification.
    if (wait_.load(std::memory_order_seq_cst) == notify_.load(std::memory_order_seq_cst)) return;
    lock_.lock();
    const std::uint32_t t = notify_.load(std::memory_order_relaxed);
    if (t == wait_.load(std::memory_order_seq_cst)) {
        lock_.unlock();
        return;
    }
    notify_.store(t + 1, std::memory_order_seq_cst);
    // The waiter holding ticket t may not have queued yet; then it will see
    // that t is notified and not park.
    sema_waiter* prev = nullptr;
    for (sema_waiter* w = head_; w != nullptr; prev = w, w = w->next) {
        if (w->ticket != t) continue;
        if (prev == nullptr) {
            head_ = w->next;
        } else {
            prev->next = w->next;
        }
        if (tail_ == w) tail_ = prev;
        goroutine* g = w->g;
        lock_.unlock();
        ready(g);
        return;
    }
    lock_.unlock();
}

void notify_list::notify_all() {
    if (wait_.load(std::memory_order_seq_cst) == notify_.load(std::memory_order_seq_cst)) return;
    lock_.lock();
    sema_waiter* w = head_;
    head_ = tail_ = nullptr;
    notify_.store(wait_.load(std::memory_order_seq_cst), std::memory_order_seq_cst);
    lock_.unlock();
    while (w != nullptr) {
        sema_waiter* next = w->next;  // read before the goroutine can run
        ready(w->g);
        w = next;
    }
}

}  // namespace gocpp::detail
