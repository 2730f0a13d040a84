// time: Sleep, Timer, After, AfterFunc, Ticker, Tick and the Duration/Time
// strings, after Go 1.19's time/sleep_test.go, tick_test.go and
// time_test.go (conformance.md section 4, TIME-nn).
//
// Timing: where time is the behaviour, lower bounds are Go's (a timer never
// fires early) and upper bounds are generous, since the machine may be
// loaded. Tests labelled [timing] depend on the clock.
#include "test_util.hpp"

#include <gocpp/debug.hpp>
#include <gocpp/sync.hpp>
#include <gocpp/time.hpp>

#include <doctest/doctest.h>
#include <gocpp/debug_doctest.hpp>

#include <algorithm>
#include <atomic>
#include <csignal>
#include <memory>
#include <numeric>
#include <random>
#include <string>
#include <thread>
#include <unistd.h>
#include <vector>

using namespace gocpp;
using namespace std::chrono_literals;
using time::Duration;
using time::Time;
using steady = std::chrono::steady_clock;

namespace {

// A receive that fails the test instead of hanging.
template <class T>
bool recv_within(const recv_chan<T>& c, Duration bound, T* out = nullptr) {
    T v{};
    auto timeout = time::new_timer(bound);
    const bool got = select(recv(c, v), recv(timeout.c)) == 0;
    (void)timeout.stop();
    if (got && out != nullptr) *out = v;
    return got;
}

bool ready_now(const recv_chan<Time>& c) {
    return select(recv(c), default_) == 0;
}

}  // namespace

TEST_SUITE("time") {
    // ---------------------------------------------------------------------------
    // now, since, until, sleep

    TEST_CASE("now is monotonic, since and until measure from it") {
        Time a = time::now();
        Time b = time::now();
        CHECK(b >= a);
        CHECK(time::since(a) >= 0ns);
        CHECK(time::until(a + time::hour) > 59min);
        CHECK(time::until(a) <= 0ns);
        CHECK(time::hour == 3600s);
        CHECK(time::millisecond * 1000 == time::second);
    }

    TEST_CASE("TIME-10 [timing] sleep sleeps at least d, even when a signal arrives mid-sleep") {
        debug::no_leaks_guard no_leaks;
        // Go's TestSleep: SIGCHLD from another goroutine must not shorten it.
        const Duration delay = 100ms;
        go([delay] {
            time::sleep(delay / 2);
            kill(getpid(), SIGCHLD);
        });
        Time start = time::now();
        time::sleep(delay);
        Duration elapsed = time::since(start);
        CHECK(elapsed >= delay);
        CHECK(elapsed < 5s);
    }

    TEST_CASE("TIME-10 sleep of zero or a negative duration returns at once and never hangs") {
        debug::no_leaks_guard no_leaks;
        // Go's TestSleepZeroDeadlock: many goroutines sleeping 0 while others
        // block on channels.
        Time start = time::now();
        time::sleep(0s);
        time::sleep(-time::second);
        time::sleep(Duration::min());
        auto c = make_chan<int>();
        sync::WaitGroup wg;
        for (int i = 0; i < 100; i++) {
            wg.add(1);
            go([&wg, c] {
                defer _{[&] { wg.done(); }};
                for (int j = 0; j < 100; j++)
                    time::sleep(0s);
                c.send(1);
            });
        }
        for (int i = 0; i < 100; i++)
            c.recv();
        wg.wait();
        CHECK(time::since(start) < 5s);
    }

    TEST_CASE("[timing] sleep parks the goroutine, not its thread: 20 sleeps of 100 ms overlap") {
        debug::no_leaks_guard no_leaks;
        Time start = time::now();
        sync::WaitGroup wg;
        for (int i = 0; i < 20; i++) {
            wg.add(1);
            go([&wg] {
                time::sleep(100ms);
                wg.done();
            });
        }
        wg.wait();
        Duration elapsed = time::since(start);
        CHECK(elapsed >= 100ms);
        CHECK(elapsed < 1500ms);  // one after the other would take 2 s
    }

    TEST_CASE("a program whose goroutines all sleep is not deadlocked") {
        debug::no_leaks_guard no_leaks;
        auto done = make_chan<void>();
        go([done] {
            time::sleep(30ms);
            done.close();
        });
        time::sleep(10ms);
        done.recv();
    }

    // ---------------------------------------------------------------------------
    // Timer

    TEST_CASE("TIME-01 a timer's channel has capacity 1") {
        auto t = time::new_timer(time::hour);
        CHECK(t.c.cap() == 1);
        CHECK(t.c.len() == 0);
        CHECK(t.stop());
    }

    TEST_CASE("TIME-02 a fired timer's value stays buffered until received") {
        auto t = time::new_timer(1ms);
        CHECK(test_util::eventually([&] { return t.c.len() == 1; }));
        CHECK(t.c.len() == 1);
        Time v = t.c.recv();
        CHECK(v > Time{});
        CHECK(t.c.len() == 0);
    }

    TEST_CASE("TIME-03 stop returns true only for an active timer; a second stop is false") {
        auto t = time::new_timer(time::hour);
        CHECK(t.stop());
        CHECK_FALSE(t.stop());
        CHECK_FALSE(ready_now(t.c));
    }

    TEST_CASE("TIME-04 stop neither closes nor drains the channel; the drain idiom works") {
        auto t = time::new_timer(1ms);
        CHECK(test_util::eventually([&] { return t.c.len() == 1; }));
        CHECK_FALSE(t.stop());
        CHECK(t.c.len() == 1);
        // if !t.Stop() { <-t.C }
        if (!t.stop()) t.c.recv();
        CHECK(t.c.len() == 0);
        // Not closed: nothing more arrives.
        CHECK_FALSE(ready_now(t.c));
    }

    TEST_CASE(
        "TIME-05 reset of an active timer is true and it fires at the new time, not the old") {
        SUBCASE("moved earlier") {
            auto t = time::new_timer(time::hour);
            CHECK(t.reset(10ms));
            CHECK(recv_within(t.c, 5s));
        }
        SUBCASE("moved later") {
            auto t = time::new_timer(20ms);
            Time reset_at = time::now();
            CHECK(t.reset(300ms));
            Time fired{};
            REQUIRE(recv_within(t.c, 10s, &fired));
            CHECK(fired - reset_at >= 300ms);
        }
        SUBCASE("reset of an expired timer is false and re-arms it") {
            auto t = time::new_timer(1ms);
            t.c.recv();
            CHECK_FALSE(t.reset(time::hour));
            CHECK(t.stop());  // active again
        }
        SUBCASE("reset of a stopped timer is false and re-arms it") {
            auto t = time::new_timer(time::hour);
            CHECK(t.stop());
            CHECK_FALSE(t.reset(1ms));
            CHECK(recv_within(t.c, 5s));
        }
    }

    TEST_CASE("TIME-06 reset of an expired, drained timer fires again") {
        auto t = time::new_timer(1ms);
        t.c.recv();
        CHECK_FALSE(t.reset(1ms));
        CHECK(recv_within(t.c, 5s));
        CHECK_FALSE(t.reset(1ms));
        CHECK(recv_within(t.c, 5s));
    }

    TEST_CASE("TIME-07 a timer moved earlier is not lost") {
        // Go's TestTimerModifiedEarlier.
        const Duration past = time::until(Time{}) - time::hour;  // far in the past
        for (int i = 0; i < 1000; i++) {
            auto t = time::new_timer(time::hour);
            for (int j = 0; j < 10; j++) {
                if (!t.stop()) t.c.recv();
                (void)t.reset(past);
            }
            Time start = time::now();
            REQUIRE(recv_within(t.c, 10s));
            CHECK(time::since(start) < 8s);
        }
    }

    TEST_CASE(
        "TIME-08 random interleavings of new, drain, reset, stop on 100 timers lose nothing") {
        // Go's TestAdjustTimers.
        std::mt19937 rnd(static_cast<unsigned>(time::now().time_since_epoch().count()));
        std::vector<time::Timer> timers(100);
        std::vector<int> states(timers.size());
        std::vector<int> indices(timers.size());
        std::iota(indices.begin(), indices.end(), 0);
        std::shuffle(indices.begin(), indices.end(), rnd);
        int stop_false = 0;
        while (!indices.empty()) {
            const std::size_t ii =
                std::uniform_int_distribution<std::size_t>(0, indices.size() - 1)(rnd);
            const int i = indices[ii];
            time::Timer& t = timers[static_cast<std::size_t>(i)];
            const int state = states[static_cast<std::size_t>(i)]++;
            switch (state) {
                case 0:
                    t = time::new_timer(0s);
                    break;
                case 1:
                    t.c.recv();  // the timer is now idle
                    break;
                // Reset to various long durations, which we cancel.
                case 2:
                    CHECK_FALSE(t.reset(1min));
                    break;
                case 4:
                    CHECK_FALSE(t.reset(3min));
                    break;
                case 6:
                    CHECK_FALSE(t.reset(2min));
                    break;
                // Stop and drain a long-duration timer.
                case 3:
                case 5:
                case 7:
                    if (!t.stop()) {
                        stop_false++;
                        t.c.recv();
                    }
                    break;
                // A short timer that we expect to receive from promptly.
                case 8:
                    CHECK_FALSE(t.reset(0s));
                    break;
                case 9: {
                    Time start = time::now();
                    t.c.recv();
                    CHECK(time::since(start) < 2s);
                    break;
                }
                case 10:
                    indices[ii] = indices.back();
                    indices.pop_back();
                    break;
            }
        }
        CHECK(stop_false == 0);  // minute-long timers cannot have fired
    }

    TEST_CASE("TIME-09 zero and negative timers fire at once, 1000000 times in a row") {
        // Go's TestZeroTimer.
        Duration worst{};
        for (int i = 0; i < 1000000; i++) {
            Time start = time::now();
            auto t = time::new_timer(i % 2 == 0 ? 0s : -1s);
            t.c.recv();
            worst = std::max(worst, time::since(start));
        }
        CHECK(worst < 2s);
        time::after(0s).recv();
        time::after(-time::hour).recv();
    }

    TEST_CASE("TIME-11 TIME-27 [timing] after(d) delivers a time >= start + d, and >= d elapses") {
        // Go's TestAfter.
        const Duration delay = 100ms;
        Time start = time::now();
        Time end = time::after(delay).recv();
        CHECK(time::since(start) >= delay);
        CHECK(end - start >= delay);
        CHECK(end <= time::now());
    }

    TEST_CASE("TIME-27 the value sent is the firing time, never before the scheduled time") {
        for (Duration d : {0ms, 1ms, 5ms, 20ms}) {
            Time before = time::now();
            auto t = time::new_timer(d);
            Time v = t.c.recv();
            CHECK(v >= before + d);
            CHECK(v <= time::now());
        }
    }

    TEST_CASE("TIME-12 [timing] ten sequential after(20ms) take at least 200 ms") {
        // Go's TestAfterTick: between 0.9x and 3x; the upper bound here is
        // generous for a loaded machine.
        const Duration delta = 20ms;
        Time t0 = time::now();
        for (int i = 0; i < 10; i++)
            time::after(delta).recv();
        Duration elapsed = time::since(t0);
        CHECK(elapsed >= 10 * delta);
        CHECK(elapsed < 10 * delta * 10);
    }

    namespace {

    struct after_result {
        int slot = 0;
        Time t{};
    };

    // Go's testAfterQueuing: timers for shuffled slots arrive in slot order, each
    // within [target - delta/2, target + 10 delta].
    std::string after_queuing(Duration delta) {
        const int slots[] = {5, 3, 6, 6, 6, 1, 1, 2, 7, 9, 4, 8, 0};
        auto result = make_chan<after_result>(std::size(slots));
        Time t0 = time::now();
        for (int slot : slots) {
            auto ac = time::after(slot * delta);  // evaluated at the go statement, as in Go
            go([result, slot, ac] { result.send({slot, ac.recv()}); });
        }
        std::vector<after_result> got;
        for (std::size_t i = 0; i < std::size(slots); i++)
            got.push_back(result.recv());
        for (std::size_t i = 1; i < got.size(); i++) {
            if (got[i].slot < got[i - 1].slot) return "after calls returned out of order";
        }
        for (const after_result& r : got) {
            Duration dt = r.t - t0;
            Duration target = r.slot * delta;
            if (dt < target - delta / 2 || dt > target + delta * 10) {
                return "after(" + time::duration_string(target) + ") arrived at " +
                       time::duration_string(dt);
            }
        }
        return "";
    }

    }  // namespace

    TEST_CASE("TIME-13 [timing] after timers deliver in time order (retried with longer slots)") {
        debug::no_leaks_guard no_leaks;
        std::string err;
        for (Duration delta : {20ms, 50ms, 100ms, 200ms}) {
            err = after_queuing(delta);
            if (err.empty()) break;
            MESSAGE("retrying after: " << err);
        }
        CHECK(err == "");
    }

    TEST_CASE("TIME-14 [timing] stopped timers and after_funcs do not fire") {
        // Go's TestAfterStop.
        std::string err;
        for (int attempt = 0; attempt < 3; attempt++) {
            auto fired = make_chan<void>(1);
            auto t0 = time::new_timer(50ms);
            auto t1 = time::after_func(150ms, [fired] { select(send(fired), default_); });
            auto c2 = time::after(200ms);
            const bool stopped0 = t0.stop();
            const bool stopped1 = t1.stop();
            if (!stopped0 || !stopped1) {  // a very slow machine: try again
                err = "a timer fired before it was stopped";
                continue;
            }
            c2.recv();
            CHECK_FALSE(ready_now(t0.c));
            CHECK(select(recv(fired), default_) == 1);
            CHECK_FALSE(t1.stop());
            err.clear();
            break;
        }
        CHECK(err == "");
    }

    TEST_CASE("TIME-15 after_func runs f in its own goroutine: a chain of blocking fs progresses") {
        debug::no_leaks_guard no_leaks;
        // Go's TestAfterFunc, with each f sleeping 100 ms instead of 1 s, and the
        // sleeping goroutines waited for so that none outlives the test.
        std::atomic<int> i{10};
        auto c = make_chan<bool>();
        sync::WaitGroup sleepers;
        std::function<void()> f;
        f = [&] {
            if (--i >= 0) {
                sleepers.add(1);
                time::after_func(0s, f);
                time::sleep(100ms);
                sleepers.done();
            } else {
                c.send(true);
            }
        };
        Time start = time::now();
        time::after_func(0s, f);
        c.recv();
        CHECK(time::since(start) < 1s);  // the sleeps overlap
        sleepers.wait();
    }

    TEST_CASE(
        "TIME-16 an after_func timer: nil c, stop prevents f, reset after fire runs f again") {
        debug::no_leaks_guard no_leaks;
        auto stopped = time::after_func(time::hour, [] { FAIL("a stopped after_func ran"); });
        CHECK(stopped.c == nullptr);
        CHECK(stopped.stop());
        CHECK_FALSE(stopped.stop());

        auto ran = make_chan<int>(4);
        std::atomic<int> n{0};
        auto af = time::after_func(1ms, [&n, ran] { ran.send(++n); });
        CHECK(ran.recv() == 1);
        CHECK_FALSE(af.stop());
        CHECK_FALSE(af.reset(1ms));  // schedules f again
        CHECK(ran.recv() == 2);
    }

    TEST_CASE("TIME-16 stop after the fire does not wait for f, and f runs in a new goroutine") {
        debug::no_leaks_guard no_leaks;
        auto started = make_chan<void>();
        auto release = make_chan<void>();
        auto finished = make_chan<void>();
        const int before = num_goroutine();
        auto af = time::after_func(0s, [=] {
            started.send();
            release.recv();
            finished.close();
        });
        started.recv();
        CHECK(num_goroutine() == before + 1);
        CHECK_FALSE(af.stop());  // returns while f is blocked
        release.close();
        finished.recv();
        CHECK(test_util::eventually([&] { return num_goroutine() == before; }));
    }

    TEST_CASE("an after_func goroutine shows where after_func was called") {
        debug::no_leaks_guard no_leaks;
        auto where = make_chan<std::string>(1);
        const int line = __LINE__ + 1;
        time::after_func(0s, [where] {
            const std::int64_t self = detail::goroutine_id(detail::current());
            for (const auto& g : debug::goroutines()) {
                if (g.id == self) where.send(g.file + ":" + std::to_string(g.line));
            }
        });
        CHECK(where.recv() == std::string(__FILE__) + ":" + std::to_string(line));
    }

    TEST_CASE("TIME-17 [timing] 100 after_funcs stopped before their time never run") {
        debug::no_leaks_guard no_leaks;
        // Go's TestTimerStopStress, scaled from 2 s / 1 s.
        // Shared: a timer that was not stopped in time may run f after the test.
        auto ran = std::make_shared<std::atomic<int>>(0);
        std::vector<time::Timer> timers;
        for (int i = 0; i < 100; i++)
            timers.push_back(time::after_func(400ms, [ran] { (*ran)++; }));
        time::sleep(50ms);
        int stopped = 0;
        for (auto& t : timers)
            stopped += t.stop() ? 1 : 0;
        time::sleep(600ms);
        CHECK(ran->load() == 100 - stopped);  // exactly the ones not stopped in time
        CHECK(stopped == 100);
    }

    TEST_CASE("TIME-18 stop and reset of a zero Timer panic with Go's messages") {
        time::Timer z;
        CHECK(z.c == nullptr);
        CHECK_THROWS_WITH_AS((void)z.stop(), "time: Stop called on uninitialized Timer",
                             panic_error);
        CHECK_THROWS_WITH_AS((void)z.reset(1ns), "time: Reset called on uninitialized Timer",
                             panic_error);
    }

    TEST_CASE("TIME-25 after(d) fires although nothing keeps its timer") {
        auto c = time::after(5ms);
        CHECK(recv_within(c, 5s));
    }

    TEST_CASE("a timer and its copies are one timer") {
        auto t = time::new_timer(time::hour);
        time::Timer u = t;
        CHECK(u == t);
        CHECK(u.c == t.c);
        CHECK(u.stop());
        CHECK_FALSE(t.stop());
        CHECK_FALSE(time::new_timer(time::hour) == t);
    }

    TEST_CASE("a timer in select: the timeout case wins when nothing else is ready") {
        auto never = make_chan<int>();
        int v = 0;
        auto timeout = time::new_timer(10ms);
        CHECK(select(recv(never, v), recv(timeout.c)) == 1);
        // and loses when the other case is ready first
        auto ready = make_chan<int>(1);
        ready.send(7);
        auto late = time::new_timer(time::hour);
        CHECK(select(recv(ready, v), recv(late.c)) == 0);
        CHECK(v == 7);
        CHECK(late.stop());
    }

    TEST_CASE("a huge duration does not overflow: the timer stays pending") {
        auto t = time::new_timer(Duration::max());
        CHECK_FALSE(ready_now(t.c));
        CHECK(t.stop());
        auto u = time::new_timer(time::hour);
        CHECK(u.reset(Duration::max()));
        CHECK(u.stop());
    }

    TEST_CASE("pending timers are queue entries, not goroutines: 200000 created and stopped") {
        const std::int64_t before = detail::timers_pending();
        const int goroutines = num_goroutine();
        std::vector<time::Timer> timers;
        timers.reserve(200000);
        for (int i = 0; i < 200000; i++)
            timers.push_back(time::new_timer(time::hour + i * 1us));
        CHECK(detail::timers_pending() >= 200000);
        CHECK(num_goroutine() == goroutines);
        int stopped = 0;
        for (auto& t : timers)
            stopped += t.stop() ? 1 : 0;
        CHECK(stopped == 200000);
        CHECK(detail::timers_pending() <= before);
        timers.clear();
    }

    TEST_CASE("timers reset and stopped from goroutines on every thread fire once each") {
        // Each scheduler thread has a timer heap of its own, and a reset
        // moves a timer into the resetting thread's heap. Goroutines racing
        // on the same timers must never leave one in two heaps (it would
        // fire twice, or stay pending after its stop) or in none (it would
        // never fire).
        const std::int64_t before = detail::timers_pending();
        constexpr int kTimers = 256, kWorkers = 8, kOps = 20000;
        auto fired = std::make_shared<std::atomic<int>>(0);
        std::vector<time::Timer> timers;
        for (int i = 0; i < kTimers; ++i)
            timers.push_back(time::after_func(time::hour, [fired] { fired->fetch_add(1); }));
        sync::WaitGroup wg;
        wg.add(kWorkers);
        for (int w = 0; w < kWorkers; ++w) {
            go([&timers, &wg, w] {
                std::mt19937 rng(static_cast<unsigned>(w));
                for (int k = 0; k < kOps; ++k) {
                    const time::Timer& t = timers[rng() % kTimers];
                    if (rng() % 3 == 0) {
                        (void)t.stop();
                    } else {
                        (void)t.reset(time::hour);
                    }
                    if (k % 64 == 0) gosched();
                }
                wg.done();
            });
        }
        wg.wait();
        CHECK(detail::timers_pending() - before <= kTimers);
        CHECK(fired->load() == 0);
        for (const auto& t : timers)
            (void)t.reset(0ns);
        const auto give_up = std::chrono::steady_clock::now() + 10s;
        while (fired->load() < kTimers && std::chrono::steady_clock::now() < give_up)
            time::sleep(1ms);
        CHECK(fired->load() == kTimers);
        CHECK(detail::timers_pending() == before);
        for (const auto& t : timers)
            CHECK_FALSE(t.stop());
        time::sleep(20ms);
        CHECK(fired->load() == kTimers);
    }

    TEST_CASE("a dropped after_func still runs; a dropped timer still fires into its channel") {
        debug::no_leaks_guard no_leaks;
        auto ran = make_chan<int>(1);
        {
            time::after_func(1ms, [ran] { ran.send(1); });
        }
        CHECK(recv_within(recv_chan<int>(ran), 5s));
        recv_chan<Time> fired;
        { fired = time::new_timer(1ms).c; }
        CHECK(recv_within(fired, 5s));
    }

    TEST_CASE("a goroutine waiting on a stopped timer's channel is a deadlock") {
        auto r = test_util::run_program("time_deadlock");
        CHECK(r.exit_status == 2);
        CHECK(r.out.find("fatal error: all goroutines are asleep - deadlock!\n\ngoroutine 1 [chan "
                         "receive]:") != std::string::npos);
    }

    // ---------------------------------------------------------------------------
    // Who wakes for a timer: an idle thread watches its own heap, the
    // timekeeper the rest, and a thread owes the others a look before it runs
    // a goroutine that may not yield. Each case fails (the spinner gives up,
    // or the timer fires late) if a timer is left with nobody to wake for it.

    TEST_CASE("a goroutine that sleeps wakes on time while the next one on its thread spins") {
        // The sleeper's thread runs the spinner once the sleep parks, so it
        // must hand the sleep's timer to the other thread before that.
        // With one thread the spinner would starve the sleeper (no
        // preemption), which is not checked.
        if (gomaxprocs() >= 2) {
            debug::no_leaks_guard no_leaks;
            for (int round = 0; round < 20; round++) {
                CAPTURE(round);
                std::atomic<bool> woke{false};
                std::atomic<bool> gave_up{false};
                sync::WaitGroup wg;
                wg.add(2);
                go([&] {
                    go([&] {
                        const auto give_up = steady::now() + 5s;
                        while (!woke.load() && steady::now() < give_up) {
                        }
                        gave_up.store(!woke.load());
                        wg.done();
                    });
                    time::sleep(5ms);
                    woke.store(true);
                    wg.done();
                });
                wg.wait();
                REQUIRE_FALSE(gave_up.load());
            }
        }
    }

    TEST_CASE("a timer started by a goroutine that then spins fires on time on another thread") {
        if (gomaxprocs() >= 2) {
            debug::no_leaks_guard no_leaks;
            for (int round = 0; round < 20; round++) {
                CAPTURE(round);
                auto fired = std::make_shared<std::atomic<bool>>(false);
                auto gave_up = make_chan<bool>(1);
                go([fired, gave_up] {
                    auto t = time::after_func(5ms, [fired] { fired->store(true); });
                    const auto give_up = steady::now() + 5s;
                    while (!fired->load() && steady::now() < give_up) {
                    }
                    gave_up.send(!fired->load());
                });
                REQUIRE_FALSE(gave_up.recv());
            }
        }
    }

    TEST_CASE(
        "[timing] a timer started from a plain thread fires on time while main sleeps longer") {
        // main's sleep leaves thread 0 idle, watching its own heap until the
        // sleep ends; the plain thread's timer goes into that heap (thread
        // 0's) and is due long before: thread 0 must wake for it.
        debug::no_leaks_guard no_leaks;
        auto fired_after = std::make_shared<std::atomic<std::int64_t>>(-1);
        const auto start = steady::now();
        std::thread plain([fired_after, start] {
            std::this_thread::sleep_for(50ms);
            time::after_func(10ms, [fired_after, start] {
                fired_after->store(
                    std::chrono::duration_cast<std::chrono::milliseconds>(steady::now() - start)
                        .count());
            });
        });
        time::sleep(1500ms);
        plain.join();
        REQUIRE(test_util::eventually([fired_after] { return fired_after->load() >= 0; }));
        CAPTURE(fired_after->load());
        CHECK(fired_after->load() >= 60);
        CHECK(fired_after->load() < 1000);
    }
    // ---------------------------------------------------------------------------
    // Ticker

    TEST_CASE("TIME-19 a ticker's channel has capacity 1") {
        auto tk = time::new_ticker(time::hour);
        CHECK(tk.c.cap() == 1);
        tk.stop();
    }

    TEST_CASE("TIME-20 [timing] a slow receiver gets the oldest tick; the others are dropped") {
        Time start = time::now();
        auto tk = time::new_ticker(30ms);
        time::sleep(300ms);  // about ten periods unread
        tk.stop();
        CHECK(tk.c.len() == 1);
        Time first = tk.c.recv();
        CHECK(first - start >= 30ms);
        CHECK(first - start < 150ms);  // the newest would be about 300 ms
        CHECK_FALSE(ready_now(tk.c));  // only one was buffered
    }

    TEST_CASE("TIME-21 [timing] ticker timing with reset, and silence after stop") {
        // Go's TestTicker, retried with longer periods on a slow machine.
        struct param {
            int count;
            Duration delta;
        };
        std::string err;
        for (param p : {param{10, 20ms}, param{8, 50ms}, param{6, 100ms}}) {
            auto tk = time::new_ticker(p.delta);
            Time t0 = time::now();
            for (int i = 0; i < p.count / 2; i++)
                tk.c.recv();
            tk.reset(p.delta * 2);
            for (int i = p.count / 2; i < p.count; i++)
                tk.c.recv();
            tk.stop();
            Duration dt = time::since(t0);
            Duration target = 3 * p.delta * (p.count / 2);
            Duration slop = target * 3 / 10;
            if (dt < target - slop || dt > target + slop) {
                err = "ticks took " + time::duration_string(dt) + ", expected about " +
                      time::duration_string(target);
                MESSAGE("retrying ticker: " << err);
                continue;
            }
            time::sleep(2 * p.delta);
            if (ready_now(tk.c)) {
                err = "ticker did not shut down";
                continue;
            }
            err.clear();
            break;
        }
        CHECK(err == "");
    }

    TEST_CASE("TIME-22 new_ticker and reset panic for d <= 0; tick(d <= 0) is nil") {
        CHECK_THROWS_WITH_AS(time::new_ticker(0s), "non-positive interval for NewTicker",
                             panic_error);
        CHECK_THROWS_WITH_AS(time::new_ticker(-1s), "non-positive interval for NewTicker",
                             panic_error);
        auto tk = time::new_ticker(time::hour);
        CHECK_THROWS_WITH_AS(tk.reset(0s), "non-positive interval for Ticker.Reset", panic_error);
        CHECK_THROWS_WITH_AS(tk.reset(-1ns), "non-positive interval for Ticker.Reset", panic_error);
        tk.stop();
        CHECK(time::tick(0s) == nullptr);
        CHECK(time::tick(-1ns) == nullptr);
    }

    TEST_CASE("tick(d) ticks") {
        // tick's ticker can never be stopped: one long period keeps it harmless.
        auto c = time::tick(time::hour);
        CHECK(c != nullptr);
        CHECK(c.cap() == 1);
        CHECK_FALSE(ready_now(c));
    }

    TEST_CASE("TIME-23 stop of a zero or hand-built Ticker does nothing; reset of one panics") {
        time::Ticker z;
        CHECK(z.c == nullptr);
        z.stop();
        CHECK_THROWS_WITH_AS(z.reset(1s), "time: Reset called on uninitialized Ticker",
                             panic_error);
        // Go's TestTickerStopWithDirectInitialization: &Ticker{C: c}.
        auto c = make_chan<Time>();
        time::Ticker hand_built;
        hand_built.c = c;
        hand_built.stop();
        CHECK(hand_built.c == c);
    }

    TEST_CASE(
        "TIME-24 new, one tick, stop three times does not deadlock; reset restarts a stopped "
        "ticker") {
        // Go's TestTeardown.
        for (int i = 0; i < 3; i++) {
            auto tk = time::new_ticker(1ms);
            tk.c.recv();
            tk.stop();
        }
        auto tk = time::new_ticker(time::hour);
        tk.stop();
        tk.reset(5ms);
        CHECK(recv_within(tk.c, 5s));
        tk.stop();
    }

    TEST_CASE("[timing] ticker reset changes the period and restarts the count") {
        auto tk = time::new_ticker(time::hour);
        Time reset_at = time::now();
        tk.reset(30ms);
        Time first = tk.c.recv();
        Time second = tk.c.recv();
        tk.stop();
        CHECK(first - reset_at >= 30ms);
        // Ticks are due at reset + 30ms, + 60ms...: the second never comes
        // before its time, however late the first was delivered.
        CHECK(second - reset_at >= 60ms);
    }

    // ---------------------------------------------------------------------------
    // Strings

    TEST_CASE("duration_string prints Go's Duration.String()") {
        // Go's durationTests, plus the forms the context package prints.
        struct {
            const char* want;
            Duration d;
        } cases[] = {
            {"0s", 0ns},
            {"1ns", 1ns},
            {"1.1\xC2\xB5s", 1100ns},
            {"2.2ms", 2200us},
            {"3.3s", 3300ms},
            {"4m5s", 4min + 5s},
            {"4m5.001s", 4min + 5001ms},
            {"5h6m7.001s", 5h + 6min + 7001ms},
            {"8m0.000000001s", 8min + 1ns},
            {"2562047h47m16.854775807s", Duration::max()},
            {"-2562047h47m16.854775808s", Duration::min()},
            {"59m59.999862747s", 59min + 59999862747ns},
            {"10ms", 10ms},
            {"1.5s", 1500ms},
            {"-2m0s", -2min},
            {"1h0m0s", 1h},
            {"999ns", 999ns},
            {"-1.1\xC2\xB5s", -1100ns},
        };
        for (const auto& c : cases)
            CHECK(time::duration_string(c.d) == c.want);
    }

    TEST_CASE("time_string prints Go's Time.String() in the local zone") {
        // What Go 1.19 printed for time.Unix(0, ns).In(loc).String().
        struct {
            const char* zone;
            const char* want;
        } cases[] = {
            {"UTC",
             "1970-01-01 00:00:00 +0000 UTC\n"
             "2023-11-14 22:13:20.123456789 +0000 UTC\n"
             "2023-11-14 22:13:20.5 +0000 UTC\n"
             "2023-07-22 04:26:40.000000001 +0000 UTC\n"
             "2023-11-14 22:13:20 +0000 UTC\n"},
            {"Asia/Kolkata",
             "1970-01-01 05:30:00 +0530 IST\n"
             "2023-11-15 03:43:20.123456789 +0530 IST\n"
             "2023-11-15 03:43:20.5 +0530 IST\n"
             "2023-07-22 09:56:40.000000001 +0530 IST\n"
             "2023-11-15 03:43:20 +0530 IST\n"},
            {"America/New_York",
             "1969-12-31 19:00:00 -0500 EST\n"
             "2023-11-14 17:13:20.123456789 -0500 EST\n"
             "2023-11-14 17:13:20.5 -0500 EST\n"
             "2023-07-22 00:26:40.000000001 -0400 EDT\n"
             "2023-11-14 17:13:20 -0500 EST\n"},
            {"Asia/Dubai",
             "1970-01-01 04:00:00 +0400 +04\n"
             "2023-11-15 02:13:20.123456789 +0400 +04\n"
             "2023-11-15 02:13:20.5 +0400 +04\n"
             "2023-07-22 08:26:40.000000001 +0400 +04\n"
             "2023-11-15 02:13:20 +0400 +04\n"},
        };
        for (const auto& c : cases) {
            CAPTURE(c.zone);
            auto r = test_util::run_program("time_format", c.zone);
            REQUIRE(r.exit_status == 0);
            const std::string fixed = r.out.substr(0, std::string(c.want).size());
            CHECK(fixed == c.want);
            // The last line, now + 1h with its monotonic reading, e.g.
            // "2026-11-22 03:33:25.527744542 +0000 UTC m=+3600.001260218".
            const std::string last = r.out.substr(fixed.size());
            CHECK(last.find(" m=+3600.") != std::string::npos);
            CHECK(last.size() == last.find(" m=+3600.") + std::string(" m=+3600.").size() + 9 + 1);
        }
    }

    TEST_CASE("time_string of a steady time shows the seconds since the process started") {
        Time t = time::now() + time::hour;
        const std::string s = time::time_string(t);
        CHECK(s == time::time_string(t));  // one instant, one string
        const auto m = s.find(" m=+");
        REQUIRE(m != std::string::npos);
        const double secs = std::stod(s.substr(m + 4));
        CHECK(secs >= 3600.0);
        CHECK(secs < 3600.0 + 3600.0);  // the test binary has not run for an hour
        // Before the process started: a negative reading.
        CHECK(time::time_string(time::now() - 1000h).find(" m=-") != std::string::npos);
    }

}  // TEST_SUITE
