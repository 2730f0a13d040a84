// Parking and readying goroutines (the protocol: gocpp/detail/goroutine.hpp).
// park() holds the goroutine's park_lock until Boost has switched away from
// it, and ready() takes that lock before it hands the goroutine to the
// waker's thread (make_ready), so that a goroutine never runs while it is
// still leaving its thread. ready_batch() and inject() put goroutines
// straight into a run queue: a poll's batch on the polling thread, and a
// goroutine readied or started by a thread outside the runtime on thread 0.
//
// A thread the runtime did not start has no fiber: current() gives it a
// foreign_thread record, park() blocks the thread on that record's condition
// variable and ready() signals it.
#include "internal.hpp"
#include "stack_guard.hpp"

#include <gocpp/runtime.hpp>

#include <mutex>
#include <vector>

namespace gocpp::detail {

void ready(goroutine* g) noexcept {
    if (g->ctx == nullptr) {  // a thread outside the runtime, blocked in park()
        check_canary_before_hand_off();
        auto* f = static_cast<foreign_thread*>(g);
        // Notified under the lock: once f->mu is free, f's thread may return
        // from park(), exit and destroy f (a thread_local), cv included.
        std::lock_guard lk(f->mu);
        f->woken = true;
        f->cv.notify_one();
        return;
    }
    // Wait until g has switched away (park() holds this lock until then).
    g->park_lock.lock();
    g->park_lock.unlock();
    bf::context* ctx = g->ctx;
    processor* p = current_processor();
    if (is_pinned(ctx)) {
        bf::scheduler* home = ctx->get_scheduler();
        if (p != nullptr && home == p->sched) {
            make_ready(p, ctx, ready_kind::woken);
        } else {
            check_canary_before_hand_off();  // main runs on its own thread at once
            home->schedule_from_remote(ctx);
        }
        return;
    }
    if (p != nullptr) {
        make_ready(p, ctx, ready_kind::woken);
        return;
    }
    // A thread outside the runtime (a plain std::thread closing a channel or
    // canceling a context).
    inject(ctx);
}

void ready_spawned(bf::context* ctx) noexcept {
    make_ready(current_processor(), ctx, ready_kind::spawned);
}

void inject(bf::context* ctx) noexcept {
    processor* home = &g_sched.procs[0];
    {
        std::lock_guard lk(home->qlock);
        home->runq.push(ctx);
        home->runq_size.store(home->runq.size(), std::memory_order_seq_cst);
    }
    wake(home);
}

void ready_batch(const std::vector<goroutine*>& gs) noexcept {
    processor* p = current_processor();
    std::size_t queued = 0, pushed = 0;
    // Foreign threads and pinned goroutines are readied one by one, after
    // the batch. Which they are is decided here, before the lock is let go:
    // once a goroutine of the batch is in the run queue, another thread may
    // run it to its end, and its record must not be read again.
    std::vector<goroutine*> one_by_one;
    {
        std::lock_guard lk(p->qlock);
        for (goroutine* g : gs) {
            if (g->ctx == nullptr || is_pinned(g->ctx)) {
                one_by_one.push_back(g);
                continue;
            }
            g->park_lock.lock();  // until g has switched away (see ready)
            g->park_lock.unlock();
            p->runq.push(g->ctx);
            ++pushed;
        }
        queued = p->runq.size();
        p->runq_size.store(queued, std::memory_order_seq_cst);
    }
    for (goroutine* g : one_by_one)
        ready(g);
    // This thread runs one; another idle thread helps with the rest.
    if (pushed > 1) wake_one_idle(p, queued);
}

void park(wait_reason reason, void (*unlock)(void*), void* arg) {
    goroutine* g = current();
    if (g == nullptr) fatal("gocpp: blocking operation in a timer callback");
    if (g->ctx == nullptr) {
        // A thread outside the runtime: block the thread.
        auto* f = static_cast<foreign_thread*>(g);
        unlock(arg);
        std::unique_lock lk(f->mu);
        f->cv.wait(lk, [f] { return f->woken; });
        f->woken = false;
        return;
    }
    processor* p = current_processor();
    g->wait_since_ns.store(cached_coarse_now_ns(), std::memory_order_relaxed);
    g->reason.store(reason, std::memory_order_relaxed);
    // Held until g has switched away, so that ready() cannot run g before.
    // Boost releases it after the switch, on this thread, and writes the
    // lock object as it does: while g may already be running on another
    // thread. A lock object on g's stack would be written under g's feet
    // (a race ThreadSanitizer reports at its destructor), so it is this
    // thread's (processor::park_hold), and g never touches it once resumed.
    bf::detail::spinlock_lock& lk = p->park_hold;
    lk = bf::detail::spinlock_lock(g->park_lock);
    unlock(arg);
    bf::scheduler* sched = p->sched;
    if (!is_pinned(g->ctx)) sched->detach_worker_context(g->ctx);
    sched->suspend(lk);  // releases park_lock once switched away
    // Resumed, perhaps on another thread: p and lk are not ours any more.
    forget_stale_stack_marks(g);
    set_current_goroutine(g);
    g->reason.store(wait_reason::running, std::memory_order_relaxed);
}

__attribute__((noinline)) static foreign_thread* foreign_thread_record() {
    thread_local foreign_thread record;
    return &record;
}

goroutine* current() noexcept {
    ensure_started();
    goroutine* g = tls_current_goroutine();
    // Neither a goroutine nor a scheduler thread (whose timer callbacks run
    // outside any goroutine): a thread the runtime did not start.
    if (g == nullptr && current_processor() == nullptr) g = foreign_thread_record();
    return g;
}

}  // namespace gocpp::detail

namespace gocpp {

void gosched() {
    detail::goroutine* g = detail::current();
    detail::processor* p = detail::current_processor();
    g->reason.store(detail::wait_reason::runnable, std::memory_order_relaxed);
    p->sched->yield(g->ctx);
    detail::set_current_goroutine(g);
    g->reason.store(detail::wait_reason::running, std::memory_order_relaxed);
}

}  // namespace gocpp
