// The scheduler: a Boost.Fiber algorithm modelled on Go's.
//
// Each scheduler thread owns a processor with a runnext slot and a run queue.
// A goroutine made ready by another (a channel handoff, a timer) goes to the
// readier's runnext slot and runs next on that thread, so two goroutines that
// talk to each other stay on one thread. A thread whose queues are empty
// steals half of another's run queue (waiting up to 5 us, pausing, for the
// owner of a short queue to take it first); a thread with nothing to steal
// goes into the idle wait (idle.cpp) until work or its next timer arrives.
//
// Migration: every goroutine is detached from Boost's per-thread scheduler
// while it is not running (on park, in park.cpp's park(); when made ready,
// in awakened()), and attached to the picking thread in pick_next(). That
// is what lets ready() place a goroutine on the waker's thread. Only the pinned
// contexts (each thread's main context and Boost's dispatcher) never move.
#include "internal.hpp"
#include "stack_guard.hpp"

#include <gocpp/runtime.hpp>

#include <boost/fiber/operations.hpp>

#include <algorithm>
#include <utility>

namespace gocpp::detail {

scheduler_state g_sched;

std::mutex& sched_mu() {
    static auto* mu = new std::mutex;  // never destroyed: threads outlive main
    return *mu;
}

namespace {

thread_local processor* tls_processor = nullptr;
thread_local goroutine* tls_goroutine = nullptr;
thread_local int tls_no_spawn_yield = 0;

// Run-queue length beyond which a spawning goroutine yields (Go's local run
// queue holds 256).
constexpr std::size_t kSpawnBacklog = 256;

// steal_half: how long a short queue's owner must have picked nothing
// before the queue is taken from it.
constexpr auto kStallSpin = std::chrono::microseconds(5);

// A busy thread lets Boost's dispatcher in (timers, remote wake-ups, freeing
// finished goroutines' stacks) at least every kDispatcherEvery picks.
constexpr std::uint32_t kDispatcherEvery = 61;
// runnext and main may be picked this many times in a row before the run
// queue gets a turn (take_runnable). Go uses the same number for its global
// queue; the two are unrelated.
constexpr std::uint32_t kMaxRunnextStreak = 61;

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
__attribute__((noinline)) goroutine* tls_current_goroutine() noexcept {
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

class go_algorithm final : public bf::algo::algorithm {
  public:
    explicit go_algorithm(processor* p) : p_(p) { p->algo = this; }

    // Boost made ctx ready: a context of Boost's own (the dispatcher, a
    // remote wake-up, its sleep queue, a new fiber) or, when ctx is the one
    // running, a yield (gosched).
    void awakened(bf::context* ctx) noexcept override {
        make_ready(ctx, ctx == bf::context::active() ? ready_kind::yielded : ready_kind::woken);
    }

    // Places a ready context on this thread: a woken one in runnext (it runs
    // next, see goroutine.hpp), a yielded one behind the run queue.
    void make_ready(bf::context* ctx, ready_kind kind) noexcept {
        processor* p = p_;
        if (ctx->is_context(bf::type::dispatcher_context)) {
            p->dispatcher = ctx;
            return;
        }
        if (is_pinned(ctx)) {
            p->pinned.push(ctx);
            return;
        }
        if (ctx->get_scheduler() != nullptr) p->sched->detach_worker_context(ctx);
        if (kind == ready_kind::yielded ||
            (kind == ready_kind::spawned && g_sched.nidle.load(std::memory_order_relaxed) > 0)) {
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
        bf::context* next = pick();
        if (next != nullptr) {
            // A goroutine runs next, and may not yield for a while: this
            // thread's own timers cannot wait for it.
            if (p_->owes_timer_watch && !next->is_context(bf::type::dispatcher_context))
                settle_timer_watch(p_);
            // A goroutine resumed from one of Boost.Fiber's own waits runs no
            // code of ours first: it is marked running here. Every other
            // resume (park, gosched, a goroutine's start) marks itself, so
            // this switch path stays short.
            goroutine* g = goroutine_of(next);
            if (g != nullptr &&
                g->reason.load(std::memory_order_relaxed) == wait_reason::fiber_wait) {
                set_current_goroutine(g);
                g->reason.store(wait_reason::running, std::memory_order_relaxed);
            }
        }
        return next;
    }

    bf::context* pick() noexcept {
        processor* p = p_;
        bf::context* self = bf::context::active();
        const bool from_dispatcher = self->is_context(bf::type::dispatcher_context);
        if (goroutine* g = from_dispatcher ? nullptr : goroutine_of(self); g != nullptr) {
            // Every switch away from a goroutine (park, yield, exit, a wait
            // in one of Boost.Fiber's own primitives) checks its canary
            // before another goroutine can run here.
            check_stack_canary(g);
            if (g->reason.load(std::memory_order_relaxed) == wait_reason::running) {
                // Switching away without park() or gosched(): blocked in one
                // of Boost.Fiber's own primitives. (Release: exit_guard reads
                // g->ctx after seeing this.)
                g->reason.store(wait_reason::fiber_wait, std::memory_order_release);
            }
        }
        if (from_dispatcher) {
            // Timer callbacks run here, outside any goroutine.
            set_current_goroutine(nullptr);
            refresh_coarse_now();
            p->dispatcher_wanted.store(false, std::memory_order_relaxed);
            run_timers(p);
            poll_if_stale();
        } else {
            const std::uint32_t tick = p->schedtick.load(std::memory_order_relaxed) + 1;
            p->schedtick.store(tick, std::memory_order_relaxed);
            if (p->dispatcher != nullptr &&
                ((tick % kDispatcherEvery) == 0 ||
                 p->dispatcher_wanted.load(std::memory_order_relaxed) || timers_due(p))) {
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

    // Nothing to run: Boost's dispatcher waits here. tp: the earliest
    // deadline in Boost's own sleep queue on this thread.
    void suspend_until(std::chrono::steady_clock::time_point const& tp) noexcept override {
        idle_wait(p_, tp);
    }

    // Boost's dispatcher on this thread has remote work to move in.
    void notify() noexcept override {
        p_->dispatcher_wanted.store(true, std::memory_order_relaxed);
        wake(p_);
    }

  private:
    void push_runq(bf::context* ctx) {
        check_canary_before_hand_off();  // another thread may steal ctx at once
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
    // owner), so after kMaxRunnextStreak consecutive picks from them the
    // run queue goes first instead. A goroutine trading messages with main alternates
    // runnext and pinned picks; both count.
    bf::context* take_runnable() noexcept {
        processor* p = p_;
        bf::context* next = nullptr;
        if (p->runnext_streak < kMaxRunnextStreak) {
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

    processor* p_;
};

// The ways in from outside the class: ready() and ready_spawned() (park.cpp)
// place a context with make_ready, and start-up (startup.cpp) installs the
// algorithm on each scheduler thread.
void make_ready(processor* p, bf::context* ctx, ready_kind kind) noexcept {
    p->algo->make_ready(ctx, kind);
}

void use_go_algorithm(processor* p) {
    bf::use_scheduling_algorithm<go_algorithm>(p);
}

}  // namespace gocpp::detail
