// gocpp/net.hpp — Go's net package: TCP (v4, v6), Unix sockets and UDP on
// the runtime's netpoller. See gocpp/net/net.hpp.
#pragma once

#include <gocpp/net/net.hpp>
