// gocpp/detail/exit_check.hpp — the leak check at exit, for tests and the
// examples (examples/CMakeLists.txt turns it on for their tests). Not for
// users' code.
//
// With GOCPP_LEAKCHECK=1 in the environment, returning from main no longer
// ends the program at once: main waits up to 5 s for every other goroutine
// to end and every pending timer to fire or be stopped. If then a goroutine
// other than main, a pending timer, or an element buffered in a channel that
// is still alive remains, the program prints what is left on stderr
// ("gocpp: leak check at exit failed: " and the counts, then goleak's
// "found unexpected goroutines:" with each one in Go's traceback style) and
// exits with status 1, as goleak's VerifyTestMain fails a test binary. A
// clean program ends as before, with main's status.
//
// A timer that the program can no longer observe (time::after's, its
// channel dropped: Go 1.19 keeps it pending until it fires, Go 1.23's
// collector drops it) is stopped first and not counted.
//
// Without the variable nothing is counted or waited for: channels check
// leak_check_enabled() only when they are made with a buffer.
#pragma once

#include <cstddef>

namespace gocpp::detail {

// GOCPP_LEAKCHECK=1 at the first call; the answer never changes.
bool leak_check_enabled() noexcept;

// What the channel package reports to the check: the elements buffered in
// channels still alive, and in how many channels. Registered once at start-up
// by the channel package; thread-safe.
struct buffered_census {
    std::size_t elements = 0;
    std::size_t channels = 0;
};
void set_buffered_census(buffered_census (*take)() noexcept) noexcept;

// Runs the check (from the exit path, on main's thread, as goroutine 1).
// Returns only when nothing is left; otherwise reports and exits with 1.
void run_leak_check_at_exit() noexcept;

}  // namespace gocpp::detail
