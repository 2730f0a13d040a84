// Goroutines: spawning, the registry behind num_goroutine() and the dumps,
// panics and exits.
#include "internal.hpp"

#include <gocpp/panic.hpp>
#include <gocpp/runtime.hpp>

#include <boost/fiber/fiber.hpp>

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <iostream>
#include <unistd.h>

namespace gocpp::detail {

namespace {

std::atomic<int> g_live{1};  // main counts
std::atomic<std::int64_t> g_next_id{2};

spinlock& registry_lock() {
    static auto* l = new spinlock;
    return *l;
}
goroutine* g_registry_head = nullptr;

// Thrown by goexit(); caught where the goroutine began.
struct goexit_signal {};

}  // namespace

struct task_access {
    static void destroy(task* t) noexcept { t->destroy(); }
};

namespace {

// Hands Boost.Fiber the stack reserved by spawn_reserve(), minus the room the
// task took at its top.
struct reserved_stack {
    boost::context::stack_context sc;
    boost::context::stack_context allocate() { return sc; }
    void deallocate(boost::context::stack_context& s) noexcept { pooled_stack{}.deallocate(s); }
};

void goroutine_main(task* body, std::source_location site, std::int64_t id,
                    std::int64_t creator) {
    goroutine g;
    g.id = id;
    g.creator_id = creator;
    g.site = site;
    g.ctx = bf::context::active();
    set_current_goroutine(&g);
    registry_add(&g);
    try {
        body->run();
    } catch (const goexit_signal&) {
    } catch (const std::exception& e) {
        die_with_panic(e.what(), &g);
    } catch (...) {
        die_with_panic("unknown exception", &g);
    }
    task_access::destroy(body);
    registry_remove(&g);
    g_live.fetch_sub(1, std::memory_order_relaxed);
}

}  // namespace

void* spawn_reserve(std::size_t size, std::size_t align, spawn_reservation& r) {
    boost::context::stack_context sc = pooled_stack{}.allocate();
    auto top = reinterpret_cast<std::uintptr_t>(sc.sp);
    auto mem = (top - size) & ~(static_cast<std::uintptr_t>(align) - 1);
    // Keep the stack below the task 64-byte aligned for Boost.Context.
    auto sp = mem & ~static_cast<std::uintptr_t>(63);
    r.sp = reinterpret_cast<void*>(sp);
    r.size = sc.size - (top - sp);
    return reinterpret_cast<void*>(mem);
}

void spawn_abort(spawn_reservation& r) noexcept {
    boost::context::stack_context sc;
    sc.sp = r.sp;
    sc.size = r.size;
    pooled_stack{}.deallocate(sc);
}

void spawn_commit(spawn_reservation& r, task* t, const std::source_location& site) {
    goroutine* parent = current();  // starts the runtime on first use
    const std::int64_t id = g_next_id.fetch_add(1, std::memory_order_relaxed);
    g_live.fetch_add(1, std::memory_order_relaxed);
    const std::int64_t creator = parent != nullptr ? parent->id : 0;
    reserved_stack stack;
    stack.sc.sp = r.sp;
    stack.sc.size = r.size;
    bf::fiber f(std::allocator_arg, stack,
                [t, site, id, creator] { goroutine_main(t, site, id, creator); });
    f.detach();
}

void registry_add(goroutine* g) noexcept {
    std::lock_guard lk(registry_lock());
    g->prev = nullptr;
    g->next = g_registry_head;
    if (g_registry_head != nullptr) g_registry_head->prev = g;
    g_registry_head = g;
}

void registry_remove(goroutine* g) noexcept {
    std::lock_guard lk(registry_lock());
    if (g->prev != nullptr) g->prev->next = g->next;
    if (g->next != nullptr) g->next->prev = g->prev;
    if (g_registry_head == g) g_registry_head = g->next;
}

std::int64_t coarse_now_ns() noexcept {
    timespec ts;
    clock_gettime(CLOCK_MONOTONIC_COARSE, &ts);
    return static_cast<std::int64_t>(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

const char* wait_reason_string(wait_reason r) noexcept {
    switch (r) {
        case wait_reason::running: return "running";
        case wait_reason::runnable: return "runnable";
        case wait_reason::chan_receive: return "chan receive";
        case wait_reason::chan_send: return "chan send";
        case wait_reason::chan_receive_nil: return "chan receive (nil chan)";
        case wait_reason::chan_send_nil: return "chan send (nil chan)";
        case wait_reason::select: return "select";
        case wait_reason::select_no_cases: return "select (no cases)";
        case wait_reason::sleep: return "sleep";
        case wait_reason::mutex_lock: return "sync.Mutex.Lock";
        case wait_reason::rwmutex_rlock: return "sync.RWMutex.RLock";
        case wait_reason::rwmutex_lock: return "sync.RWMutex.Lock";
        case wait_reason::waitgroup_wait: return "sync.WaitGroup.Wait";
        case wait_reason::cond_wait: return "sync.Cond.Wait";
        case wait_reason::once_do: return "sync.Once.Do";
        case wait_reason::errgroup_go: return "errgroup.Group.Go";
    }
    return "unknown";
}

namespace {

void write_block(std::FILE* out, const goroutine* g, bool running) {
    const wait_reason r =
        running ? wait_reason::running : g->reason.load(std::memory_order_relaxed);
    std::fprintf(out, "goroutine %lld [%s", static_cast<long long>(g->id), wait_reason_string(r));
    if (r != wait_reason::running && r != wait_reason::runnable) {
        const std::int64_t since = g->wait_since_ns.load(std::memory_order_relaxed);
        const std::int64_t minutes = since > 0 ? (coarse_now_ns() - since) / 60'000'000'000 : 0;
        if (minutes >= 1) std::fprintf(out, ", %lld minutes", static_cast<long long>(minutes));
    }
    std::fputs("]:\n", out);
    if (g->id == 1) {
        std::fputs("main()\n", out);
    } else {
        std::fprintf(out, "created by %s in goroutine %lld\n\t%s:%u\n", g->site.function_name(),
                     static_cast<long long>(g->creator_id), g->site.file_name(),
                     static_cast<unsigned>(g->site.line()));
    }
    std::fputc('\n', out);
}

}  // namespace

void dump_goroutines(std::FILE* out, goroutine* running) noexcept {
    std::vector<const goroutine*> all;
    std::lock_guard lk(registry_lock());
    for (goroutine* g = g_registry_head; g != nullptr; g = g->next) all.push_back(g);
    std::sort(all.begin(), all.end(), [](auto* a, auto* b) { return a->id < b->id; });
    for (const goroutine* g : all) write_block(out, g, g == running);
}

[[noreturn]] void die_with_panic(const char* what, goroutine* g) noexcept {
    std::cout.flush();
    std::fflush(stdout);
    std::fprintf(stderr, "panic: %s\n\ngoroutine %lld [running]:\n", what,
                 static_cast<long long>(g != nullptr ? g->id : 1));
    std::fflush(stderr);
    _exit(2);
}

[[noreturn]] void fatal(const char* msg) noexcept {
    std::cout.flush();
    std::fflush(stdout);
    goroutine* g = current();
    std::fprintf(stderr, "fatal error: %s\n\n", msg);
    if (g != nullptr) write_block(stderr, g, true);
    std::fflush(stderr);
    _exit(2);
}

wait_slot& slot(goroutine* g) noexcept { return g->slot; }
std::int64_t goroutine_id(goroutine* g) noexcept { return g->id; }

namespace {
__attribute__((noinline)) std::uint64_t& rng_state() {
    thread_local std::uint64_t s = 0;
    return s;
}
}  // namespace

std::uint32_t fastrand() noexcept {
    std::uint64_t& s = rng_state();
    if (s == 0) s = reinterpret_cast<std::uintptr_t>(&s) ^ 0x9E3779B97F4A7C15ull ^ coarse_now_ns();
    // splitmix64
    std::uint64_t z = (s += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return static_cast<std::uint32_t>((z ^ (z >> 31)) >> 32);
}

std::uint32_t fastrandn(std::uint32_t n) noexcept {
    return static_cast<std::uint32_t>((static_cast<std::uint64_t>(fastrand()) * n) >> 32);
}

}  // namespace gocpp::detail

namespace gocpp {

void panic(const std::string& message) { throw panic_error(message); }

int num_goroutine() noexcept { return detail::g_live.load(std::memory_order_relaxed); }

void goexit() { throw detail::goexit_signal{}; }

void os_exit(int code) {
    std::cout.flush();
    std::cerr.flush();
    std::fflush(nullptr);
    _exit(code);
}

}  // namespace gocpp
