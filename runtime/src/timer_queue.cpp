// The timer queue: one binary min-heap of pending timers, guarded by a
// spinlock. Scheduler threads fire due timers between goroutines (see
// go_algorithm::pick_next) and idle threads sleep until the earliest one.
#include "internal.hpp"

namespace gocpp::detail {

struct timer_queue {
    spinlock lock;
    std::vector<timer*> heap;
    // Earliest due time in ns since the clock's epoch; INT64_MAX when empty.
    // Read without the lock by the scheduler's fast path.
    std::atomic<std::int64_t> next_ns{INT64_MAX};
    void (*wake)(std::int64_t when_ns) = nullptr;

    static std::int64_t ns(clock::time_point t) { return clock_ns(t); }
    bool before(std::size_t a, std::size_t b) const { return heap[a]->when_ < heap[b]->when_; }
    void place(std::size_t i) { heap[i]->heap_index_ = static_cast<std::int64_t>(i); }
    void sift_up(std::size_t i) {
        while (i > 0) {
            std::size_t parent = (i - 1) / 2;
            if (!before(i, parent)) break;
            std::swap(heap[i], heap[parent]);
            place(i);
            place(parent);
            i = parent;
        }
    }
    void sift_down(std::size_t i) {
        for (;;) {
            std::size_t l = 2 * i + 1, r = l + 1, m = i;
            if (l < heap.size() && before(l, m)) m = l;
            if (r < heap.size() && before(r, m)) m = r;
            if (m == i) break;
            std::swap(heap[i], heap[m]);
            place(i);
            place(m);
            i = m;
        }
    }
    void push(timer* t) {
        heap.push_back(t);
        place(heap.size() - 1);
        sift_up(heap.size() - 1);
    }
    void remove_at(std::size_t i) {
        heap[i]->heap_index_ = -1;
        std::size_t last = heap.size() - 1;
        if (i != last) {
            heap[i] = heap[last];
            place(i);
            heap.pop_back();
            sift_down(i);
            sift_up(i);
        } else {
            heap.pop_back();
        }
    }
    // seq_cst: a thread going to sleep announces its deadline and then
    // reads next_ns, timer_start() publishes next_ns and then reads the
    // deadlines (go_algorithm::suspend_until); one of the two sees the other.
    void publish_next() {
        next_ns.store(heap.empty() ? INT64_MAX : ns(heap.front()->when_),
                      std::memory_order_seq_cst);
    }
};

std::int64_t clock_ns(clock::time_point t) noexcept {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(t.time_since_epoch()).count();
}

namespace {
timer_queue& queue() {
    static auto* q = new timer_queue;  // never destroyed: threads outlive main
    return *q;
}
}  // namespace

bool timer_start(timer* t, clock::time_point when, clock::duration period) noexcept {
    ensure_started();
    timer_queue& q = queue();
    bool was_pending;
    bool earliest;
    {
        std::lock_guard lk(q.lock);
        was_pending = t->heap_index_ >= 0;
        if (was_pending) {
            q.remove_at(static_cast<std::size_t>(t->heap_index_));
        } else {
            t->add_ref();  // the queue's reference
        }
        t->when_ = when;
        t->period_ = period;
        q.push(t);
        earliest = q.heap.front() == t;
        q.publish_next();
    }
    // An idle thread may be sleeping until a later deadline.
    if (earliest && q.wake != nullptr) q.wake(timer_queue::ns(when));
    return was_pending;
}

bool timer_stop(timer* t) noexcept {
    timer_queue& q = queue();
    {
        std::lock_guard lk(q.lock);
        if (t->heap_index_ < 0) return false;
        q.remove_at(static_cast<std::size_t>(t->heap_index_));
        q.publish_next();
    }
    t->release();  // the queue's reference
    return true;
}

std::int64_t timers_pending() noexcept {
    timer_queue& q = queue();
    std::lock_guard lk(q.lock);
    return static_cast<std::int64_t>(q.heap.size());
}

bool timers_due() noexcept {
    const std::int64_t next = queue().next_ns.load(std::memory_order_acquire);
    if (next == INT64_MAX) return false;
    return timer_queue::ns(clock::now()) >= next;
}

clock::time_point next_timer_when() noexcept {
    const std::int64_t next = queue().next_ns.load(std::memory_order_seq_cst);
    if (next == INT64_MAX) return clock::time_point::max();
    return clock::time_point(
        std::chrono::duration_cast<clock::duration>(std::chrono::nanoseconds(next)));
}

void set_timer_wakeup(void (*wake)(std::int64_t when_ns)) noexcept {
    queue().wake = wake;
}

void run_timers() noexcept {
    timer_queue& q = queue();
    const clock::time_point now = clock::now();
    // Fire in batches so that the lock is not held while fire() runs.
    timer* batch[64];
    for (;;) {
        std::size_t n = 0;
        {
            std::lock_guard lk(q.lock);
            while (n < 64 && !q.heap.empty() && q.heap.front()->when_ <= now) {
                timer* t = q.heap.front();
                if (t->period_ > clock::duration::zero()) {
                    // Stay on the period grid, skipping missed ticks.
                    auto missed = (now - t->when_) / t->period_;
                    t->when_ += t->period_ * (missed + 1);
                    q.sift_down(0);
                    t->add_ref();  // for this firing; the queue keeps its own
                } else {
                    q.remove_at(0);  // the queue's reference moves to the batch
                }
                batch[n++] = t;
            }
            q.publish_next();
        }
        for (std::size_t i = 0; i < n; ++i) {
            batch[i]->fire(now);
            batch[i]->release();
        }
        if (n < 64) return;
    }
}

}  // namespace gocpp::detail
