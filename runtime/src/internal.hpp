// Runtime internals shared by the runtime's own sources.
#pragma once

#include <gocpp/debug.hpp>
#include <gocpp/detail/goroutine.hpp>
#include <gocpp/detail/sanitizers.hpp>
#include <gocpp/detail/spinlock.hpp>
#include <gocpp/detail/timer.hpp>
#include <gocpp/runtime.hpp>

#include <boost/fiber/algo/algorithm.hpp>
#include <boost/fiber/context.hpp>
#include <boost/fiber/properties.hpp>
#include <boost/fiber/scheduler.hpp>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <gocpp/detail/call_site.hpp>
#include <string>
#include <vector>

namespace gocpp::detail {

namespace bf = boost::fibers;

struct goroutine;

// How the scheduler finds the goroutine of a Boost context (goroutine_of):
// a goroutine's context carries one of these, inside the goroutine's record,
// as its Boost "properties". Boost deletes a context's properties with the
// context; deleting this frees nothing (the record is not on the heap).
struct goroutine_link final : bf::fiber_properties {
    explicit goroutine_link(goroutine* owner) noexcept : bf::fiber_properties(nullptr), g(owner) {}
    static void operator delete(void*) noexcept {}
    goroutine* const g;
};

// A field of a goroutine record that the goroutine scan (a dump, the leak
// check: snapshot_goroutines) reads while the goroutine runs, ends, or a new
// one is set up in its place on the same stack. Every access is atomic, and
// constructing the record leaves the field alone (no initializer, no plain
// write): a plain write there, even std::atomic's constructor, would race
// with a scan still reading the previous goroutine's record. The record's
// writer stores each field before the goroutine is published.
template <class T>
class scanned_field {
  public:
    scanned_field() noexcept {}  // not "= default" and no initializer: see above
    T load(std::memory_order order = std::memory_order_seq_cst) const noexcept {
        return std::atomic_ref<T>(const_cast<T&>(value_)).load(order);
    }
    void store(T v, std::memory_order order = std::memory_order_seq_cst) noexcept {
        std::atomic_ref<T>(value_).store(v, order);
    }

  private:
    alignas(std::atomic_ref<T>::required_alignment) T value_;
};

// A goroutine's record. For spawned goroutines it sits at the top of the
// goroutine's own stack (record_of_stack()); main's is static. Fields are
// written only by the goroutine itself, by its spawner before it starts, or
// under the park protocol; the scanned_fields are also read by the
// goroutine scan, which synchronizes with nobody.
struct goroutine {
    std::int64_t id = 0;  // the scan reads published_id instead
    bf::context* ctx = nullptr;
    scanned_field<std::int64_t> creator_id;
    // Where go() was called (call_site's three parts).
    scanned_field<const char*> site_file;
    scanned_field<const char*> site_function;
    scanned_field<unsigned> site_line;
    scanned_field<wait_reason> reason;
    scanned_field<std::int64_t> wait_since_ns;  // coarse monotonic clock
    // Held from "committed to park" until the switch away has completed.
    bf::detail::spinlock park_lock;
    wait_slot slot;
    char* stack_bottom = nullptr;  // lowest address of its stack; nullptr for main
    // id while the goroutine exists, 0 once it has ended: how a dump finds
    // the live records on the pooled stacks (snapshot_goroutines), so that
    // spawning and exiting write no shared list.
    // Zero in a stack never used (fresh mappings read as zeros).
    scanned_field<std::int64_t> published_id;
    // Holds a goroutine_link while the goroutine runs its body (link_context).
    alignas(goroutine_link) unsigned char link_storage[sizeof(goroutine_link)];
};

// Attaches g to its context (g->ctx), so that goroutine_of(g->ctx) == g, and
// detaches it again (before g's record is destroyed).
inline void link_context(goroutine* g) noexcept {
    g->ctx->set_properties(::new (g->link_storage) goroutine_link(g));
}
inline void unlink_context(goroutine* g) noexcept {
    g->ctx->set_properties(nullptr);  // "deletes" the link: runs its destructor only
}

// The goroutine that runs on ctx: main's for main's context, nullptr for
// Boost's dispatcher, the other threads' main contexts and a goroutine that
// has not started yet. Inline: the scheduler asks it on every switch.
inline bool is_pinned(bf::context* c) {
    return c->is_context(bf::type::pinned_context);
}
goroutine* main_goroutine() noexcept;  // goroutine 1 (startup.cpp)
inline goroutine* goroutine_of(bf::context* ctx) noexcept {
    if (is_pinned(ctx)) [[unlikely]] {
        goroutine* m = main_goroutine();
        return ctx == m->ctx ? m : nullptr;
    }
    auto* link = static_cast<goroutine_link*>(ctx->get_properties());
    return link != nullptr ? link->g : nullptr;
}

// Where the record of the goroutine running on the stack whose top is `top`
// lives.
inline goroutine* record_of_stack(void* top) noexcept {
    const auto t = reinterpret_cast<std::uintptr_t>(top);
    return reinterpret_cast<goroutine*>((t - sizeof(goroutine)) & ~(alignof(goroutine) - 1));
}

// A thread the runtime did not start (a plain std::thread) that uses a
// channel or a lock: it has no fiber (ctx == nullptr), so park() blocks the
// thread itself on a condition variable and ready() signals it.
struct foreign_thread : goroutine {
    std::mutex mu;
    std::condition_variable cv;
    bool woken = false;
};

// A ring buffer of runnable contexts; grows as needed.
class context_ring {
  public:
    bool empty() const noexcept { return head_ == tail_; }
    std::size_t size() const noexcept { return tail_ - head_; }
    void push(bf::context* c);
    bf::context* pop() noexcept;
    // The context pop() would return next, or nullptr.
    bf::context* peek() const noexcept { return empty() ? nullptr : buf_[head_ % buf_.size()]; }

  private:
    std::vector<bf::context*> buf_ = std::vector<bf::context*>(256);
    std::size_t head_ = 0, tail_ = 0;  // monotonically increasing
};

// One scheduler thread ("P" in Go's runtime).
struct processor {
    int index = 0;
    bf::scheduler* sched = nullptr;
    class go_algorithm* algo = nullptr;

    // Owner-only; atomic (relaxed) only because has_ready_fibers() and the
    // idle checks of other threads may read it.
    std::atomic<bf::context*> runnext{nullptr};

    // Owner-only state.
    bf::context* dispatcher = nullptr;  // the Boost dispatcher, when it is ready
    context_ring pinned;                // ready main contexts (never migrate)
    // Goroutine picks so far. Written only by the owner; thieves read it to
    // see whether this thread is getting through its own queue.
    std::atomic<std::uint32_t> schedtick{0};
    std::uint32_t runnext_streak = 0;      // consecutive picks from runnext
    std::uint32_t runq_before_pinned = 0;  // see yield_to_backlog()
    std::int64_t next_goid = 0;            // goroutine ids handed out in batches,
    std::int64_t goid_end = 0;             // as Go's goidcache
    // park()'s hold on the parking goroutine's park_lock. Boost releases it
    // (writing this object) on this thread after the switch, when the
    // goroutine may already run elsewhere: so it lives here, not on the
    // goroutine's stack, and only this thread ever touches it.
    bf::detail::spinlock_lock park_hold;

    // Goroutines started minus goroutines ended on this thread (either may
    // be negative; the sum over threads is num_goroutine() - 1). Written
    // only by the owner, read by anyone.
    std::atomic<std::int64_t> live_delta{0};
    void count_live(std::int64_t delta) noexcept {  // owner only: no read-modify-write
        live_delta.store(live_delta.load(std::memory_order_relaxed) + delta,
                         std::memory_order_release);
    }

    // The stealable queue.
    spinlock qlock;
    context_ring runq;
    std::atomic<std::size_t> runq_size{0};

    // Set by notify(): the Boost dispatcher has remote work to move in.
    std::atomic<bool> dispatcher_wanted{false};

    // When this thread will wake by itself, in timer_queue ns: INT64_MIN
    // while it is awake (it checks the timer queue on its own), INT64_MAX
    // while it is going to sleep or sleeps without a deadline. A new timer
    // due before it needs a wake-up; a later one does not.
    std::atomic<std::int64_t> sleep_deadline_ns{INT64_MIN};

    // Owner-only. This thread owes the others a look at the timers before
    // it runs a goroutine (settle_timer_watch), which may not yield for a
    // while: set when a goroutine here starts a timer and parks at once
    // (sleep), and when the thread comes out of the idle wait, where it may
    // have watched its own heap or kept time for all. Not sent at once: if
    // the thread goes idle instead, its own sleep watches its heap, and
    // what it fires on the way out may leave nothing to watch.
    bool owes_timer_watch = false;
    // Idle and sleeping until its own heap's earliest timer, which the
    // timekeeper then leaves to it (idle_wait). Written under sched_mu();
    // wake_for_timer reads it without.
    std::atomic<bool> watches_own_timers{false};

    // Idle state, guarded by the scheduler lock (sched_mu()).
    bool idle = false;
    // Idle, but only for kNap: see suspend_until. Written under the lock;
    // wake_one_idle reads it without, as a hint (atomic for that read).
    std::atomic<bool> napping{false};
    bool fiber_deadline = false;  // idle until a deadline of Boost's own sleep queue
    bool wake_pending = false;
    std::condition_variable cv;
};

// How a context became ready (go_algorithm::make_ready): woken by ready()
// (runs next here), yielded (gosched: behind the run queue), or spawned (a
// new goroutine: in the run queue while a thread is idle, to be stolen).
enum class ready_kind { woken, yielded, spawned };
// Makes a new goroutine's context (not yet attached to any thread) ready on
// the calling scheduler thread.
void ready_spawned(bf::context* ctx) noexcept;

// ---------------------------------------------------------------------------
// Scheduler-wide state (scheduler.cpp).
struct scheduler_state {
    int nprocs = 1;
    processor* procs = nullptr;
    std::atomic<int> nidle{0};
    std::atomic<bool> exiting{false};
};
extern scheduler_state g_sched;
// Guards every processor's idle state (idle, napping, fiber_deadline,
// wake_pending) and the idle wait's choice of the polling thread.
std::mutex& sched_mu();

// Stealing: a run queue this short is taken only from a thread that has
// picked nothing for a while (steal_half). An idle thread that sees only such
// queues naps for at most kNap, then looks again.
constexpr std::size_t kShortRunq = 4;
constexpr auto kNap = std::chrono::milliseconds(1);
// A busy thread polls the network when nobody has for this long (Go's sysmon).
constexpr std::int64_t kStalePollNs = 10'000'000;

// For a thread with nothing to run: warm stacks for a spawning thread (see
// prefault_stacks). True if it did some of that work.
bool prefault_stacks() noexcept;
inline bool help_spawner() noexcept {
    return g_sched.nprocs > 1 && prefault_stacks();
}

// ---------------------------------------------------------------------------
// The idle wait and its wakers (idle.cpp).

// Boost's dispatcher on p has nothing to run: sleeps until woken, until the
// earliest timer, or until fiber_deadline (Boost's own sleep queue); or, as
// the one polling thread, in netpoll() until then. Ends the program if it is
// deadlocked. Returns at once if p was woken meanwhile.
void idle_wait(processor* p, clock::time_point fiber_deadline) noexcept;
// The one way to wake a scheduler thread: its next idle wait returns at
// once, and if p sleeps now it is woken (through netpoll_break() if it is
// the polling thread). True if p was asleep and not woken yet. Any thread.
bool wake(processor* p) noexcept;
// wake()s one idle thread other than `except`, whose run queue now holds
// `queued` goroutines (a thread napping on a short queue only for a long one).
void wake_one_idle(processor* except, std::size_t queued) noexcept;
// A timer due at when_ns became the earliest of `heap` (a thread's index):
// wake()s a thread that sleeps past it, that heap's owner if it is idle and
// watches it, else the timekeeper. As Go's wakeNetPoller, nobody when every
// sleeper wakes in time.
void wake_for_timer(std::int64_t when_ns, int heap) noexcept;
// Before p, the calling thread, runs a goroutine while it owes a look at
// the timers (processor::owes_timer_watch): wakes the timekeeper, or an idle
// thread to become it, if the earliest timer no idle thread watches would
// otherwise wait for p.
void settle_timer_watch(processor* p) noexcept;
// A busy thread's zero-timeout poll when nobody has polled for kStalePollNs.
void poll_if_stale() noexcept;

// ---------------------------------------------------------------------------
// The deadlock verdict (deadlock.cpp). Called with sched_mu held by a thread
// that has just gone idle and sees no queued work. When the program is alive
// only because threads the runtime did not start exist, the caller must ask
// again by `recheck` (it sleeps no later): they may exit without a word.
bool deadlocked(clock::time_point& recheck);
[[noreturn]] void report_deadlock() noexcept;
// True while a thread sleeps in netpoll() (idle.cpp; sched_mu held): it
// counts as running, as Go's M blocked in netpoll does.
bool poller_present() noexcept;

// ---------------------------------------------------------------------------
// Each scheduler thread's own state, and the ways into go_algorithm
// (scheduler.cpp).
processor* current_processor() noexcept;
void set_current_processor(processor* p) noexcept;
// The goroutine running on this thread: nullptr in a timer callback and on a
// thread the runtime did not start (current() gives that one a record).
goroutine* tls_current_goroutine() noexcept;
void set_current_goroutine(goroutine* g) noexcept;
// Places ctx, made ready, on p, the calling thread's processor
// (go_algorithm::make_ready).
void make_ready(processor* p, bf::context* ctx, ready_kind kind) noexcept;
// Makes go_algorithm, on p, the calling thread's Boost.Fiber scheduler.
void use_go_algorithm(processor* p);
// Called by go() after queueing a goroutine: if this thread's run queue is
// long, the spawning goroutine g goes behind it.
void yield_to_backlog(processor* p, goroutine* g);

// Scheduler-wide state.
int processor_count() noexcept;
processor* processor_at(int i) noexcept;
bool exiting() noexcept;

// ---------------------------------------------------------------------------
// Parking and readying (park.cpp), besides park() and ready()
// (gocpp/detail/goroutine.hpp) and ready_spawned() (above).

// Hands a runnable, detached context to scheduler thread 0 from a thread
// outside the runtime.
void inject(bf::context* ctx) noexcept;
// Makes goroutines that netpoll() returned runnable on this scheduler
// thread's run queue, and wakes one more idle thread when there are several.
void ready_batch(const std::vector<goroutine*>& gs) noexcept;

// ---------------------------------------------------------------------------
// Start-up (startup.cpp).
void ensure_started() noexcept;

// Timers (timer_queue.cpp): a heap per scheduler thread.
// Makes the heaps; wake(when_ns, heap) is called after a timer due at
// when_ns became the earliest of that heap. Once, at start-up.
void init_timers(int nprocs, void (*wake)(std::int64_t when_ns, int heap));
// timer_start() for a goroutine that parks right after, with nothing run
// in between (sleep): if t becomes the earliest of the calling thread's own
// heap, the wake-up that may need is owed (processor::owes_timer_watch).
void timer_start_then_park(timer* t, clock::time_point when) noexcept;
// The earliest due time in heap (a thread's index), INT64_MAX if empty.
std::int64_t heap_next_ns(int heap) noexcept;
// Whether p's own heap has a timer due now (the pick's fast check).
bool timers_due(const processor* p) noexcept;
// Fires the due timers of p's heap, then those of the other heaps.
void run_timers(processor* p) noexcept;
std::int64_t clock_ns(clock::time_point t) noexcept;
// clock_ns's inverse; INT64_MAX (no deadline) gives time_point::max().
inline clock::time_point time_point_of_ns(std::int64_t ns) noexcept {
    if (ns == INT64_MAX) return clock::time_point::max();
    return clock::time_point(
        std::chrono::duration_cast<clock::duration>(std::chrono::nanoseconds(ns)));
}

// Calls fn(top, arg) for the top of every goroutine stack ever handed out
// (live or pooled), holding the pool's lock (stack_pool.cpp).
void for_each_stack_top(void (*fn)(void* top, void* arg), void* arg);

// ---------------------------------------------------------------------------
// Goroutine dumps (dump.cpp).
// Writes Go-style blocks for every goroutine ("goroutine N [reason]:"),
// `running` (shown as running) first.
void dump_goroutines(std::FILE* out, goroutine* running) noexcept;
std::vector<debug::goroutine_info> snapshot_goroutines(const goroutine* running);
std::string format_goroutine(const debug::goroutine_info& g);

// Looks at done() until it says true or `deadline` passes, parking the
// calling goroutine between looks (100 µs at first, doubling up to 50 ms),
// so that what it waits for can run. Returns done()'s last answer. For the
// leak checks (debug.cpp, exit_check.cpp).
template <class Done>
bool poll_until(clock::time_point deadline, Done done) {
    auto pause = std::chrono::microseconds(100);
    for (;;) {
        if (done()) return true;
        if (clock::now() >= deadline) return false;
        sleep_until(std::min(deadline, clock::now() + pause));
        pause = std::min<std::chrono::microseconds>(pause * 2, std::chrono::milliseconds(50));
    }
}

// Starts loading the cache lines of [from, to) for a goroutine about to run
// or to be made there. Hints only: the range must lie in mapped memory (the
// stack pool never unmaps), and a line of a page not yet present is skipped.
inline void prefetch_lines(std::uintptr_t from, std::uintptr_t to) noexcept {
    for (std::uintptr_t a = from; a < to; a += 64)
        __builtin_prefetch(reinterpret_cast<const void*>(a), 1, 3);
}

// Stack allocator handed to Boost.Fiber: pooled, unguarded stacks.
struct pooled_stack {
    boost::context::stack_context allocate();
    void deallocate(boost::context::stack_context& sc) noexcept;
};

std::int64_t coarse_now_ns() noexcept;

// Threads the runtime starts for its own work (blocking_call's helpers)
// announce themselves, so that the deadlock verdict does not take them for
// threads of the program's own (which, as cgo threads in Go, switch the
// verdict off). Any thread, any time.
void runtime_helper_thread_begin() noexcept;
void runtime_helper_thread_end() noexcept;
// blocking_call()s whose goroutine is parked while a helper runs the call
// (blocking_call.cpp). Each is a wake-up still to come: the deadlock verdict
// counts them as Go counts a goroutine in a syscall as running.
int blocking_calls_in_flight() noexcept;

// Under AddressSanitizer: clears stale shadow marks below the current frame
// of goroutine g's stack. Boost.Context's fcontext switches are invisible to
// ASan, so marks left by frames that never returned normally (a park, an
// exception unwinding) would otherwise be taken for errors later.
// Does nothing in other builds.
#ifdef GOCPP_ASAN
void forget_stale_stack_marks(goroutine* g) noexcept;
#else
inline void forget_stale_stack_marks(goroutine*) noexcept {}
#endif

// The coarse clock as last read by a scheduler thread (it refreshes it when
// it goes through Boost's dispatcher or wakes from idle): cheap enough to
// stamp every park for the dump's "N minutes".
std::int64_t cached_coarse_now_ns() noexcept;
void refresh_coarse_now() noexcept;
// Blocks SIGQUIT in the calling thread (threads started later inherit that)
// and starts the thread that prints the goroutine dump when it arrives.
void start_signal_watcher();
// Go's way of ending the process, the one copy: flushes stdout, prints
// "<what><message>", a blank line and every goroutine (`running` first) on
// stderr, and exits with status 2. Only the first caller prints (begin_dying).
// (main_running: just "goroutine 1 [running]:", for a panic outside any goroutine.)
enum class dump_mode { all, main_running };
[[noreturn]] void die(const char* what, const char* message, goroutine* running,
                      dump_mode dump = dump_mode::all) noexcept;
[[noreturn]] void die_with_panic(const char* what, goroutine* g) noexcept;
// The first caller returns and goes on to end the process; any later caller
// (another goroutine panicking at the same moment) blocks forever, so that
// exactly one report is printed.
void begin_dying() noexcept;

}  // namespace gocpp::detail
