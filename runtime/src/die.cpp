// Ending the process as Go's runtime does. die() is the one place that
// prints the report and exits with status 2: an unrecovered panic
// (die_with_panic), a fatal error, the deadlock verdict (deadlock.cpp) and
// SIGQUIT (signals.cpp) all end through it. os_exit() is Go's os.Exit.
#include "internal.hpp"

#include <gocpp/runtime.hpp>

#include <atomic>
#include <cstdio>
#include <iostream>
#include <unistd.h>

namespace gocpp::detail {

void begin_dying() noexcept {
    static std::atomic<bool> dying{false};
    if (dying.exchange(true)) {
        for (;;)
            pause();  // another thread is printing its report and exiting
    }
}

[[noreturn]] void die(const char* what, const char* message, goroutine* running,
                      dump_mode dump) noexcept {
    begin_dying();
    std::cout.flush();
    std::fflush(stdout);
    std::fprintf(stderr, "%s%s\n\n", what, message);
    if (dump == dump_mode::all) {
        dump_goroutines(stderr, running);
    } else {
        std::fputs("goroutine 1 [running]:\n", stderr);
    }
    std::fflush(stderr);
    _exit(2);
}

[[noreturn]] void die_with_panic(const char* what, goroutine* g) noexcept {
    // No goroutine: the exception escaped main outside any goroutine's frame.
    die("panic: ", what, g, g != nullptr ? dump_mode::all : dump_mode::main_running);
}

[[noreturn]] void fatal(const char* msg) noexcept {
    die("fatal error: ", msg, current());
}

}  // namespace gocpp::detail

namespace gocpp {

void os_exit(int code) {
    std::cout.flush();
    std::cerr.flush();
    std::fflush(nullptr);
    _exit(code);
}

}  // namespace gocpp
