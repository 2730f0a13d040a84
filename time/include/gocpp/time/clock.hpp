// gocpp/time/clock.hpp — Go's time.Duration, time.Now, Since, Until, Sleep.
//
//     auto start = time::now();                  // Go: start := time.Now()
//     time::sleep(50ms);                         // time.Sleep(50 * time.Millisecond)
//     time::sleep(2 * time::second);             // time.Sleep(2 * time.Second)
//     std::cout << time::duration_string(time::since(start));  // fmt.Println(time.Since(start))
//
// Durations are std::chrono::nanoseconds (Go's Duration is an int64 count of
// nanoseconds too), so `10ms`, `1s` and `time::millisecond` all work. Instants
// are std::chrono::steady_clock time points: Go's monotonic clock reading,
// which is what Go uses for every timer, Sub, Since and Until. A wall-clock
// reading is only needed to print a time; see gocpp/time/format.hpp.
//
// sleep() parks the calling goroutine, never its thread; it must be called
// from a goroutine (main included). now(), since() and until() never block
// and are safe from any thread. Nothing here panics.
#pragma once

#include <chrono>
#include <type_traits>

namespace gocpp::time {

// The clock behind every timer: monotonic, unaffected by wall-clock changes.
using clock = std::chrono::steady_clock;
// Go's time.Duration: a signed count of nanoseconds.
using Duration = std::chrono::nanoseconds;
// Go's time.Time, monotonic reading only.
using Time = clock::time_point;

static_assert(std::is_same_v<clock::duration, Duration>,
              "gocpp::time needs a steady_clock that counts nanoseconds");

// Go's duration constants: time.Nanosecond ... time.Hour.
inline constexpr Duration nanosecond{1};
inline constexpr Duration microsecond = 1000 * nanosecond;
inline constexpr Duration millisecond = 1000 * microsecond;
inline constexpr Duration second = 1000 * millisecond;
inline constexpr Duration minute = 60 * second;
inline constexpr Duration hour = 60 * minute;

// time.Now(). Never blocks.
inline Time now() noexcept {
    return clock::now();
}

// time.Since(t): now() - t.
inline Duration since(Time t) noexcept {
    return now() - t;
}

// time.Until(t): t - now().
inline Duration until(Time t) noexcept {
    return t - now();
}

// time.Sleep(d): parks the calling goroutine (not its thread) for at least d.
// The goroutine is a pending entry in the runtime's timer queue while it
// sleeps, so a sleeping program is not deadlocked. d <= 0 returns at once,
// after letting other runnable goroutines run (Go returns without yielding;
// gocpp has no preemption, so a polling loop around sleep(0) needs the
// yield to make progress). Signals do not shorten the sleep.
void sleep(Duration d);

}  // namespace gocpp::time
