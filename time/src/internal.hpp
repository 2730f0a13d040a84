// Shared by the time component's sources.
#pragma once

#include <gocpp/time/clock.hpp>

namespace gocpp::detail {

// Go's when(d): the instant d from now; now for d <= 0, the far future
// (never reached) when the sum would overflow.
inline time::Time when(time::Duration d) noexcept {
    const time::Time t = time::now();
    if (d <= time::Duration::zero()) return t;
    if (d >= time::Time::max() - t) return time::Time::max();
    return t + d;
}

}  // namespace gocpp::detail
