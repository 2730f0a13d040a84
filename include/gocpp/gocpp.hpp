// gocpp/gocpp.hpp — everything: goroutines, channels, select, time, sync,
// context, errgroup, http and the debug helpers. `using namespace gocpp;` makes a
// port read like the Go.
#pragma once

#include <gocpp/chan.hpp>
#include <gocpp/context.hpp>
#include <gocpp/debug.hpp>
#include <gocpp/defer.hpp>
#include <gocpp/errgroup.hpp>
#include <gocpp/error.hpp>
#include <gocpp/http.hpp>
#include <gocpp/panic.hpp>
#include <gocpp/runtime.hpp>
#include <gocpp/select.hpp>
#include <gocpp/sync.hpp>
#include <gocpp/time.hpp>
