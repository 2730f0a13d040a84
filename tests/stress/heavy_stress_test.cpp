// The heavy stress tests: each drives one part of the runtime to the sizes a
// server reaches (10^8 channel operations, 10^6 contexts, timers and parked
// goroutines) and checks that nothing is lost, duplicated or left behind.
// Built as gocpp_stress_tests; ctest runs them only when asked for:
//
//     ctest --preset release -C stress -L stress
//
// (the ctest configuration "stress" also runs the lighter stress-labelled
// cases of the main suite). Each case prints its wall time and the process's
// peak resident memory so far.
#include <doctest/doctest.h>
#include <gocpp/debug_doctest.hpp>
#include <gocpp/gocpp.hpp>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <fstream>
#include <memory>
#include <random>
#include <string>
#include <vector>

using namespace gocpp;
using namespace std::chrono_literals;

namespace {

// The process's peak resident set (VmHWM), in MiB.
long peak_rss_mib() {
    std::ifstream status("/proc/self/status");
    std::string key;
    while (status >> key) {
        if (key == "VmHWM:") {
            long kib = 0;
            status >> kib;
            return kib / 1024;
        }
        std::getline(status, key);
    }
    return -1;
}

struct figures {
    std::string what;
    std::chrono::steady_clock::time_point start = std::chrono::steady_clock::now();
    ~figures() {
        auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
            std::chrono::steady_clock::now() - start);
        MESSAGE(what, ": ", ms.count(), " ms, peak RSS ", peak_rss_mib(), " MiB, GOMAXPROCS ",
                gomaxprocs());
    }
};

}  // namespace

TEST_SUITE("stress") {
    TEST_CASE(
        "stress 10^8 channel operations: plain, select and racing closes lose and duplicate "
        "nothing") {
        debug::no_leaks_guard no_leaks(60s);
        figures fig{"10^8 channel operations"};
        constexpr long long target_ops = 100'000'000;
        constexpr int producers = 2;
        constexpr int consumers = 2;
        constexpr std::int64_t per_producer = 100'000;
        long long ops = 0;
        long long total_received = 0;
        long long total_panics = 0;
        for (std::uint64_t round = 0; ops < target_ops; round++) {
            // c0 unbuffered, c1 buffered; c1 is closed by a racing goroutine
            // partway through, so sends on it panic from then on and
            // producers carry on with c0 alone; c0 is closed once they end.
            auto c0 = make_chan<std::int64_t>();
            auto c1 = make_chan<std::int64_t>(64);
            auto c1_close_begun = std::make_shared<std::atomic<bool>>(false);
            struct totals {
                std::atomic<long long> sent_count{0}, sent_sum{0}, recv_count{0}, recv_sum{0},
                    panics{0}, early_panics{0}, early_eof{0};
            };
            auto t = std::make_shared<totals>();
            auto producers_left = std::make_shared<std::atomic<int>>(producers);
            auto finished = make_chan<void>(producers + consumers + 1);
            for (int p = 0; p < producers; p++) {
                go([=] {
                    std::mt19937 rng(static_cast<unsigned>(round * 7 + static_cast<unsigned>(p)));
                    bool c1_closed = false;
                    long long count = 0, sum = 0;
                    for (std::int64_t i = 1; i <= per_producer; i++) {
                        std::int64_t v = i * producers + p;
                        try {
                            if (c1_closed) {
                                c0.send(v);
                            } else {
                                switch (rng() % 3) {
                                    case 0:
                                        c1.send(v);
                                        break;
                                    case 1:
                                        select(send(c0, v), send(c1, v));
                                        break;
                                    default:
                                        if (select(send(c1, v), default_) == 1) c0.send(v);
                                        break;
                                }
                            }
                            count++;
                            sum += v;
                        } catch (const panic_error& e) {
                            // Only c1 is ever closed while producers run.
                            if (std::string(e.what()) != "send on closed channel" ||
                                !c1_close_begun->load())
                                t->early_panics++;
                            t->panics++;
                            c1_closed = true;
                            c0.send(v);  // the value goes on the other channel
                            count++;
                            sum += v;
                        }
                    }
                    t->sent_count += count;
                    t->sent_sum += sum;
                    if (--*producers_left == 0) c0.close();
                    finished.send();
                });
            }
            for (int r = 0; r < consumers; r++) {
                go([=] {
                    chan<std::int64_t> a = c0, b = c1;  // set to nil once closed (Go's idiom)
                    long long count = 0, sum = 0;
                    std::int64_t v = 0;
                    bool ok = false;
                    while (a != nullptr || b != nullptr) {
                        int which;
                        if (b == nullptr) {
                            std::tie(v, ok) = a.recv2();
                            which = 0;
                        } else {
                            which = select(recv(a, v, ok), recv(b, v, ok));
                        }
                        if (ok) {
                            count++;
                            sum += v;
                        } else if (which == 0) {
                            a = nullptr;
                        } else {
                            if (!c1_close_begun->load()) t->early_eof++;
                            b = nullptr;
                        }
                    }
                    t->recv_count += count;
                    t->recv_sum += sum;
                    finished.send();
                });
            }
            go([=] {
                // Races with the producers: closes c1 after a while.
                std::mt19937 rng(static_cast<unsigned>(round));
                for (unsigned y = rng() % 2000; y > 0; y--)
                    gosched();
                c1_close_begun->store(true);
                c1.close();
                finished.send();
            });
            for (int i = 0; i < producers + consumers + 1; i++)
                finished.recv();
            INFO("round ", round);
            REQUIRE(t->early_panics == 0);
            REQUIRE(t->early_eof == 0);
            REQUIRE(t->sent_count == producers * per_producer);
            REQUIRE(t->recv_count == t->sent_count);
            REQUIRE(t->recv_sum == t->sent_sum);
            ops += 2 * t->recv_count;  // a send and a receive per value
            total_received += t->recv_count;
            total_panics += t->panics;
        }
        MESSAGE("values ", total_received, ", sends that panicked on the racing close ",
                total_panics);
        CHECK(ops >= target_ops);
        CHECK(total_panics > 0);
    }

    TEST_CASE(
        "stress cancel storm on a 1,000,000-node context tree: every node canceled once, every "
        "waiter woken") {
        debug::no_leaks_guard no_leaks(60s);
        figures fig{"1,000,000-node context tree"};
        // Fan-out 10, six levels below the root: 10 + 100 + ... + 10^6.
        constexpr int fanout = 10;
        constexpr int levels = 6;
        auto [root, cancel_root] = context::with_cancel(context::background());
        std::vector<context::Context> nodes;
        std::vector<context::CancelFunc> cancels;
        std::vector<std::size_t> level_start;
        nodes.reserve(1'111'111);
        cancels.reserve(1'111'111);
        std::size_t parents_begin = 0, parents_end = 0;
        for (int level = 1; level <= levels; level++) {
            level_start.push_back(nodes.size());
            std::size_t begin = nodes.size();
            if (level == 1) {
                for (int k = 0; k < fanout; k++) {
                    auto [c, cancel] = context::with_cancel(root);
                    nodes.push_back(c);
                    cancels.push_back(cancel);
                }
            } else {
                for (std::size_t p = parents_begin; p < parents_end; p++) {
                    for (int k = 0; k < fanout; k++) {
                        auto [c, cancel] = context::with_cancel(nodes[p]);
                        nodes.push_back(c);
                        cancels.push_back(cancel);
                    }
                }
            }
            parents_begin = begin;
            parents_end = nodes.size();
        }
        REQUIRE(nodes.size() == 1'111'110);
        MESSAGE("tree built: ", nodes.size(), " contexts, peak RSS ", peak_rss_mib(), " MiB");

        // 1,000 goroutines wait on leaves; 64 goroutines cancel random inner
        // nodes and leaves while the root is canceled.
        constexpr int waiters = 1000;
        sync::WaitGroup woken;
        woken.add(waiters);
        std::atomic<int> woken_with_canceled{0};
        for (int i = 0; i < waiters; i++) {
            context::Context leaf = nodes[level_start.back() + static_cast<std::size_t>(i) * 997];
            go([leaf, &woken, &woken_with_canceled] {
                leaf.done().recv();
                if (leaf.err() == context::canceled) woken_with_canceled++;
                woken.done();
            });
        }
        sync::WaitGroup storm;
        auto start = make_chan<void>();
        constexpr int cancelers = 64;
        storm.add(cancelers + 1);
        for (int g = 0; g < cancelers; g++) {
            go([&, g] {
                std::mt19937 rng(static_cast<unsigned>(g));
                start.recv();
                for (int i = 0; i < 2000; i++) {
                    cancels[rng() % cancels.size()]();
                    if (i % 64 == 0) gosched();
                }
                storm.done();
            });
        }
        go([&, cancel_root = cancel_root] {  // named: clang 14 cannot capture a binding
            start.recv();
            cancel_root();
            storm.done();
        });
        start.close();
        storm.wait();
        woken.wait();
        CHECK(woken_with_canceled == waiters);
        std::size_t not_canceled = 0, done_open = 0;
        for (const auto& c : nodes) {
            if (c.err() != context::canceled) not_canceled++;
            if (select(recv(c.done()), default_) != 0) done_open++;
        }
        CHECK(not_canceled == 0);
        CHECK(done_open == 0);
        CHECK(root.err() == context::canceled);
        // Canceling again is a no-op, as in Go.
        for (std::size_t i = 0; i < cancels.size(); i += 1000)
            cancels[i]();
        CHECK(nodes.front().err() == context::canceled);
    }

    TEST_CASE(
        "stress 1,000,000 timers created, reset and stopped concurrently: each fires exactly when "
        "it should") {
        debug::no_leaks_guard no_leaks(60s);
        figures fig{"1,000,000 timers"};
        constexpr int goroutines = 8;
        constexpr int per_goroutine = 125'000;
        struct counts {
            std::atomic<long> created{0}, reset_active{0}, stopped_active{0}, fired{0}, bad{0};
        };
        auto n = std::make_shared<counts>();
        sync::WaitGroup wg;
        wg.add(goroutines);
        for (int g = 0; g < goroutines; g++) {
            go([n, g, &wg] {
                std::mt19937 rng(static_cast<unsigned>(g));
                std::vector<time::Timer> timers;
                timers.reserve(per_goroutine);
                // Created far in the future, so none fires before its reset
                // and stop: both must then report the timer active.
                for (int i = 0; i < per_goroutine; i++) {
                    timers.push_back(time::new_timer(1h + std::chrono::milliseconds(rng() % 1000)));
                    n->created++;
                    if (i % 256 == 0) gosched();
                }
                for (int i = 0; i < per_goroutine; i++) {
                    if (timers[static_cast<std::size_t>(i)].reset(
                            2h + std::chrono::milliseconds(rng() % 1000)))
                        n->reset_active++;
                    if (i % 256 == 0) gosched();
                }
                // Every 100th timer is re-armed to fire in a few milliseconds
                // and must deliver exactly one value; the rest are stopped.
                std::vector<std::size_t> firing;
                for (int i = 0; i < per_goroutine; i++) {
                    const time::Timer& t = timers[static_cast<std::size_t>(i)];
                    if (i % 100 == 0) {
                        if (!t.reset(std::chrono::milliseconds(rng() % 5))) n->bad++;
                        firing.push_back(static_cast<std::size_t>(i));
                    } else if (t.stop()) {
                        n->stopped_active++;
                    }
                    if (i % 256 == 0) gosched();
                }
                for (std::size_t i : firing) {
                    timers[i].c.recv();
                    n->fired++;
                    if (timers[i].stop()) n->bad++;  // expired: stop reports false
                    if (timers[i].c.len() != 0) n->bad++;
                }
                wg.done();
            });
        }
        wg.wait();
        CHECK(n->created == 1'000'000);
        CHECK(n->reset_active == 1'000'000);
        CHECK(n->stopped_active == 1'000'000 - 10'000);
        CHECK(n->fired == 10'000);
        CHECK(n->bad == 0);
    }

    TEST_CASE(
        "stress 1,000,000 goroutines parked at once on one channel, then woken by its close") {
        debug::no_leaks_guard no_leaks(120s);
        figures fig{"1,000,000 parked goroutines"};
        constexpr int count = 1'000'000;
        const int before = num_goroutine();
        auto gate = make_chan<void>();
        auto woken = std::make_shared<std::atomic<long long>>(0);
        sync::WaitGroup started;
        sync::WaitGroup finished;
        started.add(count);
        finished.add(count);
        auto t0 = std::chrono::steady_clock::now();
        for (int i = 0; i < count; i++) {
            go([gate, woken, i, &started, &finished] {
                started.done();
                bool ok = gate.recv2();  // parks: nothing is sent, only the close wakes it
                if (!ok) *woken += i;
                finished.done();
            });
        }
        started.wait();
        // Every goroutine has run up to its receive and none can pass it
        // before the close: all are alive (parked, or about to park) at once.
        CHECK(num_goroutine() >= before + count);
        CHECK(*woken == 0);
        auto t1 = std::chrono::steady_clock::now();
        MESSAGE("1,000,000 goroutines started and parked in ",
                std::chrono::duration_cast<std::chrono::milliseconds>(t1 - t0).count(),
                " ms, peak RSS ", peak_rss_mib(), " MiB");
        gate.close();
        finished.wait();
        MESSAGE("all woken and finished in ",
                std::chrono::duration_cast<std::chrono::milliseconds>(
                    std::chrono::steady_clock::now() - t1)
                    .count(),
                " ms");
        CHECK(*woken == static_cast<long long>(count) * (count - 1) / 2);
    }
}
