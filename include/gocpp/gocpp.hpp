// gocpp/gocpp.hpp — everything: goroutines, channels, select, time, sync,
// errors, context, os/signal, errgroup, trace, fmt, math/rand, io/bufio, net, http and
// the debug helpers.
// `using namespace gocpp;` makes a port read like the Go.
#pragma once

#include <gocpp/blocking_call.hpp>
#include <gocpp/chan.hpp>
#include <gocpp/context.hpp>
#include <gocpp/debug.hpp>
#include <gocpp/defer.hpp>
#include <gocpp/errgroup.hpp>
#include <gocpp/error.hpp>
#include <gocpp/errors.hpp>
#include <gocpp/fmt.hpp>
#include <gocpp/grpc_timeout.hpp>
#include <gocpp/http.hpp>
#include <gocpp/io.hpp>
#include <gocpp/net.hpp>
#include <gocpp/os.hpp>
#include <gocpp/panic.hpp>
#include <gocpp/rand.hpp>
#include <gocpp/runtime.hpp>
#include <gocpp/select.hpp>
#include <gocpp/signal.hpp>
#include <gocpp/sync.hpp>
#include <gocpp/time.hpp>
#include <gocpp/trace.hpp>
