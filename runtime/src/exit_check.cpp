// The leak check at exit (gocpp/detail/exit_check.hpp).
#include "internal.hpp"

#include <gocpp/debug.hpp>
#include <gocpp/detail/exit_check.hpp>
#include <gocpp/detail/timer.hpp>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <unistd.h>

namespace gocpp::detail {

namespace {
std::atomic<buffered_census (*)() noexcept> g_buffered_census{nullptr};
}  // namespace

bool leak_check_enabled() noexcept {
    static const bool enabled = [] {
        const char* env = std::getenv("GOCPP_LEAKCHECK");
        return env != nullptr && std::strcmp(env, "1") == 0;
    }();
    return enabled;
}

void set_buffered_census(buffered_census (*take)() noexcept) noexcept {
    g_buffered_census.store(take, std::memory_order_release);
}

void run_leak_check_at_exit() noexcept {
    using namespace std::chrono;
    const auto deadline = clock::now() + seconds(5);
    // Goroutines first: one that is still finishing may yet stop its timers.
    debug::leak_checkpoint only_main;
    only_main.ids.insert(goroutine_id(main_goroutine()));
    debug::leak_report goroutines_left;
    try {
        goroutines_left =
            debug::verify_no_leaks(only_main, duration_cast<milliseconds>(deadline - clock::now()));
    } catch (...) {
        // Out of memory for the snapshot: nothing to report with.
    }
    // Timers the program no longer holds (time::after's, its channel
    // dropped) are stopped, not waited for: Go 1.19 keeps them pending until
    // they fire, but nothing can observe them (Go 1.23's collector drops
    // them).
    poll_until(deadline, [] {
        stop_timers_not_held_by_program();
        return timers_pending() == 0;
    });
    const std::int64_t timers_left = timers_pending();
    buffered_census elements_left;
    if (auto take = g_buffered_census.load(std::memory_order_acquire)) elements_left = take();
    if (goroutines_left.ok() && timers_left == 0 && elements_left.elements == 0) return;

    std::fflush(stdout);
    std::string out = "gocpp: leak check at exit failed: goroutines besides main: " +
                      std::to_string(goroutines_left.leaked.size()) +
                      ", timers pending: " + std::to_string(timers_left) +
                      ", channel elements buffered: " + std::to_string(elements_left.elements) +
                      " (in " + std::to_string(elements_left.channels) + " channels)\n";
    if (!goroutines_left.ok()) out += goroutines_left.report();
    std::fputs(out.c_str(), stderr);
    std::fflush(stderr);
    _exit(1);
}

}  // namespace gocpp::detail
