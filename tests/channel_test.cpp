// Channels as the Go spec, Go's runtime/chan_test.go and the memory model
// define them (conformance.md sections 2 and 2.1: CH-01..CH-31, MM-01..MM-05).
// Go's test/chan programs are in channel_programs_test.cpp, the stress tests
// in channel_stress_test.cpp, select in select_test.cpp.
#include "test_util.hpp"

#include <doctest/doctest.h>
#include <gocpp/debug_doctest.hpp>

#include <any>
#include <array>
#include <atomic>
#include <chrono>
#include <concepts>
#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <type_traits>
#include <vector>

using namespace gocpp;
using namespace std::chrono_literals;
using test_util::finishes_within;
using test_util::panic_message;
using test_util::settle;

namespace {

std::atomic<int> tracked_live{0};
// Counts its live instances: elements must be destroyed exactly once.
struct tracked {
    int v = 0;
    tracked() { tracked_live++; }
    explicit tracked(int x) : v(x) { tracked_live++; }
    tracked(const tracked& o) : v(o.v) { tracked_live++; }
    tracked(tracked&& o) noexcept : v(o.v) { tracked_live++; }
    tracked& operator=(const tracked&) = default;
    tracked& operator=(tracked&&) noexcept = default;
    ~tracked() { tracked_live--; }
};

constexpr int kCaps = 200;  // Go's TestChan checks capacities 0..199

}  // namespace

TEST_SUITE("channel") {
    // ---------------------------------------------------------------------------
    // make, len, cap, nil

    TEST_CASE("CH-01 make_chan gives capacity n, len counts queued values, cap never changes") {
        CHECK(make_chan<int>().cap() == 0u);
        for (int n = 0; n < kCaps; n++) {
            CAPTURE(n);
            auto c = make_chan<int>(n);
            CHECK(c.len() == 0u);
            CHECK(c.cap() == static_cast<std::size_t>(n));
            for (int i = 0; i < n; i++)
                c.send(i);
            CHECK(c.len() == static_cast<std::size_t>(n));
            CHECK(c.cap() == static_cast<std::size_t>(n));
            if (n > 0) {
                c.recv();
                CHECK(c.len() == static_cast<std::size_t>(n - 1));
            }
            c.close();
            CHECK(c.cap() == static_cast<std::size_t>(n));
            CHECK(c.len() == static_cast<std::size_t>(n > 0 ? n - 1 : 0));
        }
    }

    TEST_CASE("CH-02 make_chan with a negative size panics 'makechan: size out of range'") {
        std::int64_t n = -1;
        CHECK(panic_message([n] { make_chan<int>(n); }) == "makechan: size out of range");
        CHECK(panic_message([] { make_chan<void>(-5); }) == "makechan: size out of range");
        // It is a panic_error, which is a std::exception like Go's runtime.Error.
        CHECK_THROWS_AS(make_chan<std::string>(n), panic_error);
        CHECK_THROWS_AS(make_chan<std::string>(n), std::runtime_error);
    }

    TEST_CASE("CH-03 the zero channel is nil: len and cap 0, equal to nullptr") {
        chan<int> c;
        CHECK(c == nullptr);
        CHECK(c.len() == 0u);
        CHECK(c.cap() == 0u);
        chan<void> v;
        CHECK(v == nullptr);
        send_chan<int> s;
        recv_chan<int> r;
        CHECK(s == nullptr);
        CHECK(r == nullptr);
        chan<int> assigned = make_chan<int>(3);
        assigned = nullptr;
        CHECK(assigned == nullptr);
    }

    TEST_CASE("channels are handles: copies are the same channel, == compares identity") {
        auto a = make_chan<int>(1);
        auto b = a;
        auto other = make_chan<int>(1);
        CHECK(a == b);
        CHECK_FALSE(a == other);
        b.send(5);
        CHECK(a.len() == 1u);
        CHECK(a.recv() == 5);
        // Direction views of one channel are that channel.
        send_chan<int> s = a;
        recv_chan<int> r = a;
        CHECK(s == a);
        CHECK(r == a);
        s.send(6);
        CHECK(r.recv() == 6);
    }

    // ---------------------------------------------------------------------------
    // Blocking

    TEST_CASE(
        "CH-04 CH-05 receiving from an empty channel blocks and a non-blocking receive takes "
        "default, caps 0..199") {
        debug::no_leaks_guard no_leaks;
        std::vector<chan<int>> cs;
        std::atomic<int> received{0};
        auto about_to_block = make_chan<void>(2 * kCaps);
        auto finished = make_chan<void>(2 * kCaps);
        for (int n = 0; n < kCaps; n++) {
            auto c = make_chan<int>(n);
            cs.push_back(c);
            go([=, &received] {
                about_to_block.send();
                c.recv();
                received++;
                finished.send();
            });
            go([=, &received] {
                about_to_block.send();
                auto [v, ok] = c.recv2();
                (void)v;
                (void)ok;
                received++;
                finished.send();
            });
        }
        for (int i = 0; i < 2 * kCaps; i++)
            about_to_block.recv();
        settle();
        CHECK(received.load() == 0);
        for (auto& c : cs) {
            int v = -1;
            bool ok = true;
            CHECK(select(recv(c), default_) == 1);
            CHECK(select(recv(c, v, ok), default_) == 1);
            CHECK(v == -1);
            CHECK(ok);
        }
        for (auto& c : cs) {
            c.send(0);
            c.send(0);
        }
        for (int i = 0; i < 2 * kCaps; i++)
            finished.recv();
        CHECK(received.load() == 2 * kCaps);
    }

    TEST_CASE(
        "CH-06 CH-07 sending to a full channel blocks and a non-blocking send takes default, caps "
        "0..199") {
        debug::no_leaks_guard no_leaks;
        std::vector<chan<int>> cs;
        std::atomic<int> sent{0};
        auto about_to_block = make_chan<void>(kCaps);
        auto finished = make_chan<void>(kCaps);
        for (int n = 0; n < kCaps; n++) {
            auto c = make_chan<int>(n);
            for (int i = 0; i < n; i++)
                c.send(i);
            cs.push_back(c);
            go([=, &sent] {
                about_to_block.send();
                c.send(-1);
                sent++;
                finished.send();
            });
        }
        for (int i = 0; i < kCaps; i++)
            about_to_block.recv();
        settle();
        CHECK(sent.load() == 0);
        for (auto& c : cs)
            CHECK(select(send(c, 0), default_) == 1);
        for (int n = 0; n < kCaps; n++) {
            CAPTURE(n);
            // The oldest value comes first; the blocked sender's value last.
            CHECK(cs[n].recv() == (n == 0 ? -1 : 0));
        }
        for (int i = 0; i < kCaps; i++)
            finished.recv();
        CHECK(sent.load() == kCaps);
        for (int n = 1; n < kCaps; n++) {
            CHECK(cs[n].len() == static_cast<std::size_t>(n));
            for (int i = 1; i < n; i++)
                CHECK(cs[n].recv() == i);
            CHECK(cs[n].recv() == -1);
        }
    }

    TEST_CASE("CH-07 an unbuffered send with no receiver waiting takes default") {
        auto u = make_chan<int>();
        CHECK(select(send(u, 1), default_) == 1);
        auto v = make_chan<void>();
        CHECK(select(send(v), default_) == 1);
    }

    // ---------------------------------------------------------------------------
    // close

    TEST_CASE(
        "CH-08 after close, buffered values come first in order, then zero values with ok false") {
        for (int n = 0; n < kCaps; n++) {
            CAPTURE(n);
            auto c = make_chan<int>(n);
            for (int i = 0; i < n; i++)
                c.send(i + 1);
            c.close();
            for (int i = 0; i < n; i++) {
                auto [v, ok] = c.recv2();
                CHECK(v == i + 1);
                CHECK(ok);
            }
            CHECK(c.recv() == 0);
            for (int k = 0; k < 3; k++) {
                auto [v, ok] = c.recv2();
                CHECK(v == 0);
                CHECK_FALSE(ok);
            }
            CHECK(c.len() == 0u);
        }
        auto s = make_chan<std::string>(2);
        s.send("a");
        s.close();
        CHECK(s.recv() == "a");
        CHECK(s.recv() == "");
        auto [v, ok] = s.recv2();
        CHECK(v == "");
        CHECK_FALSE(ok);
        auto sig = make_chan<void>(1);
        sig.send();
        sig.close();
        CHECK(sig.recv2());
        CHECK_FALSE(sig.recv2());
    }

    TEST_CASE("CH-09 close wakes every blocked receiver with the zero value and ok false") {
        debug::no_leaks_guard no_leaks;
        for (int n : {0, 1, 5, 100}) {
            CAPTURE(n);
            auto c = make_chan<int>(n);
            auto about_to_block = make_chan<void>(20);
            auto results = make_chan<bool>(20);
            for (int k = 0; k < 5; k++) {
                go([=] {
                    about_to_block.send();
                    results.send(c.recv() == 0);
                });
                go([=] {
                    about_to_block.send();
                    auto [v, ok] = c.recv2();
                    results.send(v == 0 && !ok);
                });
                go([=] {
                    about_to_block.send();
                    int count = 0;
                    for (int v : c)
                        count += v + 1;
                    results.send(count == 0);
                });
                go([=] {
                    about_to_block.send();
                    int v = -1;
                    bool ok = true;
                    int chosen = select(recv(c, v, ok));
                    results.send(chosen == 0 && v == 0 && !ok);
                });
            }
            for (int i = 0; i < 20; i++)
                about_to_block.recv();
            settle(5ms);
            c.close();
            for (int i = 0; i < 20; i++)
                CHECK(results.recv());
        }
    }

    TEST_CASE("CH-09 close wakes blocked senders, which panic 'send on closed channel'") {
        debug::no_leaks_guard no_leaks;
        for (int n : {0, 1, 3}) {
            CAPTURE(n);
            auto c = make_chan<int>(n);
            for (int i = 0; i < n; i++)
                c.send(i);
            auto about_to_block = make_chan<void>(4);
            auto results = make_chan<std::string>(4);
            for (int k = 0; k < 2; k++) {
                go([=] {
                    about_to_block.send();
                    results.send(panic_message([&] { c.send(99); }));
                });
                go([=] {
                    about_to_block.send();
                    results.send(panic_message([&] { select(send(c, 99)); }));
                });
            }
            for (int i = 0; i < 4; i++)
                about_to_block.recv();
            settle(5ms);
            c.close();
            for (int i = 0; i < 4; i++)
                CHECK(results.recv() == "send on closed channel");
            // The buffered values are still there; the failed sends left nothing.
            for (int i = 0; i < n; i++)
                CHECK(c.recv() == i);
            CHECK_FALSE(c.recv2().ok);
        }
    }

    TEST_CASE("CH-10 receiving from a closed channel never blocks (10 times with each form)") {
        debug::no_leaks_guard no_leaks;
        auto closed = make_chan<int>();
        closed.close();
        bool all_zero = true;
        CHECK(finishes_within(
            [closed, &all_zero] {
                for (int i = 0; i < 10; i++) {
                    if (closed.recv() != 0) all_zero = false;
                    auto [v, ok] = closed.recv2();
                    if (v != 0 || ok) all_zero = false;
                    int x = -1;
                    bool okx = true;
                    select(recv(closed, x, okx));
                    if (x != 0 || okx) all_zero = false;
                }
            },
            10s));
        CHECK(all_zero);
    }

    TEST_CASE(
        "CH-11 range receives every buffered value, then ends when the channel is closed and "
        "drained") {
        debug::no_leaks_guard no_leaks;
        auto c = make_chan<std::string>(2);
        c.send("a");
        c.send("b");
        c.close();
        std::vector<std::string> got;
        for (const auto& s : c)
            got.push_back(s);
        CHECK(got == std::vector<std::string>{"a", "b"});

        // With a sender that blocks on a full buffer part way.
        auto f = make_chan<int>(2);
        go([f] {
            for (int i = 0; i < 5; i++)
                f.send(i);
            f.close();
        });
        std::vector<int> nums;
        for (int v : f)
            nums.push_back(v);
        CHECK(nums == std::vector<int>{0, 1, 2, 3, 4});

        // A recv_chan ranges too.
        auto g = make_chan<int>(3);
        g.send(7);
        g.close();
        recv_chan<int> r = g;
        int count = 0;
        for (int v : r)
            count += v;
        CHECK(count == 7);
    }

    TEST_CASE(
        "CH-12 one sender's 100 values arrive in order, for caps 0..199, with both receive forms") {
        debug::no_leaks_guard no_leaks;
        for (int n = 0; n < kCaps; n++) {
            CAPTURE(n);
            auto c = make_chan<int>(n);
            go([c] {
                for (int i = 0; i < 100; i++)
                    c.send(i);
            });
            bool in_order = true;
            for (int i = 0; i < 100; i++)
                in_order &= c.recv() == i;
            CHECK(in_order);
            go([c] {
                for (int i = 0; i < 100; i++)
                    c.send(i);
            });
            for (int i = 0; i < 100; i++) {
                auto [v, ok] = c.recv2();
                in_order &= ok && v == i;
            }
            CHECK(in_order);
        }
    }

    TEST_CASE("CH-13 unbuffered FIFO: a daisy chain of 10 receivers gets 0..9 in send order") {
        // fifo.go SynchFifo: receiver i starts receiving only after receiver
        // i-1 has received, so the values must arrive in send order.
        debug::no_leaks_guard no_leaks;
        constexpr int n = 10;
        auto ch = make_chan<int>();
        auto in = make_chan<int>();
        auto start = in;
        auto wrong = make_chan<int>(n);
        for (int i = 0; i < n; i++) {
            auto out = make_chan<int>();
            go([=] {
                in.recv();
                if (int v = ch.recv(); v != i) wrong.send(v);
                out.send(1);
            });
            in = out;
        }
        start.send(0);
        for (int i = 0; i < n; i++)
            ch.send(i);
        in.recv();
        CHECK(wrong.len() == 0u);
    }

    TEST_CASE(
        "small plain values of every size keep every byte through buffer, handoff and select") {
        // Elements of 1, 2, 4, 8 and 16 bytes are copied inline; others by
        // their move constructor. Both must deliver the same values.
        struct pair16 {
            std::int64_t a;
            std::int64_t b;
        };
        struct odd3 {
            unsigned char c[3];
        };
        auto round_trip = [](auto make, int n) {
            using T = decltype(make(0));
            auto buffered = make_chan<T>(4);
            auto unbuffered = make_chan<T>();
            go([=] {
                for (int i = 0; i < n; i++) {
                    buffered.send(make(i));
                    unbuffered.send(make(i + 1000));
                }
                buffered.close();
            });
            auto same = [](const T& a, const T& b) { return std::memcmp(&a, &b, sizeof(T)) == 0; };
            bool ok = true;
            for (int i = 0; i < n; i++) {
                ok = ok && same(buffered.recv(), make(i));
                T got{};
                select(recv(unbuffered, got));
                ok = ok && same(got, make(i + 1000));
            }
            return ok && !buffered.recv2().ok;
        };
        CHECK(round_trip([](int i) { return static_cast<std::uint8_t>(i * 7); }, 300));
        CHECK(round_trip([](int i) { return static_cast<std::int16_t>(-i * 301); }, 300));
        CHECK(round_trip([](int i) { return static_cast<float>(i) / 3; }, 300));
        CHECK(round_trip([](int i) { return static_cast<std::int64_t>(i) << 40 | i; }, 300));
        CHECK(round_trip([](int i) { return pair16{i, -static_cast<std::int64_t>(i) * 3}; }, 300));
        CHECK(round_trip(
            [](int i) {
                odd3 v{};
                v.c[0] = static_cast<unsigned char>(i);
                v.c[1] = static_cast<unsigned char>(i >> 8);
                v.c[2] = 0xA5;
                return v;
            },
            300));
    }

    TEST_CASE("CH-13 buffered FIFO: values come out in the order they went in") {
        // fifo.go AsynchFifo
        constexpr int n = 10;
        auto ch = make_chan<int>(n);
        for (int i = 0; i < n; i++)
            ch.send(i);
        for (int i = 0; i < n; i++)
            CHECK(ch.recv() == i);
    }

    // ---------------------------------------------------------------------------
    // Panics

    TEST_CASE(
        "CH-15 sending on a closed channel panics 'send on closed channel', also as a chosen "
        "select case") {
        auto c = make_chan<int>(1);
        c.close();
        CHECK(panic_message([&] { c.send(1); }) == "send on closed channel");
        CHECK(panic_message([&] { select(send(c, 1)); }) == "send on closed channel");
        CHECK(panic_message([&] { select(send(c, 1), default_); }) == "send on closed channel");
        auto u = make_chan<void>();
        u.close();
        CHECK(panic_message([&] { u.send(); }) == "send on closed channel");
        CHECK_THROWS_AS(c.send(1), panic_error);
        // The channel still works as a closed channel afterwards.
        CHECK_FALSE(c.recv2().ok);
    }

    TEST_CASE("CH-16 closing a closed channel or a nil channel panics with Go's messages") {
        auto c = make_chan<int>();
        c.close();
        CHECK(panic_message([&] { c.close(); }) == "close of closed channel");
        chan<int> nil;
        CHECK(panic_message([&] { nil.close(); }) == "close of nil channel");
        send_chan<int> nil_send;
        CHECK(panic_message([&] { nil_send.close(); }) == "close of nil channel");
        chan<void> nil_void;
        CHECK(panic_message([&] { nil_void.close(); }) == "close of nil channel");
    }

    // ---------------------------------------------------------------------------
    // Blocking forever (subprocesses: the deadlock report proves the block)

    TEST_CASE(
        "CH-17 SEL-04 SEL-05 SEL-06 SEL-08 operations that block forever are reported as a "
        "deadlock") {
        struct expectation {
            const char* mode;
            const char* goroutine_line;
        };
        for (const auto& e : {expectation{"nil-recv2", "goroutine 1 [chan receive (nil chan)]:"},
                              expectation{"nil-range", "goroutine 1 [chan receive (nil chan)]:"},
                              expectation{"nil-send-void", "goroutine 1 [chan send (nil chan)]:"},
                              expectation{"recv-empty", "goroutine 1 [chan receive]:"},
                              expectation{"send-full", "goroutine 1 [chan send]:"},
                              expectation{"select-empty", "goroutine 1 [select (no cases)]:"},
                              expectation{"select-nil", "goroutine 1 [select]:"},
                              expectation{"select-self", "goroutine 1 [select]:"},
                              expectation{"select-not-ready", "goroutine 1 [select]:"}}) {
            // (plain copies: clang 14 cannot capture structured bindings)
            const auto mode = e.mode;
            const auto line = e.goroutine_line;
            CAPTURE(mode);
            auto r = test_util::run_program("chan_forever", mode);
            CHECK(r.exit_status == 2);
            CHECK(
                r.out.rfind(std::string("fatal error: all goroutines are asleep - deadlock!\n\n") +
                                line + "\n",
                            0) == 0);
        }
    }

    // ---------------------------------------------------------------------------
    // Races and scale

    TEST_CASE(
        "CH-20 a non-blocking receive of a ready value succeeds while main closes and drains "
        "(10,000 times)") {
        debug::no_leaks_guard no_leaks;
        auto failures = make_chan<int>(10'000);
        for (int i = 0; i < 10'000; i++) {
            auto c = make_chan<int>(1);
            c.send(1);
            auto done = make_chan<void>();
            go([=] {
                if (select(recv(c), default_) == 1) failures.send(i);
                done.close();
            });
            c.close();
            c.recv();
            done.recv();
        }
        CHECK(failures.len() == 0u);
    }

    TEST_CASE("CH-22 a daisy chain of 10,000 goroutines passes one value through (goroutines.go)") {
        debug::no_leaks_guard no_leaks;
        constexpr int n = 10'000;
        auto leftmost = make_chan<int>();
        auto left = leftmost;
        auto right = leftmost;
        for (int i = 0; i < n; i++) {
            right = make_chan<int>();
            go([](chan<int> l, chan<int> r) { l.send(r.recv()); }, left, right);
            left = right;
        }
        go([](chan<int> c) { c.send(1); }, right);
        CHECK(leftmost.recv() == 1);
    }

    // ---------------------------------------------------------------------------
    // Element types

    TEST_CASE(
        "CH-26 channels of zero-size elements: chan<void> and empty structs, buffered and "
        "unbuffered") {
        debug::no_leaks_guard no_leaks;
        struct empty {};
        auto a = make_chan<void>();
        auto b = make_chan<void>(1);
        auto c = make_chan<empty>();
        auto d = make_chan<empty>(1);
        auto e = make_chan<std::array<int, 0>>(1);
        b.send();
        CHECK(b.len() == 1u);
        CHECK(select(send(b), default_) == 1);
        b.recv();
        CHECK(b.len() == 0u);
        d.send(empty{});
        CHECK(d.len() == 1u);
        d.recv();
        e.send({});
        CHECK(e.len() == 1u);
        e.recv();
        go([=] {
            a.send();
            c.send(empty{});
            a.close();
        });
        a.recv();
        c.recv();
        CHECK_FALSE(a.recv2());
    }

    TEST_CASE(
        "CH-27 a non-blocking send of a pointer or an any to a full channel takes default and "
        "keeps the value intact") {
        struct mt {};
        auto m = std::make_shared<mt>();
        auto c = make_chan<std::any>(1);
        c.send(m);
        CHECK(m.use_count() == 2);
        CHECK(select(send(c, std::any(m)), default_) == 1);
        CHECK(select(send(c, std::any(m)), send(c, std::any(std::make_shared<mt>())), default_) ==
              2);
        // The copies made for the unchosen cases are gone; the queued one is intact.
        CHECK(m.use_count() == 2);
        auto got = std::any_cast<std::shared_ptr<mt>>(c.recv());
        CHECK(got == m);

        int x = 5;
        auto p = make_chan<int*>(1);
        p.send(&x);
        CHECK(select(send(p, &x), default_) == 1);
        CHECK(p.recv() == &x);
    }

    TEST_CASE("move-only elements move through buffered and unbuffered channels") {
        debug::no_leaks_guard no_leaks;
        auto b = make_chan<std::unique_ptr<int>>(2);
        b.send(std::make_unique<int>(1));
        b.send(std::make_unique<int>(2));
        CHECK(*b.recv() == 1);
        CHECK(*b.recv() == 2);
        auto u = make_chan<std::unique_ptr<int>>();
        go([u] { u.send(std::make_unique<int>(3)); });
        auto [p, ok] = u.recv2();
        CHECK(ok);
        CHECK(*p == 3);
        u.close();
        CHECK(u.recv() == nullptr);
    }

    TEST_CASE(
        "every element is destroyed exactly once: received, left in a buffer, or refused by a "
        "closed channel") {
        debug::no_leaks_guard no_leaks;
        REQUIRE(tracked_live.load() == 0);
        {
            auto c = make_chan<tracked>(5);
            for (int i = 0; i < 3; i++)
                c.send(tracked(i));
            CHECK(c.recv().v == 0);
            auto u = make_chan<tracked>();
            go([u] { u.send(tracked(7)); });
            CHECK(u.recv().v == 7);
            c.close();
            CHECK(panic_message([&] { c.send(tracked(9)); }) == "send on closed channel");
            CHECK(select(send(u, tracked(8)), default_) == 1);
        }  // c is dropped with two values still buffered
        CHECK(test_util::eventually([] { return tracked_live.load() == 0; }));
    }

    TEST_CASE(
        "CH-28 pointers into a blocked goroutine's stack stay valid while other goroutines run") {
        debug::no_leaks_guard no_leaks;
        auto addr = make_chan<int*>();
        auto wrote = make_chan<void>();
        auto result = make_chan<long>();
        go([=] {
            int local[64] = {};
            addr.send(local);  // blocks until the writer has the address
            wrote.recv();      // blocked while the writer uses local
            long sum = 0;
            for (int v : local)
                sum += v;
            result.send(sum);
        });
        go([=] {
            int* p = addr.recv();
            // Deep recursion on this goroutine's own stack in between.
            std::function<int(int)> depth = [&](int n) {
                volatile char pad[256] = {};
                return n == 0 ? static_cast<int>(pad[0]) : depth(n - 1) + 1;
            };
            const int levels = depth(200);
            for (int i = 0; i < 64; i++)
                p[i] = i + (levels - 200);
            wrote.send();
        });
        CHECK(result.recv() == 63 * 64 / 2);
    }

    TEST_CASE(
        "CH-29 channels of channels: (<-cc) <- 2 in a select; c <- false || true sends true") {
        auto cc = make_chan<chan<int>>(1);
        auto c = make_chan<int>(1);
        cc.send(c);
        // Go: select { case <-cc <- 2: default: panic("nonblock") }
        CHECK(select(send(cc.recv(), 2), default_) == 0);
        CHECK(c.recv() == 2);

        auto b = make_chan<bool>(1);
        b.send(false || true);
        CHECK(b.recv());
    }

    // CH-30: direction rules are compile-time (Go's perm.go).
    template <class C>
    concept can_recv = requires(const C& c) {
        c.recv();
    };
    template <class C>
    concept can_recv2 = requires(const C& c) {
        c.recv2();
    };
    template <class C>
    concept can_send = requires(const C& c, int v) {
        c.send(v);
    };
    template <class C>
    concept can_close = requires(const C& c) {
        c.close();
    };
    template <class C>
    concept can_range = requires(const C& c) {
        c.begin();
    };
    template <class C>
    concept can_select_send = requires(const C& c) {
        gocpp::send(c, 1);
    };
    template <class C>
    concept can_select_recv = requires(const C& c) {
        gocpp::recv(c);
    };

    static_assert(can_send<chan<int>> && can_recv<chan<int>> && can_close<chan<int>>);
    static_assert(can_send<send_chan<int>> && can_close<send_chan<int>>);
    static_assert(
        !can_recv<send_chan<int>> && !can_recv2<send_chan<int>> && !can_range<send_chan<int>>,
        "receiving from a send-only channel must not compile");
    static_assert(can_recv<recv_chan<int>> && can_recv2<recv_chan<int>> &&
                  can_range<recv_chan<int>>);
    static_assert(!can_send<recv_chan<int>> && !can_close<recv_chan<int>>,
                  "sending on or closing a receive-only channel must not compile");
    static_assert(can_select_send<send_chan<int>> && !can_select_recv<send_chan<int>>,
                  "a send-only channel cannot be a receive case");
    static_assert(can_select_recv<recv_chan<int>> && !can_select_send<recv_chan<int>>,
                  "a receive-only channel cannot be a send case");
    static_assert(std::is_convertible_v<chan<int>, send_chan<int>> &&
                  std::is_convertible_v<chan<int>, recv_chan<int>>);
    static_assert(!std::is_convertible_v<send_chan<int>, chan<int>> &&
                      !std::is_convertible_v<recv_chan<int>, chan<int>>,
                  "a directional channel does not convert back to a bidirectional one");
    static_assert(!std::is_convertible_v<send_chan<int>, recv_chan<int>> &&
                      !std::is_convertible_v<recv_chan<int>, send_chan<int>>,
                  "the two directions do not convert into each other");
    static_assert(!std::is_convertible_v<chan<int>, chan<long>>, "element types must match");

    TEST_CASE("CH-30 send-only and receive-only views compile only the allowed operations") {
        // The checks are the static_asserts above; here the allowed ones run.
        auto c = make_chan<int>(1);
        send_chan<int> s = c;
        recv_chan<int> r = c;
        s.send(1);
        CHECK(r.recv() == 1);
        s.close();
        CHECK_FALSE(r.recv2().ok);
    }

    // ---------------------------------------------------------------------------
    // Threads outside the runtime

    TEST_CASE("a plain std::thread closing a channel wakes goroutines and main blocked on it") {
        // In a subprocess: while main and the goroutine wait, every scheduler
        // thread is idle and only the outside thread can wake them.
        auto r = test_util::run_program("chan_outside_thread", "close");
        CHECK(r.exit_status == 0);
        CHECK(r.out == "main woke: 0 false\ngoroutine woke: 0 false\n");
    }

    TEST_CASE("a plain std::thread sending into a buffered channel wakes the receivers") {
        auto r = test_util::run_program("chan_outside_thread", "send");
        CHECK(r.exit_status == 0);
        CHECK((r.out == "main woke: 1 true\ngoroutine woke: 2 true\n" ||
               r.out == "main woke: 2 true\ngoroutine woke: 1 true\n"));
    }

    TEST_CASE("a plain std::thread can block on a channel until a goroutine answers") {
        auto r = test_util::run_program("chan_outside_thread", "block-recv");
        CHECK(r.exit_status == 0);
        CHECK(r.out == "thread got 7\n");
        r = test_util::run_program("chan_outside_thread", "block-send");
        CHECK(r.exit_status == 0);
        CHECK(r.out == "main got 8\nthread sent: true\n");
        r = test_util::run_program("chan_outside_thread", "block-select");
        CHECK(r.exit_status == 0);
        CHECK(r.out == "thread select chose 1 ok false\n");
    }

    // ---------------------------------------------------------------------------
    // Memory model

    TEST_CASE("MM-01 writes before a send are visible after the matching receive") {
        debug::no_leaks_guard no_leaks;
        constexpr int n = 2000;
        constexpr int width = 16;
        std::vector<std::array<int, width>> data(n);
        for (int cap : {0, 1, 64}) {
            CAPTURE(cap);
            auto c = make_chan<int>(cap);
            go([&data, c] {
                for (int k = 0; k < n; k++) {
                    for (int j = 0; j < width; j++)
                        data[k][j] = k * width + j + 1;
                    c.send(k);
                }
            });
            bool all_seen = true;
            for (int k = 0; k < n; k++) {
                int got = c.recv();
                for (int j = 0; j < width; j++)
                    all_seen &= data[got][j] == got * width + j + 1;
                data[got].fill(0);
            }
            CHECK(all_seen);
        }
    }

    TEST_CASE(
        "MM-02 writes before a close are visible after a receive that returns because of it") {
        debug::no_leaks_guard no_leaks;
        for (int round = 0; round < 200; round++) {
            auto c = make_chan<int>();
            std::array<int, 32> data{};
            auto results = make_chan<bool>(4);
            for (int k = 0; k < 4; k++) {
                go([c, &data, results] {
                    bool closed = !c.recv2().ok;
                    bool seen = true;
                    for (int j = 0; j < 32; j++)
                        seen &= data[j] == j + 7;
                    results.send(closed && seen);
                });
            }
            for (int j = 0; j < 32; j++)
                data[j] = j + 7;
            c.close();
            for (int k = 0; k < 4; k++)
                CHECK(results.recv());
        }
    }

    TEST_CASE("MM-03 an unbuffered receive is synchronized before its send completes") {
        // The Go memory model's example: f sets a, then receives; main sends,
        // then reads a, and must see "hello, world".
        debug::no_leaks_guard no_leaks;
        int wrong = 0;
        for (int round = 0; round < 1000; round++) {
            auto c = make_chan<int>();
            std::string a;
            go([&a, c] {
                a = "hello, world";
                c.recv();
            });
            c.send(0);
            wrong += a != "hello, world";
        }
        CHECK(wrong == 0);
    }

    TEST_CASE(
        "MM-04 a channel of capacity C limits the goroutines inside to C (counting semaphore)") {
        debug::no_leaks_guard no_leaks;
        constexpr int C = 3;
        constexpr int workers = 20;
        auto sem = make_chan<int>(C);
        auto gate = make_chan<void>();
        std::atomic<int> inside{0};
        std::atomic<int> most{0};
        auto finished = make_chan<void>(workers);
        for (int i = 0; i < workers; i++) {
            go([&, i] {
                sem.send(i);  // acquire
                int now = ++inside;
                int seen = most.load();
                while (now > seen && !most.compare_exchange_weak(seen, now)) {
                }
                gate.recv();
                --inside;
                sem.recv();  // release
                finished.send();
            });
        }
        CHECK(test_util::eventually([&] { return inside.load() == C; }));
        settle();
        CHECK(inside.load() == C);  // nobody else got in
        gate.close();
        for (int i = 0; i < workers; i++)
            finished.recv();
        CHECK(most.load() == C);
        CHECK(sem.len() == 0u);
    }

    TEST_CASE("MM-05 the go statement is synchronized before the goroutine starts") {
        debug::no_leaks_guard no_leaks;
        bool ok = true;
        for (int round = 0; round < 1000; round++) {
            std::array<int, 16> x;
            for (int j = 0; j < 16; j++)
                x[j] = round + j;
            auto out = make_chan<bool>();
            go([&x, out, round] {
                bool seen = true;
                for (int j = 0; j < 16; j++)
                    seen &= x[j] == round + j;
                out.send(seen);
            });
            ok &= out.recv();
        }
        CHECK(ok);
    }

}  // TEST_SUITE("channel")
