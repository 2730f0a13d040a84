// Spawning goroutines and their ends: go() builds its task and the
// goroutine's record at the top of a pooled stack (spawn_reserve, then
// spawn_commit), goroutine_main runs the body and catches what escapes it
// (goexit(), or a panic for die_with_panic), and ids come in per-thread
// batches. num_goroutine() sums the per-thread started-minus-ended counts.
#include "internal.hpp"
#include "stack_guard.hpp"

#include <gocpp/runtime.hpp>

#include <boost/fiber/fiber.hpp>

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <exception>

namespace gocpp::detail {

namespace {

// Goroutines started minus ended by threads outside the runtime (go() from
// a plain std::thread); scheduler threads keep their own (live_delta).
std::atomic<std::int64_t> g_foreign_live{0};
std::atomic<std::int64_t> g_next_id{2};
constexpr std::int64_t kGoidBatch = 16;

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

void goroutine_main(goroutine* g, task* body) {
    forget_stale_stack_marks(g);
    g->ctx = bf::context::active();
    link_context(g);
    set_current_goroutine(g);
    g->reason.store(wait_reason::running, std::memory_order_relaxed);
    try {
        body->run();
    } catch (const goexit_signal&) {
        forget_stale_stack_marks(g);
    } catch (const std::exception& e) {
        // (Unwinding left ASan marks below this frame; see internal.hpp.)
        forget_stale_stack_marks(g);
        die_with_panic(e.what(), g);
    } catch (...) {
        forget_stale_stack_marks(g);
        die_with_panic("unknown exception", g);
    }
    check_stack_canary(g);
    task_access::destroy(body);
    g->published_id.store(0, std::memory_order_release);
    set_current_goroutine(nullptr);
    unlink_context(g);
    g->~goroutine();
    processor* p = current_processor();
    p->count_live(-1);
}

}  // namespace

// The top of a new goroutine's stack holds its record, then its task; the
// stack proper starts below them.
void* spawn_reserve(std::size_t size, std::size_t align, spawn_reservation& r) {
    boost::context::stack_context sc = pooled_stack{}.allocate();
    const auto top = reinterpret_cast<std::uintptr_t>(sc.sp);
    const auto record = reinterpret_cast<std::uintptr_t>(record_of_stack(sc.sp));
    const auto mem = (record - size) & ~(static_cast<std::uintptr_t>(align) - 1);
    const auto sp = mem & ~static_cast<std::uintptr_t>(63);  // Boost.Context wants 16+
    r.record = reinterpret_cast<void*>(record);
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

void spawn_commit(spawn_reservation& r, task* t, const detail::call_site& site) {
    goroutine* parent = current();  // starts the runtime on first use
    processor* p = current_processor();
    auto* g = ::new (r.record) goroutine;
    g->stack_bottom = static_cast<char*>(r.sp) - r.size;
    if (p != nullptr) {
        if (p->next_goid == p->goid_end) {
            p->next_goid = g_next_id.fetch_add(kGoidBatch, std::memory_order_relaxed);
            p->goid_end = p->next_goid + kGoidBatch;
        }
        g->id = p->next_goid++;
        p->count_live(+1);
    } else {
        g->id = g_next_id.fetch_add(1, std::memory_order_relaxed);
        g_foreign_live.fetch_add(1, std::memory_order_release);
    }
    // (The scanned fields: constructing g left them alone; see internal.hpp.)
    const std::int64_t creator =
        site.creator() >= 0 ? site.creator() : (parent != nullptr ? parent->id : 0);
    g->creator_id.store(creator, std::memory_order_relaxed);
    g->site_file.store(site.file_name(), std::memory_order_relaxed);
    g->site_function.store(site.function_name(), std::memory_order_relaxed);
    g->site_line.store(site.line(), std::memory_order_relaxed);
    g->reason.store(wait_reason::runnable, std::memory_order_relaxed);
    g->wait_since_ns.store(0, std::memory_order_relaxed);
    // Visible to dumps and leak checks before it first runs.
    g->published_id.store(g->id, std::memory_order_release);
    reserved_stack stack;
    stack.sc.sp = r.sp;
    stack.sc.size = r.size;
    if (p == nullptr) {
        // go() from a thread outside the runtime: make the fiber without
        // attaching it to this thread and hand it to a scheduler thread.
        auto ctx =
            bf::make_worker_context(bf::launch::post, stack, [g, t] { goroutine_main(g, t); });
        inject(ctx.get());
        return;  // the scheduler keeps the context's own reference
    }
    // (The scheduler keeps the context's own reference, as for inject.)
    auto ctx = bf::make_worker_context(bf::launch::post, stack, [g, t] { goroutine_main(g, t); });
    ready_spawned(ctx.get());
    if (parent != nullptr && parent->ctx != nullptr) yield_to_backlog(p, parent);
}

wait_slot& slot(goroutine* g) noexcept {
    return g->slot;
}
std::int64_t goroutine_id(goroutine* g) noexcept {
    return g->id;
}

std::int64_t current_goroutine_id() noexcept {
    goroutine* g = current();
    return g != nullptr ? g->id : 0;
}

}  // namespace gocpp::detail

namespace gocpp {

int num_goroutine() noexcept {
    detail::ensure_started();
    std::int64_t n = 1 + detail::g_foreign_live.load(std::memory_order_acquire);
    for (int i = 0; i < detail::processor_count(); ++i)
        n += detail::processor_at(i)->live_delta.load(std::memory_order_acquire);
    // A goroutine started on a thread already summed and ended on one not
    // summed yet counts -1 without its +1: never below main, as Go's gcount.
    return static_cast<int>(std::max<std::int64_t>(n, 1));
}

void goexit() {
    throw detail::goexit_signal{};
}

}  // namespace gocpp
