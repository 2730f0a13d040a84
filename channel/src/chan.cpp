// Channels, after Go's runtime/chan.go: a lock, a ring buffer, and queues of
// parked senders and receivers. A value passes directly from sender to a
// parked receiver (and vice versa) without touching the buffer.
#include <gocpp/detail/block_cache.hpp>
#include <gocpp/detail/chan_core.hpp>
#include <gocpp/detail/exit_check.hpp>
#include <gocpp/panic.hpp>

#include <cstring>
#include <mutex>
#include <unordered_set>

namespace gocpp::detail {

#if defined(__GLIBCXX__)
// make_chan's shared_ptr control block is libstdc++'s header (a vtable
// pointer and two counts) followed by the core. It must fit one cached
// block, or every channel silently comes from operator new again.
static_assert(sizeof(chan_core) + 2 * sizeof(void*) <= kCachedBlockSize,
              "chan_core outgrew the block cache's blocks");
#endif

void wait_queue::push(waiter* w) noexcept {
    w->next = nullptr;
    w->prev = last;
    if (last != nullptr) {
        last->next = w;
    } else {
        first = w;
    }
    last = w;
    w->linked = true;
    size.store(size.load(std::memory_order_relaxed) + 1, std::memory_order_release);
}

void wait_queue::remove(waiter* w) noexcept {
    if (!w->linked) return;
    if (w->prev != nullptr) {
        w->prev->next = w->next;
    } else {
        first = w->next;
    }
    if (w->next != nullptr) {
        w->next->prev = w->prev;
    } else {
        last = w->prev;
    }
    w->prev = w->next = nullptr;
    w->linked = false;
    size.store(size.load(std::memory_order_relaxed) - 1, std::memory_order_release);
}

waiter* wait_queue::pop() noexcept {
    while (waiter* w = first) {
        remove(w);
        if (w->is_select) {
            std::uint32_t expected = 0;
            // Another case of this select may have won already.
            if (!slot(w->g).select_done.compare_exchange_strong(expected, 1,
                                                                std::memory_order_acq_rel)) {
                continue;
            }
        }
        return w;
    }
    return nullptr;
}

namespace {

// The buffered channels alive, kept only for the leak check at exit
// (GOCPP_LEAKCHECK=1, gocpp/detail/exit_check.hpp), which counts the
// elements still in them. Made on first use and never destroyed: channels
// may die during static destruction.
struct live_buffered_channels {
    std::mutex mu;
    std::unordered_set<const chan_core*> chans;

    static live_buffered_channels* get() noexcept {
        if (!leak_check_enabled()) return nullptr;
        static live_buffered_channels* const live = [] {
            set_buffered_census(&census);
            return new live_buffered_channels;
        }();
        return live;
    }

    static buffered_census census() noexcept {
        live_buffered_channels* live = get();
        buffered_census c;
        std::lock_guard lk(live->mu);
        for (const chan_core* ch : live->chans) {
            if (const std::size_t n = ch->len(); n > 0) {
                c.elements += n;
                c.channels++;
            }
        }
        return c;
    }
};

}  // namespace

chan_core::chan_core(const elem_ops* ops, std::size_t capacity) : ops_(ops), cap_(capacity) {
    if (cap_ > 0 && ops_->size > 0) {
        buf_ = ::operator new(cap_ * ops_->size, std::align_val_t(ops_->align));
    }
    if (cap_ > 0) {
        if (live_buffered_channels* live = live_buffered_channels::get()) {
            std::lock_guard lk(live->mu);
            live->chans.insert(this);
        }
    }
}

chan_core::~chan_core() {
    if (cap_ > 0) {
        if (live_buffered_channels* live = live_buffered_channels::get()) {
            std::lock_guard lk(live->mu);
            live->chans.erase(this);
        }
    }
    // Values still buffered are destroyed with the channel, as Go's collector
    // would drop them.
    std::size_t n = count_.load(std::memory_order_relaxed);
    if (buf_ != nullptr) {
        for (std::size_t i = 0; i < n; ++i)
            ops_->destroy(slot((recvx_ + i) % cap_));
        ::operator delete(buf_, std::align_val_t(ops_->align));
    }
}

namespace {

inline void copy_word(void* dst, const void* src, std::size_t size) noexcept {
    switch (size) {
        case 1:
            std::memcpy(dst, src, 1);
            break;
        case 2:
            std::memcpy(dst, src, 2);
            break;
        case 4:
            std::memcpy(dst, src, 4);
            break;
        case 8:
            std::memcpy(dst, src, 8);
            break;
        default:
            std::memcpy(dst, src, 16);
            break;
    }
}

}  // namespace

inline void chan_core::put(void* dst, void* src) const noexcept {
    if (ops_->word_sized) {
        copy_word(dst, src, ops_->size);
    } else {
        ops_->move_construct(dst, src);
    }
}

inline void chan_core::take(void* dst, void* src) const noexcept {
    if (ops_->word_sized) {
        if (dst != nullptr) copy_word(dst, src, ops_->size);
    } else {
        if (dst != nullptr) ops_->move_construct(dst, src);
        ops_->destroy(src);
    }
}

// The ring buffer's two ends; n is count_, read under the lock.
inline void chan_core::buffer_push(void* elem, std::size_t n) noexcept {
    if (ops_->size > 0) put(slot(sendx_), elem);
    if (++sendx_ == cap_) sendx_ = 0;
    count_.store(n + 1, std::memory_order_relaxed);
}

inline void chan_core::buffer_pop(void* out, std::size_t n) noexcept {
    if (ops_->size > 0) take(out, slot(recvx_));
    if (++recvx_ == cap_) recvx_ = 0;
    count_.store(n - 1, std::memory_order_relaxed);
}

[[noreturn]] void panic_send_on_closed() {
    throw panic_error("send on closed channel");
}

// Hands a value from a parked sender or into a parked receiver, then marks
// the waiter as done. The caller readies w->g after unlocking.
static void complete(waiter* w, bool success) noexcept {
    w->success = success;
    slot(w->g).fired = w;
}

chan_core::send_status chan_core::try_send_locked(void* elem, waiter** woken) noexcept {
    if (closed_locked()) return send_status::closed;
    if (waiter* r = recvq_.pop()) {
        if (r->elem != nullptr) put(r->elem, elem);
        complete(r, true);
        *woken = r;
        return send_status::sent;
    }
    std::size_t n = count_.load(std::memory_order_relaxed);
    if (n < cap_) {
        buffer_push(elem, n);
        return send_status::sent;
    }
    return send_status::would_block;
}

int chan_core::try_recv_locked(void* out, waiter** woken) noexcept {
    std::size_t n = count_.load(std::memory_order_relaxed);
    if (waiter* s = sendq_.pop()) {
        if (cap_ == 0) {
            if (out != nullptr) put(out, s->elem);
        } else {
            // Full buffer: take the head, put the sender's value at the tail
            // (the same slot, since the ring is full).
            void* head = slot(recvx_);
            if (ops_->size > 0) {
                take(out, head);
                put(head, s->elem);
            }
            if (++recvx_ == cap_) recvx_ = 0;
            sendx_ = recvx_;
        }
        complete(s, true);
        *woken = s;
        return 1;
    }
    if (n > 0) {
        buffer_pop(out, n);
        return 1;
    }
    if (closed_locked()) return 0;
    return -1;
}

void chan_core::send(void* elem) {
    lock_.lock();
    // The common case of a buffered channel, inline: room in the buffer and
    // no receiver waiting (a queued but stale select waiter takes the slow
    // path, which skips it).
    if (const std::size_t n = count_.load(std::memory_order_relaxed);
        n < cap_ && recvq_.first == nullptr && !closed_locked()) {
        buffer_push(elem, n);
        lock_.unlock();
        return;
    }
    waiter* woken = nullptr;
    switch (try_send_locked(elem, &woken)) {
        case send_status::sent:
            lock_.unlock();
            if (woken != nullptr) ready(woken->g);
            return;
        case send_status::closed:
            lock_.unlock();
            panic_send_on_closed();
        case send_status::would_block:
            break;
    }
    waiter w;
    w.g = current();
    w.elem = elem;
    w.c = this;
    sendq_.push(&w);
    auto unlock = [this] { lock_.unlock(); };
    park(wait_reason::chan_send, unlock);
    // Woken by a receiver (success) or by close (failure).
    if (!w.success) panic_send_on_closed();
}

bool chan_core::recv(void* out) {
    lock_.lock();
    // Likewise: a buffered value and no sender waiting (closed or not, the
    // buffer drains first).
    if (const std::size_t n = count_.load(std::memory_order_relaxed);
        n > 0 && sendq_.first == nullptr) {
        buffer_pop(out, n);
        lock_.unlock();
        return true;
    }
    waiter* woken = nullptr;
    int r = try_recv_locked(out, &woken);
    if (r >= 0) {
        lock_.unlock();
        if (woken != nullptr) ready(woken->g);
        return r == 1;
    }
    waiter w;
    w.g = current();
    w.elem = out;
    w.c = this;
    recvq_.push(&w);
    auto unlock = [this] { lock_.unlock(); };
    park(wait_reason::chan_receive, unlock);
    return w.success;
}

bool chan_core::try_send(void* elem) {
    if (send_would_block()) return false;
    lock_.lock();
    waiter* woken = nullptr;
    const send_status status = try_send_locked(elem, &woken);
    lock_.unlock();
    if (status == send_status::closed) panic_send_on_closed();
    if (woken != nullptr) ready(woken->g);
    return status == send_status::sent;
}

bool chan_core::try_recv(void* out, bool* ok) {
    if (recv_would_block()) return false;
    lock_.lock();
    waiter* woken = nullptr;
    const int r = try_recv_locked(out, &woken);
    lock_.unlock();
    if (woken != nullptr) ready(woken->g);
    if (r < 0) return false;
    if (ok != nullptr) *ok = r == 1;
    return true;
}

void chan_core::close() {
    lock_.lock();
    if (closed_locked()) {
        lock_.unlock();
        throw panic_error("close of closed channel");
    }
    closed_.store(true, std::memory_order_release);
    // Collect everyone to wake, then wake them without the lock.
    waiter* to_wake = nullptr;
    while (waiter* r = recvq_.pop()) {
        complete(r, false);
        r->next = to_wake;
        to_wake = r;
    }
    while (waiter* s = sendq_.pop()) {
        complete(s, false);
        s->next = to_wake;
        to_wake = s;
    }
    lock_.unlock();
    while (to_wake != nullptr) {
        waiter* next = to_wake->next;  // read before the goroutine can run
        ready(to_wake->g);
        to_wake = next;
    }
}

[[noreturn]] void block_forever(wait_reason reason) {
    auto nothing = [] {};
    for (;;)
        park(reason, nothing);
}

}  // namespace gocpp::detail
