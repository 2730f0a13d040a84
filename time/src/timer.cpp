// Timer, Ticker, after, after_func and tick: runtime timers whose fire()
// sends the time on a one-slot channel without blocking, or starts a
// goroutine.
#include "internal.hpp"

#include <gocpp/detail/chan_core.hpp>
#include <gocpp/panic.hpp>
#include <gocpp/runtime.hpp>
#include <gocpp/time/ticker.hpp>
#include <gocpp/time/timer.hpp>

#include <utility>

namespace gocpp::detail {
namespace {

// Go's sendTime: `select { case c <- now: default: }`, the channel's own
// non-blocking send. Runs on a scheduler thread outside any goroutine. The
// channel is never closed (its users hold only the receiving half), so it
// never panics.
void send_time(const chan<time::Time>& c, time::Time now) {
    time::Time v = now;
    chan_access::core(c)->try_send(&v);  // false: the slot is full, v dropped
}

class chan_timer final : public timer {
  public:
    explicit chan_timer(chan<time::Time> c) noexcept : c_(std::move(c)) {}
    void fire(clock::time_point now) override { send_time(c_, now); }
    // Held while the program keeps the Timer or Ticker (a reference besides
    // the heap's) or the channel (a handle besides c_).
    bool held_by_program() const noexcept override {
        return refs() > 1 || chan_access::use_count(c_) > 1;
    }

  private:
    chan<time::Time> c_;
};

class func_timer final : public timer {
  public:
    func_timer(std::function<void()> f, const gocpp::detail::call_site& site) noexcept
        : f_(std::move(f)), site_(site) {}
    void fire(clock::time_point) override {
        // Go 1.19 starts f with `go f()` when the timer fires: a nil f is
        // then a fatal error.
        if (!f_) fatal("go of nil func value");
        // The goroutine keeps the timer (and so f) alive while f runs.
        add_ref();
        timer_ref self(this);
        auto run = [self = std::move(self)] { static_cast<func_timer*>(self.get())->f_(); };
        // go(run), recorded as created where after_func was called.
        spawn<bound_task<decltype(run)>>(site_, std::move(run));
    }

  private:
    std::function<void()> f_;
    gocpp::detail::call_site site_;
};

}  // namespace
}  // namespace gocpp::detail

namespace gocpp::time {

bool Timer::stop() const {
    if (t_.get() == nullptr) panic("time: Stop called on uninitialized Timer");
    return detail::timer_stop(t_.get());
}

bool Timer::reset(Duration d) const {
    if (t_.get() == nullptr) panic("time: Reset called on uninitialized Timer");
    return detail::timer_start(t_.get(), detail::when(d));
}

Timer new_timer(Duration d) {
    auto c = make_chan<Time>(1);
    Timer t;
    t.c = c;
    t.t_ = detail::timer_ref(new detail::chan_timer(std::move(c)));
    detail::timer_start(t.t_.get(), detail::when(d));
    return t;
}

recv_chan<Time> after(Duration d) {
    return new_timer(d).c;
}

Timer after_func(Duration d, std::function<void()> f, gocpp::detail::call_site site) {
    Timer t;
    // The goroutine f runs in is started by the timer, but its dump names
    // this call and this goroutine.
    t.t_ = detail::timer_ref(new detail::func_timer(
        std::move(f), site.with_creator(gocpp::detail::current_goroutine_id())));
    detail::timer_start(t.t_.get(), detail::when(d));
    return t;
}

void Ticker::stop() const {
    if (t_.get() != nullptr) detail::timer_stop(t_.get());
}

void Ticker::reset(Duration d) const {
    if (d <= Duration::zero()) panic("non-positive interval for Ticker.Reset");
    if (t_.get() == nullptr) panic("time: Reset called on uninitialized Ticker");
    detail::timer_start(t_.get(), detail::when(d), d);
}

Ticker new_ticker(Duration d) {
    if (d <= Duration::zero()) panic("non-positive interval for NewTicker");
    auto c = make_chan<Time>(1);
    Ticker t;
    t.c = c;
    t.t_ = detail::timer_ref(new detail::chan_timer(std::move(c)));
    detail::timer_start(t.t_.get(), detail::when(d), d);
    return t;
}

recv_chan<Time> tick(Duration d) {
    if (d <= Duration::zero()) return nullptr;
    return new_ticker(d).c;
}

}  // namespace gocpp::time
