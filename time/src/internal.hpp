// Shared by the time component's sources.
#pragma once

#include <gocpp/time/clock.hpp>

namespace gocpp::time::internal {

// Go's when(d): the instant d from now; now for d <= 0, the far future
// (never reached) when the sum would overflow.
inline Time when(Duration d) noexcept {
    const Time t = clock::now();
    if (d <= Duration::zero()) return t;
    if (d >= Time::max() - t) return Time::max();
    return t + d;
}

}  // namespace gocpp::time::internal
