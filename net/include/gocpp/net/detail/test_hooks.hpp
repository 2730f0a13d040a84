// gocpp/net/detail/test_hooks.hpp — hooks for net's own tests (Go's
// testHookDialTCP and friends). Not for users; set them only while no dial
// is in flight.
#pragma once

#include <sys/socket.h>

namespace gocpp::net::detail {

// When set, dials call it instead of connect(2). A hook that returns -1 with
// errno EINPROGRESS and connects nothing makes the dial wait until its
// deadline or context ends it: a connect that hangs, without a network.
extern int (*test_hook_connect)(int fd, const sockaddr* addr, socklen_t len);

}  // namespace gocpp::net::detail
