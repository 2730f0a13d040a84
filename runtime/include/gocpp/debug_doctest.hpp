// gocpp/debug_doctest.hpp — the leak check as one line per doctest test case.
// Include after <doctest/doctest.h>.
//
//     TEST_CASE("gen stops when its context is canceled") {
//         gocpp::debug::no_leaks_guard no_leaks;
//         ...
//     }   // fails the test case, listing each goroutine still alive
#pragma once

#include <gocpp/debug.hpp>

namespace gocpp::debug {

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
