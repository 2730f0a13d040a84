// Channels and select under load: Go's many-goroutine channel tests (CH-14,
// CH-21, doubleselect SEL-15, the non-blocking select races SEL-16,
// TestSelectStress SEL-17), the shapes of Go's channel and select benchmarks
// run once for correctness (CH-31, SEL-24, SEL-25; timings live in bench/),
// and this project's stress tests. Under GOMAXPROCS=2 they run on two threads.
#include "test_util.hpp"

#include <doctest/doctest.h>
#include <gocpp/debug_doctest.hpp>

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

using namespace gocpp;
using namespace std::chrono_literals;

namespace {

// Values received by one goroutine.
struct tally {
    long count = 0;
    long long sum = 0;
    std::vector<std::int32_t> values;
    void add(std::int32_t v) {
        count++;
        sum += v;
        values.push_back(v);
    }
    void merge(const tally& o) {
        count += o.count;
        sum += o.sum;
        values.insert(values.end(), o.values.begin(), o.values.end());
    }
};

}  // namespace

TEST_SUITE("channel stress") {
    TEST_CASE(
        "CH-14 4 senders x 1000 and 4 receivers x 1000 on one channel: every value exactly 4 "
        "times, caps 0..199") {
        debug::no_leaks_guard no_leaks;
        constexpr int P = 4;
        constexpr int L = 1000;
        int bad_caps = 0;
        for (int n = 0; n < 200; n++) {
            auto c = make_chan<int>(n);
            for (int p = 0; p < P; p++) {
                go([c] {
                    for (int i = 0; i < L; i++)
                        c.send(i);
                });
            }
            auto done = make_chan<std::vector<int>>();
            for (int p = 0; p < P; p++) {
                go([c, done] {
                    std::vector<int> recv_count(L, 0);
                    for (int i = 0; i < L; i++)
                        recv_count[c.recv()]++;
                    done.send(std::move(recv_count));
                });
            }
            std::vector<int> total(L, 0);
            for (int p = 0; p < P; p++) {
                auto part = done.recv();
                for (int i = 0; i < L; i++)
                    total[i] += part[i];
            }
            bool good = true;
            for (int i = 0; i < L; i++)
                good &= total[i] == P;
            if (!good) bad_caps++;
        }
        CHECK(bad_caps == 0);
    }

    TEST_CASE(
        "CH-21 MultiConsumer: 23 workers range over a queue; count and sum of 271,828 values "
        "match") {
        debug::no_leaks_guard no_leaks;
        constexpr int nwork = 23;
        constexpr int niter = 271'828;
        const std::array<int, 10> pn = {2, 3, 7, 11, 13, 17, 19, 23, 27, 31};
        auto q = make_chan<int>(nwork * 3);
        auto r = make_chan<int>(nwork * 3);
        auto worker_done = make_chan<void>(nwork);
        for (int w = 0; w < nwork; w++) {
            go([=] {
                for (int v : q) {
                    // Mess with the FIFO-ish nature of range.
                    if (pn[w % pn.size()] == v) gosched();
                    r.send(v);
                }
                worker_done.send();
            });
        }
        auto expected = make_chan<long long>(1);
        go([pn, q, r, worker_done, expected] {
            long long expect = 0;
            for (int i = 0; i < niter; i++) {
                int v = pn[i % pn.size()];
                expect += v;
                q.send(v);
            }
            q.close();  // no more work
            for (int w = 0; w < nwork; w++)
                worker_done.recv();
            r.close();  // so there can be no more results
            expected.send(expect);
        });
        long n = 0;
        long long s = 0;
        for (int v : r) {
            n++;
            s += v;
        }
        CHECK(n == niter);
        CHECK(s == expected.recv());
    }

    TEST_CASE(
        "SEL-15 doubleselect: a select over 4 send cases completes exactly one per entry (100,000 "
        "values, no duplicate)") {
        debug::no_leaks_guard no_leaks;
        constexpr int n = 100'000;
        auto c1 = make_chan<int>(), c2 = make_chan<int>(), c3 = make_chan<int>(),
             c4 = make_chan<int>();
        auto done = make_chan<bool>();
        auto cmux = make_chan<int>();
        go([=] {
            defer close1{[c1] { c1.close(); }};
            defer close2{[c2] { c2.close(); }};
            defer close3{[c3] { c3.close(); }};
            defer close4{[c4] { c4.close(); }};
            for (int i = 0; i < n; i++)
                select(send(c1, i), send(c2, i), send(c3, i), send(c4, i));
        });
        for (auto in : {c1, c2, c3, c4}) {
            go([=] {
                for (int v : in)
                    cmux.send(v);
                done.send(true);
            });
        }
        go([=] {
            for (int i = 0; i < 4; i++)
                done.recv();
            cmux.close();
        });
        std::vector<std::uint8_t> seen(n, 0);
        int duplicates = 0, received = 0;
        for (int v : cmux) {
            if (seen[v]++) duplicates++;
            received++;
        }
        CHECK(duplicates == 0);
        CHECK(received == n);
    }

    TEST_CASE(
        "SEL-16 a non-blocking select sees one instant: with one case always ready it never takes "
        "default (100,000 times)") {
        // TestNonblockSelectRace: c1 is ready when the goroutine starts; main
        // makes c2 ready and then drains c1, so at every instant one of them is.
        debug::no_leaks_guard no_leaks;
        constexpr int n = 100'000;
        auto done = make_chan<bool>(1);
        int defaults = 0;
        for (int i = 0; i < n; i++) {
            auto c1 = make_chan<int>(1);
            auto c2 = make_chan<int>(1);
            c1.send(1);
            go([=] { done.send(select(recv(c1), recv(c2), default_) != 2); });
            c2.send(1);
            select(recv(c1), default_);
            if (!done.recv()) defaults++;
        }
        CHECK(defaults == 0);
    }

    TEST_CASE(
        "SEL-16 a non-blocking select sees one instant: a close instead of a send (100,000 "
        "times)") {
        // TestNonblockSelectRace2
        debug::no_leaks_guard no_leaks;
        constexpr int n = 100'000;
        auto done = make_chan<bool>(1);
        int defaults = 0;
        for (int i = 0; i < n; i++) {
            auto c1 = make_chan<int>(1);
            auto c2 = make_chan<int>();
            c1.send(1);
            go([=] { done.send(select(recv(c1), recv(c2), default_) != 2); });
            c2.close();
            select(recv(c1), default_);
            if (!done.recv()) defaults++;
        }
        CHECK(defaults == 0);
    }

    TEST_CASE(
        "SEL-17 SelectStress: plain and select senders and receivers on caps 0,0,2,3 finish "
        "without deadlock (N=100,000)") {
        debug::no_leaks_guard no_leaks;
        constexpr int N = 100'000;
        std::array<chan<int>, 4> c = {make_chan<int>(), make_chan<int>(), make_chan<int>(2),
                                      make_chan<int>(3)};
        auto finished = make_chan<void>(10);
        for (int k = 0; k < 4; k++) {
            go([=] {
                for (int i = 0; i < N; i++)
                    c[k].send(0);
                finished.send();
            });
            go([=] {
                for (int i = 0; i < N; i++)
                    c[k].recv();
                finished.send();
            });
        }
        go([=] {
            std::array<int, 4> n{};
            auto c1 = c;
            for (int i = 0; i < 4 * N; i++) {
                switch (select(send(c1[3], 0), send(c1[2], 0), send(c1[0], 0), send(c1[1], 0))) {
                    case 0:
                        if (++n[3] == N) c1[3] = nullptr;
                        break;
                    case 1:
                        if (++n[2] == N) c1[2] = nullptr;
                        break;
                    case 2:
                        if (++n[0] == N) c1[0] = nullptr;
                        break;
                    case 3:
                        if (++n[1] == N) c1[1] = nullptr;
                        break;
                }
            }
            finished.send();
        });
        go([=] {
            std::array<int, 4> n{};
            auto c1 = c;
            for (int i = 0; i < 4 * N; i++) {
                switch (select(recv(c1[0]), recv(c1[1]), recv(c1[2]), recv(c1[3]))) {
                    case 0:
                        if (++n[0] == N) c1[0] = nullptr;
                        break;
                    case 1:
                        if (++n[1] == N) c1[1] = nullptr;
                        break;
                    case 2:
                        if (++n[2] == N) c1[2] = nullptr;
                        break;
                    case 3:
                        if (++n[3] == N) c1[3] = nullptr;
                        break;
                }
            }
            finished.send();
        });
        for (int i = 0; i < 10; i++)
            finished.recv();
        for (auto& ch : c)
            CHECK(ch.len() == 0u);
    }

    TEST_CASE(
        "stress: 8 producers and 8 consumers selecting over two channels, with quit closed "
        "mid-stream, lose and duplicate nothing") {
        // Producers offer each value on a buffered and an unbuffered channel
        // and stop when quit is closed; a consumer closes quit when half the
        // values are in, racing with the producers' selects. A value counts as
        // sent only if its send case ran. Then main closes both channels while
        // the consumers are parked in select on them. Every value sent must be
        // received exactly once, and nothing else.
        debug::no_leaks_guard no_leaks;
        constexpr int producers = 8, consumers = 8, per_producer = 20'000;
        constexpr int total = producers * per_producer;
        for (int cap : {0, 1, 16}) {
            CAPTURE(cap);
            auto data = make_chan<std::int32_t>(cap);
            auto aside = make_chan<std::int32_t>();
            auto quit = make_chan<void>();
            std::atomic<int> received_so_far{0};
            std::mutex mu;
            std::set<std::thread::id> consumer_threads;
            auto sent = make_chan<tally>(producers);
            auto got = make_chan<tally>(consumers);
            for (int p = 0; p < producers; p++) {
                go([=] {
                    tally t;
                    for (int i = 0; i < per_producer; i++) {
                        const std::int32_t v = p * per_producer + i;
                        if (select(send(data, v), send(aside, v), recv(quit)) == 2) break;
                        t.add(v);
                    }
                    sent.send(std::move(t));
                });
            }
            for (int k = 0; k < consumers; k++) {
                go([=, &received_so_far, &mu, &consumer_threads] {
                    {
                        std::lock_guard lk(mu);
                        consumer_threads.insert(std::this_thread::get_id());
                    }
                    tally t;
                    chan<std::int32_t> d = data, a = aside;
                    while (d != nullptr || a != nullptr) {
                        std::int32_t v = -1;
                        bool ok = false;
                        const int k2 = select(recv(d, v, ok), recv(a, v, ok));
                        if (!ok) {
                            (k2 == 0 ? d : a) = nullptr;
                            continue;
                        }
                        t.add(v);
                        if (received_so_far.fetch_add(1) + 1 == total / 2) quit.close();
                    }
                    got.send(std::move(t));
                });
            }
            tally all_sent, all_got;
            for (int p = 0; p < producers; p++)
                all_sent.merge(sent.recv());
            data.close();
            aside.close();
            for (int k = 0; k < consumers; k++)
                all_got.merge(got.recv());

            INFO("sent ", all_sent.count, " of ", total, " on ", consumer_threads.size(),
                 " consumer threads");
            CHECK(all_sent.count >= total / 2);
            CHECK(all_sent.count < total);  // quit did cut the producers short
            CHECK(all_got.count == all_sent.count);
            CHECK(all_got.sum == all_sent.sum);
            std::vector<std::uint8_t> times_sent(total, 0), times_got(total, 0);
            for (auto v : all_sent.values)
                times_sent[v]++;
            bool in_range = true;
            for (auto v : all_got.values) {
                if (v < 0 || v >= total) {
                    in_range = false;
                    continue;
                }
                times_got[v]++;
            }
            CHECK(in_range);
            int lost = 0, duplicated = 0, invented = 0;
            for (int v = 0; v < total; v++) {
                if (times_got[v] > 1) duplicated++;
                if (times_sent[v] == 1 && times_got[v] == 0) lost++;
                if (times_sent[v] == 0 && times_got[v] > 0) invented++;
            }
            CHECK(lost == 0);
            CHECK(duplicated == 0);
            CHECK(invented == 0);
        }
    }

    TEST_CASE(
        "stress: a close racing with 64 arriving receivers and selects wakes every one exactly "
        "once (500 rounds)") {
        debug::no_leaks_guard no_leaks;
        constexpr int rounds = 500;
        constexpr int receivers = 64;
        int wrong = 0;
        for (int r = 0; r < rounds; r++) {
            auto c = make_chan<int>(r % 3);
            auto other = make_chan<int>();
            auto woke = make_chan<bool>(receivers);
            for (int k = 0; k < receivers; k++) {
                if (k % 2 == 0) {
                    go([=] { woke.send(!c.recv2().ok); });
                } else {
                    go([=] {
                        int v = -1;
                        bool ok = true;
                        const int chosen = select(recv(other), recv(c, v, ok));
                        woke.send(chosen == 1 && !ok && v == 0);
                    });
                }
            }
            c.close();
            for (int k = 0; k < receivers; k++)
                wrong += !woke.recv();
            CHECK(woke.len() == 0u);
        }
        CHECK(wrong == 0);
    }

    TEST_CASE(
        "stress: selects that send and receive on shared channels pair up without losing a value") {
        // Each goroutine selects between sending its next value and receiving
        // on the same two channels; every value sent is received exactly once.
        debug::no_leaks_guard no_leaks;
        constexpr int goroutines = 8;
        constexpr int per = 5000;
        for (int cap : {0, 3}) {
            CAPTURE(cap);
            auto a = make_chan<std::int32_t>(cap);
            auto b = make_chan<std::int32_t>(cap);
            auto sent_count = std::make_shared<std::atomic<int>>(0);
            auto stop = make_chan<void>();
            auto results = make_chan<tally>(goroutines);
            for (int g = 0; g < goroutines; g++) {
                go([=] {
                    tally t;
                    int next = 0;
                    for (;;) {
                        std::int32_t v = -1;
                        chan<std::int32_t> sa = next < per ? a : nullptr;
                        chan<std::int32_t> sb = next < per ? b : nullptr;
                        const std::int32_t mine = g * per + next;
                        switch (select(send(sa, mine), send(sb, mine), recv(a, v), recv(b, v),
                                       recv(stop))) {
                            case 0:
                            case 1:
                                next++;
                                sent_count->fetch_add(1);
                                break;
                            case 2:
                            case 3:
                                t.add(v);
                                break;
                            case 4:
                                results.send(std::move(t));
                                return;
                        }
                    }
                });
            }
            // Everything is sent once the count says so; then drain what is
            // still buffered and stop the goroutines.
            CHECK(
                test_util::eventually([&] { return sent_count->load() == goroutines * per; }, 60s));
            tally all;
            for (;;) {
                std::int32_t v = -1;
                int chosen = select(recv(a, v), recv(b, v), default_);
                if (chosen == 2) break;
                all.add(v);
            }
            stop.close();
            for (int g = 0; g < goroutines; g++)
                all.merge(results.recv());
            CHECK(all.count == goroutines * per);
            std::vector<std::uint8_t> times(goroutines * per, 0);
            int duplicated = 0;
            for (auto v : all.values) {
                if (times[v]++) duplicated++;
            }
            CHECK(duplicated == 0);
        }
    }

    // ---------------------------------------------------------------------------
    // The shapes of Go's channel and select benchmarks, run once with counts.

    TEST_CASE(
        "CH-31 MakeChan and ChanCreation: channels of every element kind are made, used and "
        "dropped") {
        debug::no_leaks_guard no_leaks;
        struct big {
            std::array<std::uint8_t, 1024> bytes{};
        };
        for (int i = 0; i < 1000; i++) {
            for (int cap : {0, 8}) {
                auto a = make_chan<void>(cap);
                auto b = make_chan<std::uint8_t>(cap);
                auto c = make_chan<std::int64_t>(cap);
                auto d = make_chan<int*>(cap);
                auto e = make_chan<big>(cap);
                if (cap > 0) {
                    a.send();
                    b.send(1);
                    c.send(2);
                    d.send(nullptr);
                    e.send(big{});
                    CHECK(a.len() + b.len() + c.len() + d.len() + e.len() == 5u);
                }
            }
        }
        auto finished = make_chan<int>(4);
        for (int p = 0; p < 4; p++) {
            go([finished] {
                int ok = 0;
                for (int i = 0; i < 10'000; i++) {
                    auto myc = make_chan<int>(1);
                    myc.send(0);
                    ok += myc.recv() == 0;
                }
                finished.send(ok);
            });
        }
        for (int p = 0; p < 4; p++)
            CHECK(finished.recv() == 10'000);
    }

    TEST_CASE(
        "CH-31 ChanNonblocking, ChanClosed and ReceiveDataFromClosedChan: parallel non-blocking "
        "receives") {
        debug::no_leaks_guard no_leaks;
        auto empty = make_chan<int>();
        auto closed = make_chan<int>();
        closed.close();
        auto results = make_chan<std::array<int, 2>>(4);
        for (int p = 0; p < 4; p++) {
            go([=] {
                std::array<int, 2> r{};
                for (int i = 0; i < 10'000; i++) {
                    r[0] += select(recv(empty), default_) == 1;
                    r[1] += select(recv(closed), default_) == 0;
                }
                results.send(r);
            });
        }
        for (int p = 0; p < 4; p++) {
            auto r = results.recv();
            CHECK(r[0] == 10'000);
            CHECK(r[1] == 10'000);
        }
        constexpr int n = 10'000;
        auto full = make_chan<int>(n);
        for (int i = 0; i < n; i++)
            full.send(i);
        full.close();
        long sum = 0;
        for (int i = 0; i < n; i++) {
            auto [v, ok] = full.recv2();
            sum += ok ? v : -1'000'000;
        }
        CHECK(sum == static_cast<long>(n) * (n - 1) / 2);
        CHECK_FALSE(full.recv2().ok);
    }

    TEST_CASE(
        "CH-31 ChanUncontended, ChanContended and ChanSem: buffered sends then receives, private "
        "and shared") {
        debug::no_leaks_guard no_leaks;
        constexpr int P = 4;
        constexpr int rounds = 2000;
        constexpr long round_sum = 99 * 100 / 2;
        auto shared = make_chan<int>(100 * P);
        auto sem = make_chan<void>(P);
        auto uncontended = make_chan<long>(P);
        auto contended = make_chan<long>(P);
        auto semaphore = make_chan<long>(P);
        for (int p = 0; p < P; p++) {
            go([=] {
                auto myc = make_chan<int>(100);
                long s = 0;
                for (int r = 0; r < rounds; r++) {
                    for (int i = 0; i < 100; i++)
                        myc.send(i);
                    for (int i = 0; i < 100; i++)
                        s += myc.recv();
                }
                uncontended.send(s);
            });
            go([=] {
                long s = 0;
                for (int r = 0; r < rounds; r++) {
                    for (int i = 0; i < 100; i++)
                        shared.send(i);
                    for (int i = 0; i < 100; i++)
                        s += shared.recv();
                }
                contended.send(s);
            });
            go([=] {
                long s = 0;
                for (int r = 0; r < rounds * 10; r++) {
                    sem.send();
                    s++;
                    sem.recv();
                }
                semaphore.send(s);
            });
        }
        long contended_total = 0;
        for (int p = 0; p < P; p++) {
            CHECK(uncontended.recv() == rounds * round_sum);
            contended_total += contended.recv();
            CHECK(semaphore.recv() == rounds * 10);
        }
        // A goroutine on the shared channel may take others' values; the total
        // is what was sent.
        CHECK(contended_total == P * rounds * round_sum);
        CHECK(shared.len() == 0u);
        CHECK(sem.len() == 0u);
    }

    TEST_CASE("CH-31 ChanSync: two goroutines alternate on an unbuffered channel") {
        debug::no_leaks_guard no_leaks;
        constexpr int calls = 1000;
        std::atomic<int> batches{200};
        auto myc = make_chan<int>();
        auto done = make_chan<int>(2);
        for (int p = 0; p < 2; p++) {
            go([&batches, myc, done] {
                int ops = 0;
                for (;;) {
                    const int i = batches.fetch_sub(1) - 1;
                    if (i < 0) break;
                    for (int g = 0; g < calls; g++) {
                        if (i % 2 == 0) {
                            myc.recv();
                            myc.send(0);
                        } else {
                            myc.send(0);
                            myc.recv();
                        }
                        ops += 2;
                    }
                }
                done.send(ops);
            });
        }
        CHECK(done.recv() + done.recv() == 200 * calls * 2);
    }

    TEST_CASE("CH-31 ChanProdCons 0/10/100: producers and consumers with a zero sentinel each") {
        debug::no_leaks_guard no_leaks;
        constexpr int procs = 4;
        constexpr int per = 20'000;
        for (int cap : {0, 10, 100}) {
            CAPTURE(cap);
            auto c = make_chan<int>(cap);
            auto done = make_chan<long>(2 * procs);
            for (int p = 0; p < procs; p++) {
                go([=] {
                    long sent = 0;
                    for (int i = 0; i < per; i++) {
                        c.send(1);
                        sent++;
                    }
                    c.send(0);
                    done.send(sent);
                });
                go([=] {
                    long got = 0;
                    for (;;) {
                        int v = c.recv();
                        if (v == 0) break;
                        got += v;
                    }
                    done.send(-got);
                });
            }
            long balance = 0;
            for (int i = 0; i < 2 * procs; i++)
                balance += done.recv();
            CHECK(balance == 0);
            CHECK(c.len() == 0u);
        }
    }

    TEST_CASE(
        "SEL-25 SelectUncontended and SelectNonblock: private channels, one ready case at a time") {
        debug::no_leaks_guard no_leaks;
        auto results = make_chan<std::array<int, 5>>(4);
        for (int p = 0; p < 4; p++) {
            go([results] {
                std::array<int, 5> r{};
                auto myc1 = make_chan<int>(1);
                auto myc2 = make_chan<int>(1);
                myc1.send(0);
                for (int i = 0; i < 10'000; i++) {
                    switch (select(recv(myc1), recv(myc2))) {
                        case 0:
                            myc2.send(0);
                            break;
                        case 1:
                            myc1.send(0);
                            break;
                    }
                }
                r[0] = static_cast<int>(myc1.len() + myc2.len());
                auto n1 = make_chan<int>();
                auto n2 = make_chan<int>();
                auto n3 = make_chan<int>(1);
                auto n4 = make_chan<int>(1);
                for (int i = 0; i < 10'000; i++) {
                    r[1] += select(recv(n1), default_) == 0;
                    r[2] += select(send(n2, 0), default_) == 0;
                    r[3] += select(recv(n3), default_) == 0;
                    r[4] += select(send(n4, 0), default_) == 0;
                }
                results.send(r);
            });
        }
        for (int p = 0; p < 4; p++) {
            auto r = results.recv();
            CHECK(r == std::array<int, 5>{1, 0, 0, 0, 1});
        }
    }

    TEST_CASE(
        "SEL-24 SEL-25 SelectSyncContended and SelectAsyncContended: shared channels, many "
        "selecting goroutines") {
        debug::no_leaks_guard no_leaks;
        constexpr int P = 4;
        constexpr int per = 10'000;
        auto myc1 = make_chan<int>(), myc2 = make_chan<int>(), myc3 = make_chan<int>();
        auto done = make_chan<void>();
        auto finished = make_chan<int>(P);
        for (int p = 0; p < P; p++) {
            go([=] {
                for (;;) {
                    if (select(send(myc1, 0), send(myc2, 0), send(myc3, 0), recv(done)) == 3)
                        return;
                }
            });
            go([=] {
                int n = 0;
                for (int i = 0; i < per; i++)
                    n += select(recv(myc1), recv(myc2), recv(myc3)) <= 2;
                finished.send(n);
            });
        }
        for (int p = 0; p < P; p++)
            CHECK(finished.recv() == per);
        done.close();

        auto c1 = make_chan<int>(1), c2 = make_chan<int>(1);
        for (int p = 0; p < P; p++) {
            go([=] {
                for (int i = 0; i < per; i++) {
                    select(send(c1, 0), send(c2, 0));
                    select(recv(c1), recv(c2));
                }
                finished.send(per);
            });
        }
        for (int p = 0; p < P; p++)
            CHECK(finished.recv() == per);
        CHECK(c1.len() + c2.len() == 0u);
    }

    TEST_CASE(
        "SEL-25 SelectProdCons: producers and consumers select with a never-ready private case") {
        debug::no_leaks_guard no_leaks;
        constexpr int procs = 4;
        constexpr int per = 20'000;
        auto c = make_chan<int>(128);
        auto done = make_chan<long>(2 * procs);
        for (int p = 0; p < procs; p++) {
            go([=] {
                auto myc = make_chan<int>();
                long sent = 0;
                for (int i = 0; i < per; i++) {
                    select(send(c, 1), recv(myc));
                    sent++;
                }
                select(send(c, 0), recv(myc));
                done.send(sent);
            });
            go([=] {
                auto myc = make_chan<int>();
                long got = 0;
                for (;;) {
                    int v = -1;
                    select(recv(c, v), recv(myc));
                    if (v == 0) break;
                    got += v;
                }
                done.send(-got);
            });
        }
        long balance = 0;
        for (int i = 0; i < 2 * procs; i++)
            balance += done.recv();
        CHECK(balance == 0);
    }

    TEST_CASE(
        "channels made on one thread and dropped on another, by goroutines and by threads that "
        "exit, keep their values") {
        // Channel cores come from per-thread block caches that trade blocks
        // between threads; every channel here is made where it is not freed.
        debug::no_leaks_guard no_leaks;
        constexpr int rounds = 20;
        constexpr int per_round = 500;
        for (int r = 0; r < rounds; r++) {
            // Goroutines make channels, put a value in each and hand them
            // over; the test drains and drops them.
            auto handoff = make_chan<chan<int>>(per_round);
            sync::WaitGroup made;
            for (int g = 0; g < 4; g++) {
                made.add(1);
                go([=, &made] {
                    for (int i = g; i < per_round; i += 4) {
                        auto c = make_chan<int>(1);
                        c.send(r * per_round + i);
                        handoff.send(c);
                    }
                    made.done();
                });
            }
            made.wait();
            handoff.close();
            std::vector<bool> seen(per_round);
            for (auto c : handoff) {
                const int v = c.recv() - r * per_round;
                REQUIRE(v >= 0);
                REQUIRE(v < per_round);
                CHECK_FALSE(seen[static_cast<std::size_t>(v)]);
                seen[static_cast<std::size_t>(v)] = true;
            }
            // A plain thread makes channels and exits while the goroutines
            // still hold them; they free them after it is gone.
            // It also drops channels made here, makes more than the caches
            // keep (the test drops them), and drops one more as it exits,
            // after its cache is gone.
            std::vector<chan<int>> from_thread;
            std::vector<chan<void>> made_here(per_round);
            for (auto& c : made_here)
                c = make_chan<void>();
            std::vector<chan<void>> bulk;
            std::thread([&] {
                struct dropped_at_exit {
                    chan<void> c;
                };
                thread_local dropped_at_exit late;  // destroyed after the cache's flush
                late.c = made_here.back();
                for (int i = 0; i < per_round; i++) {
                    auto c = make_chan<int>(1);
                    c.send(i);
                    from_thread.push_back(c);
                }
                made_here.clear();
                for (int i = 0; i < 6'000; i++)
                    bulk.push_back(make_chan<void>());
            }).join();
            bulk.clear();
            auto sums = make_chan<long>(2);
            for (int half = 0; half < 2; half++) {
                std::vector<chan<int>> mine(from_thread.begin() + half * per_round / 2,
                                            from_thread.begin() + (half + 1) * per_round / 2);
                go([mine = std::move(mine), sums]() mutable {
                    long sum = 0;
                    for (auto& c : mine)
                        sum += c.recv();
                    mine.clear();
                    sums.send(sum);
                });
            }
            from_thread.clear();
            CHECK(sums.recv() + sums.recv() == long{per_round} * (per_round - 1) / 2);
        }
    }

}  // TEST_SUITE("channel stress")
