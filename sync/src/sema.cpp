// The goroutine semaphore and notify list, after Go's runtime/sema.go
// (semacquire1, semrelease1, notifyListWait, notifyListNotifyOne/All), with
// one queue per object instead of Go's global table.
#include <gocpp/runtime.hpp>
#include <gocpp/sync/detail/sema.hpp>

#include <mutex>

namespace gocpp::detail {

void sema::acquire(wait_reason reason, bool lifo) {
    lock_.lock();
    if (count_ != 0) {
        --count_;
        lock_.unlock();
        return;
    }
    sema_waiter w;
    w.g = current();
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
    // release_n() dequeued us with our unit. The sema may be gone by now.
}

void sema::release_n(std::uint32_t n, bool handoff) {
    if (n == 0) return;
    lock_.lock();
    sema_waiter* woken = head_;
    sema_waiter* last = nullptr;
    for (; n != 0 && head_ != nullptr; --n) {
        last = head_;
        head_ = head_->next;
    }
    if (head_ == nullptr) tail_ = nullptr;
    count_ += n;
    if (last != nullptr) last->next = nullptr;
    lock_.unlock();
    // From here on only the dequeued waiters are touched; each is parked
    // until ready(), and its node (on its stack) lives until then.
    const bool woke_any = woken != nullptr;
    while (woken != nullptr) {
        sema_waiter* next = woken->next;  // read before the goroutine can run
        ready(woken->g);
        woken = next;
    }
    // Go: let the waiter we handed the unit to run at once (it is next on
    // this thread).
    if (handoff && woke_any) gosched();
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
