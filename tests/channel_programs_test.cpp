// The scenarios of Go's test/chan programs: sieve1 and sieve2 (CH-23, SEL-20),
// nonblock (CH-25), powser1 (CH-24, in a subprocess: it leaves its network
// of goroutines blocked, as the Go program does). fifo, zerosize, sendstmt
// and goroutines are in channel_test.cpp; the select programs in
// select_test.cpp.
//
// The sieves stop their goroutines when the test is done (a quit channel on
// every blocking step); Go's programs leave them blocked and exit.
#include "test_util.hpp"

#include <doctest/doctest.h>
#include <gocpp/debug_doctest.hpp>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <queue>
#include <string>
#include <vector>

using namespace gocpp;
using namespace std::chrono_literals;

namespace {

using steady = std::chrono::steady_clock;

const std::vector<int> first_25_primes = {2,  3,  5,  7,  11, 13, 17, 19, 23, 29, 31, 37, 41,
                                          43, 47, 53, 59, 61, 67, 71, 73, 79, 83, 89, 97};

// c <- v, unless quit is closed first.
template <class C, class T>
bool put(const C& c, T v, const chan<void>& quit) {
    return select(send(c, std::move(v)), recv(quit)) == 0;
}

// <-c, unless quit is closed first.
template <class C>
std::optional<typename C::element_type> take(const C& c, const chan<void>& quit) {
    typename C::element_type v{};
    if (select(recv(c, v), recv(quit)) == 1) return std::nullopt;
    return v;
}

// --- sieve1: a linear chain of divisibility filters -------------------------

void generate(send_chan<int> ch, chan<void> quit) {
    for (int i = 2;; i++) {
        if (!put(ch, i, quit)) return;
    }
}

void filter(recv_chan<int> in, send_chan<int> out, int prime, chan<void> quit) {
    for (;;) {
        auto i = take(in, quit);
        if (!i) return;
        if (*i % prime != 0 && !put(out, *i, quit)) return;
    }
}

void sieve(send_chan<int> primes, chan<void> quit) {
    auto ch = make_chan<int>();
    go(generate, ch, quit);
    for (;;) {
        auto prime = take(ch, quit);
        if (!prime || !put(primes, *prime, quit)) return;
        auto ch1 = make_chan<int>();
        go(filter, ch, ch1, *prime, quit);
        ch = ch1;
    }
}

// --- sieve2: Eratosthenes with a heap of multiples and a send proxy ----------

recv_chan<int> odds(chan<void> quit) {
    auto out = make_chan<int>(50);
    go([=] {
        for (int n = 5;; n += 2) {
            if (!put(out, n, quit)) return;
        }
    });
    return out;
}

recv_chan<int> multiples(int p, chan<void> quit) {
    auto out = make_chan<int>(10);
    go([=] {
        for (int n = p * p;; n += 2 * p) {
            if (!put(out, n, quit)) return;
        }
    });
    return out;
}

struct peek_ch {
    int head;
    recv_chan<int> ch;
};
struct later_head {
    bool operator()(const peek_ch& a, const peek_ch& b) const { return a.head > b.head; }
};

// A channel in front of out whose sends never block: a goroutine keeps what
// out does not take yet in a growing buffer. While the buffer is empty its
// send case is disabled by a nil channel (SEL-20).
send_chan<int> sendproxy(send_chan<int> out, chan<void> quit,
                         std::shared_ptr<std::atomic<std::size_t>> most_buffered) {
    auto proxy = make_chan<int>(10);
    go([=] {
        std::deque<int> buffer;
        for (;;) {
            send_chan<int> c = out;
            int e = 0;
            if (buffer.empty()) {
                c = nullptr;
            } else {
                e = buffer.front();
            }
            int in = 0;
            switch (select(recv(proxy, in), send(c, e), recv(quit))) {
                case 0:
                    buffer.push_back(in);
                    if (buffer.size() > most_buffered->load()) most_buffered->store(buffer.size());
                    break;
                case 1:
                    buffer.pop_front();
                    break;
                case 2:
                    return;
            }
        }
    });
    return proxy;
}

// most_buffered is shared: the proxy goroutine goes on until it sees quit,
// after the test has returned.
recv_chan<int> sieve2(chan<void> quit, std::shared_ptr<std::atomic<std::size_t>> most_buffered) {
    auto out = make_chan<int>(10);
    out.send(2);
    out.send(3);
    auto composites = make_chan<int>(50);
    auto primes = make_chan<int>(10);
    primes.send(3);

    // Merges the multiples of every prime into composites, in order.
    go([=] {
        std::priority_queue<peek_ch, std::vector<peek_ch>, later_head> h;
        int min = 15;
        for (;;) {
            auto p = take(primes, quit);
            if (!p) return;
            auto m = multiples(*p, quit);
            auto head = take(m, quit);
            if (!head) return;
            while (min < *head) {
                if (!put(composites, min, quit)) return;
                peek_ch minchan = h.top();
                h.pop();
                min = minchan.head;
                auto next = take(minchan.ch, quit);
                if (!next) return;
                minchan.head = *next;
                h.push(minchan);
            }
            while (min == *head) {
                peek_ch minchan = h.top();
                h.pop();
                min = minchan.head;
                auto next = take(minchan.ch, quit);
                if (!next) return;
                minchan.head = *next;
                h.push(minchan);
            }
            if (!put(composites, *head, quit)) return;
            auto second = take(m, quit);
            if (!second) return;
            h.push(peek_ch{*second, m});
        }
    });

    // Sieves the composites out of the odd candidates.
    go([=] {
        auto to_merger = sendproxy(primes, quit, most_buffered);
        auto candidates = odds(quit);
        auto p = take(candidates, quit);
        if (!p) return;
        for (;;) {
            auto c = take(composites, quit);
            if (!c) return;
            while (*p < *c) {
                if (!put(to_merger, *p, quit) || !put(out, *p, quit)) return;
                p = take(candidates, quit);
                if (!p) return;
            }
            if (*p == *c) {
                p = take(candidates, quit);
                if (!p) return;
            }
        }
    });
    return out;
}

// --- nonblock: retried non-blocking operations meet a parked partner --------

// Retries a non-blocking operation until it succeeds, pausing in between as
// nonblock.go does (a short sleep, then three yields); false if it never
// succeeded within the bound.
template <class Op>
bool retry_nonblocking(Op op) {
    const auto deadline = steady::now() + 10s;
    while (!op()) {
        if (steady::now() > deadline) return false;
        time::sleep(20us);
        for (int i = 0; i < 3; i++)
            gosched();
    }
    return true;
}

template <class T>
void nonblock_round(int buffer, T to_receiver, T from_sender) {
    CAPTURE(buffer);
    auto c = make_chan<T>(buffer);
    auto sync = make_chan<bool>();
    T v{};

    // Nothing to receive yet: default.
    CHECK(select(recv(c, v), default_) == 1);

    // A receiver parks; the retried non-blocking send eventually meets it.
    go([c, sync, to_receiver] { sync.send(c.recv() == to_receiver); });
    CHECK(retry_nonblocking([&] { return select(send(c, to_receiver), default_) == 0; }));
    CHECK(sync.recv());

    // A sender parks (or fills the buffer); the retried non-blocking receive
    // eventually takes its value.
    go([c, sync, from_sender] {
        c.send(from_sender);
        sync.send(true);
    });
    if (buffer > 0) CHECK(sync.recv());
    CHECK(retry_nonblocking([&] { return select(recv(c, v), default_) == 0; }));
    CHECK(v == from_sender);
    if (buffer == 0) CHECK(sync.recv());
}

}  // namespace

TEST_SUITE("channel programs") {
    TEST_CASE("CH-23 sieve1: a chain of filter goroutines yields the first 25 primes") {
        debug::no_leaks_guard no_leaks;
        auto quit = make_chan<void>();
        auto primes = make_chan<int>();
        go(sieve, primes, quit);
        std::vector<int> got;
        for (std::size_t i = 0; i < first_25_primes.size(); i++)
            got.push_back(primes.recv());
        CHECK(got == first_25_primes);
        quit.close();
    }

    TEST_CASE(
        "CH-23 SEL-20 sieve2: heap of multiples and a send proxy disabled by a nil channel yield "
        "the same primes") {
        debug::no_leaks_guard no_leaks;
        auto quit = make_chan<void>();
        auto most_buffered = std::make_shared<std::atomic<std::size_t>>(0);
        auto primes = sieve2(quit, most_buffered);
        std::vector<int> got;
        for (std::size_t i = 0; i < first_25_primes.size(); i++)
            got.push_back(primes.recv());
        INFO("most values the send proxy held: ", most_buffered->load());
        CHECK(got == first_25_primes);
        quit.close();
    }

    TEST_CASE("CH-23 sieve1 further: the 1000th prime is 7919") {
        debug::no_leaks_guard no_leaks;
        auto quit = make_chan<void>();
        auto primes = make_chan<int>();
        go(sieve, primes, quit);
        int p = 0;
        for (int i = 0; i < 1000; i++)
            p = primes.recv();
        CHECK(p == 7919);
        quit.close();
    }

    TEST_CASE(
        "CH-25 nonblock: retried non-blocking sends and receives pair with a parked partner, "
        "values intact") {
        debug::no_leaks_guard no_leaks;
        for (int buffer = 0; buffer < 2; buffer++) {
            nonblock_round<std::int32_t>(buffer, 123, 234);
            nonblock_round<std::int64_t>(buffer, 123456, 234567);
            nonblock_round<bool>(buffer, true, true);
            nonblock_round<std::string>(buffer, "hello", "hello again");
        }
    }

    TEST_CASE("CH-24 powser1: power series over demand channels give Exp(Ones) and ATan") {
        auto r = test_util::run_program("chan_powser", "", 60);
        CHECK(r.exit_status == 0);
        CHECK(r.out ==
              "Exp: 1 1 3/2 13/6 73/24 167/40 4051/720 37633/5040 43817/4480 4596553/362880\n"
              "ATan: 0 1 0 -1/3 0 1/5 0 -1/7 0 1/9\n"
              "ok\n");
    }

}  // TEST_SUITE("channel programs")
