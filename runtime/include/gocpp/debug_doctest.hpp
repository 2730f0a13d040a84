// gocpp/debug_doctest.hpp — the leak check as one line per doctest test case.
// Optional: no gocpp header includes this one, and only a program that
// includes it needs doctest (<doctest/doctest.h>, Debian's doctest-dev).
//
//     #include <gocpp/debug_doctest.hpp>
//
//     TEST_CASE("gen stops when its context is canceled") {
//         gocpp::debug::no_leaks_guard no_leaks;
//         ...
//     }   // fails the test case, listing each goroutine still alive
#pragma once

#if !__has_include(<doctest/doctest.h>)
#error "gocpp/debug_doctest.hpp needs doctest; without it use gocpp/debug.hpp's verify_no_leaks"
#endif
#include <doctest/doctest.h>

#include <gocpp/debug.hpp>

#include <chrono>

namespace gocpp::debug {

// Checks, when the test case's scope ends, that every goroutine started
// since construction has exited (waiting up to bound for them to finish);
// otherwise fails the case with a dump of each one still alive.
class no_leaks_guard {
  public:
    explicit no_leaks_guard(std::chrono::milliseconds bound = std::chrono::seconds(5))
        : cp_(checkpoint()), bound_(bound) {}
    no_leaks_guard(const no_leaks_guard&) = delete;
    no_leaks_guard& operator=(const no_leaks_guard&) = delete;
    ~no_leaks_guard() {
        leak_report r = verify_no_leaks(cp_, bound_);
        CHECK_MESSAGE(r.ok(), r.report());
    }

  private:
    leak_checkpoint cp_;
    std::chrono::milliseconds bound_;
};

}  // namespace gocpp::debug
