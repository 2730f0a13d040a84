// Goroutine stacks: fixed-size slots of one reserved address range
// (stack_guard.hpp has the layout), made usable 64 at a time and recycled
// through a free list, never returned to the kernel. A parked goroutine
// keeps resident only the pages its frames touched (about one or two); the
// rest of its slot is address space.
//
// The lowest page of a slot is its guard page (the first
// guarded_slot_count() slots); the others have a canary instead (see
// stack_guard.hpp for the layout). Guard pages
// split the range into two mappings per slot, so they are given only while
// the kernel's mapping budget allows; the slots after them are made usable
// with one mprotect per batch, which joins them to a single mapping.
//
// A stack never used before costs a page fault on first touch, most of what
// starting a goroutine costs then. When a burst of go() statements runs out
// of used stacks, threads with nothing to run fault in the top pages of
// fresh ones meanwhile (prefault_stacks), so that on two threads the
// spawning goroutine does not pay for them all. The range is kept away from
// transparent huge pages: one huge page would make 2 MiB of stacks resident
// at once.
#include "internal.hpp"
#include "stack_guard.hpp"

#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstdlib>
#include <new>
#include <vector>

#ifdef GOCPP_ASAN  // (LeakSanitizer comes with it)
#include <sanitizer/lsan_interface.h>
#endif

namespace gocpp::detail {

namespace {

constexpr std::size_t kStacksPerChunk = 64;  // slots made usable at a time
constexpr std::size_t kLocalCacheMax = 64;
// prefault_stacks() keeps up to this many warm stacks in the global pool,
// faulting them in this many at a time; refill() hands out cold ones this
// many at a time.
constexpr std::size_t kWarmTarget = 32;
constexpr std::size_t kPrefaultBatch = 8;
constexpr std::size_t kColdBatch = 4;
#ifdef MADV_POPULATE_WRITE
constexpr int kPopulateWrite = MADV_POPULATE_WRITE;
#else
constexpr int kPopulateWrite = 23;  // Linux 5.14's value; older glibc headers lack it
#endif

std::size_t stack_size() {
    return stack_slot_size();
}

struct global_pool {
    spinlock lock;
    std::vector<void*> free;    // slot bases, top page resident
    std::vector<void*> cold;    // slot bases, usable but never touched
    std::size_t committed = 0;  // slots made usable so far (the lowest ones)
    std::size_t capacity = 0;   // slots the reserved range holds
    std::size_t guarded = 0;    // slots [0, guarded) have guard pages
    std::size_t warming = 0;    // taken from cold by prefault_stacks, not in free yet
};

#ifdef GOCPP_ASAN
void narrow_leak_roots();
#endif

// Reserves the range (address space only: no memory, one mapping). As
// large as the address-space limit allows, up to 1 TiB: 16 million stacks
// of 64 KiB.
void reserve_region(global_pool& g) {
    stack_region& r = g_stack_region;
    const std::size_t slot = stack_size();
    r.page = static_cast<std::size_t>(sysconf(_SC_PAGESIZE));
    r.slot_size = slot;
    std::size_t slots = (std::size_t{1} << 40) / slot;
    void* mem = MAP_FAILED;
    for (; slots >= kStacksPerChunk; slots /= 2) {
        mem = mmap(nullptr, kRegionPad + slots * slot, PROT_NONE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
        if (mem != MAP_FAILED) break;
    }
    if (mem == MAP_FAILED) throw std::bad_alloc();
    r.base = reinterpret_cast<std::uintptr_t>(mem) + kRegionPad;
    r.end = r.base + slots * slot;
    madvise(mem, kRegionPad + slots * slot, MADV_NOHUGEPAGE);
    // The pad's top page holds slot 0's canary.
    if (mprotect(reinterpret_cast<char*>(r.base - r.page), r.page, PROT_READ | PROT_WRITE) != 0)
        throw std::bad_alloc();
#ifdef GOCPP_ASAN
    // Goroutine stacks hold the only pointers to some heap objects (LSan
    // scans only the readable parts; see narrow_leak_roots for exit).
    __lsan_register_root_region(mem, kRegionPad + slots * slot);
#endif
    g.capacity = slots;
    g.guarded = std::min(guarded_slot_count() / kStacksPerChunk * kStacksPerChunk, slots);
    r.guarded_end.store(r.base + g.guarded * slot, std::memory_order_relaxed);
}

// Set when refill() had to hand out cold stacks: a spawning burst. Outside
// the pool, so that looking at it does not make the pool.
std::atomic<bool> g_want_warm{false};
global_pool& pool() {
    static auto* p = [] {
        auto* g = new global_pool;
        reserve_region(*g);
#ifdef GOCPP_ASAN
        std::atexit(narrow_leak_roots);
#endif
        // prefault_stacks() runs on threads the program does not control,
        // so it must not allocate (a program counting its allocations would
        // see them): it maps nothing and keeps free within kWarmTarget.
        g->free.reserve(kWarmTarget);
        return g;
    }();
    return *p;
}

#ifdef GOCPP_ASAN
// LeakSanitizer's check at exit reads every readable page of the root region:
// every committed slot whole, 256 KiB of them under ASan, faulting in the
// never-touched pages as it goes (a chunk of 64 stacks made a test process
// 60 ms slower at exit). Before that check, the region is replaced by the
// part of each slot a goroutine ever touched: from its lowest resident page
// to its top, since a stack is used from the top down. A page that no one
// touched holds zeros, so no pointer is lost. (Runs from atexit, registered
// after the sanitizer's own at-exit check, so before it.)
//
// Only for a few stacks: LSan reads and parses /proc/self/maps once per
// root region, so 10,000 regions took minutes. With more touched stacks than
// kMaxLeakRoots the whole region stays registered.
constexpr std::size_t kMaxLeakRoots = 64;
void narrow_leak_roots() {
    stack_region& r = g_stack_region;
    global_pool& g = pool();
    std::lock_guard lk(g.lock);
    const std::size_t slot = stack_size();
    const std::size_t pages_per_slot = slot / r.page;
    std::vector<unsigned char> resident(g.committed * pages_per_slot);
    if (resident.empty() ||
        mincore(reinterpret_cast<void*>(r.base), g.committed * slot, resident.data()) != 0)
        return;  // keep the whole region: slower, never wrong
    struct range {
        std::uintptr_t begin;
        std::size_t size;
    };
    range touched[kMaxLeakRoots];
    std::size_t n = 0;
    for (std::size_t i = 0; i < g.committed; ++i) {
        const unsigned char* pages = &resident[i * pages_per_slot];
        std::size_t lowest = 0;
        while (lowest < pages_per_slot && (pages[lowest] & 1) == 0)
            ++lowest;
        if (lowest == pages_per_slot) continue;  // never used
        if (n == kMaxLeakRoots) return;          // too many: keep the whole region
        touched[n++] = {r.base + i * slot + lowest * r.page, (pages_per_slot - lowest) * r.page};
    }
    // As reserve_region registered it.
    __lsan_unregister_root_region(reinterpret_cast<void*>(r.base - kRegionPad),
                                  kRegionPad + g.capacity * slot);
    for (std::size_t k = 0; k < n; ++k)
        __lsan_register_root_region(reinterpret_cast<void*>(touched[k].begin), touched[k].size);
}
#endif

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

// Makes the next batch of slots usable, all cold; g.lock held.
void map_chunk(global_pool& g) {
    stack_region& r = g_stack_region;
    const std::size_t size = stack_size();
    if (g.committed + kStacksPerChunk > g.capacity) throw std::bad_alloc();
    char* first = reinterpret_cast<char*>(r.base + g.committed * size);
    bool usable = false;
    if (g.committed < g.guarded) {
        // Everything but each slot's lowest page.
        usable = true;
        for (std::size_t i = 0; i < kStacksPerChunk && usable; ++i) {
            usable =
                mprotect(first + i * size + r.page, size - r.page, PROT_READ | PROT_WRITE) == 0;
        }
        if (!usable) {
            // The kernel refused another split (the program holds many
            // mappings of its own): no guard pages from here on.
            g.guarded = g.committed;
            r.guarded_end.store(r.base + g.guarded * size, std::memory_order_relaxed);
        }
    }
    if (!usable && mprotect(first, kStacksPerChunk * size, PROT_READ | PROT_WRITE) != 0)
        throw std::bad_alloc();
    g.committed += kStacksPerChunk;
    // Last in, first out: hand out the batch from its start.
    for (std::size_t i = kStacksPerChunk; i-- > 0;)
        g.cold.push_back(first + i * size);
}

// Makes the top page of the slot at `slot` resident: the goroutine record,
// Boost's context and the first frames go there. A page fault costs several
// times what this system call costs for the same page (about 18 against
// 3.5 us of CPU per page on a virtual machine here); a kernel without
// MADV_POPULATE_WRITE (before Linux 5.14) leaves it to the write below.
//
// The write is not redundant. On that virtual machine the first write from
// user space to a page the kernel has just populated still costs several
// microseconds (the hypervisor's shadow page table; docs/internals.md).
// Made here, it is paid by whoever populates: on two threads, the idle one
// in prefault_stacks() rather than the spawner. The byte written is the
// page's lowest, far below the canary of the slot above, and the page holds
// zeros until a goroutine uses it.
void populate_top_page(void* slot) noexcept {
    static std::atomic<bool> unsupported{false};
    char* page = static_cast<char*>(slot) + stack_size() - g_stack_region.page;
    if (!unsupported.load(std::memory_order_relaxed) &&
        madvise(page, g_stack_region.page, kPopulateWrite) != 0 && errno == EINVAL)
        unsupported.store(true, std::memory_order_relaxed);
    *static_cast<volatile char*>(page) = 0;
}

void refill(local_cache& c) {
    global_pool& g = pool();
    void* fresh[kColdBatch];
    std::size_t n = 0;
    {
        std::lock_guard lk(g.lock);
        while (!g.free.empty() && c.n < kLocalCacheMax / 2) {
            c.push(g.free.back());
            g.free.pop_back();
        }
        if (!c.empty()) return;
        if (g.cold.empty()) map_chunk(g);
        // A few at a time, so that stacks warmed meanwhile are used first;
        // the lowest first (cold runs high to low), because a stack's canary
        // lies in the top page of the stack below it.
        while (!g.cold.empty() && n < kColdBatch) {
            fresh[n++] = g.cold.back();
            g.cold.pop_back();
        }
        g_want_warm.store(true, std::memory_order_relaxed);
    }
    for (std::size_t i = 0; i < n; ++i)
        populate_top_page(fresh[i]);
    while (n > 0)
        c.push(fresh[--n]);
}

// Starts loading the top of the stack that allocate() hands out next: the
// goroutine record, Boost's context and the first frames go there. In a
// spawning loop that stack is usually out of every cache (a thousand
// goroutines later), or was last written on another core; the loop's work
// in between hides the misses. A never-touched stack's page is not present
// and the prefetch is dropped.
void prefetch_stack_top(void* slot) noexcept {
    const auto top = slot_stack_top(reinterpret_cast<std::uintptr_t>(slot));
    prefetch_lines(top - 2048, top);
}

}  // namespace

boost::context::stack_context pooled_stack::allocate() {
    local_cache& c = cache();
    if (c.empty()) refill(c);
    char* slot = static_cast<char*>(c.pop());
    if (!c.empty()) prefetch_stack_top(c.items[c.n - 1]);
    // The slot's lowest page and the canary at its top are not the stack's.
    boost::context::stack_context sc;
    sc.size = stack_size() - g_stack_region.page - kCanaryBytes;
    sc.sp = reinterpret_cast<char*>(slot_stack_top(reinterpret_cast<std::uintptr_t>(slot)));
    return sc;
}

void pooled_stack::deallocate(boost::context::stack_context& sc) noexcept {
    void* slot = static_cast<char*>(sc.sp) - sc.size - g_stack_region.page;
    local_cache& c = cache();
    c.push(slot);
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
    // (Zero-filled: the record there reads as no goroutine until one is
    // published.)
    for (std::size_t i = 0; i < n; ++i)
        populate_top_page(batch[i]);
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
    for (std::size_t i = 0; i < g.committed; ++i)
        fn(reinterpret_cast<void*>(slot_stack_top(g_stack_region.base + i * size)), arg);
}

}  // namespace gocpp::detail
