// Start-up and exit. The runtime starts during static initialization, on
// main's thread (ensure_started): main becomes goroutine 1 and its thread
// scheduler thread 0, and GOMAXPROCS - 1 more scheduler threads are started.
// Returning from main ends the program as in Go (exit_guard). An exception
// that escapes main reaches std::terminate, which reports it as a panic.
#include "internal.hpp"
#include "stack_guard.hpp"

#include <gocpp/detail/exit_check.hpp>
#include <gocpp/runtime.hpp>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <mutex>
#include <thread>
#include <sys/syscall.h>
#include <unistd.h>

namespace gocpp::detail {

namespace {

std::atomic<bool> g_started{false};
std::once_flag g_start_once;

goroutine g_main_goroutine;

// Destroyed when main's thread exits (return from main, or std::exit), before
// Boost.Fiber's own per-thread scheduler: from then on no thread picks up a
// goroutine, so the process ends as Go's does, with goroutines left as they
// are.
struct exit_guard {
    ~exit_guard() {
        // GOCPP_LEAKCHECK=1: main still runs as goroutine 1 here, and may
        // wait for the others (gocpp/detail/exit_check.hpp).
        if (leak_check_enabled()) run_leak_check_at_exit();
        g_sched.exiting.store(true, std::memory_order_relaxed);
        std::fflush(stdout);
        release_fiber_waiters();
    }

    // Boost's scheduler on main's thread, destroyed next, waits for the
    // goroutines attached to it. Goroutines blocked in Boost.Fiber's own
    // primitives (this_fiber::sleep_for: in its sleep queue) stay attached;
    // they are let go here, so that the process ends now, as Go's does.
    static void release_fiber_waiters() {
        for_each_stack_top(
            [](void* top, void*) {
                goroutine* g = record_of_stack(top);
                if (g->published_id.load(std::memory_order_acquire) == 0 ||
                    g->reason.load(std::memory_order_acquire) != wait_reason::fiber_wait ||
                    g->ctx == nullptr || g->ctx->get_scheduler() != g_sched.procs[0].sched) {
                    return;
                }
                if (g->ctx->sleep_is_linked()) g->ctx->sleep_unlink();
                g_sched.procs[0].sched->detach_worker_context(g->ctx);
            },
            nullptr);
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
    install_stack_overflow_handler();
    set_current_processor(p);
    use_go_algorithm(p);
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
    init_timers(n, &wake_for_timer);
    (void)sched_mu();  // made now, not on some thread's first sleep

    // Blocks SIGQUIT on this thread, and so on every thread started from it,
    // before Boost makes its first fiber here: with the ucontext backend a
    // fiber switch restores the signal mask the fiber was made with, and a
    // dispatcher made before would unblock SIGQUIT again on every switch.
    start_signal_watcher();

    processor* p0 = &g_sched.procs[0];
    set_current_processor(p0);
    bf::context* main_ctx = bf::context::active();
    use_go_algorithm(p0);
    p0->sched = main_ctx->get_scheduler();

    goroutine* g = &g_main_goroutine;
    g->id = 1;
    g->published_id.store(1, std::memory_order_release);
    g->ctx = main_ctx;
    set_current_goroutine(g);

    static thread_local exit_guard guard;  // constructed after Boost's initializer
    (void)&guard;

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

}  // namespace gocpp
