// gocpp/detail/chan_core.hpp — the type-erased channel shared by every
// chan<T> and by select. Not for users; the model is Go's runtime/chan.go
// (hchan, sudog, waitq, chansend/chanrecv with and without block).
#pragma once

#include <gocpp/detail/goroutine.hpp>
#include <gocpp/detail/spinlock.hpp>

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <new>
#include <type_traits>
#include <utility>

namespace gocpp::detail {

// How to move and destroy one element; one instance per element type.
struct elem_ops {
    std::size_t size;
    std::size_t align;
    void (*move_construct)(void* dst, void* src) noexcept;  // dst is raw storage
    void (*destroy)(void* p) noexcept;
    // Trivially copyable and destructible, 1, 2, 4, 8 or 16 bytes (ints,
    // pointers, small structs): moved by a plain copy, nothing to destroy.
    bool word_sized;
};

template <class T>
inline constexpr bool word_sized_v =
    std::is_trivially_copyable_v<T>&& std::is_trivially_destructible_v<T> &&
    (sizeof(T) == 1 || sizeof(T) == 2 || sizeof(T) == 4 || sizeof(T) == 8 || sizeof(T) == 16);

template <class T>
inline constexpr elem_ops elem_ops_for{
    sizeof(T), alignof(T),
    [](void* dst, void* src) noexcept { ::new (dst) T(std::move(*static_cast<T*>(src))); },
    [](void* p) noexcept { static_cast<T*>(p)->~T(); }, word_sized_v<T>};

// Element-less channels (Go's chan struct{}).
inline constexpr elem_ops elem_ops_none{0, 1, [](void*, void*) noexcept {}, [](void*) noexcept {},
                                        false};

class chan_core;

// A goroutine waiting on one channel (Go's sudog). Lives on the waiter's
// stack while it is parked.
struct waiter {
    goroutine* g = nullptr;
    // send: the value to take (moved from); recv: raw storage to construct the
    // received value in, or nullptr to drop it.
    void* elem = nullptr;
    chan_core* c = nullptr;
    waiter* prev = nullptr;
    waiter* next = nullptr;
    bool linked = false;
    bool is_select = false;
    bool success = false;  // recv: a value arrived (not closed); send: it was taken
    int case_index = -1;
};

struct wait_queue {
    waiter* first = nullptr;
    waiter* last = nullptr;
    // Written under the channel lock; read without it by the non-blocking
    // fast path (Go's empty()/full() checks).
    std::atomic<std::uint32_t> size{0};
    void push(waiter* w) noexcept;
    void remove(waiter* w) noexcept;
    // The first waiter that can still be woken; a select waiter is claimed
    // (its goroutine's select_done set) or skipped if another case won.
    waiter* pop() noexcept;
};

class select_impl;

// One channel: a lock, a ring buffer of cap() elements and the queues of
// parked senders and receivers. Every public operation takes and releases
// the lock itself and may be called from any goroutine on any thread;
// try_send and try_recv also from a scheduler thread outside any goroutine
// (timers). The lock, the queues and the *_locked steps are select's alone
// (select_impl, a friend), which locks several channels at once.
class chan_core {
  public:
    chan_core(const elem_ops* ops, std::size_t capacity);
    ~chan_core();
    chan_core(const chan_core&) = delete;
    chan_core& operator=(const chan_core&) = delete;

    // Blocking operations (Go's chansend/chanrecv with block=true); each
    // returns only after it completed (or, for send, throws
    // panic_error("send on closed channel")). Park the calling goroutine.
    void send(void* elem);
    bool recv(void* out);  // false: closed and drained, out left raw

    // Non-blocking operations (Go's chansend/chanrecv with block=false, what
    // selectnbsend/selectnbrecv call). Never park.
    // try_send: true if elem was taken (by a parked receiver or into the
    // buffer), false if the send would block. Panics "send on closed channel".
    bool try_send(void* elem);
    // try_recv: false if the receive would block; true if it completed, with
    // *ok (when ok is not null) true for a value and false for closed and
    // drained (out then left raw).
    bool try_recv(void* out, bool* ok);

    // Panics "close of closed channel".
    void close();
    std::size_t len() const noexcept { return count_.load(std::memory_order_relaxed); }
    std::size_t cap() const noexcept { return cap_; }

    // Lock-free looks (Go's full()/empty() checks of the non-blocking fast
    // path): true when the operation certainly could not proceed at the
    // instant of the look.
    bool recv_would_block() const noexcept {
        const bool empty = cap_ == 0 ? sendq_.size.load(std::memory_order_acquire) == 0
                                     : count_.load(std::memory_order_acquire) == 0;
        // Go's order: empty first, then not closed (a close after the first
        // look still leaves "would block" true at that instant).
        return empty && !closed_.load(std::memory_order_acquire);
    }
    bool send_would_block() const noexcept {
        if (closed_.load(std::memory_order_acquire)) return false;  // panics on the slow path
        return cap_ == 0 ? recvq_.size.load(std::memory_order_acquire) == 0
                         : count_.load(std::memory_order_acquire) == cap_;
    }

  private:
    friend class select_impl;

    // The steps under the lock. `_locked`: the caller holds lock_ before the
    // call and still holds it after, on every path; none of them throws.
    // A waiter they complete is returned in *woken; the caller readies its
    // goroutine after unlocking.
    enum class send_status { sent, would_block, closed };
    send_status try_send_locked(void* elem, waiter** woken) noexcept;
    int try_recv_locked(void* out, waiter** woken) noexcept;  // -1 would block, 0 closed, 1 value
    bool closed_locked() const noexcept { return closed_.load(std::memory_order_relaxed); }

    void* slot(std::size_t i) const noexcept { return static_cast<char*>(buf_) + i * ops_->size; }
    // Moves an element into raw storage (and, for take, destroys the source):
    // inline copies for word-sized elements, the type's operations otherwise.
    void put(void* dst, void* src) const noexcept;
    void take(void* dst, void* src) const noexcept;
    // Appends to / removes the head of the ring buffer (lock held, room or a
    // value there); n is the current count.
    void buffer_push(void* elem, std::size_t n) noexcept;
    void buffer_pop(void* out, std::size_t n) noexcept;

    spinlock lock_;
    wait_queue recvq_;
    wait_queue sendq_;
    const elem_ops* ops_;
    const std::size_t cap_;
    void* buf_ = nullptr;
    std::atomic<std::size_t> count_{0};
    std::size_t sendx_ = 0;
    std::size_t recvx_ = 0;
    std::atomic<bool> closed_{false};
};

// Blocks the calling goroutine forever (nil channel operations, select {}).
[[noreturn]] void block_forever(wait_reason reason);

[[noreturn]] void panic_send_on_closed();

}  // namespace gocpp::detail
