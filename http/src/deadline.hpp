// Go's aLongTimeAgo: a deadline already passed, which wakes a blocked read
// or write at once. http sets it to interrupt one (a canceled request, a
// server connection's background read, the Transport's idle watch).
#pragma once

#include <gocpp/time/clock.hpp>

#include <chrono>

namespace gocpp::http::detail {

inline time::Time a_long_time_ago() {
    return time::now() - std::chrono::hours(1);
}

}  // namespace gocpp::http::detail
