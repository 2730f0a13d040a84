// gocpp/time/format.hpp — Go's time.Duration.String() and time.Time.String().
//
//     time::duration_string(1500ms)                  // "1.5s"
//     time::duration_string(-2 * time::minute)       // "-2m0s"
//     time::time_string(time::now() + time::hour)
//         // "2026-11-22 02:41:53.419051448 +0000 UTC m=+3600.000277883"
//
// The strings are byte for byte Go's (Go 1.19): fmt.Println(d) and
// fmt.Println(t) in a port become std::cout << time::duration_string(d) and
// std::cout << time::time_string(t).
//
// Instants are monotonic (steady_clock). time_string() shows one as Go shows
// a time.Time read from time.Now(): the wall-clock date in the local time
// zone (the TZ environment variable, else /etc/localtime), then the monotonic
// reading `m=±seconds` since the process started. The wall-clock date of a
// steady time point is the process's start time on the system clock plus
// the time point's offset from the start, so one time point always prints
// the same. A std::chrono::system_clock time point prints without the
// `m=` part, like a Go time.Time without a monotonic reading.
//
// Never blocks; safe from any thread. Nothing panics.
#pragma once

#include <gocpp/time/clock.hpp>

#include <chrono>
#include <string>

namespace gocpp::time {

// Go's Duration.String(): "0s", "1ns", "1.1µs" (U+00B5, as Go), "2.2ms",
// "3.3s", "4m5.001s", "5h6m7.001s", "-2562047h47m16.854775808s".
std::string duration_string(Duration d);

// Go's Time.String() of a time read from time.Now() (or derived from one by
// Add): "2006-01-02 15:04:05.999999999 -0700 MST m=+0.000000001".
std::string time_string(Time t);

// Go's Time.String() of a time with no monotonic reading:
// "2006-01-02 15:04:05.999999999 -0700 MST".
std::string time_string(std::chrono::system_clock::time_point t);

}  // namespace gocpp::time
