// The timer heaps: one binary min-heap of pending timers per scheduler thread
// (Go 1.14+'s per-P timers), each guarded by its own spinlock. A thread fires
// its own heap's due timers between goroutines (go_algorithm::pick); a
// thread coming out of the idle wait, or letting the dispatcher in, fires
// the due timers of the other heaps too, so a timer is late by at most as
// long as every thread stays busy without picking. Idle threads sleep until
// the earliest entry of the heaps they watch (idle_wait).
//
// Why per thread: a single heap under one lock made every timer start, stop
// and firing on two threads bounce that lock's and the heap's cache lines
// between the cores, and a program with two threads ran 100,000 sleeps 2.5×
// slower than with one.
#include "internal.hpp"

#include <vector>

namespace gocpp::detail {

struct alignas(64) timer_queue {
    // A heap entry: the due time is kept next to the pointer, so that
    // ordering the heap reads only the heap's own memory, not one cold timer
    // per comparison. Four children per node, as Go's timer heap: half the
    // depth of a binary heap, and the four keys compared are adjacent.
    struct entry {
        std::int64_t when_ns;
        timer* t;
    };
    static constexpr std::size_t kArity = 4;

    spinlock lock;
    std::vector<entry> heap;
    // Earliest due time in ns since the clock's epoch; INT64_MAX when empty.
    // Read without the lock by the scheduler's fast path and by idle threads.
    std::atomic<std::int64_t> next_ns{INT64_MAX};

    static std::int64_t ns(clock::time_point t) { return clock_ns(t); }
    void place(std::size_t i) { heap[i].t->heap_index_ = static_cast<std::int64_t>(i); }
    void sift_up(std::size_t i) {
        const entry moving = heap[i];
        while (i > 0) {
            const std::size_t parent = (i - 1) / kArity;
            if (moving.when_ns >= heap[parent].when_ns) break;
            heap[i] = heap[parent];
            place(i);
            i = parent;
        }
        heap[i] = moving;
        place(i);
    }
    void sift_down(std::size_t i) {
        const entry moving = heap[i];
        const std::size_t n = heap.size();
        for (;;) {
            const std::size_t first = i * kArity + 1;
            if (first >= n) break;
            std::size_t least = first;
            const std::size_t end = std::min(first + kArity, n);
            for (std::size_t c = first + 1; c < end; ++c)
                if (heap[c].when_ns < heap[least].when_ns) least = c;
            if (heap[least].when_ns >= moving.when_ns) break;
            heap[i] = heap[least];
            place(i);
            i = least;
        }
        heap[i] = moving;
        place(i);
    }
    void push(timer* t) {
        heap.push_back({ns(t->when_), t});
        sift_up(heap.size() - 1);
    }
    void remove_at(std::size_t i) {
        heap[i].t->heap_index_ = -1;
        const std::size_t last = heap.size() - 1;
        if (i != last) {
            heap[i] = heap[last];
            heap.pop_back();
            sift_down(i);
            sift_up(i);
        } else {
            heap.pop_back();
        }
    }
    // seq_cst: a thread going to sleep announces its deadline and then
    // reads every heap's next_ns (idle_wait), timer_start() publishes next_ns
    // and then reads the deadlines (wake_for_timer); one of the two sees the
    // other.
    void publish_next() {
        next_ns.store(heap.empty() ? INT64_MAX : heap.front().when_ns, std::memory_order_seq_cst);
    }
    bool due(std::int64_t now_ns) const {
        return next_ns.load(std::memory_order_acquire) <= now_ns;
    }

    // timer_start; with parks_next, timer_start_then_park.
    static bool start(timer* t, clock::time_point when, clock::duration period,
                      bool parks_next) noexcept;

    // Locks the heap t belongs to and returns it; binds t to `home` first if it
    // belongs to none yet. nullptr (nothing locked) if t belongs to none and
    // home is nullptr.
    static timer_queue* lock_queue_of(timer* t, timer_queue* home) noexcept {
        for (;;) {
            timer_queue* q = t->queue_.load(std::memory_order_acquire);
            if (q == nullptr) {
                if (home == nullptr) return nullptr;
                if (!t->queue_.compare_exchange_strong(q, home, std::memory_order_acq_rel))
                    continue;
                q = home;
            }
            q->lock.lock();
            // t moved meanwhile (timer_start by another thread): look again.
            if (t->queue_.load(std::memory_order_relaxed) == q) return q;
            q->lock.unlock();
        }
    }

    // Fires the timers due at `now`, in batches so that the lock is not held
    // while fire() runs (it may start or stop timers, of this heap too).
    void run_due(clock::time_point now) {
        const std::int64_t now_ns = ns(now);
        timer* batch[64];
        for (;;) {
            std::size_t n = 0;
            {
                std::lock_guard lk(lock);
                while (n < 64 && !heap.empty() && heap.front().when_ns <= now_ns) {
                    timer* t = heap.front().t;
                    if (t->period_ > clock::duration::zero()) {
                        // Stay on the period grid, skipping missed ticks.
                        auto missed = (now - t->when_) / t->period_;
                        t->when_ += t->period_ * (missed + 1);
                        heap.front().when_ns = ns(t->when_);
                        sift_down(0);
                        t->add_ref();  // for this firing; the heap keeps its own
                    } else {
                        remove_at(0);  // the heap's reference moves to the batch
                    }
                    batch[n++] = t;
                }
                publish_next();
            }
            for (std::size_t i = 0; i < n; ++i) {
                batch[i]->fire(now);
                batch[i]->release();
            }
            if (n < 64) return;
        }
    }
};

std::int64_t clock_ns(clock::time_point t) noexcept {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(t.time_since_epoch()).count();
}

namespace {

// One heap per scheduler thread, made at start-up and never destroyed
// (threads outlive main).
timer_queue* g_queues = nullptr;
int g_nqueues = 0;
void (*g_wake)(std::int64_t when_ns, int heap) = nullptr;

}  // namespace

void init_timers(int nprocs, void (*wake)(std::int64_t when_ns, int heap)) {
    g_queues = new timer_queue[nprocs];
    g_nqueues = nprocs;
    g_wake = wake;
}

bool timer_queue::start(timer* t, clock::time_point when, clock::duration period,
                        bool parks_next) noexcept {
    ensure_started();
    processor* self = current_processor();
    timer_queue* home = &g_queues[self != nullptr ? self->index : 0];
    timer_queue* q = timer_queue::lock_queue_of(t, home);
    const bool was_pending = t->heap_index_ >= 0;
    if (was_pending) {
        q->remove_at(static_cast<std::size_t>(t->heap_index_));
    } else {
        t->add_ref();  // the heap's reference
    }
    // Into this thread's heap, as Go puts a timer on the P that (re)starts
    // it. Only when that lock is free at once: waiting for it while holding
    // another heap's lock could deadlock with a thread moving a timer the
    // other way, and leaving t where it is is always correct.
    if (q != home && home->lock.try_lock()) {
        if (was_pending) q->publish_next();
        t->queue_.store(home, std::memory_order_release);
        q->lock.unlock();
        q = home;
    }
    t->when_ = when;
    t->period_ = period;
    q->push(t);
    const bool earliest = q->heap.front().t == t;
    q->publish_next();
    q->lock.unlock();
    if (!earliest || g_wake == nullptr) return was_pending;
    const std::int64_t when_ns = ns(when);
    if (parks_next && q == home && self != nullptr) {
        // This thread will sleep until it if it goes idle, so the wake-up
        // is owed, not sent (see processor::owes_timer_watch).
        self->owes_timer_watch = true;
    } else {
        // A sleeping thread may need to wake earlier.
        g_wake(when_ns, static_cast<int>(q - g_queues));
    }
    return was_pending;
}

bool timer_start(timer* t, clock::time_point when, clock::duration period) noexcept {
    return timer_queue::start(t, when, period, false);
}

void timer_start_then_park(timer* t, clock::time_point when) noexcept {
    (void)timer_queue::start(t, when, {}, true);
}

bool timer_stop(timer* t) noexcept {
    timer_queue* q = timer_queue::lock_queue_of(t, nullptr);
    if (q == nullptr) return false;  // never started
    if (t->heap_index_ < 0) {
        q->lock.unlock();
        return false;
    }
    q->remove_at(static_cast<std::size_t>(t->heap_index_));
    q->publish_next();
    q->lock.unlock();
    t->release();  // the heap's reference
    return true;
}

std::int64_t timers_pending() noexcept {
    ensure_started();
    std::int64_t n = 0;
    for (int i = 0; i < g_nqueues; ++i) {
        std::lock_guard lk(g_queues[i].lock);
        n += static_cast<std::int64_t>(g_queues[i].heap.size());
    }
    return n;
}

void stop_timers_not_held_by_program() noexcept {
    ensure_started();
    std::vector<timer*> unheld;
    for (int i = 0; i < g_nqueues; ++i) {
        std::lock_guard lk(g_queues[i].lock);
        for (const timer_queue::entry& e : g_queues[i].heap) {
            if (!e.t->held_by_program() && e.t->try_add_ref()) unheld.push_back(e.t);
        }
    }
    for (timer* t : unheld) {
        (void)timer_stop(t);  // false: it fired or was stopped meanwhile
        t->release();
    }
}

std::int64_t heap_next_ns(int heap) noexcept {
    return g_queues[heap].next_ns.load(std::memory_order_seq_cst);
}

bool timers_due(const processor* p) noexcept {
    const std::int64_t next = g_queues[p->index].next_ns.load(std::memory_order_acquire);
    if (next == INT64_MAX) return false;
    return timer_queue::ns(clock::now()) >= next;
}

namespace {
// The earliest due time of all heaps, INT64_MAX if every heap is empty.
std::int64_t earliest_ns() noexcept {
    std::int64_t next = INT64_MAX;
    for (int i = 0; i < g_nqueues; ++i)
        next = std::min(next, g_queues[i].next_ns.load(std::memory_order_seq_cst));
    return next;
}
}  // namespace

void run_timers(processor* p) noexcept {
    // No clock read while every heap is empty (the common case of a
    // dispatcher pass in a program that uses no timers).
    if (earliest_ns() == INT64_MAX) return;
    const clock::time_point now = clock::now();
    const std::int64_t now_ns = timer_queue::ns(now);
    timer_queue& own = g_queues[p->index];
    if (own.due(now_ns)) own.run_due(now);
    // Other threads' due timers: theirs to fire between goroutines, but
    // their thread may be busy in a goroutine that does not yield (Go's idle
    // Ps run other Ps' timers in stealWork for the same reason).
    for (int i = 0; i < g_nqueues; ++i) {
        timer_queue& q = g_queues[i];
        if (&q != &own && q.due(now_ns)) q.run_due(now);
    }
}

}  // namespace gocpp::detail
