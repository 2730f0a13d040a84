// net: TCP listen/dial/accept, reads and writes that park, close semantics
// and Go's error texts (Go's net_test.go, dial_test.go, conn_test.go).
#include "net_test_util.hpp"

#include <gocpp/gocpp.hpp>

#include <doctest/doctest.h>

#include <netdb.h>
#include <sys/socket.h>

#include <algorithm>
#include <atomic>
#include <mutex>
#include <string>
#include <vector>

using namespace gocpp;
using namespace std::chrono_literals;
using net_test::leak_check;
using net_test::str;

namespace {

// A listener on 127.0.0.1:0 whose accepted connections echo until eof.
struct echo_server {
    net::Listener ln;
    sync::WaitGroup wg;
    echo_server() {
        auto [l, err] = net::listen("tcp", "127.0.0.1:0");
        REQUIRE(!err);
        ln = l;
        wg.add(1);
        go([this] {
            defer _{[this] { wg.done(); }};
            for (;;) {
                auto [c, err] = ln.accept();
                if (err) return;
                wg.add(1);
                go([this, c = c] {
                    defer _{[this] { wg.done(); }};
                    io::copy(c, c);
                    c.close();
                });
            }
        });
    }
    std::string addr() const { return ln.addr().string(); }
    void stop() {
        ln.close();
        wg.wait();
    }
};

}  // namespace

TEST_CASE("net: dial, write and read back through an echo server") {
    leak_check lc;
    echo_server srv;
    auto [c, err] = net::dial("tcp", srv.addr());
    REQUIRE(str(err) == "<nil>");
    CHECK(c.remote_addr().string() == srv.addr());
    CHECK(c.remote_addr().network() == "tcp");
    CHECK(c.local_addr().string().rfind("127.0.0.1:", 0) == 0);
    auto [n, werr] = c.write("hello, world");
    CHECK(n == 12);
    CHECK(!werr);
    std::string buf(12, '\0');
    auto [m, rerr] = io::read_full(c, buf);
    CHECK(m == 12);
    CHECK(!rerr);
    CHECK(buf == "hello, world");
    CHECK(!c.close());
    srv.stop();
}

TEST_CASE("net: close_write is seen as eof by the peer, which can still write back") {
    leak_check lc;
    echo_server srv;
    auto [c, err] = net::dial("tcp", srv.addr());
    REQUIRE(!err);
    c.write("abc");
    CHECK(!c.close_write());
    auto [data, rerr] = io::read_all(c);
    CHECK(!rerr);
    CHECK(data == "abc");
    auto [n, e2] = c.read(std::span<char>(data.data(), 0));
    (void)n;
    (void)e2;
    c.close();
    srv.stop();
}

TEST_CASE("net: connection refused, bad addresses and unknown networks print Go's errors") {
    leak_check lc;
    // A port with nobody listening: take one and close it.
    auto [ln, lerr] = net::listen("tcp", "127.0.0.1:0");
    REQUIRE(!lerr);
    const std::string addr = ln.addr().string();
    ln.close();
    auto [c, err] = net::dial("tcp", addr);
    CHECK(!c);
    CHECK(str(err) == "dial tcp " + addr + ": connect: connection refused");
    CHECK(!net::is_timeout(err));

    CHECK(str(net::dial("tcp", "1.2.3.4").second) ==
          "dial tcp: address 1.2.3.4: missing port in address");
    CHECK(str(net::dial("tcp", "1:2:3").second) ==
          "dial tcp: address 1:2:3: too many colons in address");
    CHECK(str(net::dial("foo", "127.0.0.1:80").second) == "dial foo: unknown network foo");
    CHECK(str(net::listen("tcp", "127.0.0.1").second) ==
          "listen tcp: address 127.0.0.1: missing port in address");
    CHECK(str(net::dial("tcp", "127.0.0.1:99999").second) ==
          "dial tcp: address 127.0.0.1:99999: invalid port");
    CHECK(str(net::dial("tcp", "no-such-host.invalid:80").second) ==
          "dial tcp: lookup no-such-host.invalid: no such host");
}

TEST_CASE("net: listening on a port in use fails with bind: address already in use") {
    leak_check lc;
    auto [ln, err] = net::listen("tcp", "127.0.0.1:0");
    REQUIRE(!err);
    auto [ln2, err2] = net::listen("tcp", ln.addr().string());
    CHECK(!ln2);
    CHECK(str(err2) == "listen tcp " + ln.addr().string() + ": bind: address already in use");
    ln.close();
}

TEST_CASE("net: localhost and IPv6 loopback") {
    leak_check lc;
    auto [ln, err] = net::listen("tcp", "localhost:0");
    REQUIRE(!err);
    CHECK(ln.addr().string().rfind("127.0.0.1:", 0) == 0);
    auto port = net::split_host_port(ln.addr().string()).port;
    auto [c, derr] = net::dial("tcp", "localhost:" + port);
    REQUIRE(!derr);
    auto [s, aerr] = ln.accept();
    REQUIRE(!aerr);
    CHECK(s.remote_addr() == c.local_addr());
    c.close();
    s.close();
    ln.close();

    auto [ln6, err6] = net::listen("tcp6", "[::1]:0");
    if (err6) return;  // no IPv6 on this host
    CHECK(ln6.addr().string().rfind("[::1]:", 0) == 0);
    auto [c6, derr6] = net::dial("tcp6", ln6.addr().string());
    REQUIRE(!derr6);
    auto [s6, aerr6] = ln6.accept();
    REQUIRE(!aerr6);
    c6.write("v6");
    char buf[2];
    CHECK(io::read_full(s6, buf).first == 2);
    CHECK(std::string(buf, 2) == "v6");
    c6.close();
    s6.close();
    ln6.close();
}

TEST_CASE("net: close while reading wakes the reader with use of closed network connection") {
    leak_check lc;
    auto [ln, err] = net::listen("tcp", "127.0.0.1:0");
    REQUIRE(!err);
    auto [c, derr] = net::dial("tcp", ln.addr().string());
    REQUIRE(!derr);
    auto [s, aerr] = ln.accept();
    REQUIRE(!aerr);
    auto result = make_chan<error>(1);
    go([c = c, result] {
        char buf[16];
        result.send(c.read(buf).second);
    });
    test_util::settle();
    CHECK(!c.close());
    auto rerr = result.recv();
    CHECK(errors::is(rerr, net::err_closed));
    CHECK(str(rerr) == "read tcp " + c.local_addr().string() + "->" + c.remote_addr().string() +
                           ": use of closed network connection");
    // Reading, writing and closing a closed conn.
    char buf[4];
    CHECK(errors::is(c.read(buf).second, net::err_closed));
    CHECK(errors::is(c.write("x").second, net::err_closed));
    CHECK(str(c.close()) == "close tcp " + c.local_addr().string() + "->" +
                                c.remote_addr().string() + ": use of closed network connection");
    // The peer sees eof.
    auto [n, perr] = s.read(buf);
    CHECK(n == 0);
    CHECK(perr == io::eof);
    s.close();
    ln.close();
}

TEST_CASE("net: close while accepting wakes accept with Go's error") {
    leak_check lc;
    auto [ln, err] = net::listen("tcp", "127.0.0.1:0");
    REQUIRE(!err);
    auto result = make_chan<error>(1);
    go([ln = ln, result] { result.send(ln.accept().second); });
    test_util::settle();
    CHECK(!ln.close());
    auto aerr = result.recv();
    CHECK(errors::is(aerr, net::err_closed));
    CHECK(str(aerr) == "accept tcp " + ln.addr().string() + ": use of closed network connection");
    CHECK(str(ln.accept().second) ==
          "accept tcp " + ln.addr().string() + ": use of closed network connection");
}

TEST_CASE("net: a nil conn and listener answer invalid argument") {
    net::Conn c;
    char buf[4];
    CHECK(str(c.read(buf).second) == "invalid argument");
    CHECK(str(c.write("x").second) == "invalid argument");
    CHECK(str(c.close()) == "invalid argument");
    CHECK(str(c.set_deadline(time::now())) == "invalid argument");
    net::Listener ln;
    CHECK(str(ln.accept().second) == "invalid argument");
}

TEST_CASE("net: a write to a peer that has gone fails with broken pipe or reset, not SIGPIPE") {
    leak_check lc;
    auto [ln, err] = net::listen("tcp", "127.0.0.1:0");
    REQUIRE(!err);
    auto [c, derr] = net::dial("tcp", ln.addr().string());
    REQUIRE(!derr);
    auto [s, aerr] = ln.accept();
    REQUIRE(!aerr);
    s.close();
    std::string block(64 * 1024, 'x');
    error werr;
    for (int i = 0; i < 100 && !werr; ++i)
        werr = c.write(block).second;
    CHECK(werr);
    const std::string text = str(werr);
    const std::string prefix =
        "write tcp " + c.local_addr().string() + "->" + c.remote_addr().string() + ": write: ";
    CHECK(text.rfind(prefix, 0) == 0);
    CHECK((text == prefix + "broken pipe" || text == prefix + "connection reset by peer"));
    c.close();
    ln.close();
}

TEST_CASE("net: a goroutine parked on a socket is not a deadlock and dumps as [IO wait]") {
    auto r = test_util::run_program("net_io_wait_dump");
    CHECK(r.exit_status == 0);
    CHECK(r.out.find("[IO wait]") != std::string::npos);
    CHECK(r.out.find("deadlock") == std::string::npos);
    CHECK(r.out.find("done") != std::string::npos);
}

TEST_CASE("net: udp listen_packet, write_to and read_from") {
    leak_check lc;
    auto [a, err] = net::listen_packet("udp", "127.0.0.1:0");
    REQUIRE(!err);
    auto [b, err2] = net::listen_packet("udp", "127.0.0.1:0");
    REQUIRE(!err2);
    auto [n, werr] = b.write_to("ping", a.local_addr());
    CHECK(n == 4);
    CHECK(!werr);
    char buf[64];
    auto r = a.read_from(buf);
    CHECK(!r.err);
    CHECK(std::string(buf, r.n) == "ping");
    CHECK(r.addr == b.local_addr());
    CHECK(r.addr.network() == "udp");
    a.set_read_deadline(time::now() + 20ms);
    auto r2 = a.read_from(buf);
    CHECK(net::is_timeout(r2.err));
    CHECK(str(r2.err) == "read udp " + a.local_addr().string() + ": i/o timeout");
    a.close();
    b.close();
}

TEST_CASE("net: unix sockets") {
    leak_check lc;
    char tmpl[] = "/tmp/gocpp_net_XXXXXX";
    REQUIRE(mkdtemp(tmpl) != nullptr);
    const std::string path = std::string(tmpl) + "/sock";
    auto [ln, err] = net::listen("unix", path);
    REQUIRE(!err);
    CHECK(ln.addr().string() == path);
    CHECK(ln.addr().network() == "unix");
    auto [c, derr] = net::dial("unix", path);
    REQUIRE(!derr);
    auto [s, aerr] = ln.accept();
    REQUIRE(!aerr);
    c.write("over unix");
    c.close_write();
    auto [data, rerr] = io::read_all(s);
    CHECK(!rerr);
    CHECK(data == "over unix");
    CHECK(c.remote_addr().string() == path);
    c.close();
    s.close();
    ln.close();
    CHECK(access(path.c_str(), F_OK) != 0);  // the listener removed its socket file
    rmdir(tmpl);
}

TEST_CASE("net: blocking_call runs on a helper thread while other goroutines run") {
    auto progress = std::make_shared<std::atomic<int>>(0);
    auto stop = std::make_shared<std::atomic<bool>>(false);
    go([progress, stop] {
        while (!stop->load()) {
            progress->fetch_add(1);
            time::sleep(1ms);
        }
    });
    const int before = progress->load();
    int got = blocking_call([] {
        ::usleep(100'000);
        return 42;
    });
    CHECK(got == 42);
    CHECK(progress->load() > before);
    stop->store(true);
    CHECK_THROWS_AS(blocking_call([]() -> int { throw std::runtime_error("boom"); }),
                    std::runtime_error);
}

// Go's fdMutex: close() marks the socket closed and wakes its waiters, but
// the fd number is released only when the last read or write in flight has
// returned. Were it released at once, a reader or writer between its check
// and its syscall would reach whatever socket the kernel hands out next
// under the same number. Here readers and writers keep busy on "old"
// connections while they are closed, and "new" connections are opened at
// once: no old call may see EBADF or another connection's bytes, and every
// new connection must carry exactly its own bytes.
TEST_CASE("net: close with reads and writes in flight never lets them reach a reused fd") {
    leak_check lc;
    auto [ln, err] = net::listen("tcp", "127.0.0.1:0");
    REQUIRE(!err);
    constexpr int rounds = 30, pairs = 16, new_bytes = 4096;
    std::atomic<int> wrong_bytes{0}, wrong_errors{0}, reused_fds{0}, new_failures{0};
    std::string first_wrong_error;
    std::mutex first_mu;
    auto note_error = [&](const error& e) {
        if (errors::is(e, net::err_closed)) return;
        if (wrong_errors.fetch_add(1) == 0) {
            std::lock_guard lk(first_mu);
            first_wrong_error = str(e);
        }
    };
    for (int round = 0; round < rounds; ++round) {
        sync::WaitGroup wg;
        std::vector<net::Conn> old_clients, old_servers;
        for (int i = 0; i < pairs; ++i) {
            auto [c, derr] = net::dial("tcp", ln.addr().string());
            REQUIRE(!derr);
            auto [s, aerr] = ln.accept();
            REQUIRE(!aerr);
            old_clients.push_back(c);
            old_servers.push_back(s);
        }
        for (int i = 0; i < pairs; ++i) {
            net::Conn c = old_clients[i], s = old_servers[i];
            wg.add(5);
            // Two readers and a writer on the client end, which is closed
            // under them; they must end with use of closed network connection.
            for (int r = 0; r < 2; ++r) {
                go([&, c] {
                    defer _{[&] { wg.done(); }};
                    char buf[512];
                    for (;;) {
                        auto [n, rerr] = c.read(buf);
                        for (std::size_t k = 0; k < n; ++k)
                            if (buf[k] != 'o') wrong_bytes.fetch_add(1);
                        if (rerr) {
                            note_error(rerr);
                            return;
                        }
                    }
                });
            }
            go([&, c] {
                defer _{[&] { wg.done(); }};
                const std::string block(256, 'w');
                for (;;) {
                    if (error werr = c.write(block).second) {
                        note_error(werr);
                        return;
                    }
                }
            });
            // The server end feeds the readers and drains the writer until
            // the client end goes (eof, reset or broken pipe: not checked).
            go([&, s] {
                defer _{[&] { wg.done(); }};
                const std::string block(256, 'o');
                while (!s.write(block).second) {
                }
            });
            go([&, s] {
                defer _{[&] { wg.done(); }};
                char buf[512];
                for (;;) {
                    auto [n, rerr] = s.read(buf);
                    for (std::size_t k = 0; k < n; ++k)
                        if (buf[k] != 'w') wrong_bytes.fetch_add(1);
                    if (rerr) return;
                }
            });
        }
        time::sleep(std::chrono::microseconds(200 + 100 * (round % 10)));
        std::vector<int> closed_fds;
        for (auto& c : old_clients) {
            closed_fds.push_back(c.fd());
            CHECK(!c.close());
        }
        // New connections, which take the lowest free fd numbers: those the
        // closes above released, if they were released.
        std::vector<net::Conn> new_clients, new_servers;
        for (int i = 0; i < pairs; ++i) {
            auto [c, derr] = net::dial("tcp", ln.addr().string());
            REQUIRE(!derr);
            auto [s, aerr] = ln.accept();
            REQUIRE(!aerr);
            for (int fd : closed_fds)
                if (c.fd() == fd || s.fd() == fd) reused_fds.fetch_add(1);
            new_clients.push_back(c);
            new_servers.push_back(s);
        }
        for (int i = 0; i < pairs; ++i) {
            const std::string block(new_bytes, 'n');
            if (new_clients[i].write(block).second || new_servers[i].write(block).second)
                new_failures.fetch_add(1);
        }
        for (int i = 0; i < pairs; ++i) {
            for (const net::Conn& c : {new_clients[i], new_servers[i]}) {
                std::string buf(new_bytes, '\0');
                auto [n, rerr] = io::read_full(c, std::span<char>(buf.data(), buf.size()));
                if (rerr || n != buf.size() || buf != std::string(new_bytes, 'n'))
                    new_failures.fetch_add(1);
            }
        }
        for (auto& s : old_servers)
            s.close();
        wg.wait();
        for (int i = 0; i < pairs; ++i) {
            new_clients[i].close();
            new_servers[i].close();
        }
    }
    ln.close();
    CHECK(wrong_bytes.load() == 0);
    CHECK_MESSAGE(wrong_errors.load() == 0, "first unexpected error: ", first_wrong_error);
    CHECK(new_failures.load() == 0);
    // The numbers were reused: the test exercised what it is about.
    CHECK(reused_fds.load() > 0);
}

// "localhost" is dialed at every address the system resolver gives, in its
// order: with a listener on 127.0.0.1 only, the dial connects to 127.0.0.1
// whether or not ::1 comes first (Go's dialSerial; ::1 refuses at once).
TEST_CASE("net: dial localhost tries each address getaddrinfo gives, in order") {
    leak_check lc;
    std::vector<std::string> order;
    {
        addrinfo hints{};
        hints.ai_family = AF_UNSPEC;
        hints.ai_socktype = SOCK_STREAM;
        addrinfo* res = nullptr;
        REQUIRE(getaddrinfo("localhost", nullptr, &hints, &res) == 0);
        for (const addrinfo* a = res; a != nullptr; a = a->ai_next) {
            char host[NI_MAXHOST];
            getnameinfo(a->ai_addr, a->ai_addrlen, host, sizeof host, nullptr, 0, NI_NUMERICHOST);
            order.emplace_back(host);
        }
        freeaddrinfo(res);
    }
    std::string listed;
    for (const auto& a : order)
        listed += a + " ";
    MESSAGE("getaddrinfo(localhost) on this machine: ", listed);
    const auto v4 = std::find(order.begin(), order.end(), "127.0.0.1");
    REQUIRE_MESSAGE(v4 != order.end(), "localhost does not resolve to 127.0.0.1 here");

    auto [ln, err] = net::listen("tcp4", "127.0.0.1:0");
    REQUIRE(!err);
    const std::string port = net::split_host_port(ln.addr().string()).port;
    auto [c, derr] = net::dial("tcp", "localhost:" + port);
    REQUIRE_NIL_ERROR(derr);
    CHECK(c.remote_addr().string() == "127.0.0.1:" + port);
    auto [s, aerr] = ln.accept();
    REQUIRE(!aerr);
    CHECK(s.remote_addr() == c.local_addr());
    c.close();
    s.close();
    ln.close();

    // With nothing listening, the error names the first address listed.
    auto [c2, derr2] = net::dial("tcp", "localhost:" + port);
    CHECK(!c2);
    const std::string first =
        order.front().find(':') != std::string::npos ? "[" + order.front() + "]" : order.front();
    CHECK(str(derr2).rfind("dial tcp " + first + ":" + port + ": connect: ", 0) == 0);

    // "tcp6" reaches ::1 as localhost even if the resolver lists only
    // 127.0.0.1 for it (as here when the list above has no ::1).
    auto [ln6, err6] = net::listen("tcp6", "[::1]:0");
    REQUIRE_NIL_ERROR(err6);
    const std::string port6 = net::split_host_port(ln6.addr().string()).port;
    auto [c6, derr6] = net::dial("tcp6", "localhost:" + port6);
    REQUIRE_NIL_ERROR(derr6);
    CHECK(c6.remote_addr().string() == "[::1]:" + port6);
    auto [s6, aerr6] = ln6.accept();
    REQUIRE(!aerr6);
    CHECK(s6.remote_addr() == c6.local_addr());
    c6.close();
    s6.close();
    ln6.close();
}

// The same for a listener: accept loops kept busy by a stream of dials while
// the listener is closed, and new listeners opened at once. No old accept may
// fail with anything but use of closed network connection, or return a
// connection made to another listener; every new listener gets all its own.
TEST_CASE("net: close with accepts in flight never lets them reach a reused fd") {
    leak_check lc;
    constexpr int rounds = 20, loops = 3, new_dials = 8;
    std::atomic<int> stolen{0}, wrong_errors{0}, reused_fds{0}, new_failures{0};
    for (int round = 0; round < rounds; ++round) {
        auto [old_ln, err] = net::listen("tcp", "127.0.0.1:0");
        REQUIRE(!err);
        const std::string old_addr = old_ln.addr().string();
        const int old_fd = old_ln.fd();
        sync::WaitGroup wg;
        std::atomic<bool> stop_dialing{false};
        for (int i = 0; i < loops; ++i) {
            wg.add(1);
            go([&, old_ln = old_ln] {
                defer _{[&] { wg.done(); }};
                for (;;) {
                    auto [c, aerr] = old_ln.accept();
                    if (aerr) {
                        if (!errors::is(aerr, net::err_closed)) wrong_errors.fetch_add(1);
                        return;
                    }
                    if (c.local_addr().string() != old_addr) stolen.fetch_add(1);
                    c.close();
                }
            });
        }
        wg.add(1);
        go([&] {
            defer _{[&] { wg.done(); }};
            while (!stop_dialing.load()) {
                auto [c, derr] = net::dial("tcp", old_addr);
                if (derr) break;  // refused once the listener is closed
                c.close();
            }
        });
        time::sleep(std::chrono::microseconds(300 + 100 * (round % 10)));
        CHECK(!old_ln.close());
        // New sockets take the lowest free fd numbers: the old listener's
        // once its accepts have returned.
        std::vector<net::Listener> fresh;
        for (int i = 0; i < 4; ++i) {
            auto [ln, lerr] = net::listen("tcp", "127.0.0.1:0");
            REQUIRE(!lerr);
            if (ln.fd() == old_fd) reused_fds.fetch_add(1);
            fresh.push_back(ln);
        }
        for (auto& ln : fresh) {
            ln.set_deadline(time::now() + 5s);  // a failing run fails, not hangs
            for (int i = 0; i < new_dials; ++i) {
                auto [c, derr] = net::dial("tcp", ln.addr().string());
                if (derr) {
                    new_failures.fetch_add(1);
                    continue;
                }
                auto [s, aerr] = ln.accept();
                if (aerr || s.remote_addr() != c.local_addr()) new_failures.fetch_add(1);
                if (c.fd() == old_fd || (s && s.fd() == old_fd)) reused_fds.fetch_add(1);
                if (s) s.close();
                c.close();
            }
            ln.close();
        }
        stop_dialing.store(true);
        wg.wait();
        if (stolen.load() + wrong_errors.load() + new_failures.load() > 0) break;
    }
    CHECK(stolen.load() == 0);
    CHECK(wrong_errors.load() == 0);
    CHECK(new_failures.load() == 0);
    CHECK(reused_fds.load() > 0);
}
