// The idle wait: where a scheduler thread with nothing to run sleeps, and
// wake(), the one way to end that sleep.
//
// A thread sleeps on its condition variable until it is woken or until the
// earliest pending wake-up it knows of: a deadline of Boost's own sleep queue
// on that thread, and timers. Each timer is watched by one idle thread
// only: when every idle thread slept until the earliest timer, each timer
// woke all of them (Go, too, has one thread sleep with a timeout). One idle
// thread at a time, the timekeeper, sleeps until the earliest timer of the
// heaps nobody else watches. Another idle thread whose own heap holds a
// timer earlier than that watches its own heap (watches_own_timers): so
// a goroutine that sleeps wakes where it slept, with one wake-up, and main,
// pinned to thread 0, wakes without a second thread waking first to fire
// its timer. A thread that comes out of the idle wait owes the others a
// look at the timers before it runs a goroutine (processor::
// owes_timer_watch, settle_timer_watch). Once the netpoller is active,
// exactly one idle thread at a time sleeps in netpoll() instead (until the
// same deadline) and is woken by netpoll_break(); what the poll readies
// goes to its run queue as a batch. Before sleeping, a thread that is the
// last one awake asks the deadlock verdict (deadlock.cpp), and sleeps no
// later than the verdict says to ask again.
#include "internal.hpp"
#include "netpoll.hpp"

#include <algorithm>

namespace gocpp::detail {

namespace {

processor* g_poller = nullptr;  // the thread in netpoll(); guarded by sched_mu()
// The idle thread that sleeps until the earliest timer; nullptr when none
// does. Written under sched_mu(); wake_for_timer reads it without.
std::atomic<processor*> g_timekeeper{nullptr};

// What an idle thread saw in the run queues (called with sched_mu held).
enum class queues { empty, short_elsewhere, work };

queues look_at_queues(const processor* self) {
    queues seen = queues::empty;
    for (int i = 0; i < g_sched.nprocs; ++i) {
        const processor& q = g_sched.procs[i];
        const std::size_t queued = q.runq_size.load(std::memory_order_seq_cst);
        // Work pushed by a thread that did not see this one idle yet. A
        // short queue on a busy thread is left to it (steal_half).
        if (queued > kShortRunq || (queued != 0 && &q == self)) return queues::work;
        if (queued != 0) seen = queues::short_elsewhere;
    }
    return seen;
}

// The earliest timer that no idle owner watches: the timekeeper's to wake
// for. (seq_cst: see wake_for_timer.)
std::int64_t unwatched_timers_ns() {
    std::int64_t next = INT64_MAX;
    for (int i = 0; i < g_sched.nprocs; ++i) {
        const processor& q = g_sched.procs[i];
        if (q.watches_own_timers.load(std::memory_order_seq_cst)) continue;
        next = std::min(next, heap_next_ns(i));
    }
    return next;
}

std::int64_t timeout_ns(clock::time_point deadline) {
    if (deadline == clock::time_point::max()) return -1;
    return std::max<std::int64_t>(0, clock_ns(deadline) - clock_ns(clock::now()));
}

// wake() with sched_mu() held. A thread asleep on its condition variable
// is notified here, or, given `notify_later`, left for the caller to notify
// once it has released sched_mu (what the woken thread takes first).
bool wake_locked(processor* p, std::condition_variable** notify_later = nullptr) noexcept {
    if (p->wake_pending) return false;
    // Also for a thread that is awake: it may be on its way into the idle
    // wait with the work this waker announced not seen yet (Boost's remote
    // queue is looked at before pick_next); it then looks again.
    p->wake_pending = true;
    if (!p->idle) return false;
    if (p == g_poller) {
        netpoll_break();
    } else if (notify_later != nullptr) {
        *notify_later = &p->cv;
    } else {
        p->cv.notify_one();
    }
    return true;
}

}  // namespace

bool wake(processor* p) noexcept {
    std::condition_variable* notify = nullptr;
    bool woken = false;
    {
        std::lock_guard lk(sched_mu());
        woken = wake_locked(p, &notify);
    }
    // Outside the lock, so that the woken thread does not block on it at
    // once. The sleeper looks at wake_pending under the lock, so it cannot
    // miss this; a notify that comes after it woke for another reason is
    // harmless. (Condition variables live as long as the scheduler.)
    if (notify != nullptr) notify->notify_one();
    return woken;
}

void wake_one_idle(processor* except, std::size_t queued) noexcept {
    if (g_sched.nidle.load(std::memory_order_seq_cst) == 0) return;
    for (int i = 0; i < g_sched.nprocs; ++i) {
        processor* p = &g_sched.procs[i];
        // A thread napping on a short queue looks again by itself.
        // (A stale answer costs a needless wake-up, or a wait until the nap ends.)
        const bool napping = p->napping.load(std::memory_order_relaxed);
        if (p != except && (!napping || queued > kShortRunq) && wake(p)) return;
    }
}

namespace {

// Makes sure an idle thread wakes by when_ns for timers no idle owner
// watches: the timekeeper, or an idle thread that becomes it.
void watch_timers_from(std::int64_t when_ns) noexcept {
    // seq_cst: a thread becoming the timekeeper publishes itself and then
    // reads the heaps; the timer's starter published its heap and reads this.
    if (processor* keeper = g_timekeeper.load(std::memory_order_seq_cst)) {
        if (keeper->sleep_deadline_ns.load(std::memory_order_seq_cst) > when_ns) wake(keeper);
        return;
    }
    // No timekeeper: wake an idle thread, which becomes it.
    for (int i = 0; i < g_sched.nprocs; ++i) {
        processor* p = &g_sched.procs[i];
        if (p->sleep_deadline_ns.load(std::memory_order_seq_cst) <= when_ns) continue;
        // Woken already, or awake after all: it will look at the timers
        // itself. Otherwise woken now; either way, look no further if so.
        if (wake(p)) return;
    }
}

}  // namespace

void settle_timer_watch(processor* p) noexcept {
    p->owes_timer_watch = false;
    const std::int64_t next = unwatched_timers_ns();
    if (next != INT64_MAX) watch_timers_from(next);
}

void wake_for_timer(std::int64_t when_ns, int heap) noexcept {
    // seq_cst, here and below: the timer's starter published the heap's
    // next_ns and reads these; a thread that starts (or stops) watching its
    // own heap, or becomes the timekeeper, publishes that and then reads the
    // heaps. One of the two sees the other.
    processor* owner = &g_sched.procs[heap];
    if (owner->watches_own_timers.load(std::memory_order_seq_cst)) {
        // The timekeeper leaves this heap to its idle owner.
        if (owner->sleep_deadline_ns.load(std::memory_order_seq_cst) > when_ns) wake(owner);
        return;
    }
    watch_timers_from(when_ns);
}

void idle_wait(processor* p, clock::time_point fiber_deadline) noexcept {
    if (help_spawner()) return;  // useful work instead of sleeping
    std::vector<goroutine*> polled;
    std::unique_lock lk(sched_mu());
    if (!p->wake_pending && !p->dispatcher_wanted.load(std::memory_order_relaxed)) {
        p->idle = true;
        p->fiber_deadline = fiber_deadline != clock::time_point::max();
        p->sleep_deadline_ns.store(INT64_MAX, std::memory_order_seq_cst);
        g_sched.nidle.fetch_add(1, std::memory_order_seq_cst);
        const queues seen = exiting() ? queues::empty : look_at_queues(p);
        auto verdict_recheck = clock::time_point::max();
        if (seen == queues::empty && !exiting() && deadlocked(verdict_recheck)) report_deadlock();
        if (seen != queues::work) {
            // Whatever this thread owed, its sleep now covers: as the
            // timekeeper, or watching its own heap, or leaving that heap to
            // a timekeeper that wakes in time for it.
            p->owes_timer_watch = false;
            processor* keeper = g_timekeeper.load(std::memory_order_relaxed);
            if (keeper == nullptr) {
                keeper = p;
                g_timekeeper.store(p, std::memory_order_seq_cst);
            }
            std::int64_t timers_ns = INT64_MAX;
            if (keeper == p) {
                timers_ns = unwatched_timers_ns();
            } else {
                // Announced before the heap is read (see wake_for_timer).
                p->watches_own_timers.store(true, std::memory_order_seq_cst);
                timers_ns = heap_next_ns(p->index);
                // The timekeeper wakes in time for it: leave it to it.
                if (timers_ns >= keeper->sleep_deadline_ns.load(std::memory_order_seq_cst)) {
                    p->watches_own_timers.store(false, std::memory_order_seq_cst);
                    timers_ns = INT64_MAX;
                }
            }
            auto deadline =
                std::min({fiber_deadline, time_point_of_ns(timers_ns), verdict_recheck});
            if (seen == queues::short_elsewhere) {
                // Look again soon in case the queue's owner got stuck.
                deadline = std::min(deadline, clock::now() + kNap);
                p->napping.store(true, std::memory_order_relaxed);
            }
            if (exiting()) deadline = clock::time_point::max();
            if (deadline != clock::time_point::max())
                p->sleep_deadline_ns.store(clock_ns(deadline), std::memory_order_seq_cst);
            // Poll only while it can bring something: goroutines wait on
            // I/O. Otherwise sleep on the condition variable, where the
            // verdict can be given (Go's findrunnable does the same).
            if (g_poller == nullptr && !exiting() && netpoll_active() && netpoll_waiters() > 0) {
                g_poller = p;
                lk.unlock();
                netpoll(timeout_ns(deadline), polled);
                lk.lock();
                g_poller = nullptr;
            } else {
                while (!p->wake_pending) {
                    if (deadline == clock::time_point::max()) {
                        p->cv.wait(lk);
                    } else if (p->cv.wait_until(lk, deadline) == std::cv_status::timeout) {
                        break;
                    }
                }
            }
        }
        p->idle = false;
        p->napping.store(false, std::memory_order_relaxed);
        p->fiber_deadline = false;
        // Awake: a timer started here from now on goes to the timekeeper
        // (wake_for_timer), and settle_timer_watch reads the heaps after
        // this store, so one of the two sees a timer started meanwhile.
        p->watches_own_timers.store(false, std::memory_order_seq_cst);
        p->sleep_deadline_ns.store(INT64_MIN, std::memory_order_seq_cst);
        if (g_timekeeper.load(std::memory_order_relaxed) == p)
            g_timekeeper.store(nullptr, std::memory_order_seq_cst);
        // The timers this thread watched (its own heap, or as the timekeeper
        // every unwatched one) need another watcher before it runs a
        // goroutine that may not yield; it fires the due ones first.
        p->owes_timer_watch = true;
        g_sched.nidle.fetch_sub(1, std::memory_order_seq_cst);
    }
    p->wake_pending = false;
    lk.unlock();
    if (!polled.empty()) ready_batch(polled);
}

bool poller_present() noexcept {
    return g_poller != nullptr;
}

void poll_if_stale() noexcept {
    if (!netpoll_active()) return;
    if (clock_ns(clock::now()) - netpoll_last_poll_ns() < kStalePollNs) return;
    std::vector<goroutine*> polled;
    netpoll(0, polled);
    if (!polled.empty()) ready_batch(polled);
}

}  // namespace gocpp::detail
