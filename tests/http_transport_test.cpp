// http: Client and Transport on real loopback sockets, against the gocpp
// server (and, for exact bytes, a raw TCP peer). What Go 1.19's
// client_test.go and transport_test.go check for the same parts:
// keep-alive reuse and when a connection is not reused, the idle limit per
// host, the request's context and Client.Timeout at every stage with Go's
// error texts, redirects, and fixed, chunked and HEAD responses.
#include "net_test_util.hpp"
#include "test_util.hpp"

#include <gocpp/chan.hpp>
#include <gocpp/context.hpp>
#include <gocpp/errors.hpp>
#include <gocpp/http.hpp>
#include <gocpp/net/net.hpp>
#include <gocpp/sync.hpp>
#include <gocpp/time.hpp>

#include <doctest/doctest.h>

#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <mutex>
#include <string>
#include <vector>

using namespace gocpp;
using namespace std::chrono_literals;
namespace hd = gocpp::http::detail;

namespace {

// An http::Server on 127.0.0.1:0 with its own accept loop, counting the
// connections it accepted (Go's tests count them with ConnState).
struct loopback_server {
    http::Server srv;
    net::Listener ln;
    std::string url;  // "http://127.0.0.1:PORT"
    std::atomic<int> conns{0};
    sync::WaitGroup wg;

    explicit loopback_server(http::Handler h) {
        srv.handler = std::move(h);
        auto [l, err] = net::listen("tcp", "127.0.0.1:0");
        REQUIRE(err == nullptr);
        ln = l;
        url = "http://" + ln.addr().string();
        wg.add(1);
        go([this] {
            for (;;) {
                auto [c, err] = ln.accept();
                if (err) break;
                conns++;
                wg.add(1);
                go([this, c = c] {
                    srv.serve_stream(hd::new_conn_stream(c));
                    wg.done();
                });
            }
            wg.done();
        });
    }
    ~loopback_server() {
        ln.close();
        srv.close();
        wg.wait();
    }
};

// A raw TCP peer: accepts connections and hands each to f on its own
// goroutine. For checking the bytes the client writes.
struct raw_server {
    net::Listener ln;
    std::string addr;
    std::atomic<int> conns{0};
    sync::WaitGroup wg;

    template <class F>
    explicit raw_server(F f) {
        auto [l, err] = net::listen("tcp", "127.0.0.1:0");
        REQUIRE(err == nullptr);
        ln = l;
        addr = ln.addr().string();
        wg.add(1);
        go([this, f] {
            for (;;) {
                auto [c, err] = ln.accept();
                if (err) break;
                int n = ++conns;
                wg.add(1);
                go([this, f, c = c, n] {
                    f(c, n);
                    c.close();
                    wg.done();
                });
            }
            wg.done();
        });
    }
    ~raw_server() {
        ln.close();
        wg.wait();
    }
};

// Reads from c until the bytes end with `end` (or the connection ends).
std::string read_until(const net::Conn& c, const std::string& end) {
    std::string out;
    char ch;
    while (out.size() < end.size() || out.compare(out.size() - end.size(), end.size(), end) != 0) {
        auto [n, err] = c.read(std::span<char>(&ch, 1));
        if (err) break;
        out += ch;
    }
    return out;
}

// A request header (a request without a body ends there).
std::string read_header(const net::Conn& c) {
    return read_until(c, "\r\n\r\n");
}

std::shared_ptr<http::Transport> new_transport() {
    return std::make_shared<http::Transport>();
}

std::string body_of(const http::Response& resp) {
    auto [data, err] = http::read_all(resp.body());
    CHECK(err == nullptr);
    resp.body().close();
    return data;
}

// A handler that answers "fixed" with a Content-Length, "chunked" flushed
// in three parts, and echoes request bodies on /echo.
http::Handler body_handler() {
    return http::HandlerFunc([](http::ResponseWriter w, http::Request r) {
        const std::string& p = r.url().path;
        if (p == "/chunked") {
            for (const char* part : {"one,", "two,", "three"}) {
                w.write(part);
                w.flush();
            }
        } else if (p == "/echo") {
            auto [data, err] = http::read_all(r.body());
            w.header().set("X-Length", std::to_string(r.content_length()));
            w.header().set("X-Chunked", r.content_length() == -1 ? "yes" : "no");
            w.write(r.method() + " " + data);
        } else {
            w.write("fixed body");
        }
    });
}

}  // namespace

TEST_CASE("http transport: sequential requests whose bodies are read reuse one connection") {
    loopback_server s(body_handler());
    http::Client c{.transport = new_transport()};
    for (int i = 0; i < 5; i++) {
        auto [resp, err] = c.get(s.url + "/fixed");
        REQUIRE(err == nullptr);
        CHECK(resp.status_code() == 200);
        CHECK(resp.status() == "200 OK");
        CHECK(resp.content_length() == 10);
        CHECK(body_of(resp) == "fixed body");
    }
    // A body read to eof but never closed also frees its connection (Go
    // returns it at eof).
    for (int i = 0; i < 3; i++) {
        auto [resp, err] = c.get(s.url + "/chunked");
        REQUIRE(err == nullptr);
        CHECK(http::read_all(resp.body()).data == "one,two,three");
    }
    CHECK(s.conns == 1);
}

TEST_CASE("http transport: fixed and chunked bodies both ways") {
    loopback_server s(body_handler());
    http::Client c{.transport = new_transport()};

    auto [fixed, ferr] = c.get(s.url + "/fixed");
    REQUIRE(ferr == nullptr);
    CHECK(fixed.content_length() == 10);
    CHECK(fixed.transfer_encoding().empty());
    CHECK(fixed.header().get("Content-Length") == "10");
    CHECK(body_of(fixed) == "fixed body");

    auto [chunked, cerr] = c.get(s.url + "/chunked");
    REQUIRE(cerr == nullptr);
    CHECK(chunked.content_length() == -1);
    CHECK(chunked.transfer_encoding() == std::vector<std::string>{"chunked"});
    CHECK(chunked.header().get("Transfer-Encoding") == "");
    CHECK(body_of(chunked) == "one,two,three");

    // post with a string body: Content-Length; with a Body of unknown
    // length: chunked.
    auto [p1, e1] = c.post(s.url + "/echo", "text/plain", "hello");
    REQUIRE(e1 == nullptr);
    CHECK(p1.header().get("X-Length") == "5");
    CHECK(body_of(p1) == "POST hello");
    auto [p2, e2] = c.post(s.url + "/echo", "text/plain", http::string_body("streamed"));
    REQUIRE(e2 == nullptr);
    CHECK(p2.header().get("X-Chunked") == "yes");
    CHECK(body_of(p2) == "POST streamed");
    CHECK(s.conns == 1);
}

TEST_CASE("http transport: HEAD gets the header and no body, and frees its connection") {
    loopback_server s(body_handler());
    http::Client c{.transport = new_transport()};
    for (int i = 0; i < 2; i++) {
        auto [resp, err] = c.head(s.url + "/fixed");
        REQUIRE(err == nullptr);
        CHECK(resp.status_code() == 200);
        CHECK(resp.request().method() == "HEAD");
        auto [data, rerr] = http::read_all(resp.body());
        CHECK(rerr == nullptr);
        CHECK(data == "");
    }
    auto [resp, err] = c.get(s.url + "/fixed");
    REQUIRE(err == nullptr);
    CHECK(body_of(resp) == "fixed body");
    CHECK(s.conns == 1);
}

TEST_CASE("http transport: a body closed before eof closes its connection") {
    loopback_server s(http::HandlerFunc([](http::ResponseWriter w, http::Request) {
        std::string big(64 * 1024, 'x');
        w.write(big);
    }));
    http::Client c{.transport = new_transport()};
    auto [r1, e1] = c.get(s.url + "/");
    REQUIRE(e1 == nullptr);
    char buf[10];
    auto [n, rerr] = r1.body().read(buf);
    CHECK(n > 0);
    CHECK(rerr == nullptr);
    CHECK(r1.body().close() == nullptr);
    // Go's ErrBodyReadAfterClose.
    CHECK(r1.body().read(buf).err.error() == "http: invalid Read on closed Body");

    auto [r2, e2] = c.get(s.url + "/");
    REQUIRE(e2 == nullptr);
    CHECK(body_of(r2).size() == 64 * 1024);
    CHECK(s.conns == 2);
    // Read to the end and closed: reused.
    auto [r3, e3] = c.get(s.url + "/");
    REQUIRE(e3 == nullptr);
    CHECK(body_of(r3).size() == 64 * 1024);
    CHECK(s.conns == 2);
}

TEST_CASE("http transport: at most two idle connections per host are kept") {
    // Four requests in flight at once hold four connections; when they are
    // done, two stay idle. Four more at once then reuse two and dial two.
    auto arrived = make_chan<void>(8);
    auto release = make_chan<void>();
    loopback_server s(http::HandlerFunc([arrived, release](http::ResponseWriter w, http::Request) {
        arrived.send();
        release.recv();
        w.write("ok");
    }));
    auto tr = new_transport();
    http::Client c{.transport = tr};
    auto round = [&] {
        sync::WaitGroup wg;
        std::atomic<int> ok{0};
        for (int i = 0; i < 4; i++) {
            wg.add(1);
            go([&] {
                auto [resp, err] = c.get(s.url + "/");
                if (!err && body_of(resp) == "ok") ok++;
                wg.done();
            });
        }
        for (int i = 0; i < 4; i++)
            arrived.recv();
        for (int i = 0; i < 4; i++)
            release.send();
        wg.wait();
        CHECK(ok == 4);
    };
    round();
    CHECK(s.conns == 4);
    round();
    CHECK(s.conns == 6);

    // With max_idle_conns_per_host = 4 every connection is kept.
    tr->max_idle_conns_per_host = 4;
    tr->close_idle_connections();
    round();
    CHECK(s.conns == 10);
    round();
    CHECK(s.conns == 10);
}

TEST_CASE("http transport: disable_keep_alives and close_idle_connections") {
    auto seen = make_chan<std::string>(4);
    loopback_server s(http::HandlerFunc([seen](http::ResponseWriter w, http::Request r) {
        seen.send(r.header().get("Connection") + "|" + (r.close() ? "close" : "keep"));
        w.write("ok");
    }));
    auto tr = new_transport();
    tr->disable_keep_alives = true;
    http::Client c{.transport = tr};
    for (int i = 0; i < 2; i++) {
        auto [resp, err] = c.get(s.url + "/");
        REQUIRE(err == nullptr);
        CHECK(resp.close());
        CHECK(body_of(resp) == "ok");
        CHECK(seen.recv() == "close|close");
    }
    CHECK(s.conns == 2);

    http::Client c2{.transport = new_transport()};
    auto [r1, e1] = c2.get(s.url + "/");
    REQUIRE(e1 == nullptr);
    CHECK(body_of(r1) == "ok");
    CHECK(seen.recv() == "|keep");
    c2.close_idle_connections();
    auto [r2, e2] = c2.get(s.url + "/");
    REQUIRE(e2 == nullptr);
    CHECK(body_of(r2) == "ok");
    CHECK(seen.recv() == "|keep");
    CHECK(s.conns == 4);
}

TEST_CASE("http transport [timing]: idle_conn_timeout closes an idle connection") {
    loopback_server s(body_handler());
    auto tr = new_transport();
    tr->idle_conn_timeout = 50ms;
    http::Client c{.transport = tr};
    auto [r1, e1] = c.get(s.url + "/fixed");
    REQUIRE(e1 == nullptr);
    CHECK(body_of(r1) == "fixed body");
    time::sleep(300ms);
    auto [r2, e2] = c.get(s.url + "/fixed");
    REQUIRE(e2 == nullptr);
    CHECK(body_of(r2) == "fixed body");
    CHECK(s.conns == 2);
}

TEST_CASE("http transport: the request bytes, as Go's Transport writes them") {
    auto got = make_chan<std::string>(4);
    raw_server s([got](net::Conn c, int) {
        for (;;) {
            std::string req = read_header(c);
            if (req.empty()) return;
            got.send(req);
            // A response to HEAD has the header only.
            std::string_view resp("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
            if (req.rfind("HEAD ", 0) == 0) resp.remove_suffix(2);
            c.write(resp);
        }
    });
    auto [req, err] = http::new_request("GET", "http://" + s.addr + "/p?q=1");
    REQUIRE(err == nullptr);
    req.header().set("X-Id", "7");
    http::Client c{.transport = new_transport()};
    auto [resp, rerr] = c.do_(req);
    REQUIRE(rerr == nullptr);
    CHECK(body_of(resp) == "ok");
    CHECK(got.recv() == "GET /p?q=1 HTTP/1.1\r\nHost: " + s.addr +
                            "\r\nUser-Agent: Go-http-client/1.1\r\nX-Id: 7\r\nAccept-Encoding: "
                            "gzip\r\n\r\n");

    auto tr = new_transport();
    tr->disable_keep_alives = true;
    http::Client nk{.transport = tr};
    auto [r2, e2] = nk.do_(req);
    REQUIRE(e2 == nullptr);
    CHECK(body_of(r2) == "ok");
    // Go's Transport adds "Connection: close" after the request's own header.
    CHECK(got.recv() == "GET /p?q=1 HTTP/1.1\r\nHost: " + s.addr +
                            "\r\nUser-Agent: Go-http-client/1.1\r\nX-Id: 7\r\nAccept-Encoding: "
                            "gzip\r\nConnection: close\r\n\r\n");

    // No Accept-Encoding with disable_compression, nor on HEAD, nor when the
    // request has its own.
    tr->disable_compression = true;
    auto [r3, e3] = nk.do_(req);
    REQUIRE(e3 == nullptr);
    CHECK(body_of(r3) == "ok");
    CHECK(got.recv() == "GET /p?q=1 HTTP/1.1\r\nHost: " + s.addr +
                            "\r\nUser-Agent: Go-http-client/1.1\r\nX-Id: 7\r\nConnection: "
                            "close\r\n\r\n");
    auto [r4, e4] = c.head("http://" + s.addr + "/h");
    REQUIRE(e4 == nullptr);
    CHECK(got.recv() ==
          "HEAD /h HTTP/1.1\r\nHost: " + s.addr + "\r\nUser-Agent: Go-http-client/1.1\r\n\r\n");
    req.header().set("Accept-Encoding", "identity");
    auto [r5, e5] = c.do_(req);
    REQUIRE(e5 == nullptr);
    CHECK(body_of(r5) == "ok");
    CHECK(got.recv() == "GET /p?q=1 HTTP/1.1\r\nHost: " + s.addr +
                            "\r\nUser-Agent: Go-http-client/1.1\r\nAccept-Encoding: "
                            "identity\r\nX-Id: 7\r\n\r\n");
}

namespace {
// "hello, gzip\n", gzip-compressed (one member, no file name).
const std::string hello_gz(
    "\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff\xcb\x48\xcd\xc9\xc9\xd7\x51\x48\xaf\xca\x2c"
    "\xe0\x02\x00\x86\x1f\x82\xa4\x0c\x00\x00\x00",
    32);
}  // namespace

TEST_CASE("http transport: a gzip response is decoded as Go's Transport decodes it") {
    loopback_server s(http::HandlerFunc([](http::ResponseWriter w, http::Request r) {
        const std::string& p = r.url().path;
        w.header().set("Content-Type", "text/plain");
        w.header().set("Content-Encoding", "gzip");
        w.header().set("X-Accept-Encoding", r.header().get("Accept-Encoding"));
        if (p == "/one") {
            w.write(hello_gz);
        } else if (p == "/two") {  // two members, each flushed: chunked
            w.write(hello_gz);
            w.flush();
            w.write(hello_gz);
        } else if (p == "/badsum") {
            std::string bad = hello_gz;
            bad[bad.size() - 8] ^= 1;
            w.write(bad);
        } else if (p == "/short") {
            w.write(hello_gz.substr(0, 20));
        } else if (p == "/notgzip") {
            w.write("plain text");
        }
    }));
    http::Client c{.transport = new_transport()};

    auto [r1, e1] = c.get(s.url + "/one");
    REQUIRE(e1 == nullptr);
    CHECK(r1.header().get("X-Accept-Encoding") == "gzip");
    CHECK(r1.header().get("Content-Encoding") == "");
    CHECK(r1.header().get("Content-Length") == "");
    CHECK(r1.content_length() == -1);
    CHECK(body_of(r1) == "hello, gzip\n");

    auto [r2, e2] = c.get(s.url + "/two");
    REQUIRE(e2 == nullptr);
    CHECK(body_of(r2) == "hello, gzip\nhello, gzip\n");
    // Bodies read to their end through the decoder free their connection.
    CHECK(s.conns == 1);

    auto [r3, e3] = c.get(s.url + "/badsum");
    REQUIRE(e3 == nullptr);
    auto [d3, rerr3] = http::read_all(r3.body());
    CHECK(d3 == "hello, gzip\n");
    REQUIRE(rerr3 != nullptr);
    CHECK(rerr3.error() == "gzip: invalid checksum");
    r3.body().close();

    auto [r4, e4] = c.get(s.url + "/short");
    REQUIRE(e4 == nullptr);
    auto [d4, rerr4] = http::read_all(r4.body());
    CHECK(rerr4 == io::err_unexpected_eof);
    r4.body().close();

    auto [r5, e5] = c.get(s.url + "/notgzip");
    REQUIRE(e5 == nullptr);
    auto [d5, rerr5] = http::read_all(r5.body());
    REQUIRE(rerr5 != nullptr);
    CHECK(rerr5.error() == "gzip: invalid header");
    r5.body().close();

    // A request that asked for an encoding itself gets the bytes as sent.
    auto [req, rerr] = http::new_request("GET", s.url + "/one");
    req.header().set("Accept-Encoding", "gzip");
    auto [r7, e7] = c.do_(req);
    REQUIRE(e7 == nullptr);
    CHECK(r7.header().get("Content-Encoding") == "gzip");
    CHECK(r7.content_length() == 32);
    CHECK(body_of(r7) == hello_gz);
}

TEST_CASE("http transport: a reused connection the server closed is retried on a new one") {
    // The peer answers one request per connection with keep-alive and then
    // hangs up: the pooled connection is dead when the next GET takes it.
    raw_server s([](net::Conn c, int n) {
        read_header(c);
        std::string body = "conn " + std::to_string(n);
        c.write("HTTP/1.1 200 OK\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n" +
                body);
    });
    http::Client c{.transport = new_transport()};
    auto [r1, e1] = c.get("http://" + s.addr + "/");
    REQUIRE(e1 == nullptr);
    CHECK(body_of(r1) == "conn 1");
    // Whether or not the peer's close has arrived when the next GET takes
    // the pooled connection, that GET meets a closed connection.
    auto [r2, e2] = c.get("http://" + s.addr + "/");
    REQUIRE(e2 == nullptr);
    CHECK(body_of(r2) == "conn 2");
    CHECK(s.conns == 2);
}

TEST_CASE("http transport: an idle connection the server has closed is not used again") {
    // A POST is not replayable, so it must not be sent on a connection the
    // server is known to have closed (Go watches idle connections for that).
    auto closed = make_chan<int>(4);
    raw_server s([closed](net::Conn c, int n) {
        std::string req = read_header(c);
        // All of a chunked body, so that the close sends no reset.
        if (req.find("Transfer-Encoding: chunked") != std::string::npos) read_until(c, "0\r\n\r\n");
        std::string body = "conn " + std::to_string(n);
        c.write("HTTP/1.1 200 OK\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n" +
                body);
        c.close();
        closed.send(n);
    });
    http::Client c{.transport = new_transport()};
    auto [r1, e1] = c.get("http://" + s.addr + "/");
    REQUIRE(e1 == nullptr);
    CHECK(body_of(r1) == "conn 1");
    CHECK(closed.recv() == 1);
    auto [r2, e2] = c.post("http://" + s.addr + "/", "text/plain", http::string_body("x"));
    REQUIRE(e2 == nullptr);
    CHECK(body_of(r2) == "conn 2");
    CHECK(closed.recv() == 2);
}

// What this process writes to stderr while it lives (Go's log.Printf goes
// there): fd 2 points at a temporary file meanwhile.
class stderr_capture {
  public:
    stderr_capture() : file_(std::tmpfile()), saved_(dup(2)) {
        std::fflush(stderr);
        dup2(fileno(file_), 2);
    }
    ~stderr_capture() {
        restore();
        std::fclose(file_);
    }
    // Restores fd 2 and returns what was written.
    std::string text() {
        restore();
        std::string out;
        std::rewind(file_);
        char buf[512];
        for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, file_)) > 0;)
            out.append(buf, n);
        return out;
    }

  private:
    void restore() {
        if (saved_ < 0) return;
        std::fflush(stderr);
        dup2(saved_, 2);
        close(saved_);
        saved_ = -1;
    }
    std::FILE* file_;
    int saved_;
};

TEST_CASE("http transport: an idle connection leaves the pool as soon as its server closes it") {
    // Go's TestTransportRemovesDeadIdleConnections: the Transport reads
    // every idle connection, so the server's close is seen while the
    // connection waits, not when it is next taken. Observable here: the
    // client's socket is closed at once (its descriptor is gone), the
    // watching goroutine ends, and the next request dials.
    net_test::leak_check lc;
    auto closed = make_chan<int>(4);
    raw_server s([closed](net::Conn c, int n) {
        read_header(c);
        std::string body = "conn " + std::to_string(n);
        c.write("HTTP/1.1 200 OK\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n" +
                body);
        if (n == 1) {
            c.close();
            closed.send(n);
        } else {
            char b;
            (void)c.read(std::span<char>(&b, 1));  // until the client closes
        }
    });
    const int fds_before = net_test::open_fds();
    const int goroutines_before = num_goroutine();
    http::Client c{.transport = new_transport()};
    auto [r1, e1] = c.get("http://" + s.addr + "/");
    REQUIRE(e1 == nullptr);
    CHECK(body_of(r1) == "conn 1");
    CHECK(closed.recv() == 1);
    // The server's side is gone; so must the client's be, with nobody
    // using the Transport. (At most as many as before: what an earlier
    // test in this process left may still be ending.)
    CHECK(test_util::eventually([&] { return net_test::open_fds() <= fds_before; }));
    CHECK(test_util::eventually([&] { return num_goroutine() <= goroutines_before; }));
    auto [r2, e2] = c.get("http://" + s.addr + "/");
    REQUIRE(e2 == nullptr);
    CHECK(body_of(r2) == "conn 2");
    c.close_idle_connections();
}

TEST_CASE(
    "http transport: bytes a server sends unasked on an idle connection are logged as Go "
    "logs them, and the connection closes, and a 408 closes it quietly") {
    // Go's readLoopPeekFailLocked: "Unsolicited response received on idle
    // HTTP channel starting with %q; err=<nil>" on the standard logger,
    // except for a 408 Request Timeout, which a server may send before it
    // closes an idle connection.
    net_test::leak_check lc;
    const std::string unasked = "HTTP/1.1 200 OK\r\nX-Late: \"yes\"\r\n\r\n";
    const std::string timeout_408 =
        "HTTP/1.1 408 Request Timeout\r\nConnection: close\r\nContent-Length: 0\r\n\r\n";
    auto client_closed = make_chan<int>(4);
    auto send_more = make_chan<std::string>(4);
    raw_server s([&](net::Conn c, int n) {
        read_header(c);
        c.write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
        c.write(send_more.recv());               // once the client's connection is idle
        c.set_read_deadline(time::now() + 10s);  // a client that keeps it fails, not hangs
        char b;
        auto [got, err] = c.read(std::span<char>(&b, 1));
        CHECK(got == 0);
        CHECK(errors::is(err, io::eof));  // the client closed, having read nothing more
        client_closed.send(n);
    });
    for (const std::string& more : {unasked, timeout_408}) {
        CAPTURE(more);
        http::Client c{.transport = new_transport()};
        stderr_capture log;
        auto [r, e] = c.get("http://" + s.addr + "/");
        REQUIRE(e == nullptr);
        CHECK(body_of(r) == "ok");  // the connection goes idle
        send_more.send(more);
        client_closed.recv();
        const std::string text = log.text();
        if (more == unasked) {
            // log.Printf's date and time ("2009/11/10 23:00:00 "), then the
            // message.
            REQUIRE(text.size() > 20);
            CHECK(text[4] == '/');
            CHECK(text[19] == ' ');
            CHECK(text.substr(20) ==
                  "Unsolicited response received on idle HTTP channel starting with "
                  "\"HTTP/1.1 200 OK\\r\\nX-Late: \\\"yes\\\"\\r\\n\\r\\n\"; err=<nil>\n");
        } else {
            CHECK(text == "");
        }
    }
}

TEST_CASE("http client: connection refused and a bad scheme print Go's errors") {
    http::Client c{.transport = new_transport()};
    auto [resp, err] = c.get("http://127.0.0.1:1/");
    CHECK(resp == nullptr);
    REQUIRE(err != nullptr);
    CHECK(err.error() ==
          "Get \"http://127.0.0.1:1/\": dial tcp 127.0.0.1:1: connect: connection refused");
    auto ue = errors::as<url::Error>(err);
    REQUIRE(ue != nullptr);
    CHECK(ue->op == "Get");
    CHECK(ue->url == "http://127.0.0.1:1/");
    CHECK(errors::as<net::OpError>(err) != nullptr);

    auto [r2, e2] = c.post("http://127.0.0.1:1/x", "text/plain", "b");
    CHECK(e2.error() ==
          "Post \"http://127.0.0.1:1/x\": dial tcp 127.0.0.1:1: connect: connection refused");
    auto [r3, e3] = c.get("ftp://example.com/");
    CHECK(e3.error() == "Get \"ftp://example.com/\": unsupported protocol scheme \"ftp\"");
}

TEST_CASE("http client: the request's context aborts the dial") {
    auto dialing = make_chan<void>(1);
    auto tr = new_transport();
    tr->dial_context = [dialing](const context::Context& ctx, std::string_view network,
                                 std::string_view addr) -> std::pair<net::Conn, error> {
        dialing.send();
        ctx.done().recv();
        return {net::Conn{}, errors::wrap("dial " + std::string(network) + " " + std::string(addr) +
                                              ": operation was canceled",
                                          ctx.err())};
    };
    http::Client c{.transport = tr};

    auto [ctx, cancel] = context::with_cancel(context::background());
    auto [req, rerr] = http::new_request_with_context(ctx, "GET", "http://127.0.0.1:9/");
    REQUIRE(rerr == nullptr);
    go([dialing, cancel = cancel] {
        dialing.recv();
        cancel();
    });
    auto [resp, err] = c.do_(req);
    CHECK(resp == nullptr);
    REQUIRE(err != nullptr);
    CHECK(err.error() == "Get \"http://127.0.0.1:9/\": context canceled");
    CHECK(errors::is(err, context::canceled));

    auto [tctx, tcancel] = context::with_timeout(context::background(), 50ms);
    auto [treq, terr] = http::new_request_with_context(tctx, "GET", "http://127.0.0.1:9/");
    auto [tresp, err2] = c.do_(treq);
    REQUIRE(err2 != nullptr);
    CHECK(err2.error() == "Get \"http://127.0.0.1:9/\": context deadline exceeded");
    CHECK(errors::is(err2, context::deadline_exceeded));
    CHECK(errors::as<url::Error>(err2)->timeout());
    tcancel();
}

namespace {
// A handler that blocks until its request's context ends, and reports that
// on `seen`; with `flush_first` it sends the header and "partial" first.
http::Handler blocking_handler(chan<std::string> started, chan<std::string> seen,
                               bool flush_first) {
    return http::HandlerFunc([=](http::ResponseWriter w, http::Request r) {
        if (flush_first) {
            w.write("partial");
            w.flush();
        }
        started.send(r.url().path);
        r.context().done().recv();
        seen.send("handler: " + r.context().err().error());
    });
}
}  // namespace

TEST_CASE("http client: canceling while waiting for the header ends the server's request too") {
    auto started = make_chan<std::string>(1);
    auto seen = make_chan<std::string>(1);
    loopback_server s(blocking_handler(started, seen, false));
    http::Client c{.transport = new_transport()};
    auto [ctx, cancel] = context::with_cancel(context::background());
    auto [req, rerr] = http::new_request_with_context(ctx, "GET", s.url + "/wait");
    go([started, cancel = cancel] {
        started.recv();
        cancel();
    });
    auto [resp, err] = c.do_(req);
    CHECK(resp == nullptr);
    REQUIRE(err != nullptr);
    CHECK(err.error() == "Get \"" + s.url + "/wait\": context canceled");
    CHECK(seen.recv() == "handler: context canceled");
}

TEST_CASE("http client: canceling while the request body is being written") {
    // The handler reads nothing until the call has failed, so a body far
    // larger than the socket buffers leaves the client blocked in its write.
    auto started = make_chan<void>(1);
    auto release = make_chan<void>();
    loopback_server s(http::HandlerFunc([started, release](http::ResponseWriter, http::Request r) {
        started.send();
        release.recv();
        http::read_all(r.body());  // fails: the client has gone
    }));
    http::Client c{.transport = new_transport()};
    auto [ctx, cancel] = context::with_cancel(context::background());
    auto [req, rerr] =
        http::new_request_with_context(ctx, "POST", s.url + "/upload", std::string(32 << 20, 'b'));
    REQUIRE(rerr == nullptr);
    go([started, cancel = cancel] {
        started.recv();
        cancel();
    });
    auto [resp, err] = c.do_(req);
    CHECK(resp == nullptr);
    REQUIRE(err != nullptr);
    CHECK(err.error() == "Post \"" + s.url + "/upload\": context canceled");
    release.close();
}

TEST_CASE("http client: canceling while reading the body fails the read with ctx.err()") {
    auto started = make_chan<std::string>(1);
    auto seen = make_chan<std::string>(1);
    loopback_server s(blocking_handler(started, seen, true));
    http::Client c{.transport = new_transport()};
    auto [ctx, cancel] = context::with_cancel(context::background());
    auto [req, rerr] = http::new_request_with_context(ctx, "GET", s.url + "/body");
    auto [resp, err] = c.do_(req);
    REQUIRE(err == nullptr);
    CHECK(started.recv() == "/body");
    std::string first;
    char buf[7];
    while (first.size() < 7) {
        auto [n, e1] = resp.body().read(std::span<char>(buf, 7 - first.size()));
        first.append(buf, n);
        if (e1) break;
    }
    CHECK(first == "partial");
    go([cancel = cancel] { cancel(); });
    auto [rest, e2] = http::read_all(resp.body());
    CHECK(rest == "");
    REQUIRE(e2 != nullptr);
    CHECK(e2.error() == "context canceled");
    resp.body().close();
    CHECK(seen.recv() == "handler: context canceled");
}

TEST_CASE(
    "http client [timing]: Client.timeout while awaiting headers and while reading the body") {
    auto started = make_chan<std::string>(2);
    auto seen = make_chan<std::string>(2);
    loopback_server s(http::HandlerFunc([=](http::ResponseWriter w, http::Request r) {
        blocking_handler(started, seen, r.url().path == "/body").serve_http(w, r);
    }));
    http::Client c{.transport = new_transport(), .timeout = 100ms};
    auto start = time::now();
    auto [resp, err] = c.get(s.url + "/headers");
    CHECK(resp == nullptr);
    REQUIRE(err != nullptr);
    CHECK(err.error() == "Get \"" + s.url +
                             "/headers\": context deadline exceeded (Client.Timeout exceeded "
                             "while awaiting headers)");
    CHECK(errors::as<url::Error>(err)->timeout());
    CHECK(time::since(start) >= 100ms);
    CHECK(started.recv() == "/headers");
    CHECK(seen.recv() == "handler: context canceled");

    auto [r2, e2] = c.get(s.url + "/body");
    REQUIRE(e2 == nullptr);
    auto [data, rerr] = http::read_all(r2.body());
    CHECK(data == "partial");
    REQUIRE(rerr != nullptr);
    CHECK(rerr.error() ==
          "context deadline exceeded (Client.Timeout or context cancellation while reading body)");
    CHECK(net::is_timeout(rerr));
    r2.body().close();
    CHECK(started.recv() == "/body");
    CHECK(seen.recv() == "handler: context canceled");
}

TEST_CASE("http transport [timing]: response_header_timeout") {
    auto started = make_chan<std::string>(1);
    auto seen = make_chan<std::string>(1);
    loopback_server s(blocking_handler(started, seen, false));
    auto tr = new_transport();
    tr->response_header_timeout = 50ms;
    http::Client c{.transport = tr};
    auto [resp, err] = c.get(s.url + "/slow");
    REQUIRE(err != nullptr);
    CHECK(err.error() == "Get \"" + s.url + "/slow\": net/http: timeout awaiting response headers");
    CHECK(errors::as<url::Error>(err)->timeout());
    CHECK(seen.recv() == "handler: context canceled");
}

TEST_CASE("http client: redirects, at most 10, with Go's error") {
    std::atomic<int> hits{0};
    loopback_server s(http::HandlerFunc([&hits](http::ResponseWriter w, http::Request r) {
        hits++;
        int n = std::stoi(r.url().query().get("n").empty() ? "0" : r.url().query().get("n"));
        if (r.url().path == "/stop" && n == 3) {
            w.write("done after " + std::to_string(n) + " referer " + r.header().get("Referer"));
            return;
        }
        w.header().set("Location", r.url().path + "?n=" + std::to_string(n + 1));
        w.write_header(302);
    }));
    http::Client c{.transport = new_transport()};
    auto [resp, err] = c.get(s.url + "/?n=0");
    REQUIRE(err != nullptr);
    CHECK(err.error() == "Get \"/?n=10\": stopped after 10 redirects");
    CHECK(hits == 10);
    // Go returns the last response too, its body closed.
    REQUIRE(resp != nullptr);
    CHECK(resp.status_code() == 302);

    auto [r2, e2] = c.get(s.url + "/stop?n=0");
    REQUIRE(e2 == nullptr);
    CHECK(body_of(r2) == "done after 3 referer " + s.url + "/stop?n=2");
    CHECK(r2.request().url().string() == s.url + "/stop?n=3");

    // check_redirect sees the next request and the ones before it.
    std::vector<std::string> via_seen;
    http::Client checked{
        .transport = c.transport,
        .check_redirect = [&](const http::Request& next, const std::vector<http::Request>& via) {
            via_seen.push_back(next.url().string() + " after " + std::to_string(via.size()));
            if (via.size() == 2) return errors::new_("no more");
            return error{};
        }};
    auto [r3, e3] = checked.get(s.url + "/?n=0");
    REQUIRE(e3 != nullptr);
    CHECK(e3.error() == "Get \"/?n=2\": no more");
    CHECK(via_seen == std::vector<std::string>{s.url + "/?n=1 after 1", s.url + "/?n=2 after 2"});

    http::Client last{
        .transport = c.transport,
        .check_redirect = [](const http::Request&, const std::vector<http::Request>&) {
            return http::err_use_last_response;
        }};
    auto [r4, e4] = last.get(s.url + "/?n=5");
    REQUIRE(e4 == nullptr);
    CHECK(r4.status_code() == 302);
    CHECK(r4.header().get("Location") == "/?n=6");
    body_of(r4);
}

TEST_CASE("http client: 301/302/303 turn a POST into a GET, 307/308 keep method and body") {
    loopback_server s(http::HandlerFunc([](http::ResponseWriter w, http::Request r) {
        const std::string& p = r.url().path;
        if (p.rfind("/r", 0) == 0) {
            w.header().set("Location", "/target");
            w.write_header(std::stoi(p.substr(2)));
            return;
        }
        auto [data, err] = http::read_all(r.body());
        w.write(r.method() + " " + p + " body=" + data);
    }));
    http::Client c{.transport = new_transport()};
    for (int code : {301, 302, 303}) {
        CAPTURE(code);
        auto [resp, err] = c.post(s.url + "/r" + std::to_string(code), "text/plain", "payload");
        REQUIRE(err == nullptr);
        CHECK(body_of(resp) == "GET /target body=");
        auto [hresp, herr] = c.head(s.url + "/r" + std::to_string(code));
        REQUIRE(herr == nullptr);
        CHECK(hresp.request().method() == "HEAD");
    }
    for (int code : {307, 308}) {
        CAPTURE(code);
        auto [resp, err] = c.post(s.url + "/r" + std::to_string(code), "text/plain", "payload");
        REQUIRE(err == nullptr);
        CHECK(body_of(resp) == "POST /target body=payload");
        auto [req, rerr] = http::new_request("PUT", s.url + "/r" + std::to_string(code), "x");
        auto [r2, e2] = c.do_(req);
        REQUIRE(e2 == nullptr);
        CHECK(body_of(r2) == "PUT /target body=x");
        // A body that cannot be made again: the redirect itself comes back.
        auto [r3, e3] =
            c.post(s.url + "/r" + std::to_string(code), "text/plain", http::string_body("once"));
        REQUIRE(e3 == nullptr);
        CHECK(r3.status_code() == code);
        body_of(r3);
    }
    CHECK(s.conns == 1);
}

TEST_CASE("http client: package-level get and post use the default client") {
    loopback_server s(body_handler());
    auto [resp, err] = http::get(s.url + "/fixed");
    REQUIRE(err == nullptr);
    CHECK(body_of(resp) == "fixed body");
    auto [p, perr] = http::post(s.url + "/echo", "text/plain", "abc");
    REQUIRE(perr == nullptr);
    CHECK(body_of(p) == "POST abc");
    http::default_client().close_idle_connections();
}
