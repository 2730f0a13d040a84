// gocpp/gocpp.hpp — everything: goroutines, channels, select, time, sync,
// context. `using namespace gocpp;` makes a port read like the Go.
#pragma once

#include <gocpp/chan.hpp>
#include <gocpp/defer.hpp>
#include <gocpp/panic.hpp>
#include <gocpp/runtime.hpp>
#include <gocpp/select.hpp>
