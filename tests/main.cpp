// The test runner. Tests run on main, which is goroutine 1 of the gocpp
// runtime, so they can block on channels like any goroutine.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>
