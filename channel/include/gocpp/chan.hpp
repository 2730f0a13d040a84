// gocpp/chan.hpp — Go's channels: chan<T>, send_chan<T>, recv_chan<T>.
//
//     auto jobs = gocpp::make_chan<int>(100);   // Go: jobs := make(chan int, 100)
//     gocpp::go([=] { for (int j : jobs) process(j); });
//     jobs.send(1);                             // jobs <- 1
//     jobs.close();                             // close(jobs)
//     auto [v, ok] = jobs.recv2();              // v, ok := <-jobs
//
// A channel is a cheap copyable handle with shared ownership; copies refer to
// the same channel and == compares identity. A default-constructed handle is
// the nil channel. chan<void> is Go's chan struct{}: a signal with no value.
// chan<T> converts to send_chan<T> (Go's chan<- T) and recv_chan<T> (<-chan T).
//
// State table (Go's):
//
//   operation | nil channel       | open channel                 | closed channel
//   ----------+-------------------+------------------------------+------------------------------
//   send      | blocks forever    | blocks until received        | panics "send on closed channel"
//             |                   | (unbuffered) or buffer room  |
//   recv      | blocks forever    | blocks until a value arrives | buffered values first, then
//             |                   |                              | T{} at once (ok == false)
//   close     | panics "close of  | wakes every receiver (ok ==  | panics "close of closed
//             | nil channel"      | false) and sender (panics)   | channel"
//   len, cap  | 0                 | queued values, capacity      | queued values, capacity
//
// Blocking parks the calling goroutine, never its thread. Every operation is
// safe from any goroutine on any thread. Memory ordering is Go's: a send
// happens before the matching receive completes; a close happens before a
// receive that returns because the channel is closed; on an unbuffered
// channel the receive happens before the send completes; the k-th receive on
// a channel of capacity C happens before the (k+C)-th send completes.
//
// T must be move-constructible (move-only types work); recv() of a closed
// channel also needs T to be default-constructible. A move constructor that
// throws during a transfer ends the program.
#pragma once

#include <gocpp/detail/block_cache.hpp>
#include <gocpp/detail/chan_core.hpp>
#include <gocpp/detail/immortal.hpp>
#include <gocpp/panic.hpp>

#include <cstddef>
#include <cstdint>
#include <iterator>
#include <memory>
#include <type_traits>
#include <tuple>
#include <utility>

namespace gocpp {

template <class T>
class chan;
template <class T>
class send_chan;
template <class T>
class recv_chan;

// The result of recv2(): the value (T{} once closed and drained) and whether
// it came from a send. Binds as `auto [v, ok] = ch.recv2();` (Go's
// `v, ok := <-ch`) and assigns with `std::tie(v, ok) = ch.recv2();` (Go's
// `v, ok = <-ch`; T copyable).
template <class T>
struct recv_result {
    T value;
    bool ok;
    operator std::tuple<T&, bool&>() noexcept { return {value, ok}; }
};

namespace detail {

struct chan_access;

// The shared handle under every channel type.
class chan_handle {
  public:
    chan_handle() = default;
    chan_handle(std::nullptr_t) noexcept {}

    std::size_t len() const noexcept { return core_ ? core_->len() : 0; }
    std::size_t cap() const noexcept { return core_ ? core_->cap() : 0; }

    friend bool operator==(const chan_handle& a, const chan_handle& b) noexcept {
        return a.core_ == b.core_;
    }
    friend bool operator==(const chan_handle& a, std::nullptr_t) noexcept { return !a.core_; }

  protected:
    explicit chan_handle(std::shared_ptr<chan_core> core) noexcept : core_(std::move(core)) {}

    void do_send(void* elem) const {
        if (!core_) block_forever(wait_reason::chan_send_nil);
        core_->send(elem);
    }
    bool do_recv(void* out) const {
        if (!core_) block_forever(wait_reason::chan_receive_nil);
        return core_->recv(out);
    }
    void do_close() const {
        if (!core_) throw panic_error("close of nil channel");
        core_->close();
    }

    std::shared_ptr<chan_core> core_;
    friend struct chan_access;
};

struct chan_access {
    static chan_core* core(const chan_handle& h) noexcept { return h.core_.get(); }
    // Handles sharing h's channel, h included.
    static long use_count(const chan_handle& h) noexcept { return h.core_.use_count(); }
    template <class T>
    static chan<T> wrap(std::shared_ptr<chan_core> core) noexcept {
        return chan<T>(std::move(core));
    }
    static void send(const chan_handle& h, void* elem) { h.do_send(elem); }
    static bool recv(const chan_handle& h, void* out) { return h.do_recv(out); }
    static void close(const chan_handle& h) { h.do_close(); }
};

template <class T>
const elem_ops* elem_ops_of() noexcept {
    if constexpr (std::is_void_v<T>) {
        return &elem_ops_none;
    } else {
        return &elem_ops_for<T>;
    }
}

template <class T>
std::shared_ptr<chan_core> make_core(std::int64_t capacity) {
    if (capacity < 0) throw panic_error("makechan: size out of range");
    // Cached blocks: a channel is often made on one thread and freed on
    // another (block_cache.hpp).
    return std::allocate_shared<chan_core>(cached_allocator<chan_core>{}, elem_ops_of<T>(),
                                           static_cast<std::size_t>(capacity));
}

// Receiving half: recv, recv2 and range-for (mixed into chan and recv_chan).
template <class Self, class T>
class recv_ops {
    const chan_handle& handle() const { return static_cast<const Self&>(*this); }

  public:
    // recv() takes the next value: Go's `v := <-ch`.
    // Blocks until a value arrives or the channel is closed and drained; then
    // returns T{}. Nil channel: blocks forever.
    T recv() const {
        alignas(T) unsigned char raw[sizeof(T)];
        if (!chan_access::recv(handle(), raw)) return T{};
        T* p = std::launder(reinterpret_cast<T*>(raw));
        T v(std::move(*p));
        p->~T();
        return v;
    }
    // recv2() is Go's `v, ok := <-ch`: ok is false once closed and drained.
    [[nodiscard]] recv_result<T> recv2() const {
        alignas(T) unsigned char raw[sizeof(T)];
        if (!chan_access::recv(handle(), raw)) return {T{}, false};
        T* p = std::launder(reinterpret_cast<T*>(raw));
        recv_result<T> r{std::move(*p), true};
        p->~T();
        return r;
    }

    // for (auto v : ch): receives until the channel is closed and drained.
    class iterator {
      public:
        using value_type = T;
        using difference_type = std::ptrdiff_t;
        iterator() = default;
        explicit iterator(const Self* ch) : ch_(ch) { ++*this; }
        T& operator*() { return current_; }
        iterator& operator++() {
            auto [v, ok] = ch_->recv2();
            if (ok) {
                current_ = std::move(v);
            } else {
                ch_ = nullptr;
            }
            return *this;
        }
        void operator++(int) { ++*this; }
        friend bool operator==(const iterator& a, std::default_sentinel_t) { return !a.ch_; }

      private:
        const Self* ch_ = nullptr;
        T current_{};
    };
    iterator begin() const { return iterator(static_cast<const Self*>(this)); }
    std::default_sentinel_t end() const { return {}; }
};

template <class Self>
class recv_ops<Self, void> {
    const chan_handle& handle() const { return static_cast<const Self&>(*this); }

  public:
    // Waits for a signal or for the close: Go's `<-done`.
    void recv() const { chan_access::recv(handle(), nullptr); }
    // false once closed and drained: Go's `_, ok := <-done`.
    [[nodiscard]] bool recv2() const { return chan_access::recv(handle(), nullptr); }
};

// Sending half: send and close (mixed into chan and send_chan).
template <class Self, class T>
class send_ops {
    const chan_handle& handle() const { return static_cast<const Self&>(*this); }

  public:
    // send(v) is Go's `ch <- v`. Blocks until a receiver takes v (unbuffered)
    // or there is buffer room. Panics "send on closed channel" if the channel
    // is or becomes closed. Nil channel: blocks forever.
    void send(T v) const { chan_access::send(handle(), std::addressof(v)); }
    // close() is Go's close(ch). Panics "close of closed channel" or "close of
    // nil channel". Never blocks.
    void close() const { chan_access::close(handle()); }
};

template <class Self>
class send_ops<Self, void> {
    const chan_handle& handle() const { return static_cast<const Self&>(*this); }

  public:
    void send() const { chan_access::send(handle(), nullptr); }
    void close() const { chan_access::close(handle()); }
};

}  // namespace detail

// chan<T>: Go's chan T, bidirectional.
template <class T>
class chan final : public detail::chan_handle,
                   public detail::send_ops<chan<T>, T>,
                   public detail::recv_ops<chan<T>, T> {
  public:
    using element_type = T;
    chan() = default;
    chan(std::nullptr_t) noexcept {}

  private:
    explicit chan(std::shared_ptr<detail::chan_core> core) noexcept
        : detail::chan_handle(std::move(core)) {}
    template <class U>
    friend chan<U> make_chan(std::int64_t);
    friend struct detail::chan_access;
    friend class send_chan<T>;
    friend class recv_chan<T>;
};

// send_chan<T>: Go's chan<- T. Receiving from it does not compile.
template <class T>
class send_chan final : public detail::chan_handle, public detail::send_ops<send_chan<T>, T> {
  public:
    using element_type = T;
    send_chan() = default;
    send_chan(std::nullptr_t) noexcept {}
    send_chan(const chan<T>& c) noexcept : detail::chan_handle(c) {}
};

// recv_chan<T>: Go's <-chan T. Sending on or closing it does not compile.
template <class T>
class recv_chan final : public detail::chan_handle, public detail::recv_ops<recv_chan<T>, T> {
  public:
    using element_type = T;
    recv_chan() = default;
    recv_chan(std::nullptr_t) noexcept {}
    recv_chan(const chan<T>& c) noexcept : detail::chan_handle(c) {}
};

// make_chan<T>(n): Go's make(chan T, n). n == 0 (the default) is unbuffered.
// Panics "makechan: size out of range" for n < 0.
template <class T>
chan<T> make_chan(std::int64_t capacity = 0) {
    return chan<T>(detail::make_core<T>(capacity));
}

namespace detail {

// make_chan<T>(capacity) for a process-wide channel: it is never destroyed
// and its handles touch no reference count (immortal.hpp).
template <class T>
chan<T> make_immortal_chan(std::int64_t capacity = 0) {
    if (capacity < 0) throw panic_error("makechan: size out of range");
    return chan_access::wrap<T>(
        immortal_ptr(new chan_core(elem_ops_of<T>(), static_cast<std::size_t>(capacity))));
}

}  // namespace detail

}  // namespace gocpp
