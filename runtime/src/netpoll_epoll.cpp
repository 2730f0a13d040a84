// The netpoller, after Go 1.19 (runtime/netpoll.go, netpoll_epoll.go).
//
// One edge-triggered epoll set for the process; every fd is registered once
// with EPOLLIN|EPOLLOUT|EPOLLRDHUP|EPOLLET and the event's data names its
// poll descriptor by cache index and sequence number. Descriptors come from
// a cache that is never returned to malloc, so a late event for a closed fd
// lands in valid memory and is ignored because the sequence moved on.
//
// Each descriptor keeps one binary semaphore per direction (rg, wg):
//   k_nil    nobody waits, no readiness pending;
//   k_ready  readiness arrived with nobody waiting (the next wait takes it);
//   k_wait   a goroutine is committing to park (a few instructions);
//   other    the parked goroutine.
// A waker that finds k_wait spins until the parker has published itself:
// the parker holds no lock and is between two stores, so the wait is short,
// and it keeps park() free of an "abort the park" path.
//
// Deadlines are per-direction timers in the runtime's timer queue, merged
// into the read timer when both deadlines are equal, with sequence numbers
// (and a check of the deadline itself) against stale firings.
#include "netpoll.hpp"

#include "internal.hpp"

#include <gocpp/detail/netpoll.hpp>

#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <mutex>

namespace gocpp::detail {

namespace {

constexpr std::uintptr_t k_nil = 0;
constexpr std::uintptr_t k_ready = 1;
constexpr std::uintptr_t k_wait = 2;

constexpr std::uint64_t k_break_tag = ~std::uint64_t{0};

class deadline_timer final : public timer {
  public:
    poll_desc* pd = nullptr;
    bool read = false, write = false;  // guarded by pd->lock
    bool armed = false;                // guarded by pd->lock (Go's rt.f != nil)
    std::uintptr_t seq = 0;            // guarded by pd->lock
    void fire(clock::time_point now) override;

  protected:
    void destroy() noexcept override {}  // lives inside its never-freed descriptor
};

}  // namespace

struct poll_desc {
    spinlock lock;  // guards closing, deadlines, sequences and timers
    int fd = -1;
    std::uint32_t index = 0;              // in the cache; fixed for life
    std::atomic<std::uint32_t> fdseq{0};  // bumped by poll_close
    std::atomic<bool> closing{false};
    std::atomic<std::uintptr_t> rg{k_nil}, wg{k_nil};
    // Deadlines, Go's rd/wd: 0 none, < 0 passed, else ns on the timer clock.
    // Written under lock, read lock-free by the waiter's error check.
    std::atomic<std::int64_t> rd{0}, wd{0};
    std::uintptr_t rseq = 0, wseq = 0;  // guarded by lock
    deadline_timer rt, wt;
    poll_desc* next_free = nullptr;  // guarded by the cache lock
};

namespace {

// ---------------------------------------------------------------------------
// The descriptor cache: blocks that are never freed, indexed for epoll data.

constexpr std::uint32_t k_block = 256;
constexpr std::uint32_t k_max_blocks = 1 << 16;

struct pd_cache {
    spinlock lock;
    poll_desc* free = nullptr;
    std::uint32_t nblocks = 0;
    std::atomic<poll_desc*> blocks[k_max_blocks] = {};

    poll_desc* alloc() {
        std::lock_guard lk(lock);
        if (free == nullptr) {
            if (nblocks == k_max_blocks) return nullptr;
            auto* b = new poll_desc[k_block];
            for (std::uint32_t i = 0; i < k_block; ++i) {
                b[i].index = nblocks * k_block + i;
                b[i].rt.pd = b[i].wt.pd = &b[i];
                b[i].next_free = (i + 1 < k_block) ? &b[i + 1] : nullptr;
            }
            blocks[nblocks].store(b, std::memory_order_release);
            ++nblocks;
            free = b;
        }
        poll_desc* pd = free;
        free = pd->next_free;
        return pd;
    }
    void release(poll_desc* pd) {
        std::lock_guard lk(lock);
        pd->next_free = free;
        free = pd;
    }
    poll_desc* at(std::uint32_t index) const {
        poll_desc* b = blocks[index / k_block].load(std::memory_order_acquire);
        return b == nullptr ? nullptr : &b[index % k_block];
    }
};

pd_cache& cache() {
    static auto* c = new pd_cache;  // never destroyed: threads outlive main
    return *c;
}

// ---------------------------------------------------------------------------
// The epoll set and its break eventfd.

int g_epfd = -1;
int g_breakfd = -1;
std::once_flag g_init_once;
std::atomic<bool> g_active{false};
std::atomic<std::uint32_t> g_break_pending{0};
std::atomic<std::int64_t> g_waiters{0};
std::atomic<std::int64_t> g_last_poll_ns{0};

void init_poller() {
    g_epfd = epoll_create1(EPOLL_CLOEXEC);
    if (g_epfd < 0) fatal("gocpp: netpoll: epoll_create1 failed");
    g_breakfd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    if (g_breakfd < 0) fatal("gocpp: netpoll: eventfd failed");
    epoll_event ev{};
    ev.events = EPOLLIN;
    ev.data.u64 = k_break_tag;
    if (epoll_ctl(g_epfd, EPOLL_CTL_ADD, g_breakfd, &ev) != 0)
        fatal("gocpp: netpoll: cannot register the break eventfd");
    g_active.store(true, std::memory_order_release);
}

std::atomic<std::uintptr_t>& sema(poll_desc* pd, poll_mode mode) {
    return mode == poll_mode::read ? pd->rg : pd->wg;
}

// Go's netpollcheckerr.
poll_status check_err(poll_desc* pd, poll_mode mode) {
    if (pd->closing.load(std::memory_order_seq_cst)) return poll_status::closing;
    const auto& d = mode == poll_mode::read ? pd->rd : pd->wd;
    if (d.load(std::memory_order_seq_cst) < 0) return poll_status::timeout;
    return poll_status::ok;
}

// Go's netpollunblock: takes the waiter, if any. With ioready the semaphore
// is left k_ready (for the waiter to consume, or for the next wait).
goroutine* unblock(poll_desc* pd, poll_mode mode, bool ioready) {
    auto& s = sema(pd, mode);
    for (;;) {
        std::uintptr_t old = s.load(std::memory_order_seq_cst);
        if (old == k_ready) return nullptr;
        if (old == k_nil && !ioready) return nullptr;
        if (old == k_wait) {  // the parker is publishing itself
            __builtin_ia32_pause();
            continue;
        }
        const std::uintptr_t next = ioready ? k_ready : k_nil;
        if (s.compare_exchange_weak(old, next, std::memory_order_seq_cst)) {
            if (old == k_nil) return nullptr;
            g_waiters.fetch_sub(1, std::memory_order_relaxed);
            return reinterpret_cast<goroutine*>(old);
        }
    }
}

// Go's netpollblock: true if readiness arrived, false if woken for an error
// (closing, deadline) that the caller checks.
bool block(poll_desc* pd, poll_mode mode) {
    auto& s = sema(pd, mode);
    for (;;) {
        std::uintptr_t old = k_ready;
        if (s.compare_exchange_strong(old, k_nil, std::memory_order_seq_cst)) return true;
        old = k_nil;
        if (s.compare_exchange_strong(old, k_wait, std::memory_order_seq_cst)) break;
        if (old != k_ready && old != k_nil) fatal("gocpp: netpoll: double wait");
    }
    // The closing flag and deadlines are stored before their wakers look at
    // the semaphore; we stored k_wait before looking at them: one of the two
    // sees the other.
    if (check_err(pd, mode) == poll_status::ok) {
        goroutine* g = current();
        auto commit = [&] {
            g_waiters.fetch_add(1, std::memory_order_relaxed);
            s.store(reinterpret_cast<std::uintptr_t>(g), std::memory_order_seq_cst);
        };
        park(wait_reason::io_wait, commit);
        return s.exchange(k_nil, std::memory_order_seq_cst) == k_ready;
    }
    return s.exchange(k_nil, std::memory_order_seq_cst) == k_ready;
}

// Stops t if it is armed; pd->lock held.
void disarm(deadline_timer& t) {
    if (!t.armed) return;
    timer_stop(&t);
    t.armed = false;
}

// Starts t for deadline d (ns on the timer clock; <= 0: none, t is stopped)
// under a new sequence number, firing for the given directions; pd->lock held.
void rearm(deadline_timer& t, std::uintptr_t& seq, std::int64_t d, bool read, bool write) {
    seq++;
    if (d <= 0) {
        disarm(t);
        return;
    }
    t.read = read;
    t.write = write;
    t.seq = seq;
    t.armed = true;
    timer_start(&t, time_point_of_ns(d));
}

void deadline_timer::fire(clock::time_point now) {
    goroutine* rg = nullptr;
    goroutine* wg = nullptr;
    {
        std::lock_guard lk(pd->lock);
        const std::uintptr_t current_seq = read ? pd->rseq : pd->wseq;
        if (!armed || seq != current_seq) return;  // re-armed or closed since
        // The timer may have been moved to a later deadline while this
        // firing was on its way: only a deadline that has passed counts.
        const std::int64_t now_ns = clock_ns(now);
        const std::int64_t d =
            read ? pd->rd.load(std::memory_order_relaxed) : pd->wd.load(std::memory_order_relaxed);
        if (d <= 0 || d > now_ns) return;
        armed = false;
        if (read) {
            pd->rd.store(-1, std::memory_order_seq_cst);
            rg = unblock(pd, poll_mode::read, false);
        }
        if (write) {
            pd->wd.store(-1, std::memory_order_seq_cst);
            wg = unblock(pd, poll_mode::write, false);
        }
    }
    if (rg != nullptr) ready(rg);
    if (wg != nullptr) ready(wg);
}

}  // namespace

// ---------------------------------------------------------------------------
// The scheduler's side (netpoll.hpp).

bool netpoll_active() noexcept {
    return g_active.load(std::memory_order_acquire);
}

std::int64_t netpoll_waiters() noexcept {
    return g_waiters.load(std::memory_order_seq_cst);
}

std::int64_t netpoll_last_poll_ns() noexcept {
    return g_last_poll_ns.load(std::memory_order_relaxed);
}

void netpoll_break() noexcept {
    if (!netpoll_active()) return;
    std::uint32_t expected = 0;
    if (!g_break_pending.compare_exchange_strong(expected, 1, std::memory_order_seq_cst)) return;
    const std::uint64_t one = 1;
    while (::write(g_breakfd, &one, sizeof one) < 0 && errno == EINTR) {
    }
}

void netpoll(std::int64_t timeout_ns, std::vector<goroutine*>& ready_list) noexcept {
    if (!netpoll_active()) return;
    int timeout_ms;
    if (timeout_ns < 0) {
        timeout_ms = -1;
    } else if (timeout_ns == 0) {
        timeout_ms = 0;
    } else if (timeout_ns >= std::int64_t{INT_MAX} * 1000000) {
        timeout_ms = INT_MAX;
    } else {
        // Round up: waking before the next timer would only poll again.
        timeout_ms = static_cast<int>((timeout_ns + 999999) / 1000000);
    }
    epoll_event events[128];
    g_last_poll_ns.store(clock_ns(clock::now()), std::memory_order_relaxed);
    const int n = epoll_wait(g_epfd, events, 128, timeout_ms);
    if (n < 0) return;  // EINTR: the caller recomputes its timeout
    for (int i = 0; i < n; ++i) {
        const epoll_event& ev = events[i];
        if (ev.data.u64 == k_break_tag) {
            // Only a blocking poll consumes the break; a zero-timeout poll
            // leaves it for the thread blocked in epoll_wait.
            if (timeout_ns != 0) {
                std::uint64_t buf;
                while (::read(g_breakfd, &buf, sizeof buf) < 0 && errno == EINTR) {
                }
                g_break_pending.store(0, std::memory_order_seq_cst);
            }
            continue;
        }
        const auto index = static_cast<std::uint32_t>(ev.data.u64);
        const auto seq = static_cast<std::uint32_t>(ev.data.u64 >> 32);
        poll_desc* pd = cache().at(index);
        if (pd == nullptr || pd->fdseq.load(std::memory_order_acquire) != seq) continue;
        const bool r = (ev.events & (EPOLLIN | EPOLLRDHUP | EPOLLHUP | EPOLLERR)) != 0;
        const bool w = (ev.events & (EPOLLOUT | EPOLLHUP | EPOLLERR)) != 0;
        if (r) {
            if (goroutine* g = unblock(pd, poll_mode::read, true)) ready_list.push_back(g);
        }
        if (w) {
            if (goroutine* g = unblock(pd, poll_mode::write, true)) ready_list.push_back(g);
        }
    }
}

// ---------------------------------------------------------------------------
// The net component's side (<gocpp/detail/netpoll.hpp>).

poll_desc* poll_open(int fd) noexcept {
    std::call_once(g_init_once, init_poller);
    poll_desc* pd = cache().alloc();
    if (pd == nullptr) {
        errno = ENOMEM;
        return nullptr;
    }
    {
        std::lock_guard lk(pd->lock);
        pd->fd = fd;
        pd->closing.store(false, std::memory_order_relaxed);
        pd->rg.store(k_nil, std::memory_order_relaxed);
        pd->wg.store(k_nil, std::memory_order_relaxed);
        pd->rd.store(0, std::memory_order_relaxed);
        pd->wd.store(0, std::memory_order_relaxed);
        pd->rseq++;
        pd->wseq++;
        pd->rt.armed = pd->wt.armed = false;
    }
    epoll_event ev{};
    ev.events = EPOLLIN | EPOLLOUT | EPOLLRDHUP | EPOLLET;
    ev.data.u64 = (std::uint64_t{pd->fdseq.load(std::memory_order_relaxed)} << 32) | pd->index;
    if (epoll_ctl(g_epfd, EPOLL_CTL_ADD, fd, &ev) != 0) {
        const int saved = errno;
        pd->fdseq.fetch_add(1, std::memory_order_release);
        cache().release(pd);
        errno = saved;
        return nullptr;
    }
    return pd;
}

void poll_close(poll_desc* pd) noexcept {
    epoll_event ev{};
    epoll_ctl(g_epfd, EPOLL_CTL_DEL, pd->fd, &ev);
    {
        std::lock_guard lk(pd->lock);
        pd->rseq++;
        pd->wseq++;
        disarm(pd->rt);
        disarm(pd->wt);
        pd->fd = -1;
    }
    pd->fdseq.fetch_add(1, std::memory_order_release);
    cache().release(pd);
}

poll_status poll_prepare(poll_desc* pd, poll_mode mode) noexcept {
    const poll_status st = check_err(pd, mode);
    if (st != poll_status::ok) return st;
    // A readiness left over from before: the syscall comes next anyway.
    std::uintptr_t ready_state = k_ready;
    sema(pd, mode).compare_exchange_strong(ready_state, k_nil, std::memory_order_seq_cst);
    return poll_status::ok;
}

poll_status poll_wait(poll_desc* pd, poll_mode mode) noexcept {
    poll_status st = check_err(pd, mode);
    if (st != poll_status::ok) return st;
    while (!block(pd, mode)) {
        st = check_err(pd, mode);
        if (st != poll_status::ok) return st;
        // Woken by a deadline that was then moved later: wait again.
    }
    return poll_status::ok;
}

void poll_set_deadline(poll_desc* pd, std::int64_t d, poll_mode mode) noexcept {
    goroutine* rg = nullptr;
    goroutine* wg = nullptr;
    {
        std::lock_guard lk(pd->lock);
        if (pd->closing.load(std::memory_order_relaxed)) return;
        const std::int64_t rd0 = pd->rd.load(std::memory_order_relaxed);
        const std::int64_t wd0 = pd->wd.load(std::memory_order_relaxed);
        const bool combo0 = rd0 > 0 && rd0 == wd0;
        if (mode == poll_mode::read || mode == poll_mode::both)
            pd->rd.store(d, std::memory_order_seq_cst);
        if (mode == poll_mode::write || mode == poll_mode::both)
            pd->wd.store(d, std::memory_order_seq_cst);
        const std::int64_t rd = pd->rd.load(std::memory_order_relaxed);
        const std::int64_t wd = pd->wd.load(std::memory_order_relaxed);
        const bool combo = rd > 0 && rd == wd;
        // Equal deadlines share the read timer, which then fires for both.
        if (!pd->rt.armed || rd != rd0 || combo != combo0)
            rearm(pd->rt, pd->rseq, rd, /*read=*/true, /*write=*/combo);
        if (!pd->wt.armed || wd != wd0 || combo != combo0)
            rearm(pd->wt, pd->wseq, combo ? 0 : wd, /*read=*/false, /*write=*/true);
        // A deadline in the past unblocks the pending operation now.
        if (rd < 0) rg = unblock(pd, poll_mode::read, false);
        if (wd < 0) wg = unblock(pd, poll_mode::write, false);
    }
    if (rg != nullptr) ready(rg);
    if (wg != nullptr) ready(wg);
}

void poll_evict(poll_desc* pd) noexcept {
    goroutine* rg = nullptr;
    goroutine* wg = nullptr;
    {
        std::lock_guard lk(pd->lock);
        pd->closing.store(true, std::memory_order_seq_cst);
        pd->rseq++;
        pd->wseq++;
        rg = unblock(pd, poll_mode::read, false);
        wg = unblock(pd, poll_mode::write, false);
        disarm(pd->rt);
        disarm(pd->wt);
    }
    if (rg != nullptr) ready(rg);
    if (wg != nullptr) ready(wg);
}

}  // namespace gocpp::detail
