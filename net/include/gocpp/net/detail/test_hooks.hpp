// gocpp/net/detail/test_hooks.hpp — hooks for net's own tests (Go's
// testHookDialTCP and friends). Not for users; set them only while no dial
// is in flight.
#pragma once

#include <sys/socket.h>

#include <string>
#include <string_view>
#include <vector>

namespace gocpp::net::detail {

// When set, dials call it instead of connect(2). A hook that returns -1 with
// errno EINPROGRESS and connects nothing makes the dial wait until its
// deadline or context ends it: a connect that hangs, without a network.
extern int (*test_hook_connect)(int fd, const sockaddr* addr, socklen_t len);

// When set and it returns addresses (IP literals) for a host name, dials
// use them, in that order, instead of asking the resolver (Go's
// testHookLookupIP): a name with several addresses, without a DNS server.
extern std::vector<std::string> (*test_hook_lookup_host)(std::string_view host);

}  // namespace gocpp::net::detail
