// The runtime as a user sees it: where goroutines run, spawning at scale,
// num_goroutine(), what go() copies, gosched(), goexit(), defer; and, in
// subprocesses (tests/programs/rt_*.cpp), how a program ends: returning from
// main, an unrecovered panic, a deadlock.
#include "test_util.hpp"

#include <doctest/doctest.h>
#include <gocpp/debug_doctest.hpp>

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

using namespace gocpp;
using namespace std::chrono_literals;

namespace {

using steady = std::chrono::steady_clock;

std::vector<std::string> split_lines(const std::string& text) {
    std::vector<std::string> out;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);)
        out.push_back(line);
    return out;
}

// The first n lines of a program's output, joined with '\n'.
std::string first_lines(const std::string& text, std::size_t n) {
    auto all = split_lines(text);
    std::string out;
    for (std::size_t i = 0; i < n && i < all.size(); i++)
        out += all[i] + "\n";
    return out;
}

// What a program prints when it ends in Go's deadlock report with main blocked
// in a channel receive, after `printed` (its own output first).
std::string deadlock_in_receive_after(const std::string& printed) {
    return printed +
           "fatal error: all goroutines are asleep - deadlock!\n\n"
           "goroutine 1 [chan receive]:\n";
}

// Runs a test program and says how long it took.
struct timed_result {
    test_util::process_result r;
    std::chrono::milliseconds elapsed;
};
timed_result run_timed(const std::string& name, const std::string& args, int timeout_seconds = 20) {
    auto start = steady::now();
    auto r = test_util::run_program(name, args, timeout_seconds);
    return {r, std::chrono::duration_cast<std::chrono::milliseconds>(steady::now() - start)};
}

}  // namespace

TEST_SUITE("runtime") {
    // ---------------------------------------------------------------------------
    // Threads

    TEST_CASE("goroutines that block and resume run on every scheduler thread") {
        debug::no_leaks_guard no_leaks;
        const int procs = gomaxprocs();
        REQUIRE(procs >= 1);

        std::mutex mu;
        std::set<std::thread::id> all_threads;
        std::set<std::thread::id> ring_threads;
        std::atomic<int> threads_seen{0};
        auto record = [&](bool ring) {
            std::lock_guard lk(mu);
            all_threads.insert(std::this_thread::get_id());
            if (ring) ring_threads.insert(std::this_thread::get_id());
            threads_seen.store(static_cast<int>(all_threads.size()));
        };

        // 32 goroutines pass a token round a ring 100 times: each one blocks on
        // its own channel and resumes when its neighbour sends.
        constexpr int ring_size = 32;
        constexpr int rounds = 100;
        std::vector<chan<int>> ring;
        for (int i = 0; i < ring_size; i++)
            ring.push_back(make_chan<int>());
        auto result = make_chan<int>();
        for (int i = 0; i < ring_size; i++) {
            go([&, i, in = ring[i], out = ring[(i + 1) % ring_size]] {
                record(true);
                for (int r = 0; r < rounds; r++) {
                    int v = in.recv();
                    record(true);
                    if (i == ring_size - 1 && r == rounds - 1) {
                        result.send(v + 1);
                    } else {
                        out.send(v + 1);
                    }
                }
            });
        }
        // Four goroutines do CPU work without blocking until every scheduler
        // thread has run something. A goroutine that never blocks keeps its
        // thread, so the other threads must take the rest of the work.
        auto spun = make_chan<void>(4);
        const auto give_up = steady::now() + 10s;
        for (int k = 0; k < 4; k++) {
            go([&, spun] {
                volatile std::uint64_t x = 0;
                do {
                    record(false);
                    for (int j = 0; j < 10000; j++)
                        x = x + j;
                } while (threads_seen.load() < procs && steady::now() < give_up);
                spun.send();
            });
        }
        ring[0].send(0);
        CHECK(result.recv() == ring_size * rounds);
        for (int k = 0; k < 4; k++)
            spun.recv();

        std::lock_guard lk(mu);
        INFO("threads that ran the ring goroutines: ", ring_threads.size());
        CHECK(static_cast<int>(all_threads.size()) == procs);
        if (procs == 1) {
            // One scheduler thread: main's.
            CHECK(all_threads.count(std::this_thread::get_id()) == 1);
        }
    }

    TEST_CASE("a goroutine started by a goroutine that stays busy runs on another thread") {
        // main starts a goroutine and then computes without blocking. With a
        // second scheduler thread idle, the new goroutine must run there (Go
        // steals it); with one thread it has to wait, which is not checked.
        debug::no_leaks_guard no_leaks;
        std::atomic<bool> ran{false};
        go([&ran] { ran.store(true); });
        if (gomaxprocs() >= 2) {
            const auto give_up = steady::now() + 5s;
            while (!ran.load() && steady::now() < give_up) {
            }
            CHECK(ran.load());
        }
        CHECK(test_util::eventually([&ran] { return ran.load(); }));
    }

    // ---------------------------------------------------------------------------
    // Scale

    TEST_CASE("100,000 goroutines spawn, run and finish") {
        debug::no_leaks_guard no_leaks;
        const int base = num_goroutine();
        constexpr int n = 100'000;
        for (int round = 0; round < 2; round++) {
            CAPTURE(round);
            std::atomic<int> ran{0};
            std::atomic<long> sum{0};
            auto done = make_chan<void>();
            for (int i = 0; i < n; i++) {
                go([&ran, &sum, done, i] {
                    sum.fetch_add(i, std::memory_order_relaxed);
                    if (ran.fetch_add(1) + 1 == n) done.close();
                });
            }
            done.recv();
            CHECK(ran.load() == n);
            CHECK(sum.load() == static_cast<long>(n) * (n - 1) / 2);
            CHECK(test_util::eventually([base] { return num_goroutine() == base; }));
        }
    }

    TEST_CASE("a loop spawning thousands of goroutines lets them run as it goes") {
        debug::no_leaks_guard no_leaks;
        std::atomic<int> ran{0};
        sync::WaitGroup wg;
        auto spawn = [&](int n) {
            wg.add(n);
            for (int i = 0; i < n; i++) {
                go([&] {
                    ran.fetch_add(1);
                    wg.done();
                });
            }
        };
        spawn(100);
        if (gomaxprocs() == 1) {
            // A short loop runs to its end first, as in Go with one P.
            CHECK(ran.load() == 0);
        }
        wg.wait();
        REQUIRE(ran.load() == 100);
        spawn(20'000);
        if (gomaxprocs() == 1) {
            // Once hundreds are queued, the spawner went behind them (Go's
            // scheduler would have preempted it).
            CHECK(ran.load() > 100);
        }
        wg.wait();
        CHECK(ran.load() == 20'100);
    }

    TEST_CASE("a goroutine queued while main trades messages with another still gets to run") {
        debug::no_leaks_guard no_leaks;
        auto ping = make_chan<int>();
        auto pong = make_chan<int>();
        auto done = make_chan<void>();
        auto quit = make_chan<void>();
        go([=] {  // main's partner: answers every ping
            for (;;) {
                int v = 0;
                switch (select(recv(ping, v), recv(quit))) {
                    case 0:
                        pong.send(v);
                        break;
                    default:
                        return;
                }
            }
        });
        ping.send(1);
        pong.recv();
        // With another thread idle, go() queues the new goroutine where that
        // thread could take it; but main and the partner keep handing each
        // other this thread, and a short queue on a busy thread is left to
        // it. It must still get its turn here, within a bounded number of
        // rounds (61 picks from the pair: about 30 rounds).
        go([=] { done.close(); });
        bool closed = false;
        int rounds = 0;
        while (!closed && rounds < 1000) {
            switch (select(recv(done), send(ping, rounds))) {
                case 0:
                    closed = true;
                    break;
                default:
                    pong.recv();
                    ++rounds;
            }
        }
        CHECK(closed);
        quit.close();
    }

    TEST_CASE("10,000 goroutines parked at once all wake on one close") {
        debug::no_leaks_guard no_leaks;
        const int base = num_goroutine();
        constexpr int n = 10'000;
        auto gate = make_chan<void>();
        auto arrived = make_chan<void>(n);
        auto left = make_chan<int>(n);
        for (int i = 0; i < n; i++) {
            go([=] {
                arrived.send();
                gate.recv();
                left.send(i);
            });
        }
        for (int i = 0; i < n; i++)
            arrived.recv();
        CHECK(num_goroutine() == base + n);
        CHECK(left.len() == 0u);
        gate.close();
        long sum = 0;
        for (int i = 0; i < n; i++)
            sum += left.recv();
        CHECK(sum == static_cast<long>(n) * (n - 1) / 2);
    }

    // ---------------------------------------------------------------------------
    // num_goroutine

    TEST_CASE("num_goroutine counts from the go statement until the goroutine returns") {
        debug::no_leaks_guard no_leaks;
        const int before = num_goroutine();
        CHECK(before >= 1);  // main

        auto started = make_chan<int>(10);
        auto gate = make_chan<void>();
        for (int i = 0; i < 10; i++) {
            go([=] {
                started.send(i);
                gate.recv();
            });
        }
        // Counted from go(), before they have run.
        CHECK(num_goroutine() == before + 10);
        for (int i = 0; i < 10; i++)
            started.recv();
        // All ten parked on gate.
        CHECK(num_goroutine() == before + 10);
        gate.close();
        CHECK(test_util::eventually([before] { return num_goroutine() == before; }));
    }

    TEST_CASE("num_goroutine drops as each goroutine returns, not all at once") {
        debug::no_leaks_guard no_leaks;
        const int before = num_goroutine();
        std::vector<chan<void>> release;
        for (int i = 0; i < 5; i++) {
            auto c = make_chan<void>();
            release.push_back(c);
            go([c] { c.recv(); });
        }
        CHECK(num_goroutine() == before + 5);
        for (int i = 0; i < 5; i++) {
            release[i].send();
            const int want = before + 4 - i;
            CHECK(test_util::eventually([want] { return num_goroutine() == want; }));
        }
    }

    // ---------------------------------------------------------------------------
    // go()

    TEST_CASE("go copies its function and arguments at the go statement") {
        debug::no_leaks_guard no_leaks;
        auto out = make_chan<std::string>();

        int n = 1;
        std::string s = "before";
        go([](int v, const std::string& str,
              chan<std::string> o) { o.send(str + std::to_string(v)); },
           n, s, out);
        n = 2;
        s = "after";
        CHECK(out.recv() == "before1");

        struct functor {
            std::string label;
            chan<std::string> o;
            void operator()() const { o.send(label); }
        };
        functor f{"first", out};
        go(f);
        f.label = "changed";
        CHECK(out.recv() == "first");
    }

    TEST_CASE("go moves move-only arguments and std::ref shares a variable") {
        debug::no_leaks_guard no_leaks;
        auto out = make_chan<int>();

        auto p = std::make_unique<int>(7);
        go([](std::unique_ptr<int> q, chan<int> o) { o.send(*q); }, std::move(p), out);
        CHECK(p == nullptr);
        CHECK(out.recv() == 7);

        int shared = 0;
        auto done = make_chan<void>();
        go(
            [](int& r, chan<void> d) {
                r = 42;
                d.send();
            },
            std::ref(shared), done);
        done.recv();
        CHECK(shared == 42);
    }

    TEST_CASE("go destroys its copies of the arguments when the goroutine ends") {
        debug::no_leaks_guard no_leaks;
        static std::atomic<int> live{0};
        struct tracked {
            tracked() { live++; }
            tracked(const tracked&) { live++; }
            tracked(tracked&&) noexcept { live++; }
            ~tracked() { live--; }
        };
        auto done = make_chan<void>();
        {
            tracked t;
            go([](const tracked&, chan<void> d) { d.send(); }, t, done);
            CHECK(live.load() >= 2);
            done.recv();
        }
        CHECK(test_util::eventually([] { return live.load() == 0; }));
    }

    // ---------------------------------------------------------------------------
    // gosched

    TEST_CASE("gosched lets another goroutine run while main loops") {
        debug::no_leaks_guard no_leaks;
        std::atomic<bool> flag{false};
        go([&flag] { flag.store(true); });
        long spins = 0;
        while (!flag.load() && spins < 10'000'000) {
            gosched();
            spins++;
        }
        CHECK(flag.load());
    }

    TEST_CASE("gosched lets goroutines take turns: a yielding loop sees another's write") {
        debug::no_leaks_guard no_leaks;
        std::atomic<bool> flag{false};
        auto result = make_chan<bool>();
        go([&flag, result] {
            long spins = 0;
            while (!flag.load() && spins < 10'000'000) {
                gosched();
                spins++;
            }
            result.send(flag.load());
        });
        go([&flag] { flag.store(true); });
        CHECK(result.recv());
    }

    TEST_CASE("gosched in two looping goroutines lets main run") {
        // Two goroutines loop on gosched() until main, woken by their first
        // message, sets stop. They give up after 5 s, so a main that never gets
        // to run fails the test instead of hanging it.
        debug::no_leaks_guard no_leaks;
        std::atomic<bool> stop{false};
        auto started = make_chan<void>(2);
        auto gave_up = make_chan<bool>(2);
        const auto deadline = steady::now() + 5s;
        for (int k = 0; k < 2; k++) {
            go([&stop, started, gave_up, deadline] {
                started.send();
                while (!stop.load() && steady::now() < deadline)
                    gosched();
                gave_up.send(!stop.load());
            });
        }
        started.recv();
        stop.store(true);
        CHECK_FALSE(gave_up.recv());
        CHECK_FALSE(gave_up.recv());
    }

    TEST_CASE("a ready main runs while other goroutines keep each other busy") {
        // Two goroutines pass a value back and forth until main, woken by the
        // first of them, sets stop; every step blocks, so main must get a turn.
        // They give up after 5 s, so a starved main fails the test instead of
        // hanging it.
        debug::no_leaks_guard no_leaks;
        std::atomic<bool> stop{false};
        auto ping = make_chan<long>();
        auto pong = make_chan<long>();
        auto started = make_chan<void>(1);
        auto finished = make_chan<bool>(2);
        const auto deadline = steady::now() + 5s;
        go([=] {
            started.send();
            for (;;) {
                long v = ping.recv();
                if (v < 0) break;
                pong.send(v + 1);
            }
            finished.send(true);
        });
        go([=, &stop] {
            ping.send(0);
            bool by_main = true;
            for (;;) {
                long v = pong.recv();
                if (stop.load()) break;
                if (steady::now() > deadline) {
                    by_main = false;
                    break;
                }
                ping.send(v + 1);
            }
            ping.send(-1);
            finished.send(by_main);
        });
        started.recv();
        stop.store(true);
        CHECK(finished.recv());
        CHECK(finished.recv());
    }

    // ---------------------------------------------------------------------------
    // goexit

    TEST_CASE("goexit runs destructors and defers and ends only the calling goroutine") {
        debug::no_leaks_guard no_leaks;
        struct on_exit {
            std::function<void()> f;
            ~on_exit() { f(); }
        };
        const int before = num_goroutine();
        auto log = make_chan<std::string>(10);
        auto bystander = make_chan<int>();
        go([bystander] { bystander.send(bystander.recv() + 1); });

        go([log] {
            on_exit outer{[log] { log.send("outer destructor"); }};
            defer d{[log] { log.send("defer"); }};
            [&] {
                on_exit inner{[log] { log.send("inner destructor"); }};
                goexit();
                log.send("after goexit");  // not reached
            }();
            log.send("after the call");  // not reached
        });
        CHECK(log.recv() == "inner destructor");
        CHECK(log.recv() == "defer");
        CHECK(log.recv() == "outer destructor");
        // The other goroutine and main carry on.
        bystander.send(1);
        CHECK(bystander.recv() == 2);
        CHECK(test_util::eventually([before] { return num_goroutine() == before; }));
        CHECK(log.len() == 0u);
    }

    TEST_CASE("goexit from a goroutine started by a goroutine leaves its parent running") {
        debug::no_leaks_guard no_leaks;
        auto out = make_chan<std::string>(4);
        go([out] {
            auto child_done = make_chan<void>();
            go([out, child_done] {
                defer d{[child_done] { child_done.close(); }};
                goexit();
                out.send("child after goexit");
            });
            child_done.recv();
            out.send("parent continues");
        });
        CHECK(out.recv() == "parent continues");
    }

    // ---------------------------------------------------------------------------
    // defer

    TEST_CASE("defer runs at scope exit, last in first out") {
        std::vector<int> order;
        {
            defer a{[&] { order.push_back(1); }};
            defer b{[&] { order.push_back(2); }};
            defer c{[&] { order.push_back(3); }};
            CHECK(order.empty());
        }
        CHECK(order == std::vector<int>{3, 2, 1});
    }

    TEST_CASE("defer runs when a panic unwinds the scope, before the recover") {
        std::vector<std::string> order;
        try {
            defer a{[&] { order.push_back("first deferred"); }};
            defer b{[&] { order.push_back("second deferred"); }};
            panic("boom");
        } catch (const panic_error& e) {
            order.push_back(std::string("recovered ") + e.what());
        }
        CHECK(order ==
              std::vector<std::string>{"second deferred", "first deferred", "recovered boom"});
    }

    TEST_CASE("defer in a loop body runs at the end of each iteration (unlike Go)") {
        std::vector<int> order;
        for (int i = 0; i < 3; i++) {
            defer d{[&order, i] { order.push_back(i); }};
            order.push_back(10 + i);
        }
        CHECK(order == std::vector<int>{10, 0, 11, 1, 12, 2});
    }

    TEST_CASE("defer close(ch) in a goroutine ends the receiver's range") {
        debug::no_leaks_guard no_leaks;
        auto c = make_chan<int>();
        go([c] {
            defer closer{[c] { c.close(); }};
            for (int i = 1; i <= 3; i++)
                c.send(i);
        });
        std::vector<int> got;
        for (int v : c)
            got.push_back(v);
        CHECK(got == std::vector<int>{1, 2, 3});
    }

    // ---------------------------------------------------------------------------
    // How a program ends (subprocesses)

    TEST_CASE("returning from main ends the program at once while goroutines are blocked forever") {
        auto [r, elapsed] = run_timed("rt_exit", "blocked", 10);
        CHECK(r.exit_status == 0);
        CHECK(r.out == "goroutines about to block: 4\nmain returns\n");
        CHECK(elapsed < 5s);
    }

    TEST_CASE("returning from main ends the program at once while a goroutine loops on gosched") {
        auto [r, elapsed] = run_timed("rt_exit", "spin-yield", 10);
        CHECK(r.exit_status == 0);
        CHECK(r.out == "main returns\n");
        CHECK(elapsed < 5s);
    }

    TEST_CASE("returning from main ends the program at once while goroutines talk forever") {
        auto [r, elapsed] = run_timed("rt_exit", "busy", 10);
        CHECK(r.exit_status == 0);
        CHECK(r.out == "main returns\n");
        CHECK(elapsed < 5s);
    }

    TEST_CASE(
        "an exception escaping a goroutine is an unrecovered panic: message, goroutine, exit 2") {
        struct expectation {
            const char* mode;
            const char* message;
        };
        for (const auto& e :
             {expectation{"goroutine", "boom"}, expectation{"goroutine-std", "out of range: 7"},
              expectation{"goroutine-chan", "send on closed channel"},
              expectation{"goroutine-busy", "boom after 10000 round trips"}}) {
            // (plain copies: clang 14 cannot capture structured bindings)
            const auto mode = e.mode;
            const auto message = e.message;
            CAPTURE(mode);
            auto r = test_util::run_program("rt_panic", mode);
            CHECK(r.exit_status == 2);
            auto lines = split_lines(r.out);
            REQUIRE(lines.size() >= 4);
            CHECK(lines[0] == "before");
            CHECK(lines[1] == std::string("panic: ") + message);
            CHECK(lines[2] == "");
            CHECK(std::regex_match(lines[3], std::regex(R"(goroutine [0-9]+ \[running\]:)")));
            CHECK(lines[3] != "goroutine 1 [running]:");
            CHECK(r.out.find("unknown case") == std::string::npos);
        }
    }

    TEST_CASE(
        "two goroutines panicking at the same moment give one panic report, not two (100 runs)") {
        int interleaved = 0, malformed = 0, never_met = 0;
        std::string example;
        for (int run = 0; run < 100; run++) {
            auto r = test_util::run_program("rt_panic", "two-at-once");
            // Both goroutines were running, on two threads, when they panicked.
            if (r.out.find("never met") != std::string::npos) never_met++;
            auto lines = split_lines(r.out);
            int panics = 0;
            for (auto& l : lines)
                panics += l.rfind("panic: ", 0) == 0;
            const bool well_formed =
                r.exit_status == 2 && lines.size() >= 4 && lines[0] == "before" &&
                std::regex_match(lines[1], std::regex("panic: boom [01]")) && lines[2].empty() &&
                std::regex_match(lines[3], std::regex(R"(goroutine [0-9]+ \[running\]:)"));
            if (panics != 1) interleaved++;
            if (!well_formed) malformed++;
            if ((panics != 1 || !well_formed) && example.empty()) example = first_lines(r.out, 6);
        }
        INFO("first bad output:\n", example);
        CHECK(never_met == 0);
        CHECK(interleaved == 0);
        CHECK(malformed == 0);
    }

    TEST_CASE(
        "os_exit from a goroutine ends the program with its status at once, output kept, no "
        "defers") {
        auto r = test_util::run_program("rt_exit", "os-exit");
        CHECK(r.exit_status == 3);
        CHECK(r.out == "goroutine exits the program\n");
    }

    TEST_CASE("an exception escaping main is an unrecovered panic of goroutine 1") {
        auto r = test_util::run_program("rt_panic", "main");
        CHECK(r.exit_status == 2);
        CHECK(first_lines(r.out, 4) == "before\npanic: main gave up\n\ngoroutine 1 [running]:\n");
    }

    TEST_CASE("a panic in main's first gocpp call is an unrecovered panic of goroutine 1") {
        // probe_fatal send-closed-unrecovered: close(c); c <- 1 as the first
        // thing main does.
        auto r = test_util::run_program("rt_panic", "main-chan");
        CHECK(r.exit_status == 2);
        CHECK(first_lines(r.out, 4) ==
              "before\npanic: send on closed channel\n\ngoroutine 1 [running]:\n");
    }

    TEST_CASE("a program whose goroutines are all blocked stops with Go's deadlock report") {
        struct expectation {
            const char* mode;
            const char* goroutine_line;
        };
        for (const auto& e : {expectation{"select-empty", "goroutine 1 [select (no cases)]:"},
                              expectation{"nil-recv", "goroutine 1 [chan receive (nil chan)]:"},
                              expectation{"nil-send", "goroutine 1 [chan send (nil chan)]:"},
                              expectation{"unbuffered-self-send", "goroutine 1 [chan send]:"},
                              expectation{"mutual", "goroutine 1 [chan receive]:"},
                              expectation{"many", "goroutine 1 [chan send (nil chan)]:"},
                              expectation{"range", "goroutine 1 [chan receive]:"},
                              expectation{"forgot-send", "goroutine 1 [chan receive]:"}}) {
            // (plain copies: clang 14 cannot capture structured bindings)
            const auto mode = e.mode;
            const auto line = e.goroutine_line;
            CAPTURE(mode);
            auto r = test_util::run_program("rt_deadlock", mode);
            CHECK(r.exit_status == 2);
            CHECK(first_lines(r.out, 3) ==
                  std::string("fatal error: all goroutines are asleep - deadlock!\n\n") + line +
                      "\n");
        }
    }

    TEST_CASE("the deadlock report lists the other blocked goroutines with their wait reasons") {
        auto r = test_util::run_program("rt_deadlock", "mutual");
        CHECK(r.exit_status == 2);
        auto lines = split_lines(r.out);
        int chan_receive_blocks = 0;
        for (auto& l : lines) {
            if (std::regex_match(l, std::regex(R"(goroutine [0-9]+ \[chan receive\]:)")))
                chan_receive_blocks++;
        }
        CHECK(chan_receive_blocks == 2);

        r = test_util::run_program("rt_deadlock", "many");
        CHECK(r.exit_status == 2);
        lines = split_lines(r.out);
        int receivers = 0;
        for (auto& l : lines) {
            if (std::regex_match(l, std::regex(R"(goroutine [0-9]+ \[chan receive\]:)")))
                receivers++;
        }
        CHECK(receivers == 10);
    }

    TEST_CASE("a deadlock after heavy work on every thread is still reported") {
        auto r = test_util::run_program("rt_deadlock", "after-work");
        CHECK(r.exit_status == 2);
        // 20000 values through four +1 stages.
        CHECK(first_lines(r.out, 4) == deadlock_in_receive_after("sum 200070000\n"));
    }

    TEST_CASE(
        "goroutines asleep in Boost.Fiber's own sleep_for are alive: the issue's program "
        "exits 0 at once") {
        auto [r, elapsed] = run_timed("rt_fiber_wait", "issue", 20);
        CHECK(r.exit_status == 0);
        CHECK(r.out == "");
        CHECK(elapsed < 1s);
    }

    TEST_CASE("a goroutine blocked in a Boost.Fiber primitive is listed as \"fiber wait\"") {
        auto r = test_util::run_program("rt_fiber_wait", "states");
        CHECK(r.exit_status == 0);
        CHECK(r.out ==
              "main running\ngoroutine fiber wait\ngoroutine fiber wait\n"
              "goroutine fiber wait\n");
    }

    TEST_CASE("a deadlock on Boost.Fiber primitives is reported, and no goroutine as running") {
        auto r = test_util::run_program("rt_fiber_wait", "deadlock");
        CHECK(r.exit_status == 2);
        CHECK(first_lines(r.out, 3) ==
              "fatal error: all goroutines are asleep - deadlock!\n\ngoroutine 1 [fiber wait]:\n");
        int fiber_waits = 0;
        for (auto& l : split_lines(r.out)) {
            CHECK(l.find("[running]") == std::string::npos);
            if (std::regex_match(l, std::regex(R"(goroutine [0-9]+ \[fiber wait\]:)")))
                fiber_waits++;
        }
        CHECK(fiber_waits == 3);
    }

    TEST_CASE("the runtime's own helper threads leave the deadlock verdict on") {
        for (const char* mode : {"idle-helper", "ended-helper"}) {
            CAPTURE(mode);
            auto r = test_util::run_program("rt_helper_threads", mode);
            CHECK(r.exit_status == 2);
            CHECK(first_lines(r.out, 4) == deadlock_in_receive_after("main waits\n"));
        }
    }

    TEST_CASE("a thread the program started switches the deadlock verdict off while it exists") {
        auto r = test_util::run_program("rt_helper_threads", "foreign");
        CHECK(r.exit_status == 0);
        CHECK(r.out == "main waits\nclosed\n");
    }

    TEST_CASE("once the program's own thread has exited, the deadlock verdict is given") {
        // Nothing wakes the runtime when that thread exits: the idle wait
        // looks again by itself (deadlock.cpp keeps "alive" for a while).
        auto r = test_util::run_program("rt_helper_threads", "foreign-exits");
        CHECK(r.exit_status == 2);
        CHECK(first_lines(r.out, 4) == deadlock_in_receive_after("main waits\n"));
    }

}  // TEST_SUITE("runtime")

TEST_CASE("a plain std::thread can start goroutines, and they run while it waits") {
    debug::no_leaks_guard no_leaks;
    auto result = make_chan<int>();
    auto started = make_chan<int>(1);
    std::thread t([=] {
        go([=] { result.send(42); });
        // This thread blocks (its own thread) until main has the value: the
        // goroutine must run on a scheduler thread, not wait for this one.
        started.send(1);
    });
    CHECK(result.recv() == 42);
    CHECK(started.recv() == 1);
    t.join();
}
