// Goroutine stacks: fixed-size, carved from large anonymous mappings and
// recycled through a free list, never returned to the kernel. A parked
// goroutine keeps resident only the pages its frames touched (about one or
// two); the rest of its stack is address space. There are no guard pages:
// one per stack would split the mapping and hit the kernel's limit of 65,530
// mappings near 32,000 goroutines.
//
// A stack never used before costs a page fault on first touch, about a
// microsecond, most of what starting a goroutine costs then. When a burst of
// go() statements runs out of used stacks, threads with nothing to run fault
// in the top pages of fresh ones meanwhile (prefault_stacks), so that on two
// threads the spawning goroutine does not pay for them all.
#include "internal.hpp"

#include <sys/mman.h>

#include <cstdlib>
#include <new>

#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/lsan_interface.h>
#define GOCPP_LSAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#include <sanitizer/lsan_interface.h>
#define GOCPP_LSAN 1
#endif
#endif

namespace gocpp::detail {

namespace {

constexpr std::size_t kStacksPerChunk = 64;
constexpr std::size_t kLocalCacheMax = 64;
// prefault_stacks() keeps up to this many warm stacks in the global pool,
// faulting them in this many at a time; refill() hands out cold ones this
// many at a time.
constexpr std::size_t kWarmTarget = 32;
constexpr std::size_t kPrefaultBatch = 8;
constexpr std::size_t kColdBatch = 4;

std::size_t stack_size() {
    static const std::size_t size = [] {
        std::size_t kb = 256;
        if (const char* env = std::getenv("GOCPP_STACK_KB"); env != nullptr) {
            long v = std::strtol(env, nullptr, 10);
            if (v >= 16) kb = static_cast<std::size_t>(v);
        }
        return kb * 1024;
    }();
    return size;
}

struct global_pool {
    spinlock lock;
    std::vector<void*> free;    // stack bottoms, top page resident
    std::vector<void*> cold;    // stack bottoms never touched
    std::vector<void*> chunks;  // every mapping, for for_each_stack_top()
    std::size_t warming = 0;    // taken from cold by prefault_stacks, not in free yet
};

// Set when refill() had to hand out cold stacks: a spawning burst. Outside
// the pool, so that looking at it does not make the pool.
std::atomic<bool> g_want_warm{false};
global_pool& pool() {
    static auto* p = [] {
        auto* g = new global_pool;
        // prefault_stacks() runs on threads the program does not control,
        // so it must not allocate (a program counting its allocations would
        // see them): it maps nothing and keeps free within kWarmTarget.
        g->free.reserve(kWarmTarget);
        return g;
    }();
    return *p;
}

// Trivially destructible on purpose: Boost.Fiber frees finished goroutines'
// stacks while the thread exits, after non-trivial thread_locals are gone.
struct local_cache {
    void* items[kLocalCacheMax + 1];
    std::size_t n = 0;
    bool empty() const { return n == 0; }
    void push(void* s) { items[n++] = s; }
    void* pop() { return items[--n]; }
};
__attribute__((noinline)) local_cache& cache() {
    thread_local local_cache c;
    return c;
}

// Maps a new chunk of stacks, all cold; g.lock held.
void map_chunk(global_pool& g) {
    const std::size_t size = stack_size();
    void* chunk = mmap(nullptr, size * kStacksPerChunk, PROT_READ | PROT_WRITE,
                       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (chunk == MAP_FAILED) throw std::bad_alloc();
#ifdef GOCPP_LSAN
    // Goroutine stacks hold the only pointers to some heap objects.
    __lsan_register_root_region(chunk, size * kStacksPerChunk);
#endif
    g.chunks.push_back(chunk);
    // Last in, first out: hand out the chunk from its start.
    for (std::size_t i = kStacksPerChunk; i-- > 0;)
        g.cold.push_back(static_cast<char*>(chunk) + i * size);
}

void refill(local_cache& c) {
    global_pool& g = pool();
    std::lock_guard lk(g.lock);
    while (!g.free.empty() && c.n < kLocalCacheMax / 2) {
        c.push(g.free.back());
        g.free.pop_back();
    }
    if (!c.empty()) return;
    if (g.cold.empty()) map_chunk(g);
    // A few at a time, so that stacks warmed meanwhile are used first.
    while (!g.cold.empty() && c.n < kColdBatch) {
        c.push(g.cold.back());
        g.cold.pop_back();
    }
    g_want_warm.store(true, std::memory_order_relaxed);
}

// Starts loading the top of the stack that allocate() hands out next: the
// goroutine record, Boost's context and the first frames go there. In a
// spawning loop that stack is usually out of every cache (a thousand
// goroutines later), or was last written on another core; the loop's work
// in between hides the misses. A never-touched stack's page is not present
// and the prefetch is dropped.
void prefetch_stack_top(void* bottom) noexcept {
    const auto top = reinterpret_cast<std::uintptr_t>(bottom) + stack_size();
    prefetch_lines(top - 2048, top);
}

}  // namespace

boost::context::stack_context pooled_stack::allocate() {
    local_cache& c = cache();
    if (c.empty()) refill(c);
    void* bottom = c.pop();
    if (!c.empty()) prefetch_stack_top(c.items[c.n - 1]);
    boost::context::stack_context sc;
    sc.size = stack_size();
    sc.sp = static_cast<char*>(bottom) + sc.size;
    return sc;
}

void pooled_stack::deallocate(boost::context::stack_context& sc) noexcept {
    void* bottom = static_cast<char*>(sc.sp) - sc.size;
    local_cache& c = cache();
    c.push(bottom);
    if (c.n > kLocalCacheMax) {
        global_pool& g = pool();
        std::lock_guard lk(g.lock);
        while (c.n > kLocalCacheMax / 2)
            g.free.push_back(c.pop());
    }
}

bool prefault_stacks() noexcept {
    if (!g_want_warm.load(std::memory_order_relaxed)) return false;
    global_pool& g = pool();
    void* batch[kPrefaultBatch];
    std::size_t n = 0;
    {
        std::lock_guard lk(g.lock);
        // Only stacks refill() mapped already: mapping is the spawner's.
        const std::size_t ahead = g.free.size() + g.warming;
        if (ahead >= kWarmTarget || g.cold.empty()) {
            g_want_warm.store(false, std::memory_order_relaxed);
            return false;
        }
        while (!g.cold.empty() && n < kPrefaultBatch && ahead + n < kWarmTarget) {
            batch[n++] = g.cold.back();
            g.cold.pop_back();
        }
        g.warming += n;
    }
    // A write faults the page in (a zero byte: the record there must read
    // as no goroutine until one is published).
    const std::size_t size = stack_size();
    for (std::size_t i = 0; i < n; ++i)
        static_cast<volatile char*>(batch[i])[size - 1] = 0;
    std::lock_guard lk(g.lock);
    for (std::size_t i = 0; i < n; ++i)
        g.free.push_back(batch[i]);
    g.warming -= n;
    return true;
}

void for_each_stack_top(void (*fn)(void* top, void* arg), void* arg) {
    global_pool& g = pool();
    const std::size_t size = stack_size();
    std::lock_guard lk(g.lock);
    for (void* chunk : g.chunks) {
        for (std::size_t i = 0; i < kStacksPerChunk; ++i)
            fn(static_cast<char*>(chunk) + (i + 1) * size, arg);
    }
}

}  // namespace gocpp::detail
