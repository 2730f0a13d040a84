// gocpp/select.hpp — Go's select statement.
//
//     int v; bool ok;
//     switch (gocpp::select(recv(ctx.done()), recv(results, v, ok), send(out, x), default_)) {
//     case 0: return;                   // case <-ctx.Done(): return
//     case 1: use(v, ok); break;        // case v, ok := <-results:
//     case 2: break;                    // case out <- x:
//     case 3: idle(); break;            // default:
//     }
//
// select() returns the index of the case that ran (default included), so a
// switch carries Go's case bodies over with their return, break and
// continue. Cases:
//   recv(ch)           <-ch, the value dropped
//   recv(ch, v)        v = <-ch (T{} once closed)
//   recv(ch, v, ok)    v, ok = <-ch
//   send(ch, x)        ch <- x (x is copied or moved into the case now)
//   default_           runs only when no other case is ready
//
// Semantics are Go's:
// - Every channel and send value is evaluated once, when the cases are built.
//   C++ evaluates function arguments in an unspecified order, where Go goes
//   left to right: keep side effects out of case arguments when order matters.
// - If several cases are ready, one is chosen uniformly at random. Without a
//   ready case, default runs if there is one; otherwise the goroutine parks on
//   every channel at once (no polling) until exactly one case completes.
// - A nil channel's case is never ready; select() with no cases (or only nil
//   channels) blocks forever. A chosen send on a closed channel panics with
//   "send on closed channel".
// - The received value is assigned to v (and ok) only for the chosen case.
// - A select never pairs with itself (a send and a receive case on one
//   unbuffered channel wait for another goroutine).
// Blocks the calling goroutine, never its thread; safe from any goroutine.
#pragma once

#include <gocpp/chan.hpp>

#include <cstdint>
#include <new>
#include <type_traits>
#include <utility>

namespace gocpp {

namespace detail {

struct select_case {
    chan_core* c = nullptr;  // nullptr: a nil channel or default (never ready)
    void* elem = nullptr;    // send: the value; recv: raw storage or nullptr
    bool is_send = false;
};

// Runs a select over n cases. Returns the chosen index, or -1 when nothing is
// ready and block is false. recv_ok tells whether a chosen receive got a value.
int select_go(select_case* cases, waiter* waiters, std::uint16_t* order, int n, bool block,
              bool& recv_ok);

template <class T>
class recv_case {
  public:
    recv_case(chan_core* c, T* out, bool* ok) : c_(c), out_(out), ok_(ok) {}
    recv_case(const recv_case&) = delete;
    select_case prepare() {
        return {c_, out_ != nullptr ? static_cast<void*>(raw_) : nullptr, false};
    }
    void finish(bool ok) {
        if (ok_ != nullptr) *ok_ = ok;
        if (out_ == nullptr) return;
        if (ok) {
            T* p = std::launder(reinterpret_cast<T*>(raw_));
            *out_ = std::move(*p);
            p->~T();
        } else {
            *out_ = T{};
        }
    }

  private:
    chan_core* c_;
    T* out_;
    bool* ok_;
    alignas(T) unsigned char raw_[sizeof(T)];
};

template <>
class recv_case<void> {
  public:
    recv_case(chan_core* c, bool* ok) : c_(c), ok_(ok) {}
    recv_case(const recv_case&) = delete;
    select_case prepare() { return {c_, nullptr, false}; }
    void finish(bool ok) {
        if (ok_ != nullptr) *ok_ = ok;
    }

  private:
    chan_core* c_;
    bool* ok_;
};

template <class T>
class send_case {
  public:
    template <class U>
    send_case(chan_core* c, U&& v) : c_(c), value_(std::forward<U>(v)) {}
    send_case(const send_case&) = delete;
    select_case prepare() { return {c_, &value_, true}; }
    void finish(bool) {}

  private:
    chan_core* c_;
    T value_;
};

template <>
class send_case<void> {
  public:
    explicit send_case(chan_core* c) : c_(c) {}
    send_case(const send_case&) = delete;
    select_case prepare() { return {c_, nullptr, true}; }
    void finish(bool) {}

  private:
    chan_core* c_;
};

struct default_case {
    select_case prepare() const { return {}; }
    void finish(bool) const {}
};

template <class C>
concept receivable = requires(const C& c) {
    c.recv2();
    typename C::element_type;
};
template <class C>
concept sendable = requires(const C& c) {
    c.close();
    typename C::element_type;
};

template <class C>
inline constexpr bool is_default_v = std::is_same_v<std::remove_cvref_t<C>, default_case>;

}  // namespace detail

// The default case of a select.
inline constexpr detail::default_case default_{};

// Receive cases: recv(ch), recv(ch, v), recv(ch, v, ok).
template <detail::receivable C>
auto recv(const C& ch) {
    using T = typename C::element_type;
    if constexpr (std::is_void_v<T>) {
        return detail::recv_case<void>(detail::chan_access::core(ch), nullptr);
    } else {
        return detail::recv_case<T>(detail::chan_access::core(ch), nullptr, nullptr);
    }
}
template <detail::receivable C>
auto recv(const C& ch, typename C::element_type& v) {
    return detail::recv_case<typename C::element_type>(detail::chan_access::core(ch), &v, nullptr);
}
template <detail::receivable C>
auto recv(const C& ch, typename C::element_type& v, bool& ok) {
    return detail::recv_case<typename C::element_type>(detail::chan_access::core(ch), &v, &ok);
}
template <detail::receivable C>
requires std::is_void_v<typename C::element_type>
auto recv(const C& ch, bool& ok) {
    return detail::recv_case<void>(detail::chan_access::core(ch), &ok);
}

// Send cases: send(ch, x); send(ch) for chan<void>.
template <detail::sendable C, class U>
auto send(const C& ch, U&& v) {
    return detail::send_case<typename C::element_type>(detail::chan_access::core(ch),
                                                       std::forward<U>(v));
}
template <detail::sendable C>
requires std::is_void_v<typename C::element_type>
auto send(const C& ch) {
    return detail::send_case<void>(detail::chan_access::core(ch));
}

// select(cases...): see the top of this header. Returns the chosen index.
template <class... Cases>
int select(Cases&&... cases) {
    constexpr int n = static_cast<int>(sizeof...(Cases));
    constexpr int ndefault = (0 + ... + (detail::is_default_v<Cases> ? 1 : 0));
    static_assert(ndefault <= 1, "select: multiple defaults");
    if constexpr (n == 0) {
        detail::block_forever(detail::wait_reason::select_no_cases);
    } else {
        detail::select_case sc[n] = {cases.prepare()...};
        int default_index = -1;
        {
            int k = 0;
            ((detail::is_default_v<Cases> ? (default_index = k, ++k) : ++k), ...);
        }
        bool ok = false;
        if constexpr (n == 2 && ndefault == 1) {
            // One case and default: Go's non-blocking fast path, inline.
            const detail::select_case& only = sc[default_index == 0 ? 1 : 0];
            if (only.c == nullptr ||
                (only.is_send ? only.c->send_would_block() : only.c->recv_would_block())) {
                return default_index;
            }
        }
        detail::waiter waiters[n];
        std::uint16_t order[2 * n];
        int chosen = detail::select_go(sc, waiters, order, n, default_index < 0, ok);
        if (chosen < 0) chosen = default_index;
        {
            int k = 0;
            ((k++ == chosen ? cases.finish(ok) : void()), ...);
        }
        return chosen;
    }
}

}  // namespace gocpp
