// Smoke test of the runtime and channels; the full suites live beside it.
#include "test_util.hpp"

#include <doctest/doctest.h>

using namespace gocpp;

TEST_CASE("a goroutine hands values through an unbuffered channel") {
    auto c = make_chan<int>();
    go([=] {
        for (int i = 1; i <= 3; i++) c.send(i);
        c.close();
    });
    int sum = 0;
    for (int v : c) sum += v;
    CHECK(sum == 6);
}
