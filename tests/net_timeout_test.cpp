// net deadlines, after Go's src/net/timeout_test.go and dial_test.go:
// read, write, accept and dial timeouts, deadlines moved in both directions,
// deadlines in the past, and dial_context cancellation.
#include "net_test_util.hpp"

#include <gocpp/gocpp.hpp>
#include <gocpp/net/detail/test_hooks.hpp>

#include <doctest/doctest.h>

#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <poll.h>
#include <unistd.h>

#include <string>
#include <vector>

using namespace gocpp;
using namespace std::chrono_literals;
using net_test::leak_check;
using net_test::str;

namespace {

// A connected pair over loopback TCP.
struct conn_pair {
    net::Listener ln;
    net::Conn client, server;
    conn_pair() {
        auto [l, err] = net::listen("tcp", "127.0.0.1:0");
        REQUIRE(!err);
        ln = l;
        auto [c, derr] = net::dial("tcp", ln.addr().string());
        REQUIRE(!derr);
        client = c;
        auto [s, aerr] = ln.accept();
        REQUIRE(!aerr);
        server = s;
    }
    ~conn_pair() {
        client.close();
        server.close();
        ln.close();
    }
};

void check_timeout_error(const error& err, const std::string& op, const net::Conn& c) {
    CHECK(err);
    CHECK(net::is_timeout(err));
    CHECK(errors::is(err, os::err_deadline_exceeded));
    CHECK(str(err) == op + " tcp " + c.local_addr().string() + "->" + c.remote_addr().string() +
                          ": i/o timeout");
}

}  // namespace

TEST_CASE("timeout: a deadline in the past fails read and write at once (TestReadTimeout)") {
    leak_check lc;
    conn_pair p;
    p.client.set_deadline(time::now() - 1s);
    char buf[8];
    const auto start = time::now();
    auto [n, err] = p.client.read(buf);
    CHECK(n == 0);
    check_timeout_error(err, "read", p.client);
    auto [w, werr] = p.client.write("data");
    CHECK(w == 0);
    check_timeout_error(werr, "write", p.client);
    CHECK(time::since(start) < 1s);
    // Both stay failed until the deadline moves.
    check_timeout_error(p.client.read(buf).second, "read", p.client);
}

TEST_CASE("timeout: read deadline expires, then moved later lets the next read succeed") {
    leak_check lc;
    conn_pair p;
    // The clock starts before the deadline is set: a thread preempted in
    // between must not make the wait look shorter than the deadline.
    const auto start = time::now();
    p.client.set_read_deadline(start + 50ms);
    char buf[8];
    auto [n, err] = p.client.read(buf);
    const auto took = time::since(start);
    CHECK(n == 0);
    check_timeout_error(err, "read", p.client);
    CHECK(took >= 45ms);
    CHECK(took < 5s);
    // Moved later (and cleared): the data that arrives is read.
    p.client.set_read_deadline(time::now() + 10s);
    p.server.write("late");
    auto [m, rerr] = io::read_full(p.client, std::span<char>(buf, 4));
    CHECK(m == 4);
    CHECK(!rerr);
    CHECK(std::string(buf, 4) == "late");
    p.client.set_read_deadline(time::Time{});
    p.server.write("more");
    CHECK(io::read_full(p.client, std::span<char>(buf, 4)).second == nullptr);
}

TEST_CASE(
    "timeout: a deadline moved earlier while a read waits takes effect "
    "(TestReadTimeoutMustNotReturn inverse)") {
    leak_check lc;
    conn_pair p;
    p.client.set_read_deadline(time::now() + 1h);
    auto result = make_chan<error>(1);
    go([c = p.client, result] {
        char buf[8];
        result.send(c.read(buf).second);
    });
    test_util::settle();
    const auto start = time::now();
    p.client.set_read_deadline(time::now() + 30ms);
    auto err = result.recv();
    CHECK(net::is_timeout(err));
    CHECK(time::since(start) < 5s);
}

TEST_CASE(
    "timeout: a deadline moved later while a read waits does not fire early "
    "(TestReadTimeoutMustNotReturn)") {
    leak_check lc;
    conn_pair p;
    p.client.set_read_deadline(time::now() + 30ms);
    p.client.set_read_deadline(time::now() + 1h);  // replaces the first
    auto result = make_chan<error>(1);
    go([c = p.client, result] {
        char buf[8];
        result.send(c.read(buf).second);
    });
    time::sleep(150ms);
    switch (select(recv(result), default_)) {
        case 0:
            FAIL("read returned before its deadline");
            break;
        default:
            break;
    }
    p.server.write("x");
    CHECK(result.recv() == nullptr);
}

TEST_CASE("timeout: a deadline set in the past unblocks a read in progress at once") {
    leak_check lc;
    conn_pair p;
    auto result = make_chan<error>(1);
    go([c = p.client, result] {
        char buf[8];
        result.send(c.read(buf).second);
    });
    test_util::settle();
    const auto start = time::now();
    p.client.set_read_deadline(time::now() - 1ms);
    auto err = result.recv();
    check_timeout_error(err, "read", p.client);
    CHECK(time::since(start) < 1s);
}

TEST_CASE("timeout: write deadline on a peer that does not read (TestWriteTimeout)") {
    leak_check lc;
    conn_pair p;
    p.client.set_write_deadline(time::now() + 100ms);
    std::string block(1 << 20, 'w');
    error err;
    std::size_t total = 0;
    const auto start = time::now();
    for (int i = 0; i < 1000 && !err; ++i) {
        auto [n, e] = p.client.write(block);
        total += n;
        err = e;
    }
    check_timeout_error(err, "write", p.client);
    CHECK(total > 0);  // the socket buffers took some
    CHECK(time::since(start) < 10s);
    // The read deadline is untouched: the peer can still talk to us.
    p.server.write("ok");
    char buf[2];
    CHECK(io::read_full(p.client, buf).second == nullptr);
}

TEST_CASE("timeout: accept deadline (TestAcceptTimeout)") {
    leak_check lc;
    auto [ln, err] = net::listen("tcp", "127.0.0.1:0");
    REQUIRE(!err);
    const auto start = time::now();  // before the deadline is set, as above
    ln.set_deadline(start + 50ms);
    auto [c, aerr] = ln.accept();
    CHECK(!c);
    CHECK(net::is_timeout(aerr));
    CHECK(errors::is(aerr, os::err_deadline_exceeded));
    CHECK(str(aerr) == "accept tcp " + ln.addr().string() + ": i/o timeout");
    CHECK(time::since(start) >= 45ms);
    // Cleared: a connection is accepted.
    ln.set_deadline(time::Time{});
    auto [d, derr] = net::dial("tcp", ln.addr().string());
    REQUIRE(!derr);
    auto [s, aerr2] = ln.accept();
    CHECK(!aerr2);
    s.close();
    d.close();
    ln.close();
}

TEST_CASE("timeout: various deadlines, read returns after each (TestVariousDeadlines, shortened)") {
    leak_check lc;
    conn_pair p;
    for (time::Duration d :
         std::initializer_list<time::Duration>{1ns, 2ns, 5ns, 50ns, 100ns, 200ns, 500ns, 750ns, 1us,
                                               5us, 25us, 250us, 2500us, 5ms, 20ms}) {
        const auto deadline = time::now() + d;
        p.client.set_read_deadline(deadline);
        char buf[1];
        auto [n, err] = p.client.read(buf);
        CHECK(n == 0);
        CHECK(net::is_timeout(err));
        CHECK(time::now() >= deadline);
    }
}

TEST_CASE("timeout: many goroutines each with its own deadline all time out") {
    leak_check lc;
    auto [ln, err] = net::listen("tcp", "127.0.0.1:0");
    REQUIRE(!err);
    constexpr int n = 50;
    std::vector<net::Conn> clients, servers;
    for (int i = 0; i < n; ++i) {
        clients.push_back(net::dial("tcp", ln.addr().string()).first);
        servers.push_back(ln.accept().first);
    }
    sync::WaitGroup wg;
    std::atomic<int> timeouts{0};
    for (int i = 0; i < n; ++i) {
        wg.add(1);
        go([&, i] {
            defer _{[&] { wg.done(); }};
            clients[i].set_read_deadline(time::now() + std::chrono::milliseconds(5 + i));
            char buf[1];
            if (net::is_timeout(clients[i].read(buf).second)) timeouts++;
        });
    }
    wg.wait();
    CHECK(timeouts.load() == n);
    for (auto& c : clients)
        c.close();
    for (auto& s : servers)
        s.close();
    ln.close();
}

namespace {

// A connect that hangs, as Go's tests make one with testHookDialTCP: the
// hook starts nothing, so the socket never connects and the dial waits for
// its deadline or its context. The address is a real listener's.
struct hanging_connect {
    net::Listener ln;
    std::string addr;
    hanging_connect() {
        auto [l, err] = net::listen("tcp", "127.0.0.1:0");
        REQUIRE(!err);
        ln = l;
        addr = ln.addr().string();
        net::detail::test_hook_connect = [](int, const sockaddr*, socklen_t) {
            errno = EINPROGRESS;
            return -1;
        };
    }
    ~hanging_connect() {
        net::detail::test_hook_connect = nullptr;
        ln.close();
    }
};

}  // namespace

TEST_CASE("dial: dial_timeout on a connect that hangs fails with i/o timeout (TestDialTimeout)") {
    leak_check lc;
    hanging_connect fb;
    const auto start = time::now();
    auto [c, err] = net::dial_timeout("tcp", fb.addr, 100ms);
    CHECK(!c);
    CHECK(net::is_timeout(err));
    CHECK(errors::is(err, context::deadline_exceeded));
    CHECK(str(err) == "dial tcp " + fb.addr + ": i/o timeout");
    CHECK(time::since(start) >= 90ms);
    CHECK(time::since(start) < 5s);
}

TEST_CASE(
    "dial: dial_context canceled during connect fails with operation was canceled "
    "(TestDialContextCancelRace)") {
    leak_check lc;
    hanging_connect fb;
    auto [ctx, cancel] = context::with_cancel(context::background());
    time::after_func(50ms, [cancel = cancel] { cancel(); });
    const auto start = time::now();
    auto [c, err] = net::Dialer{}.dial_context(ctx, "tcp", fb.addr);
    CHECK(!c);
    CHECK(str(err) == "dial tcp " + fb.addr + ": operation was canceled");
    CHECK(errors::is(err, context::canceled));
    CHECK(!net::is_timeout(err));
    CHECK(time::since(start) < 5s);
    cancel();
}

TEST_CASE("dial: dial_context with a context deadline, and an already-canceled context") {
    leak_check lc;
    hanging_connect fb;
    {
        auto [ctx, cancel] = context::with_timeout(context::background(), 60ms);
        auto [c, err] = net::Dialer{}.dial_context(ctx, "tcp", fb.addr);
        CHECK(!c);
        CHECK(str(err) == "dial tcp " + fb.addr + ": i/o timeout");
        CHECK(net::is_timeout(err));
        cancel();
    }
    {
        auto [ctx, cancel] = context::with_cancel(context::background());
        cancel();
        auto [c, err] = net::Dialer{}.dial_context(ctx, "tcp", fb.addr);
        CHECK(!c);
        CHECK(str(err) == "dial tcp " + fb.addr + ": operation was canceled");
    }
    net::detail::test_hook_connect = nullptr;
    {
        // A context canceled after a successful dial does not affect the conn.
        auto [ln, lerr] = net::listen("tcp", "127.0.0.1:0");
        REQUIRE(!lerr);
        auto [ctx, cancel] = context::with_cancel(context::background());
        auto [c, err] = net::Dialer{.timeout = 5s}.dial_context(ctx, "tcp", ln.addr().string());
        REQUIRE(!err);
        cancel();
        auto [s, aerr] = ln.accept();
        REQUIRE(!aerr);
        time::sleep(20ms);
        CHECK(c.write("still fine").second == nullptr);
        char buf[10];
        CHECK(io::read_full(s, buf).second == nullptr);
        c.close();
        s.close();
        ln.close();
    }
}

namespace {

// A name with several addresses (Go's testHookLookupIP): "twoaddrs.test"
// resolves to ::1 then 127.0.0.1, "twoaddrs4first.test" to 127.0.0.1 then ::1.
struct two_address_name {
    two_address_name() {
        net::detail::test_hook_lookup_host = [](std::string_view host) {
            if (host == "twoaddrs.test") return std::vector<std::string>{"::1", "127.0.0.1"};
            if (host == "twoaddrs4first.test") return std::vector<std::string>{"127.0.0.1", "::1"};
            return std::vector<std::string>{};
        };
    }
    ~two_address_name() {
        net::detail::test_hook_lookup_host = nullptr;
        net::detail::test_hook_connect = nullptr;
    }
};

// A port on 127.0.0.1 that a listener holds, and one that nothing listens on.
std::string port_of(const net::Listener& ln) {
    return net::split_host_port(ln.addr().string()).port;
}

}  // namespace

TEST_CASE("dial: the addresses of a name are dialed in turn until one connects (dialSerial)") {
    leak_check lc;
    two_address_name names;
    auto [ln, err] = net::listen("tcp4", "127.0.0.1:0");
    REQUIRE(!err);
    const std::string port = port_of(ln);
    // ::1 comes first and refuses (nothing listens there): 127.0.0.1 is next.
    auto [c, derr] = net::dial("tcp", "twoaddrs.test:" + port);
    REQUIRE_NIL_ERROR(derr);
    CHECK(c.remote_addr().string() == "127.0.0.1:" + port);
    auto [s, aerr] = ln.accept();
    REQUIRE(!aerr);
    CHECK(s.remote_addr() == c.local_addr());
    c.close();
    s.close();
    // "tcp4" never tries the IPv6 address; "tcp6" has none it may try.
    auto [c4, derr4] = net::dial("tcp4", "twoaddrs.test:" + port);
    CHECK(!derr4);
    auto [s4, aerr4] = ln.accept();
    CHECK(!aerr4);
    CHECK(s4.remote_addr() == c4.local_addr());
    c4.close();
    s4.close();
    ln.close();

    // When every address fails, the error is the first address's.
    auto [c2, derr2] = net::dial("tcp", "twoaddrs4first.test:" + port);
    CHECK(!c2);
    CHECK(str(derr2) == "dial tcp 127.0.0.1:" + port + ": connect: connection refused");
    auto [c3, derr3] = net::dial("tcp", "twoaddrs.test:" + port);
    CHECK(!c3);
    const std::string first = str(derr3);
    CHECK(first.rfind("dial tcp [::1]:" + port + ": connect: ", 0) == 0);
}

TEST_CASE("dial: each address gets its share of the timeout, at least 2 s (partialDeadline)") {
    leak_check lc;
    two_address_name names;
    auto [ln, err] = net::listen("tcp4", "127.0.0.1:0");
    REQUIRE(!err);
    const std::string port = port_of(ln);
    // Connects to IPv6 addresses hang; IPv4 ones are real.
    net::detail::test_hook_connect = [](int fd, const sockaddr* addr, socklen_t len) {
        if (addr->sa_family == AF_INET6) {
            errno = EINPROGRESS;
            return -1;
        }
        return ::connect(fd, addr, len);
    };
    {
        // 3 s for two addresses: the hanging ::1 gets 2 s (the sane minimum,
        // more than half), and 127.0.0.1 the rest. Without the split, ::1
        // would take all 3 s and the dial would time out.
        const auto start = time::now();
        auto [c, derr] = net::dial_timeout("tcp", "twoaddrs.test:" + port, 3s);
        const auto took = time::since(start);
        REQUIRE_NIL_ERROR(derr);
        CHECK(c.remote_addr().string() == "127.0.0.1:" + port);
        CHECK(took >= 1900ms);
        CHECK(took < 3s);
        auto [s, aerr] = ln.accept();
        CHECK(!aerr);
        c.close();
        s.close();
    }
    {
        // Less than 2 s in all: the first address may take all of it, and
        // its timeout is the error.
        const auto start = time::now();
        auto [c, derr] = net::dial_timeout("tcp", "twoaddrs.test:" + port, 200ms);
        CHECK(!c);
        CHECK(str(derr) == "dial tcp [::1]:" + port + ": i/o timeout");
        CHECK(time::since(start) >= 190ms);
    }
    {
        // A context deadline is split the same way.
        auto [ctx, cancel] = context::with_timeout(context::background(), 3s);
        auto [c, derr] = net::Dialer{}.dial_context(ctx, "tcp", "twoaddrs.test:" + port);
        REQUIRE_NIL_ERROR(derr);
        CHECK(c.remote_addr().string() == "127.0.0.1:" + port);
        auto [s, aerr] = ln.accept();
        CHECK(!aerr);
        c.close();
        s.close();
        cancel();
    }
    ln.close();
}
