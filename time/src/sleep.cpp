// time::sleep: the goroutine parks until a timer in the runtime's queue
// readies it (detail::sleep_until).
#include "internal.hpp"

#include <gocpp/detail/timer.hpp>
#include <gocpp/runtime.hpp>

namespace gocpp::time {

void sleep(Duration d) {
    if (d <= Duration::zero()) {
        gosched();
        return;
    }
    detail::sleep_until(detail::when(d));
}

}  // namespace gocpp::time
