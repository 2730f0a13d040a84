// Helpers shared by the context and errgroup tests (Go's context_test.go
// has the same ones): bounds, done checks, a do-nothing custom context and
// printing.
#pragma once

#include "test_util.hpp"

#include <gocpp/gocpp.hpp>

#include <memory>
#include <sstream>
#include <string>

namespace context_test {

using namespace gocpp;

inline constexpr time::Duration short_duration = time::millisecond;
inline constexpr time::Duration very_long_duration = 1000 * time::hour;
// Go's quiescent(t): a bound only a hang exceeds (generous: loaded machine).
inline constexpr time::Duration quiescent = 20 * time::second;

// Whether c.done() is closed now (never blocks).
inline bool is_done(const context::Context& c) {
    return select(recv(c.done()), default_) == 0;
}

// Receives from ch within `bound`; false on timeout.
inline bool recv_within(const recv_chan<void>& ch, time::Duration bound = quiescent) {
    auto t = time::new_timer(bound);
    bool got = select(recv(ch), recv(t.c)) == 0;
    (void)t.stop();
    return got;
}

// Waits for c.done() at most `bound`; false if it did not close in time.
inline bool done_within(const context::Context& c, time::Duration bound = quiescent) {
    return recv_within(c.done(), bound);
}

// Go's otherContext: a context type of the user's that embeds a Context and
// overrides nothing.
struct otherContext : context::ContextBase {
    using ContextBase::ContextBase;
};
inline context::Context other(const context::Context& c) {
    return std::make_shared<otherContext>(c);
}

using test_util::panic_message;

// fmt.Sprint(c).
inline std::string sprint(const context::Context& c) {
    std::ostringstream os;
    os << c;
    return os.str();
}

}  // namespace context_test
