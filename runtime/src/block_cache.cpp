// Per-thread caches of kCachedBlockSize-byte blocks (block_cache.hpp).
//
// Each thread keeps up to kLocalMax free blocks in a list threaded through
// the blocks themselves. A thread that frees more than that moves kBatch of
// them to the depot; a thread that runs out takes a batch from there, or
// asks operator new for one block. The depot keeps at most kDepotMax
// batches and gives the rest back to operator delete, so a burst of frees
// does not pin memory for good. When a thread exits its cache goes to the
// depot, and blocks it frees after that go straight to operator delete.
// (A thread whose first use of the cache comes after its thread_locals were
// destroyed keeps what it frees then, at most kLocalMax blocks: the runtime's
// threads never exit, and main uses the cache while it runs.)
#include <gocpp/detail/block_cache.hpp>
#include <gocpp/detail/sanitizers.hpp>
#include <gocpp/detail/spinlock.hpp>

#include <mutex>
#include <new>

namespace gocpp::detail {

#ifndef GOCPP_ASAN
namespace {

constexpr std::size_t kLocalMax = 128;
constexpr std::size_t kBatch = 64;
constexpr std::size_t kDepotMax = 64;  // batches: 512 KiB of blocks

struct free_block {
    free_block* next;
};

// Full batches, each a chain of kBatch blocks. Constant-initialized: no
// allocation, so nothing here can throw or be destroyed before a thread
// that still frees blocks.
struct depot {
    spinlock lock;
    free_block* batches[kDepotMax] = {};
    std::size_t n = 0;
};
constinit depot g_depot;

void delete_chain(free_block* b) noexcept {
    while (b != nullptr) {
        free_block* next = b->next;
        ::operator delete(b);
        b = next;
    }
}

// Trivially destructible, so that it can still be read after the thread's
// other thread_locals are gone (Boost.Fiber frees finished goroutines, and
// with them channel handles, as the thread exits).
struct local_cache {
    free_block* head = nullptr;
    std::size_t n = 0;
    bool registered = false;  // flush_at_exit is armed for this thread
    bool closed = false;      // the thread is exiting: no caching
};

void flush(local_cache& c) noexcept;

struct flush_at_exit {
    local_cache* cache;
    ~flush_at_exit() {
        cache->closed = true;
        flush(*cache);
    }
};

// Out of line: a goroutine may resume on another thread, and the compiler
// must not keep a thread-local address across a switch (there is none
// inside one alloc or free, but callers are inlined into code that has).
__attribute__((noinline)) local_cache& local() {
    thread_local local_cache c;
    if (!c.registered) {
        c.registered = true;
        thread_local flush_at_exit f{&c};
        (void)f;
    }
    return c;
}

// Moves kBatch blocks from c to the depot (or to operator delete if the
// depot is full).
void give_batch(local_cache& c) noexcept {
    free_block* first = c.head;
    free_block* last = first;
    for (std::size_t i = 1; i < kBatch; ++i)
        last = last->next;
    c.head = last->next;
    c.n -= kBatch;
    last->next = nullptr;
    {
        std::lock_guard lk(g_depot.lock);
        if (g_depot.n < kDepotMax) {
            g_depot.batches[g_depot.n++] = first;
            return;
        }
    }
    delete_chain(first);
}

void flush(local_cache& c) noexcept {
    while (c.n >= kBatch)
        give_batch(c);
    delete_chain(c.head);
    c.head = nullptr;
    c.n = 0;
}

bool take_batch(local_cache& c) noexcept {
    free_block* chain = nullptr;
    {
        std::lock_guard lk(g_depot.lock);
        if (g_depot.n == 0) return false;
        chain = g_depot.batches[--g_depot.n];
    }
    c.head = chain;
    c.n = kBatch;
    return true;
}

}  // namespace
#endif  // GOCPP_ASAN

void* cached_block_alloc() {
#ifndef GOCPP_ASAN
    local_cache& c = local();
    if (c.head != nullptr || (!c.closed && take_batch(c))) {
        free_block* b = c.head;
        c.head = b->next;
        --c.n;
        return b;
    }
#endif
    return ::operator new(kCachedBlockSize);
}

void cached_block_free(void* p) noexcept {
#ifndef GOCPP_ASAN
    local_cache& c = local();
    if (!c.closed) {
        c.head = ::new (p) free_block{c.head};
        if (++c.n > kLocalMax) give_batch(c);
        return;
    }
#endif
    ::operator delete(p);
}

}  // namespace gocpp::detail
