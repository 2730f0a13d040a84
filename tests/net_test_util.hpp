// Helpers for the net tests: leak checks of file descriptors and goroutines.
#pragma once

#include "test_util.hpp"

#include <gocpp/gocpp.hpp>

#include <doctest/doctest.h>

#include <dirent.h>

#include <string>

namespace net_test {

// Open file descriptors of this process (entries of /proc/self/fd, less the
// one opendir itself uses).
inline int open_fds() {
    DIR* d = opendir("/proc/self/fd");
    if (d == nullptr) return -1;
    int n = 0;
    while (readdir(d) != nullptr)
        ++n;
    closedir(d);
    return n - 3;  // ".", ".." and the directory's own fd
}

// Checks at the end of a test that every socket it opened was closed and
// every goroutine it started has ended (as Go's net tests check with
// afterTest). Sockets close when their last call returns, so both settle.
class leak_check {
  public:
    leak_check() : fds_((warm_up(), open_fds())), goroutines_(gocpp::num_goroutine()) {}
    ~leak_check() {
        const bool fds_ok = test_util::eventually([&] { return open_fds() <= fds_; });
        const bool gs_ok =
            test_util::eventually([&] { return gocpp::num_goroutine() <= goroutines_; });
        CHECK_MESSAGE(fds_ok, "file descriptors leaked: ", open_fds(), " open, ", fds_, " before");
        CHECK_MESSAGE(gs_ok, "goroutines leaked: ", gocpp::num_goroutine(), " running, ",
                      goroutines_, " before");
    }

  private:
    // The poller's own epoll fd and eventfd are created on first use and
    // stay: make them exist before counting.
    static void warm_up() {
        static const bool done = [] {
            auto [ln, err] = gocpp::net::listen("tcp", "127.0.0.1:0");
            if (!err) ln.close();
            return true;
        }();
        (void)done;
    }
    int fds_;
    std::int64_t goroutines_;
};

inline std::string str(const gocpp::error& e) {
    return e ? e.error() : std::string("<nil>");
}

// REQUIRE that an error is nil, with its text as the message. It takes a
// copy first: doctest's message is a lambda, and clang 14 cannot name a
// structured binding in one.
#define REQUIRE_NIL_ERROR(e)                                           \
    do {                                                               \
        const ::gocpp::error required_nil_ = (e);                      \
        REQUIRE_MESSAGE(!required_nil_, net_test::str(required_nil_)); \
    } while (0)

}  // namespace net_test
