// The scheduler: a Boost.Fiber algorithm modelled on Go's.
//
// Each scheduler thread owns a processor with a runnext slot and a run queue.
// A goroutine made ready by another (a channel handoff, a timer) goes to the
// readier's runnext slot and runs next on that thread, so two goroutines that
// talk to each other stay on one thread. A thread whose queues are empty
// steals half of another's run queue; a thread with nothing to steal parks on
// a condition variable (no spinning) until work or its next timer arrives.
// When every thread is parked, no goroutine can run and no timer is pending,
// the program is deadlocked and ends as Go's does.
//
// Migration: every goroutine is detached from Boost's per-thread scheduler
// while it is not running (on park, in park(); when made ready, in
// awakened()), and attached to the picking thread in pick_next(). That is
// what lets ready() place a goroutine on the waker's thread. Only the pinned
// contexts (each thread's main context and Boost's dispatcher) never move.
#include "internal.hpp"
#include "netpoll.hpp"  // TEMPORARY netpoll hook (issue 14)

#include <gocpp/runtime.hpp>

#include <boost/fiber/operations.hpp>

#include <algorithm>
#include <utility>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>
#include <thread>
#include <unistd.h>

namespace gocpp::detail {

namespace {

std::mutex& sched_mu() {
    static auto* mu = new std::mutex;  // never destroyed: threads outlive main
    return *mu;
}

struct scheduler_state {
    int nprocs = 1;
    processor* procs = nullptr;
    std::atomic<int> nidle{0};
    std::atomic<bool> exiting{false};
};
scheduler_state g_sched;
std::atomic<bool> g_started{false};
std::once_flag g_start_once;

thread_local processor* tls_processor = nullptr;
thread_local goroutine* tls_goroutine = nullptr;
thread_local int tls_no_spawn_yield = 0;

// Run-queue length beyond which a spawning goroutine yields (Go's local run
// queue holds 256).
constexpr std::size_t kSpawnBacklog = 256;

// Stealing (go_algorithm::steal_half): a queue this short is taken only from
// a thread that has picked nothing for kStallSpin. A thread that sees only
// such queues naps for at most kNap, then looks again.
constexpr std::size_t kShortRunq = 4;
constexpr auto kStallSpin = std::chrono::microseconds(5);
constexpr auto kNap = std::chrono::milliseconds(1);

// For a thread with nothing to run: warm stacks for a spawning thread (see
// prefault_stacks). True if it did some of that work.
bool help_spawner() noexcept {
    return g_sched.nprocs > 1 && prefault_stacks();
}

bool is_pinned(bf::context* c) {
    return c->is_context(bf::type::pinned_context);
}

}  // namespace

void context_ring::push(bf::context* c) {
    if (size() == buf_.size()) {
        std::vector<bf::context*> bigger(buf_.size() * 2);
        for (std::size_t i = 0; i < size(); ++i)
            bigger[i] = buf_[(head_ + i) % buf_.size()];
        tail_ = size();
        head_ = 0;
        buf_.swap(bigger);
    }
    buf_[tail_++ % buf_.size()] = c;
}

bf::context* context_ring::pop() noexcept {
    if (empty()) return nullptr;
    return buf_[head_++ % buf_.size()];
}

// Thread-local accessors are out of line on purpose: a goroutine may resume on
// another thread, and the compiler must not reuse a thread-local address it
// computed before a switch.
__attribute__((noinline)) processor* current_processor() noexcept {
    return tls_processor;
}
__attribute__((noinline)) void set_current_processor(processor* p) noexcept {
    tls_processor = p;
}
__attribute__((noinline)) void set_current_goroutine(goroutine* g) noexcept {
    tls_goroutine = g;
}
__attribute__((noinline)) static goroutine* tls_current_goroutine() noexcept {
    return tls_goroutine;
}

__attribute__((noinline)) no_spawn_yield::no_spawn_yield() noexcept {
    ++tls_no_spawn_yield;
}
__attribute__((noinline)) no_spawn_yield::~no_spawn_yield() {
    --tls_no_spawn_yield;
}

// Go preempts a goroutine that runs for 10 ms; here nothing preempts, so a
// goroutine spawning in a loop would queue every goroutine it makes before
// any runs (100,000 of them: each stack cold again by the time it runs). So
// once the queue is long, the spawner goes behind it, as a preempted
// goroutine goes behind the queue in Go. Main (pinned) normally runs before
// the run queue; runq_before_pinned makes it wait for what is queued now.
__attribute__((noinline)) static bool spawn_yield_allowed() noexcept {
    return tls_no_spawn_yield == 0;
}

void yield_to_backlog(processor* p, goroutine* g) {
    const std::size_t queued = p->runq_size.load(std::memory_order_relaxed);
    if (queued <= kSpawnBacklog || !spawn_yield_allowed()) return;
    if (is_pinned(g->ctx)) p->runq_before_pinned = static_cast<std::uint32_t>(queued);
    gocpp::gosched();
}

bool spinning_may_pay() noexcept {
    processor* p = current_processor();
    if (p == nullptr || g_sched.nprocs <= 1) return false;
    if (g_sched.nidle.load(std::memory_order_relaxed) + 1 >= g_sched.nprocs) return false;
    return p->runq_size.load(std::memory_order_relaxed) == 0 &&
           p->runnext.load(std::memory_order_relaxed) == nullptr;
}

int processor_count() noexcept {
    return g_sched.nprocs;
}
processor* processor_at(int i) noexcept {
    return &g_sched.procs[i];
}
bool exiting() noexcept {
    return g_sched.exiting.load(std::memory_order_relaxed);
}

// BEGIN TEMPORARY netpoll hook (issue 14): the idle thread that waits in
// netpoll() instead of on its condition variable. Replaced by the
// restructured idle wait.
static std::atomic<processor*> g_netpoll_owner{nullptr};
static void hook_break_poller(processor* p) {
    if (g_netpoll_owner.load(std::memory_order_seq_cst) == p) netpoll_break();
}
static void hook_ready_all(std::vector<goroutine*>& list) {
    for (goroutine* g : list)
        ready(g);
    list.clear();
}
// END TEMPORARY netpoll hook

// Wakes p if it sleeps and nobody has woken it yet; sched_mu() held.
static bool wake_locked(processor* p) {
    if (!p->idle || p->wake_pending) return false;
    p->wake_pending = true;
    p->cv.notify_one();
    hook_break_poller(p);  // TEMPORARY netpoll hook
    return true;
}

// Wakes one parked thread so that it can steal work from `except`, whose
// run queue now holds `queued` goroutines. A thread napping on a short queue
// (suspend_until) looks again by itself; it is woken only for a long one.
static void wake_one_idle(processor* except, std::size_t queued) {
    if (g_sched.nidle.load(std::memory_order_seq_cst) == 0) return;
    std::lock_guard lk(sched_mu());
    for (int i = 0; i < g_sched.nprocs; ++i) {
        processor* p = &g_sched.procs[i];
        if (p != except && (!p->napping || queued > kShortRunq) && wake_locked(p)) return;
    }
}

// A timer due at when_ns became the earliest: wake a thread that sleeps
// past it. As Go's wakeNetPoller, nobody is woken when every sleeper wakes
// by itself in time, so that starting and stopping many timers (a deadline
// per request) does not wake an idle thread each time.
static void wake_for_timer(std::int64_t when_ns) {
    for (int i = 0; i < g_sched.nprocs; ++i) {
        processor* p = &g_sched.procs[i];
        if (p->sleep_deadline_ns.load(std::memory_order_seq_cst) <= when_ns) continue;
        std::lock_guard lk(sched_mu());
        if (wake_locked(p)) return;
        // Woken already, or awake after all: it will look at the timer
        // queue itself. Look for another sleeper.
    }
}

// num_threads from /proc/self/stat (field 20); a large number if unreadable,
// which errs on the side of not declaring a deadlock.
static int process_thread_count() {
    std::ifstream stat("/proc/self/stat");
    std::string text((std::istreambuf_iterator<char>(stat)), std::istreambuf_iterator<char>());
    auto close_paren = text.rfind(')');
    if (close_paren == std::string::npos) return 1 << 20;
    std::istringstream fields(text.substr(close_paren + 2));
    std::string field;
    for (int i = 3; i <= 20; ++i) {
        if (!(fields >> field)) return 1 << 20;
    }
    return std::atoi(field.c_str());
}

class go_algorithm final : public bf::algo::algorithm {
  public:
    explicit go_algorithm(processor* p) : p_(p) { p->algo = this; }

    void awakened(bf::context* ctx) noexcept override {
        processor* p = p_;
        if (ctx->is_context(bf::type::dispatcher_context)) {
            p->dispatcher = ctx;
            return;
        }
        if (is_pinned(ctx)) {
            p->yielding = false;
            p->pinned.push(ctx);
            return;
        }
        if (ctx->get_scheduler() != nullptr) p->sched->detach_worker_context(ctx);
        if (p->yielding) {
            p->yielding = false;
            push_runq(ctx);
            return;
        }
        if (std::exchange(p->spawning, false) &&
            g_sched.nidle.load(std::memory_order_relaxed) > 0) {
            // A new goroutine while a thread is idle: queue it where that
            // thread can steal it (push_runq wakes it), in case this one
            // stays busy. Go's newproc wakes an idle P for the same reason.
            push_runq(ctx);
            return;
        }
        if (bf::context* old = p->runnext.load(std::memory_order_relaxed)) push_runq(old);
        p->runnext.store(ctx, std::memory_order_relaxed);
    }

    bf::context* pick_next() noexcept override {
        processor* p = p_;
        bf::context* self = bf::context::active();
        const bool from_dispatcher = self->is_context(bf::type::dispatcher_context);
        if (from_dispatcher) {
            // Timer callbacks run here, outside any goroutine.
            set_current_goroutine(nullptr);
            refresh_coarse_now();
            p->dispatcher_wanted.store(false, std::memory_order_relaxed);
            if (timers_due()) run_timers();
            // BEGIN TEMPORARY netpoll hook: a busy thread polls when nobody has for 10 ms.
            if (netpoll_active() &&
                clock_ns(clock::now()) - netpoll_last_poll_ns() > 10'000'000) {
                std::vector<goroutine*> io_ready;
                netpoll(0, io_ready);
                hook_ready_all(io_ready);
            }
            // END TEMPORARY netpoll hook
        } else {
            const std::uint32_t tick = p->schedtick.load(std::memory_order_relaxed) + 1;
            p->schedtick.store(tick, std::memory_order_relaxed);
            if (p->dispatcher != nullptr &&
                ((tick % 61) == 0 || p->dispatcher_wanted.load(std::memory_order_relaxed) ||
                 timers_due())) {
                // Let the dispatcher fire timers, take in remote wakes and
                // free finished goroutines' stacks.
                return take_dispatcher();
            }
        }
        bf::context* next = nullptr;
        if (!exiting()) {
            next = take_runnable();
        } else if (!p->pinned.empty()) {
            next = p->pinned.pop();
        }
        if (next != nullptr) return next;
        return from_dispatcher ? nullptr : take_dispatcher();
    }

    bool has_ready_fibers() const noexcept override {
        const processor* p = p_;
        return p->runnext.load(std::memory_order_relaxed) != nullptr || !p->pinned.empty() ||
               p->runq_size.load(std::memory_order_relaxed) != 0;
    }

    void suspend_until(std::chrono::steady_clock::time_point const& tp) noexcept override {
        processor* p = p_;
        if (help_spawner()) return;  // before sleeping
        std::unique_lock lk(sched_mu());
        if (p->wake_pending || p->dispatcher_wanted.load(std::memory_order_relaxed)) {
            p->wake_pending = false;
            return;
        }
        p->idle = true;
        p->sleep_deadline_ns.store(INT64_MAX, std::memory_order_seq_cst);
        g_sched.nidle.fetch_add(1, std::memory_order_seq_cst);
        bool short_queue_elsewhere = false;
        if (!exiting()) {
            // Work pushed by a thread that did not see us idle yet. A short
            // queue on a busy thread is left to it (steal_half); nap instead
            // of spinning, and look again in kNap in case its owner got stuck.
            for (int i = 0; i < g_sched.nprocs; ++i) {
                const std::size_t queued =
                    g_sched.procs[i].runq_size.load(std::memory_order_seq_cst);
                if (queued > kShortRunq || (queued != 0 && &g_sched.procs[i] == p)) {
                    p->idle = false;
                    p->sleep_deadline_ns.store(INT64_MIN, std::memory_order_relaxed);
                    g_sched.nidle.fetch_sub(1, std::memory_order_seq_cst);
                    return;
                }
                if (queued != 0) short_queue_elsewhere = true;
            }
            if (!short_queue_elsewhere && all_asleep() && !foreign_threads_exist()) {
                report_deadlock();
            }
        }
        auto deadline = std::min(tp, next_timer_when());
        if (short_queue_elsewhere) {
            deadline = std::min(deadline, clock::now() + kNap);
            p->napping = true;
        }
        if (exiting()) deadline = clock::time_point::max();
        if (deadline != clock::time_point::max()) {
            p->sleep_deadline_ns.store(clock_ns(deadline), std::memory_order_seq_cst);
        }
        // BEGIN TEMPORARY netpoll hook: one idle thread at a time waits in netpoll,
        // while goroutines wait on I/O. The poller counts as awake for the
        // deadlock verdict (all_asleep) until the goroutines it found are
        // queued; a wait without a deadline is cut to 1 s so that the
        // verdict is looked at again.
        processor* no_owner = nullptr;
        if (!exiting() && netpoll_active() && netpoll_waiters() > 0 &&
            g_netpoll_owner.compare_exchange_strong(no_owner, p, std::memory_order_seq_cst)) {
            std::vector<goroutine*> io_ready;
            while (!p->wake_pending) {
                std::int64_t timeout_ns = 1'000'000'000;
                if (deadline != clock::time_point::max()) {
                    timeout_ns = std::min<std::int64_t>(
                        timeout_ns,
                        std::max<std::int64_t>(0, clock_ns(deadline) - clock_ns(clock::now())));
                }
                lk.unlock();
                netpoll(timeout_ns, io_ready);
                if (!io_ready.empty()) hook_ready_all(io_ready);
                lk.lock();
                break;  // back to the scheduler: it looks at queues, timers, the verdict
            }
            g_netpoll_owner.store(nullptr, std::memory_order_seq_cst);
        } else
            // END TEMPORARY netpoll hook
            while (!p->wake_pending) {
                if (deadline == clock::time_point::max()) {
                    p->cv.wait(lk);
                } else if (p->cv.wait_until(lk, deadline) == std::cv_status::timeout) {
                    break;
                }
            }
        p->wake_pending = false;
        p->idle = false;
        p->napping = false;
        p->sleep_deadline_ns.store(INT64_MIN, std::memory_order_relaxed);
        g_sched.nidle.fetch_sub(1, std::memory_order_seq_cst);
    }

    void notify() noexcept override {
        processor* p = p_;
        p->dispatcher_wanted.store(true, std::memory_order_relaxed);
        std::lock_guard lk(sched_mu());
        p->wake_pending = true;
        p->cv.notify_one();
        hook_break_poller(p);  // TEMPORARY netpoll hook
    }

    // ready() of a goroutine parked by park(): it runs next on this thread.
    void make_ready(bf::context* ctx) noexcept { awakened(ctx); }

  private:
    void push_runq(bf::context* ctx) {
        processor* p = p_;
        std::size_t queued = 0;
        {
            std::lock_guard lk(p->qlock);
            p->runq.push(ctx);
            queued = p->runq.size();
            p->runq_size.store(queued, std::memory_order_seq_cst);
        }
        wake_one_idle(p, queued);
    }

    bf::context* take_dispatcher() noexcept {
        bf::context* d = p_->dispatcher;
        p_->dispatcher = nullptr;
        return d;
    }

    // runnext first, then main (pinned): the goroutines that just handed
    // each other work. Those could keep everything queued waiting forever
    // (there is no preemption; idle threads leave a short queue to its
    // owner), so every 61st consecutive pick from them goes to the run
    // queue first instead. A goroutine trading messages with main alternates
    // runnext and pinned picks; both count.
    bf::context* take_runnable() noexcept {
        processor* p = p_;
        bf::context* next = nullptr;
        if (p->runnext_streak < 61) {
            if ((next = p->runnext.load(std::memory_order_relaxed)) != nullptr) {
                p->runnext.store(nullptr, std::memory_order_relaxed);
                ++p->runnext_streak;
            } else if (!p->pinned.empty() && (p->runq_before_pinned == 0 ||
                                              p->runq_size.load(std::memory_order_relaxed) == 0)) {
                p->runq_before_pinned = 0;
                ++p->runnext_streak;
                return p->pinned.pop();
            }
        }
        if (next == nullptr) {
            p->runnext_streak = 0;
            if (p->runq_before_pinned > 0) --p->runq_before_pinned;
            if (p->runq_size.load(std::memory_order_relaxed) != 0) {
                bf::context* after = nullptr;
                {
                    std::lock_guard lk(p->qlock);
                    next = p->runq.pop();
                    after = p->runq.peek();
                    p->runq_size.store(p->runq.size(), std::memory_order_relaxed);
                }
                if (after != nullptr) prefetch_goroutine(after);
            }
            if (next == nullptr) {
                if (!p->pinned.empty()) {
                    p->runq_before_pinned = 0;
                    return p->pinned.pop();
                }
                next = p->runnext.load(std::memory_order_relaxed);
                p->runnext.store(nullptr, std::memory_order_relaxed);
            }
        }
        if (next == nullptr) {
            help_spawner();  // nothing here
            next = steal();
        }
        if (next != nullptr) p->sched->attach_worker_context(next);
        return next;
    }

    // Starts loading what switching to ctx will touch: its context object
    // and the goroutine record above it at the top of its stack, and the
    // frames below it where a parked goroutine's registers were saved. A
    // queue of goroutines woken at once (a canceled context with 100,000
    // children) is mostly cold stacks, one page each; loading the next
    // one's while this one runs overlaps the misses.
    // (ctx may already have been taken and run by a thief: these are hints
    // only, into stack memory that is never unmapped, and never read.)
    static void prefetch_goroutine(const bf::context* ctx) noexcept {
        const auto at = reinterpret_cast<std::uintptr_t>(ctx);
        prefetch_lines(at - 1536, at + 512);
    }

    // Takes half of another thread's run queue; returns one, queues the rest.
    // runnext is never stolen: it is what keeps a ping-pong pair on one
    // thread, and keeping it owner-only keeps atomic read-modify-writes off
    // the switch path.
    bf::context* steal() noexcept {
        processor* p = p_;
        const int n = g_sched.nprocs;
        if (n == 1) return nullptr;
        const int start = static_cast<int>(fastrandn(static_cast<std::uint32_t>(n)));
        for (int k = 0; k < n; ++k) {
            processor* victim = &g_sched.procs[(start + k) % n];
            if (victim == p) continue;
            if (bf::context* c = steal_half(victim)) return c;
        }
        return nullptr;
    }

    // A short queue on a thread that keeps picking goroutines is about to
    // be run there: goroutines readied by a channel operation queue up
    // behind the one in runnext, and taking them to another core would put
    // the two ends of the channel on two cores, each operation moving the
    // channel's cache lines across. So a short queue is taken only from a
    // thread that has not picked anything for kStallSpin (one goroutine
    // keeps it busy); a long one (a spawning loop) is always shared.

    static bool stalled(const processor* victim) noexcept {
        const std::uint32_t tick = victim->schedtick.load(std::memory_order_relaxed);
        const auto until = clock::now() + kStallSpin;
        for (;;) {
            // Wait usefully if the victim is spawning. Otherwise look at
            // the victim's queue only every 32 pauses: it writes those
            // lines on every push, and each look here makes its next write
            // a miss.
            if (!help_spawner()) {
                for (int i = 0; i < 32; ++i)
                    __builtin_ia32_pause();
            }
            if (victim->schedtick.load(std::memory_order_relaxed) != tick ||
                victim->runq_size.load(std::memory_order_relaxed) == 0) {
                return false;
            }
            if (clock::now() >= until) return true;
        }
    }

    bf::context* steal_half(processor* victim) noexcept {
        processor* p = p_;
        const std::size_t queued = victim->runq_size.load(std::memory_order_relaxed);
        if (queued == 0) return nullptr;
        if (queued <= kShortRunq && !stalled(victim)) return nullptr;
        bf::context* batch[128];
        std::size_t got = 0;
        {
            std::unique_lock lk(victim->qlock, std::try_to_lock);
            if (!lk.owns_lock()) return nullptr;
            std::size_t take = (victim->runq.size() + 1) / 2;
            take = std::min<std::size_t>(take, 128);
            for (; got < take; ++got)
                batch[got] = victim->runq.pop();
            victim->runq_size.store(victim->runq.size(), std::memory_order_relaxed);
        }
        if (got == 0) return nullptr;
        if (got > 1) {
            std::lock_guard lk(p->qlock);
            for (std::size_t i = 1; i < got; ++i)
                p->runq.push(batch[i]);
            p->runq_size.store(p->runq.size(), std::memory_order_relaxed);
        }
        return batch[0];
    }

    // Called with sched_mu held by a thread about to sleep.
    static bool all_asleep() {
        for (int i = 0; i < g_sched.nprocs; ++i) {
            const processor& q = g_sched.procs[i];
            if (!q.idle || q.wake_pending) return false;
        }
        // TEMPORARY netpoll hook: I/O waiters and a polling thread keep the program alive.
        if (g_netpoll_owner.load(std::memory_order_seq_cst) != nullptr) return false;
        return timers_pending() == 0 && netpoll_waiters() == 0;
    }

    // Threads the runtime did not start may still wake a goroutine (close a
    // channel, cancel a context), so the program is not deadlocked while one
    // exists: Go makes the same exception for threads that call in via cgo.
    static bool foreign_threads_exist() {
        const int runtime_threads = g_sched.nprocs + 1;  // + the SIGQUIT watcher
        return process_thread_count() > runtime_threads;
    }

    [[noreturn]] static void report_deadlock() {
        begin_dying();
        std::fflush(stdout);
        std::fputs("fatal error: all goroutines are asleep - deadlock!\n\n", stderr);
        dump_goroutines(stderr, nullptr);
        std::fflush(stderr);
        _exit(2);
    }

    processor* p_;
};

void ready(goroutine* g) noexcept {
    if (g->ctx == nullptr) {  // a thread outside the runtime, blocked in park()
        auto* f = static_cast<foreign_thread*>(g);
        {
            std::lock_guard lk(f->mu);
            f->woken = true;
        }
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
            p->algo->make_ready(ctx);
        } else {
            home->schedule_from_remote(ctx);
        }
        return;
    }
    if (p != nullptr) {
        p->algo->make_ready(ctx);
        return;
    }
    // A thread outside the runtime (a plain std::thread closing a channel or
    // canceling a context).
    inject(ctx);
}

void inject(bf::context* ctx) noexcept {
    processor* home = &g_sched.procs[0];
    {
        std::lock_guard lk(home->qlock);
        home->runq.push(ctx);
        home->runq_size.store(home->runq.size(), std::memory_order_seq_cst);
    }
    std::lock_guard lk(sched_mu());
    home->wake_pending = true;
    home->cv.notify_one();
    hook_break_poller(home);  // TEMPORARY netpoll hook
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
    bf::detail::spinlock_lock lk(g->park_lock);
    unlock(arg);
    bf::scheduler* sched = p->sched;
    if (!is_pinned(g->ctx)) sched->detach_worker_context(g->ctx);
    sched->suspend(lk);  // releases park_lock once switched away
    // Resumed, perhaps on another thread.
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

// ---------------------------------------------------------------------------
// Start-up and exit.

namespace {

goroutine g_main_goroutine;

// Destroyed when main's thread exits (return from main, or std::exit), before
// Boost.Fiber's own per-thread scheduler: from then on no thread picks up a
// goroutine, so the process ends as Go's does, with goroutines left as they
// are.
struct exit_guard {
    ~exit_guard() {
        g_sched.exiting.store(true, std::memory_order_relaxed);
        std::fflush(stdout);
    }
};

int parse_gomaxprocs() {
    if (const char* env = std::getenv("GOMAXPROCS"); env != nullptr) {
        char* end = nullptr;
        long n = std::strtol(env, &end, 10);
        if (end != env && *end == '\0' && n > 0) return static_cast<int>(std::min(n, 1024L));
    }
    return static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
}

[[noreturn]] void terminate_as_panic() {
    if (std::exception_ptr e = std::current_exception()) {
        try {
            std::rethrow_exception(e);
        } catch (const std::exception& ex) {
            die_with_panic(ex.what(), tls_current_goroutine());
        } catch (...) {
            die_with_panic("unknown exception", tls_current_goroutine());
        }
    }
    std::fputs("fatal error: std::terminate called\n", stderr);
    _exit(2);
}

// An exception escaping main (or thrown before the runtime started) reaches
// std::terminate; report it as Go reports an unrecovered panic.
const bool g_terminate_handler_installed = (std::set_terminate(&terminate_as_panic), true);

// Start-up runs during static initialization, on main's thread, so that a
// plain std::thread that closes a channel or cancels a context before main
// has started a goroutine finds the runtime running with main as goroutine 1.
const bool g_started_at_load = (ensure_started(), true);

// Scheduler threads that have finished setting up (start_runtime waits for
// all of them, so that their set-up allocations happen before main goes on).
std::atomic<int> g_threads_ready{0};

void scheduler_thread(processor* p) {
    set_current_processor(p);
    bf::use_scheduling_algorithm<go_algorithm>(p);
    p->sched = bf::context::active()->get_scheduler();
    g_threads_ready.fetch_add(1, std::memory_order_release);
    // This thread's main context parks for good: from here on the thread
    // runs goroutines from Boost's dispatcher, or sleeps.
    bf::context* self = bf::context::active();
    bf::detail::spinlock park_lock;
    bf::detail::spinlock_lock lk(park_lock);
    self->get_scheduler()->suspend(lk);
    // Never resumed.
}

void start_runtime() {
    // main() is goroutine 1 and its thread is scheduler thread 0.
    if (gettid() != getpid()) {
        std::fputs("fatal error: gocpp: the runtime must first be used from main's thread\n",
                   stderr);
        _exit(2);
    }
    const int n = parse_gomaxprocs();
    g_sched.nprocs = n;
    g_sched.procs = new processor[n];  // never freed: threads outlive main
    for (int i = 0; i < n; ++i)
        g_sched.procs[i].index = i;
    set_timer_wakeup(&wake_for_timer);
    (void)sched_mu();  // made now, not on some thread's first sleep

    processor* p0 = &g_sched.procs[0];
    set_current_processor(p0);
    bf::context* main_ctx = bf::context::active();
    bf::use_scheduling_algorithm<go_algorithm>(p0);
    p0->sched = main_ctx->get_scheduler();

    goroutine* g = &g_main_goroutine;
    g->id = 1;
    g->published_id.store(1, std::memory_order_release);
    g->ctx = main_ctx;
    set_current_goroutine(g);

    static thread_local exit_guard guard;  // constructed after Boost's initializer
    (void)&guard;
    start_signal_watcher();

    for (int i = 1; i < n; ++i) {
        std::thread(scheduler_thread, &g_sched.procs[i]).detach();
    }
    while (g_threads_ready.load(std::memory_order_acquire) != n - 1)
        std::this_thread::yield();
    g_started.store(true, std::memory_order_release);
}

}  // namespace

goroutine* main_goroutine() noexcept {
    return &g_main_goroutine;
}

void ensure_started() noexcept {
    if (g_started.load(std::memory_order_acquire)) [[likely]]
        return;
    std::call_once(g_start_once, start_runtime);
}

}  // namespace gocpp::detail

namespace gocpp {

int gomaxprocs() {
    detail::ensure_started();
    return detail::g_sched.nprocs;
}

void gosched() {
    detail::goroutine* g = detail::current();
    detail::processor* p = detail::current_processor();
    g->reason.store(detail::wait_reason::runnable, std::memory_order_relaxed);
    p->yielding = true;
    p->sched->yield(g->ctx);
    detail::set_current_goroutine(g);
    g->reason.store(detail::wait_reason::running, std::memory_order_relaxed);
}

}  // namespace gocpp

namespace gocpp::detail {
// Helper threads are not counted yet (the runtime assumes nprocs + 1 threads).
void runtime_helper_thread_begin() noexcept {}
void runtime_helper_thread_end() noexcept {}
}  // namespace gocpp::detail
