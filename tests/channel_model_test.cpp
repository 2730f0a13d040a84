// Model-based tests of channels and select: seeded random programs run on
// gocpp's real channels, select and scheduler (GOMAXPROCS 1 and 2 under
// ctest), checked against the sequential model of Go's spec in
// model/channel_model.hpp (see model/channel_program_runner.hpp for what is
// checked). The libFuzzer target fuzz/chan_select_fuzz.cpp runs the same
// programs from fuzzer inputs; divergences it finds are kept below as
// regression cases.
#include "model/channel_model.hpp"
#include "model/channel_program_runner.hpp"

#include <doctest/doctest.h>
#include <gocpp/debug_doctest.hpp>

#include <cstdint>
#include <random>
#include <string>
#include <vector>

using namespace channel_model;

namespace {

std::vector<std::uint8_t> random_bytes(std::uint64_t seed, std::size_t n) {
    std::mt19937_64 rng(seed);
    std::vector<std::uint8_t> bytes(n);
    for (auto& b : bytes)
        b = static_cast<std::uint8_t>(rng());
    return bytes;
}

std::string joined(const std::vector<std::string>& lines) {
    std::string out;
    for (const auto& l : lines)
        out += l + "\n";
    return out;
}

}  // namespace

TEST_SUITE("channel model") {
    TEST_CASE(
        "the model follows the spec: a buffered channel fills, closes, drains, then gives zero") {
        model m({chan_state{false, false, 2, {}}});
        CHECK(m.send(0, 1) == outcome{});
        CHECK(m.send(0, 2) == outcome{});
        CHECK(m.send(0, 3).blocked);
        CHECK(m.close(0) == outcome{});
        CHECK(m.send(0, 4).panic == "send on closed channel");
        CHECK(m.close(0).panic == "close of closed channel");
        CHECK(m.recv(0) == outcome{false, "", 1, true, -1});
        CHECK(m.recv(0) == outcome{false, "", 2, true, -1});
        CHECK(m.recv(0) == outcome{false, "", 0, false, -1});
    }

    TEST_CASE("the model follows the spec: nil and unbuffered channels are never ready alone") {
        model m({chan_state{true, false, 0, {}}, chan_state{false, false, 0, {}}});
        CHECK(m.send(0, 1).blocked);
        CHECK(m.recv(0).blocked);
        CHECK(m.close(0).panic == "close of nil channel");
        CHECK(m.send(1, 1).blocked);
        CHECK(m.recv(1).blocked);
        step s;
        s.kind = op_kind::select;
        s.arms = {{true, 0, 1}, {false, 0, 0}, {true, 1, 2}, {false, 1, 0}};
        CHECK(m.ready_arms(s).empty());
        m.close(1);
        CHECK(m.ready_arms(s) == std::vector<int>{2, 3});
        CHECK(m.select(s, 2).panic == "send on closed channel");
        CHECK(m.select(s, 3) == outcome{false, "", 0, false, 3});
    }

    TEST_CASE(
        "one goroutine's random channel programs and selects agree with the model (20,000 seeds)") {
        gocpp::debug::no_leaks_guard no_leaks;
        run_stats st;
        for (std::uint64_t seed = 1; seed <= 20000; seed++) {
            auto bytes = random_bytes(seed, 160);
            byte_source in(bytes.data(), bytes.size());
            program p = decode_program(in);
            auto failures = run_sequential(p, &st);
            INFO("seed ", seed);
            REQUIRE_MESSAGE(failures.empty(), joined(failures));
        }
        MESSAGE("steps ", st.steps, ", panics ", st.panics, ", defaults ", st.defaults,
                ", select cases ", st.select_cases, ", closed receives ", st.closed_receives,
                ", freed by another goroutine ", st.rescued);
        // The programs reach every kind of outcome the model knows.
        CHECK(st.steps > 20000 * 25);
        CHECK(st.panics > 1000);
        CHECK(st.defaults > 1000);
        CHECK(st.select_cases > 1000);
        CHECK(st.closed_receives > 1000);
        CHECK(st.rescued > 1000);
    }

    TEST_CASE(
        "concurrent producers, consumers and racing closes: every value exactly once, FIFO per "
        "sender, ok false and send panics only after close, no deadlock (8000 seeds)") {
        gocpp::debug::no_leaks_guard no_leaks;
        run_stats st;
        for (std::uint64_t seed = 1; seed <= 8000; seed++) {
            auto bytes = random_bytes(seed * 7919, 200);
            byte_source in(bytes.data(), bytes.size());
            concurrent_program p = decode_concurrent(in);
            auto failures = run_concurrent(p, &st);
            INFO("seed ", seed);
            REQUIRE_MESSAGE(failures.empty(), joined(failures));
        }
        MESSAGE("values received ", st.steps, ", panics ", st.panics, ", defaults ", st.defaults,
                ", select cases ", st.select_cases, ", closed receives ", st.closed_receives);
        CHECK(st.steps > 100'000);
        CHECK(st.panics > 1000);
        CHECK(st.defaults > 1000);
        CHECK(st.select_cases > 10'000);
        CHECK(st.closed_receives > 1000);
    }

    // Regression cases: inputs the fuzzer found, decoded the same way.

    TEST_CASE(
        "regression: two consumers whose selects keep choosing their own ready case do not starve "
        "the producers (fuzzer timeout)") {
        // Two consumers on two threads each found their private case ready
        // on every pass and never blocked; without preemption they kept
        // both threads and the producers never ran. The runner now yields
        // after a private case, as a Go goroutine would be preempted.
        const std::vector<std::uint8_t> input = {0x5e, 0xfd, 0x06, 0xff, 0x29,
                                                 0x7f, 0x5e, 0xfd, 0x06, 0xff};
        gocpp::debug::no_leaks_guard no_leaks;
        byte_source in(input.data(), input.size());
        concurrent_program p = decode_concurrent(in);
        CHECK(p.consumers == 2);
        CHECK(p.producers == 2);
        auto failures = run_concurrent(p, nullptr, std::chrono::seconds(60));
        CHECK_MESSAGE(failures.empty(), joined(failures));
    }
}
