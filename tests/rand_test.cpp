// rand: Go's math/rand. The expected values were printed by a real Go 1.19
// program (tests/data/rand_go119.go, output in tests/data/rand_go119.txt);
// this test prints the same calls in the same way and compares line by line.
#include "test_paths.hpp"

#include <gocpp/fmt.hpp>
#include <gocpp/panic.hpp>
#include <gocpp/rand.hpp>
#include <gocpp/runtime.hpp>
#include <gocpp/sync.hpp>

#include <doctest/doctest.h>

#include <algorithm>
#include <atomic>
#include <fstream>
#include <numeric>
#include <string>
#include <vector>

using namespace gocpp;

namespace {

std::vector<std::string> go_lines() {
    std::ifstream in(std::string(test_util::source_dir) + "/tests/data/rand_go119.txt");
    std::vector<std::string> lines;
    for (std::string line; std::getline(in, line);)
        lines.push_back(line + "\n");
    return lines;
}

}  // namespace

TEST_CASE("rand: seeded sequences match Go 1.19's, value for value") {
    const std::vector<std::string> want = go_lines();
    REQUIRE(want.size() == 8);
    std::vector<std::string> got;
    // Must run first in this file's use of the global source: before any
    // seed() the top-level functions are Go 1.19's seed 1. Re-seeding with 1
    // gives the same start, which keeps this independent of test order.
    rand::seed(1);
    {
        auto a = rand::int63();
        auto b = rand::intn(100);
        auto c = rand::float64();
        got.push_back(fmt::sprintln("default", a, b, c));
    }
    for (std::int64_t seed : {std::int64_t{0}, std::int64_t{1}, std::int64_t{42}, std::int64_t{-7},
                              std::int64_t{1} << 40, std::int64_t{2147483647}}) {
        auto r = rand::New(rand::NewSource(seed));
        std::string line = fmt::sprint("seed ", seed, ":");
        for (int i = 0; i < 5; i++)
            line += fmt::sprint(" ", r.int63());
        line += " |";
        for (int i = 0; i < 5; i++)
            line += fmt::sprint(" ", r.intn(1000));
        line += " |";
        for (int i = 0; i < 3; i++) {
            // Go evaluates the operands left to right; so does this.
            auto a = r.int31n(7);
            auto b = r.int63n(1'000'000'000'000);
            auto c = r.uint32();
            auto d = r.int31();
            line += fmt::sprint(" ", a, " ", b, " ", c, " ", d);
        }
        line += " |";
        for (int i = 0; i < 3; i++) {
            auto a = r.float64();
            auto b = r.float32();
            line += fmt::sprintf(" %.17g %.9g", a, b);
        }
        auto perm = r.perm(10);
        auto u = r.uint64();
        auto n = r.int_();
        line += fmt::sprint(" | ", perm, " ", u, " ", n);
        std::vector<int> s(10);
        std::iota(s.begin(), s.end(), 0);
        r.shuffle(static_cast<int>(s.size()), [&](int i, int j) { std::swap(s[i], s[j]); });
        line += fmt::sprintln(" |", s);
        got.push_back(line);
    }
    rand::seed(99);
    {
        auto a = rand::intn(10);
        auto b = rand::intn(10);
        auto c = rand::intn(10);
        auto p = rand::perm(5);
        got.push_back(fmt::sprintln("seeded", a, b, c, p));
    }
    REQUIRE(got.size() == want.size());
    for (std::size_t i = 0; i < want.size(); i++)
        CHECK(got[i] == want[i]);
}

TEST_CASE("rand: Go's panics for bad arguments") {
    auto r = rand::New(rand::NewSource(1));
    CHECK_THROWS_WITH_AS(r.intn(0), "invalid argument to Intn", panic_error);
    CHECK_THROWS_WITH_AS(r.int63n(-1), "invalid argument to Int63n", panic_error);
    CHECK_THROWS_WITH_AS(r.int31n(0), "invalid argument to Int31n", panic_error);
    CHECK_THROWS_WITH_AS(rand::shuffle(-1, [](int, int) {}), "invalid argument to Shuffle",
                         panic_error);
    CHECK(r.perm(0).empty());
}

TEST_CASE("rand: the top-level source is safe from many goroutines at once") {
    // 8 goroutines draw 2000 values each from the shared source while it is
    // re-seeded; every value is in range and the draws total 16000 (a data
    // race would be caught by the sanitizer build, a lost lock by a crash).
    std::atomic<int> in_range{0};
    sync::WaitGroup wg;
    for (int g = 0; g < 8; g++) {
        wg.add(1);
        go([&, g] {
            for (int i = 0; i < 2000; i++) {
                const int v = rand::intn(10);
                if (v >= 0 && v < 10) in_range.fetch_add(1, std::memory_order_relaxed);
                const double f = rand::float64();
                if (!(f >= 0 && f < 1)) in_range.fetch_sub(1, std::memory_order_relaxed);
                if (i % 500 == 0 && g == 0) rand::seed(i);
                if (i % 64 == 0) gosched();
            }
            wg.done();
        });
    }
    wg.wait();
    CHECK(in_range.load() == 16000);
    // Perm is a permutation.
    auto p = rand::perm(50);
    std::sort(p.begin(), p.end());
    std::vector<int> want(50);
    std::iota(want.begin(), want.end(), 0);
    CHECK(p == want);
}
