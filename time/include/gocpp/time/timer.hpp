// gocpp/time/timer.hpp — Go's time.Timer, time.After and time.AfterFunc,
// with Go 1.19 semantics.
//
//     auto t = time::new_timer(50ms);              // t := time.NewTimer(50 * time.Millisecond)
//     switch (select(recv(t.c), recv(done))) {    // select {
//     case 0: give_up(); break;                    // case <-t.C: giveUp()
//     case 1: if (!t.stop()) t.c.recv(); break;    // case <-done: if !t.Stop() { <-t.C } }
//     }
//     auto f = time::after_func(1s, [] { std::cout << "late\n"; });
//     f.stop();                                    // f never runs
//
// A timer is one entry in the runtime's timer queue while it is pending: no
// goroutine waits for it, so a million pending timers cost a million queue
// entries. When it fires, a channel timer sends the current time into `c`
// without blocking, and an after_func timer starts a goroutine running f.
//
// A Timer is Go's *time.Timer: a cheap copyable handle, copies refer to the
// same timer and == compares identity. `time::Timer t;` is Go's zero
// `var t time.Timer`: stop() and reset() on it panic. Dropping every handle
// does not cancel a pending timer (as in Go 1.19, where an unfired timer is
// not collected): after(d) relies on that.
//
// States (Go 1.19):
//
//   call      | active (pending)          | expired (fired)           | stopped
//   ----------+---------------------------+---------------------------+--------------------------
//   stop()    | -> stopped, returns true  | returns false             | returns false
//   reset(d)  | re-armed, returns true    | re-armed, returns false   | re-armed, returns false
//   firing    | -> expired; channel timer: a non-blocking send of now() into c (capacity 1):
//             | when a value is still buffered, the new one is dropped. after_func: go(f).
//
// stop() neither closes nor drains c: after a fire nobody received,
// stop() is false and c.len() == 1; Go's idiom `if !t.Stop() { <-t.C }`
// reads `if (!t.stop()) t.c.recv();`. reset() of a channel timer should only
// be called on a stopped or expired timer whose channel was drained: its
// return value cannot tell whether a value from the old expiry is still
// coming (Go's Timer.Reset documentation).
//
// Departure from Go >= 1.23 (deliberate, Go 1.19 is the reference): timer
// channels are buffered (cap 1) and a value sent before stop() or reset()
// stays receivable; Go 1.23 made them synchronous.
//
// Thread-safety: every call is safe from any goroutine on any thread, also
// concurrently on one timer. None blocks. The value sent is an ordinary
// channel send (the receive happens after it); the time sent is the actual
// firing time, never before the scheduled one.
// Panics: stop() and reset() on a zero Timer, with Go's messages
// "time: Stop called on uninitialized Timer" and
// "time: Reset called on uninitialized Timer".
#pragma once

#include <gocpp/chan.hpp>
#include <gocpp/detail/timer.hpp>
#include <gocpp/time/clock.hpp>

#include <functional>
#include <gocpp/detail/call_site.hpp>
#include <utility>

namespace gocpp::detail {

// An owning reference to a runtime timer (intrusive reference count).
class timer_ref {
  public:
    timer_ref() noexcept = default;
    explicit timer_ref(timer* t) noexcept : t_(t) {}  // adopts one reference
    timer_ref(const timer_ref& o) noexcept : t_(o.t_) {
        if (t_ != nullptr) t_->add_ref();
    }
    timer_ref(timer_ref&& o) noexcept : t_(std::exchange(o.t_, nullptr)) {}
    timer_ref& operator=(timer_ref o) noexcept {
        std::swap(t_, o.t_);
        return *this;
    }
    ~timer_ref() {
        if (t_ != nullptr) t_->release();
    }
    timer* get() const noexcept { return t_; }
    friend bool operator==(const timer_ref&, const timer_ref&) = default;

  private:
    timer* t_ = nullptr;
};

}  // namespace gocpp::detail

namespace gocpp::time {

class Timer;
Timer new_timer(Duration d);
Timer after_func(Duration d, std::function<void()> f,
                 gocpp::detail::call_site site = gocpp::detail::call_site::current());

// Go's *time.Timer. See the top of this header.
class Timer {
  public:
    // The zero Timer: c is nil, stop() and reset() panic.
    Timer() noexcept = default;

    // Go's t.C: receives the firing time. Nil for an after_func timer.
    recv_chan<Time> c;

    // Stops the timer. Returns true if it was active (it will not fire for
    // that expiry), false if it had already expired or been stopped. Does
    // not close or drain c, and does not wait for an after_func's f.
    // [[nodiscard]]: the answer decides whether c must be drained (Go's
    // `if !t.Stop() { <-t.C }`); where it truly does not matter, write
    // `(void)t.stop();` for Go's `t.Stop()` statement.
    [[nodiscard]] bool stop() const;

    // Re-arms the timer to fire d from now (d <= 0: at once). Returns true
    // if it was active, false if it had expired or been stopped.
    [[nodiscard]] bool reset(Duration d) const;

    friend bool operator==(const Timer& a, const Timer& b) noexcept { return a.t_ == b.t_; }

  private:
    friend Timer new_timer(Duration d);
    friend Timer after_func(Duration d, std::function<void()> f, gocpp::detail::call_site site);
    detail::timer_ref t_;
};

// time.NewTimer(d): a timer that sends the current time on its channel c
// (capacity 1) once d has passed. d <= 0 fires at once.
Timer new_timer(Duration d);

// time.After(d): new_timer(d).c.
recv_chan<Time> after(Duration d);

// time.AfterFunc(d, f): once d has passed, starts a goroutine running f
// (each expiry its own goroutine, as Go's `go f()`), and returns a Timer
// whose c is nil and whose stop() prevents f from being started. reset()
// after a fire schedules f again, possibly while the previous run is still
// going: every run calls the same stored f, so f must be callable
// concurrently in that case. f is kept in a std::function, so it must be
// copy-constructible (as every Go func value is). An exception escaping f
// ends the program like any goroutine's. In goroutine dumps and leak
// reports, f's goroutine shows as created where after_func was called (Go
// shows time.goFunc).
Timer after_func(Duration d, std::function<void()> f, gocpp::detail::call_site site);

}  // namespace gocpp::time
