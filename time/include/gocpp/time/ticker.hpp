// gocpp/time/ticker.hpp — Go's time.Ticker and time.Tick (Go 1.19).
//
//     auto ticker = time::new_ticker(100ms);       // ticker := time.NewTicker(100 * time.Millisecond)
//     defer _{[=] { ticker.stop(); }};             // defer ticker.Stop()
//     time::Time t;
//     for (;;) {
//         switch (select(recv(ctx.done()), recv(ticker.c, t))) {
//         case 0: return;                          // case <-ctx.Done(): return
//         case 1: work(t); break;                  // case t := <-ticker.C: work(t)
//         }
//     }
//
// A Ticker sends the current time on c every period. c has capacity 1 and
// every tick is a non-blocking send: a receiver that falls behind finds the
// oldest undelivered tick buffered and the ticks in between dropped, not
// queued; later ticks stay on the period grid (start + k * period).
// A pending ticker is one entry in the runtime's timer queue, not a
// goroutine.
//
// Like Timer, a Ticker is a cheap copyable handle (Go's *time.Ticker);
// `time::Ticker t;` is the zero Ticker, whose stop() does nothing (as for
// Go's hand-built &Ticker{C: c}) and whose reset() panics. Dropping every
// handle does not stop it: stop() it, or it ticks for good (Go 1.19's
// Tick "leaks" the same way).
//
//   call       | ticking                                 | stopped
//   -----------+-----------------------------------------+----------------------------
//   stop()     | -> stopped; c is neither closed nor     | nothing
//              | drained (a buffered tick stays)         |
//   reset(d)   | period d, next tick d from now          | restarts: period d, next tick d from now
//
// Thread-safety: safe from any goroutine on any thread; nothing blocks.
// Panics: new_ticker(d <= 0): "non-positive interval for NewTicker";
// reset(d <= 0): "non-positive interval for Ticker.Reset"; reset() of a zero
// Ticker: "time: Reset called on uninitialized Ticker".
#pragma once

#include <gocpp/chan.hpp>
#include <gocpp/time/clock.hpp>
#include <gocpp/time/timer.hpp>

namespace gocpp::time {

class Ticker;
Ticker new_ticker(Duration d);

// Go's *time.Ticker. See the top of this header.
class Ticker {
  public:
    // The zero Ticker: c is nil, stop() does nothing, reset() panics.
    Ticker() noexcept = default;

    // Go's ticker.C: the ticks.
    recv_chan<Time> c;

    // Turns the ticker off: no further tick is sent (one already buffered
    // stays; a send already under way on another scheduler thread as stop()
    // runs may still land, as in Go). Does not close c.
    void stop() const;

    // Stops the ticker and restarts it with period d: the next tick comes d
    // from now.
    void reset(Duration d) const;

    friend bool operator==(const Ticker& a, const Ticker& b) noexcept { return a.t_ == b.t_; }

  private:
    friend Ticker new_ticker(Duration d);
    detail::timer_ref t_;
};

// time.NewTicker(d): ticks every d, the first one d from now.
Ticker new_ticker(Duration d);

// time.Tick(d): new_ticker(d).c, a ticker that can never be stopped; the nil
// channel for d <= 0 (where new_ticker would panic).
recv_chan<Time> tick(Duration d);

}  // namespace gocpp::time
