// select as the Go spec, Go's runtime/chan_test.go and Go's test/chan
// select programs define it (conformance.md section 3: SEL-01..SEL-25;
// select.go, select2..select8). The long-running select scenarios
// (doubleselect, TestSelectStress, the non-blocking races) are in
// channel_stress_test.cpp.
#include "test_util.hpp"

#include <doctest/doctest.h>
#include <gocpp/debug_doctest.hpp>

#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <functional>
#include <malloc.h>
#include <memory>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

using namespace gocpp;
using namespace std::chrono_literals;
using test_util::finishes_within;
using test_util::panic_message;
using test_util::settle;

namespace {

// --- SEL-12: select5.go's single-goroutine variants --------------------------
//
// Each variant is one select with exactly one real operation on c (a receive
// in one of three forms, or a send), a default before it, after it or none,
// and optional dummy cases on a channel nobody uses and on a nil channel.
// When c is ready the real case must run with the right value; when it is
// not (and there is a default) default must run and touch nothing.

template <bool B, class F>
auto optional_case(F f) {
    if constexpr (B) {
        return std::make_tuple(f);
    } else {
        return std::tuple<>();
    }
}

enum op_kind { op_recv_drop, op_recv_value, op_recv_value_ok, op_send };

struct variant_result {
    int run = 0;
    int failed = 0;
    std::vector<std::string> failures;
};

// Not inlined: select5_all calls all 320 variants from one function, and
// inlined there they made one function that clang 14 with ThreadSanitizer
// did not finish optimizing in 17 minutes.
template <int Op, int Def, bool DummySend, bool DummyRecv, bool NilSend, bool NilRecv, bool Ready>
__attribute__((noinline)) void select5_variant(int n, variant_result& out) {
    auto c = make_chan<int>(1);
    auto dummy = make_chan<int>();
    chan<int> nilch;
    if constexpr (Op == op_send) {
        if (!Ready) c.send(-99);  // full: the send would block
    } else {
        if (Ready) c.send(n);
    }
    int x = -1;
    bool ok = false;
    auto real = [&] {
        if constexpr (Op == op_recv_drop) {
            return recv(c);
        } else if constexpr (Op == op_recv_value) {
            return recv(c, x);
        } else if constexpr (Op == op_recv_value_ok) {
            return recv(c, x, ok);
        } else {
            return send(c, n);
        }
    };
    auto dflt = [] { return default_; };
    auto dummy_send = [&] { return send(dummy, 1); };
    auto dummy_recv = [&] { return recv(dummy); };
    auto nil_send = [&] { return send(nilch, 1); };
    auto nil_recv = [&] { return recv(nilch); };
    auto cases = std::tuple_cat(optional_case<Def == 1>(dflt), std::make_tuple(real),
                                optional_case<Def == 2>(dflt), optional_case<DummySend>(dummy_send),
                                optional_case<DummyRecv>(dummy_recv),
                                optional_case<NilSend>(nil_send), optional_case<NilRecv>(nil_recv));
    const int real_index = Def == 1 ? 1 : 0;
    const int default_index = Def == 1 ? 0 : 1;
    const int chosen = std::apply([](auto&... f) { return select(f()...); }, cases);

    bool good;
    if (Ready) {
        good = chosen == real_index;
        if constexpr (Op == op_send) {
            good = good && c.len() == 1 && c.recv() == n;
        } else {
            good = good && c.len() == 0;
            if (Op == op_recv_value || Op == op_recv_value_ok) good = good && x == n;
            if (Op == op_recv_value_ok) good = good && ok;
            if (Op == op_recv_drop) good = good && x == -1;
        }
    } else {
        good = chosen == default_index && x == -1 && !ok;
        if constexpr (Op == op_send) {
            good = good && c.len() == 1 && c.recv() == -99;
        } else {
            good = good && c.len() == 0;
        }
    }
    good = good && dummy.len() == 0;
    out.run++;
    if (!good) {
        out.failed++;
        out.failures.push_back("op " + std::to_string(Op) + " default " + std::to_string(Def) +
                               " dummy send " + std::to_string(DummySend) + " dummy recv " +
                               std::to_string(DummyRecv) + " nil send " + std::to_string(NilSend) +
                               " nil recv " + std::to_string(NilRecv) + " ready " +
                               std::to_string(Ready) + ": chose " + std::to_string(chosen));
    }
}

template <std::size_t I>
void select5_run(variant_result& out) {
    constexpr int Op = I % 4;
    constexpr int Def = (I / 4) % 3;
    constexpr int bits = (I / 12) % 16;
    constexpr bool Ready = I / 192 == 0;
    if constexpr (Ready || Def != 0) {  // without default a non-ready select would block
        select5_variant<Op, Def, (bits & 1) != 0, (bits & 2) != 0, (bits & 4) != 0, (bits & 8) != 0,
                        Ready>(static_cast<int>(I) + 1, out);
    }
}

template <std::size_t... I>
void select5_all(variant_result& out, std::index_sequence<I...>) {
    (select5_run<I>(out), ...);
}

// --- select7.go: receivers and senders of three shapes ----------------------

void recv1(recv_chan<int> c) {
    c.recv();
}
void recv2(recv_chan<int> c) {
    select(recv(c));
}
void recv3(recv_chan<int> c) {
    auto c2 = make_chan<int>();
    select(recv(c), recv(c2));
}

void send1(void (*r)(recv_chan<int>)) {
    auto c = make_chan<int>();
    go(r, c);
    gosched();
    c.send(1);
}
void send2(void (*r)(recv_chan<int>)) {
    auto c = make_chan<int>();
    go(r, c);
    gosched();
    select(send(c, 1));
}
void send3(void (*r)(recv_chan<int>)) {
    auto c = make_chan<int>();
    go(r, c);
    gosched();
    auto c2 = make_chan<int>();
    select(send(c, 1), send(c2, 1));
}

}  // namespace

TEST_SUITE("select") {
    // ---------------------------------------------------------------------------
    // Choice

    TEST_CASE(
        "SEL-01 a select with two ready cases chooses uniformly: 10,000 trials within Go's bound") {
        // TestSelectFairness: c1 and c2 always ready, c3 and c4 never. With
        // 10,000 trials the share of c1 must be within 4.891676 / (2 * sqrt(n))
        // of 0.5 (six nines confidence).
        debug::no_leaks_guard no_leaks;
        constexpr int trials = 10'000;
        auto c1 = make_chan<std::uint8_t>(trials + 1);
        auto c2 = make_chan<std::uint8_t>(trials + 1);
        for (int i = 0; i < trials + 1; i++) {
            c1.send(1);
            c2.send(2);
        }
        auto c3 = make_chan<std::uint8_t>();
        auto c4 = make_chan<std::uint8_t>();
        auto out = make_chan<std::uint8_t>();
        auto done = make_chan<void>();
        go([=] {
            for (;;) {
                std::uint8_t b = 0;
                select(recv(c3, b), recv(c4, b), recv(c1, b), recv(c2, b));
                if (select(send(out, b), recv(done)) == 1) return;
            }
        });
        int cnt1 = 0, cnt2 = 0, other = 0;
        for (int i = 0; i < trials; i++) {
            switch (out.recv()) {
                case 1:
                    cnt1++;
                    break;
                case 2:
                    cnt2++;
                    break;
                default:
                    other++;
            }
        }
        done.close();
        const double r = static_cast<double>(cnt1) / trials;
        const double e = std::abs(r - 0.5);
        INFO("c1 ", cnt1, " c2 ", cnt2, " share ", r);
        CHECK(other == 0);
        CHECK(e <= 4.891676 / (2 * std::sqrt(static_cast<double>(trials))));
    }

    TEST_CASE("SEL-01 three ready cases: each is chosen about a third of the time") {
        auto a = make_chan<int>(1), b = make_chan<int>(1), c = make_chan<int>(1);
        constexpr int trials = 30'000;
        int counts[3] = {0, 0, 0};
        for (int i = 0; i < trials; i++) {
            if (a.len() == 0) a.send(0);
            if (b.len() == 0) b.send(1);
            if (c.len() == 0) c.send(2);
            counts[select(recv(a), recv(b), recv(c))]++;
        }
        // Binomial(30000, 1/3): sigma ~ 82; 6 sigma.
        for (int k = 0; k < 3; k++) {
            CAPTURE(k);
            CHECK(std::abs(counts[k] - trials / 3) < 500);
        }
    }

    TEST_CASE(
        "SEL-02 select { case c <- 1: case c <- 0: } sends both values, for cap 0 and cap 100") {
        debug::no_leaks_guard no_leaks;
        constexpr int n = 100;
        for (int cap : {0, n}) {
            CAPTURE(cap);
            auto c = make_chan<int>(cap);
            auto got = make_chan<std::vector<int>>(1);
            go([c, got] {
                std::vector<int> l(n);
                for (int i = 0; i < n; i++) {
                    gosched();
                    l[i] = c.recv();
                }
                got.send(l);
            });
            for (int i = 0; i < n; i++)
                select(send(c, 1), send(c, 0));
            auto l = got.recv();
            int n0 = 0, n1 = 0;
            for (int v : l) {
                n0 += (v + 1) % 2;
                n1 += v;
            }
            CHECK(n0 > n / 10);
            CHECK(n1 > n / 10);
        }
    }

    TEST_CASE("SEL-03 a ready case always beats default") {
        auto r = make_chan<int>(1);
        auto s = make_chan<int>(1);
        auto closed = make_chan<int>();
        closed.close();
        int defaults = 0;
        for (int i = 0; i < 1000; i++) {
            r.send(i);
            int v = -1;
            if (select(recv(r, v), default_) != 0 || v != i) defaults++;
            if (select(send(s, i), default_) != 0) defaults++;
            s.recv();
            if (select(default_, recv(closed)) != 1) defaults++;
        }
        CHECK(defaults == 0);
        // select { default: } alone runs default.
        CHECK(select(default_) == 0);
    }

    // ---------------------------------------------------------------------------
    // nil, closed, blocking

    TEST_CASE("SEL-05 a case on a nil channel is never chosen: default runs, or the ready case") {
        chan<int> nilch;
        chan<void> nilv;
        auto ready = make_chan<int>(1);
        int nil_chosen = 0;
        for (int i = 0; i < 1000; i++) {
            int v = 0;
            if (select(recv(nilch, v), send(nilch, 7), recv(nilv), send(nilv), default_) != 4)
                nil_chosen++;
            ready.send(i);
            if (select(recv(nilch), recv(ready, v), send(nilch, 1)) != 1 || v != i) nil_chosen++;
        }
        CHECK(nil_chosen == 0);
    }

    TEST_CASE("SEL-06 SEL-22 a select over open channels that are not ready blocks until one is") {
        debug::no_leaks_guard no_leaks;
        auto a = make_chan<int>();
        auto b = make_chan<int>(1);
        b.send(0);  // full: a send case on b is not ready
        auto c = make_chan<int>();
        std::atomic<int> chosen{-1};
        auto about_to_block = make_chan<void>(2);
        auto finished = make_chan<int>(2);
        int v = -1;
        go([&, a, b, c] {
            about_to_block.send();
            chosen = select(recv(a, v), send(b, 5), recv(c));
            finished.send(0);
        });
        // A one-case select is a plain receive.
        int w = -1;
        go([&, c] {
            about_to_block.send();
            select(recv(c, w));
            finished.send(1);
        });
        about_to_block.recv();
        about_to_block.recv();
        settle();
        CHECK(chosen.load() == -1);
        CHECK(finished.len() == 0u);
        a.send(42);
        CHECK(finished.recv() == 0);
        CHECK(chosen.load() == 0);
        CHECK(v == 42);
        c.send(7);
        CHECK(finished.recv() == 1);
        CHECK(w == 7);
        CHECK(b.len() == 1u);
    }

    TEST_CASE(
        "SEL-07 a receive case on a closed channel is ready with the zero value and ok false, all "
        "forms") {
        auto closed = make_chan<int>();
        closed.close();
        CHECK(select(recv(closed)) == 0);
        int x = 5;
        CHECK(select(recv(closed, x)) == 0);
        CHECK(x == 0);
        x = 5;
        bool ok = true;
        CHECK(select(recv(closed, x, ok)) == 0);
        CHECK(x == 0);
        CHECK_FALSE(ok);
        auto closed_void = make_chan<void>();
        closed_void.close();
        ok = true;
        CHECK(select(recv(closed_void, ok), default_) == 0);
        CHECK_FALSE(ok);
        auto s = make_chan<std::string>(1);
        s.send("kept");
        s.close();
        std::string str;
        ok = false;
        CHECK(select(recv(s, str, ok)) == 0);
        CHECK(str == "kept");
        CHECK(ok);
        CHECK(select(recv(s, str, ok)) == 0);
        CHECK(str == "");
        CHECK_FALSE(ok);
    }

    TEST_CASE("SEL-07 a send case on a closed channel panics when chosen, even with a default") {
        auto closed = make_chan<int>(1);
        closed.close();
        CHECK(panic_message([&] { select(send(closed, 7)); }) == "send on closed channel");
        CHECK(panic_message([&] { select(send(closed, 7), default_); }) ==
              "send on closed channel");
        auto never = make_chan<int>();
        CHECK(panic_message([&] { select(recv(never), send(closed, 7)); }) ==
              "send on closed channel");
    }

    TEST_CASE(
        "SEL-07 closing a channel wakes a select blocked on a send case to it, which panics") {
        debug::no_leaks_guard no_leaks;
        auto c = make_chan<int>();
        auto other = make_chan<int>();
        auto about_to_block = make_chan<void>(1);
        auto result = make_chan<std::string>(1);
        go([=] {
            about_to_block.send();
            result.send(panic_message([&] { select(recv(other), send(c, 1)); }));
        });
        about_to_block.recv();
        settle(5ms);
        c.close();
        CHECK(result.recv() == "send on closed channel");
    }

    TEST_CASE(
        "SEL-08 two goroutines selecting send and receive on one channel never receive their own "
        "value") {
        // TestSelfSelect, for cap 0 and 10; for cap 10 a goroutine may of course
        // receive what it buffered itself.
        debug::no_leaks_guard no_leaks;
        for (int cap : {0, 10}) {
            CAPTURE(cap);
            auto c = make_chan<int>(cap);
            auto self_received = make_chan<int>(2);
            for (int p = 0; p < 2; p++) {
                go([=] {
                    int self = 0;
                    for (int i = 0; i < 1000; i++) {
                        int v = -1;
                        if (p == 0 || i % 2 == 0) {
                            if (select(send(c, p), recv(c, v)) == 1 && cap == 0 && v == p) self++;
                        } else {
                            if (select(recv(c, v), send(c, p)) == 0 && cap == 0 && v == p) self++;
                        }
                    }
                    self_received.send(self);
                });
            }
            CHECK(self_received.recv() == 0);
            CHECK(self_received.recv() == 0);
        }
    }

    // ---------------------------------------------------------------------------
    // Evaluation

    TEST_CASE(
        "SEL-09 every channel operand and send value is evaluated exactly once on entry, even when "
        "default runs") {
        // Go also fixes the order (source order). C++ evaluates the arguments of
        // select() in an unspecified order; see select.hpp.
        int channel_evals = 0, value_evals = 0;
        auto full = make_chan<int>();
        chan<int> nilc;
        auto ch = [&](chan<int> c) {
            channel_evals++;
            return c;
        };
        auto val = [&](int v) {
            value_evals++;
            return v;
        };
        CHECK(select(send(ch(full), val(1)), recv(ch(nilc)), send(ch(full), val(3)), default_) ==
              3);
        CHECK(channel_evals == 3);
        CHECK(value_evals == 2);

        auto ready = make_chan<int>(1);
        channel_evals = value_evals = 0;
        CHECK(select(recv(ch(nilc)), send(ch(ready), val(9)), send(ch(nilc), val(4))) == 1);
        CHECK(channel_evals == 3);
        CHECK(value_evals == 2);
        CHECK(ready.recv() == 9);
    }

    TEST_CASE(
        "SEL-10 select.go: send values are evaluated on every entry, with nil-ed cases and "
        "default") {
        unsigned counter = 0, shift = 0;
        auto get_value = [&] {
            counter++;
            return 1u << shift;
        };
        auto send_both = [&](chan<unsigned> a, chan<unsigned> b) {
            int i = 0;
            for (;;) {
                switch (select(send(a, get_value()), send(b, get_value()), default_)) {
                    case 0:
                        i++;
                        a = nullptr;
                        break;
                    case 1:
                        i++;
                        b = nullptr;
                        break;
                    case 2:
                        return i;
                }
                shift++;
            }
        };
        auto a = make_chan<unsigned>(1);
        auto b = make_chan<unsigned>(1);
        CHECK(send_both(a, b) == 2);
        const unsigned av = a.recv(), bv = b.recv();
        CHECK((av | bv) == 3u);
        CHECK(send_both(a, nullptr) == 1);
        CHECK(counter == 10u);
    }

    TEST_CASE("SEL-11 a receive case assigns its variables only if it is chosen") {
        // select4.go: the chosen case gets 42; the other case's variables are
        // untouched. (In Go an unchosen case's assignment target is not even
        // evaluated; here it is bound on entry but never written.)
        auto c = make_chan<int>(1);
        auto c1 = make_chan<int>();
        c.send(42);
        int x = -1, y = -2;
        bool okx = false, oky = false;
        CHECK(select(recv(c1, y, oky), recv(c, x, okx)) == 1);
        CHECK(x == 42);
        CHECK(okx);
        CHECK(y == -2);
        CHECK_FALSE(oky);

        auto dummy = make_chan<int>();
        int untouched = 7;
        bool ok_untouched = true;
        CHECK(select(recv(dummy, untouched, ok_untouched), default_) == 1);
        CHECK(untouched == 7);
        CHECK(ok_untouched);
    }

    TEST_CASE(
        "SEL-12 select5.go: 320 select shapes each do exactly the one real operation, with the "
        "right value") {
        variant_result out;
        select5_all(out, std::make_index_sequence<384>());
        CHECK(out.run == 320);
        CHECK(out.failed == 0);
        for (std::size_t i = 0; i < out.failures.size() && i < 10; i++)
            INFO(out.failures[i]);
        CHECK(out.failures.empty());
    }

    // ---------------------------------------------------------------------------
    // Wait queues

    TEST_CASE(
        "SEL-13 select6.go: after a select wakes on one channel, later sends on the other reach "
        "other receivers") {
        // Issue 2075: A waits on c1; B's select waits on c1 and c2 and is woken
        // by c2; the two later sends on c1 must wake A and B's next receive.
        debug::no_leaks_guard no_leaks;
        auto c1 = make_chan<bool>();
        auto c2 = make_chan<bool>();
        auto c3 = make_chan<bool>();
        std::atomic<bool> dummy_chosen{false};
        auto about_to_block = make_chan<void>(2);
        go([=] {
            about_to_block.send();
            c1.recv();
        });
        about_to_block.recv();
        settle(5ms);
        go([=, &dummy_chosen] {
            about_to_block.send();
            if (select(recv(c1), recv(c2)) == 0) dummy_chosen = true;
            c3.send(true);
            c1.recv();
        });
        about_to_block.recv();
        settle(5ms);
        go([=] { c2.send(true); });
        CHECK(finishes_within(
            [=] {
                c3.recv();
                c1.send(true);
                c1.send(true);
            },
            10s));
        CHECK_FALSE(dummy_chosen.load());
    }

    TEST_CASE(
        "SEL-14 the same channel may appear in several cases; woken by another, the select leaves "
        "every queue") {
        // TestSelectDuplicateChannel
        debug::no_leaks_guard no_leaks;
        auto c = make_chan<int>();
        auto d = make_chan<int>();
        auto e = make_chan<int>();
        auto about_to_block = make_chan<void>(2);
        go([=] {
            about_to_block.send();
            select(recv(c), recv(c), recv(d));
            e.send(9);
        });
        about_to_block.recv();
        settle(5ms);  // A queued on c first
        auto b_got = make_chan<int>(1);
        go([=] {
            about_to_block.send();
            b_got.send(c.recv());
        });
        about_to_block.recv();
        settle(5ms);  // B queued on c behind A
        CHECK(finishes_within(
            [=] {
                d.send(7);  // wakes A, which must leave c's queue twice
                e.recv();
                c.send(8);  // must wake B
            },
            10s));
        CHECK(b_got.recv() == 8);

        // A duplicate case still gets the value when it is the ready one.
        auto dup = make_chan<int>(1);
        dup.send(9);
        int v1 = 0, v2 = 0;
        const int chosen = select(recv(dup, v1), recv(dup, v2));
        CHECK((chosen == 0 ? v1 : v2) == 9);
    }

    TEST_CASE("SEL-18 select7.go: every receiver shape pairs with every sender shape") {
        debug::no_leaks_guard no_leaks;
        CHECK(finishes_within(
            [] {
                for (auto r : {&recv1, &recv2, &recv3}) {
                    send1(r);
                    send2(r);
                    send3(r);
                }
            },
            10s));
    }

    TEST_CASE("SEL-19 select2.go: 100,000 selects do not grow the heap") {
        debug::no_leaks_guard no_leaks;
        auto c = make_chan<int>();
        auto dummy = make_chan<int>();
        auto run = [&] {
            go([c] {
                for (int i = 0; i < 100'000; i++)
                    c.send(1);
            });
            int dummy_chosen = 0;
            for (int i = 0; i < 100'000; i++) {
                if (select(recv(c), recv(dummy)) == 1) dummy_chosen++;
            }
            return dummy_chosen;
        };
        const int base = num_goroutine();
        CHECK(run() == 0);  // warm up
        CHECK(test_util::eventually([base] { return num_goroutine() == base; }));
        const auto before = mallinfo2().uordblks;
        CHECK(run() == 0);
        const auto after = mallinfo2().uordblks;
        INFO("heap in use before ", before, " after ", after);
        CHECK((after <= before || after - before <= 110'000));
    }

    TEST_CASE("SEL-21 break in a case leaves only the select; the loop around it goes on") {
        // select8.go, with 1-, 2- and 3-case selects.
        debug::no_leaks_guard no_leaks;
        auto ch = make_chan<int>();
        auto quit = make_chan<void>();
        go([=] {
            for (;;) {
                if (select(send(ch, 5), recv(quit)) == 1) return;
            }
        });
        std::vector<std::string> trace;
        for (int round = 0; round < 2; round++) {
            switch (select(recv(ch))) {
                case 0:
                    trace.push_back("one");
                    break;
            }
            switch (select(default_)) {
                case 0:
                    trace.push_back("default");
                    break;
            }
            int v = 0;
            switch (select(recv(ch, v), default_)) {
                case 0:
                    trace.push_back("two:" + std::to_string(v));
                    break;
                case 1:
                    trace.push_back("two:default");
                    break;
            }
            switch (select(recv(ch), send(ch, 10), default_)) {
                case 0:
                case 2:
                    trace.push_back("three");
                    break;
                case 1:
                    trace.push_back("BUG sent 10");
                    break;
            }
        }
        quit.close();
        REQUIRE(trace.size() == 8u);
        for (int round = 0; round < 2; round++) {
            CHECK(trace[round * 4 + 0] == "one");
            CHECK(trace[round * 4 + 1] == "default");
            CHECK((trace[round * 4 + 2] == "two:5" || trace[round * 4 + 2] == "two:default"));
            CHECK(trace[round * 4 + 3] == "three");
        }
    }

    TEST_CASE(
        "SEL-22 a one-case select is the plain operation; with default it is the non-blocking "
        "one") {
        debug::no_leaks_guard no_leaks;
        auto c = make_chan<int>();
        go([c] { c.send(3); });
        int v = 0;
        CHECK(select(recv(c, v)) == 0);
        CHECK(v == 3);
        auto got = make_chan<int>(1);
        go([c, got] { got.send(c.recv()); });
        CHECK(select(send(c, 4)) == 0);
        CHECK(got.recv() == 4);
        auto b = make_chan<int>(1);
        CHECK(select(send(b, 1), default_) == 0);
        CHECK(select(send(b, 2), default_) == 1);
        CHECK(select(recv(b, v), default_) == 0);
        CHECK(v == 1);
        CHECK(select(recv(b, v), default_) == 1);
    }

    TEST_CASE(
        "SEL-23 CH-28 close wakes selects blocked on it, including duplicate cases, with their "
        "stack variables intact") {
        // TestSelectStackAdjust: two goroutines grow their stacks, then select
        // with a receive into a pointer to one of their locals; closing d wakes
        // both, and the pointer and the local are as they were.
        debug::no_leaks_guard no_leaks;
        auto c = make_chan<int*>();
        auto d = make_chan<int*>();
        auto ready1 = make_chan<bool>();
        auto ready2 = make_chan<bool>();
        auto f = [c, d](chan<bool> ready, bool dup) {
            std::function<int(int)> grow = [&](int n) {
                volatile char pad[128] = {};
                return n == 0 ? static_cast<int>(pad[0]) : grow(n - 1) + 1;
            };
            grow(80);
            ready.send(true);
            int val = 42;
            int* cx = &val;
            chan<int*> c2, d2;
            if (dup) {
                c2 = c;
                d2 = d;
            }
            select(recv(c, cx), recv(c2), recv(d), recv(d2));
            bool good = cx == &val && val == 42;
            if (good) {
                *cx = 43;
                good = val == 43;
            }
            ready.send(good);
        };
        go(f, ready1, false);
        go(f, ready2, true);
        ready1.recv();
        ready2.recv();
        settle(10ms);
        d.close();
        CHECK(ready1.recv());
        CHECK(ready2.recv());
    }

    TEST_CASE(
        "SEL-24 1,000 goroutines each selecting on a shared and a private channel (ChanPopular)") {
        debug::no_leaks_guard no_leaks;
        constexpr int n = 1000;
        constexpr int rounds = 20;
        auto c = make_chan<bool>();
        std::vector<chan<bool>> privates;
        auto finished = make_chan<int>(n);
        for (int j = 0; j < n; j++) {
            auto d = make_chan<bool>();
            privates.push_back(d);
            go([c, d, finished] {
                int shared = 0;
                for (int i = 0; i < rounds; i++) {
                    if (select(recv(c), recv(d)) == 0) shared++;
                }
                finished.send(shared);
            });
        }
        for (int i = 0; i < rounds; i++) {
            for (auto& d : privates)
                d.send(true);
        }
        int shared = 0;
        for (int j = 0; j < n; j++)
            shared += finished.recv();
        CHECK(shared == 0);
    }

}  // TEST_SUITE("select")
