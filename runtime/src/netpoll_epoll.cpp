// Placeholder until the epoll poller lands: no descriptors, nothing to poll.
#include "netpoll.hpp"

namespace gocpp::detail {

bool netpoll_active() noexcept {
    return false;
}
void netpoll(std::int64_t, std::vector<goroutine*>&) noexcept {}
void netpoll_break() noexcept {}
std::int64_t netpoll_waiters() noexcept {
    return 0;
}
std::int64_t netpoll_last_poll_ns() noexcept {
    return 0;
}

}  // namespace gocpp::detail
