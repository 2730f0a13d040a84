// Goroutine stacks: fixed-size, carved from large anonymous mappings and
// recycled through a free list, never returned to the kernel. A parked
// goroutine keeps resident only the pages its frames touched (about one or
// two); the rest of its stack is address space. There are no guard pages:
// one per stack would split the mapping and hit the kernel's limit of 65,530
// mappings near 32,000 goroutines.
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
    std::vector<void*> free;    // stack bottoms
    std::vector<void*> chunks;  // every mapping, for for_each_stack_top()
};
global_pool& pool() {
    static auto* p = new global_pool;
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

void refill(local_cache& c) {
    global_pool& g = pool();
    {
        std::lock_guard lk(g.lock);
        while (!g.free.empty() && c.n < kLocalCacheMax / 2) {
            c.push(g.free.back());
            g.free.pop_back();
        }
    }
    if (!c.empty()) return;
    const std::size_t size = stack_size();
    void* chunk = mmap(nullptr, size * kStacksPerChunk, PROT_READ | PROT_WRITE,
                       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (chunk == MAP_FAILED) throw std::bad_alloc();
#ifdef GOCPP_LSAN
    // Goroutine stacks hold the only pointers to some heap objects.
    __lsan_register_root_region(chunk, size * kStacksPerChunk);
#endif
    std::lock_guard lk(g.lock);
    g.chunks.push_back(chunk);
    for (std::size_t i = 0; i < kStacksPerChunk; ++i) {
        void* s = static_cast<char*>(chunk) + i * size;
        if (c.n < kLocalCacheMax / 2) {
            c.push(s);
        } else {
            g.free.push_back(s);
        }
    }
}

}  // namespace

boost::context::stack_context pooled_stack::allocate() {
    local_cache& c = cache();
    if (c.empty()) refill(c);
    void* bottom = c.pop();
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
