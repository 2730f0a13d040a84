// gocpp/time.hpp — Go's time package: the parts that schedule (Sleep, Timer,
// Ticker, After, AfterFunc, Tick) and the Duration and Time strings.
//
//     using namespace gocpp;
//     using namespace std::chrono_literals;
//     time::sleep(10ms);                               // time.Sleep(10 * time.Millisecond)
//     switch (select(recv(results, r), recv(time::after(1s)))) {
//     case 0: use(r); break;                           // case r = <-results:
//     case 1: std::cout << "timed out\n"; break;       // case <-time.After(time.Second):
//     }
//     auto ticker = time::new_ticker(500ms);           // ticker := time.NewTicker(...)
//     auto f = time::after_func(2s, [] { alarm(); });  // f := time.AfterFunc(...)
//
// The model is Go 1.19's (buffered, one-slot timer channels; see
// gocpp/time/timer.hpp for the states and the Go 1.23 difference):
// - gocpp/time/clock.hpp   Duration, Time, now, since, until, sleep, constants
// - gocpp/time/timer.hpp   Timer, new_timer, after, after_func
// - gocpp/time/ticker.hpp  Ticker, new_ticker, tick
// - gocpp/time/format.hpp  duration_string, time_string
//
// Every pending timer, ticker and sleep is an entry in the runtime's timer
// queue, serviced by the scheduler threads; none costs a goroutine. A
// program whose goroutines all wait while a timer is pending is not
// deadlocked. Blocking (sleep, receiving from a timer channel) parks the
// goroutine, never its thread.
//
// With `using namespace gocpp;` the namespace is spelled `time::`, as in Go;
// C's ::time() function does not get in the way of `time::sleep`.
#pragma once

#include <gocpp/time/clock.hpp>
#include <gocpp/time/format.hpp>
#include <gocpp/time/ticker.hpp>
#include <gocpp/time/timer.hpp>
