// http: the server's connection loop over an in-memory stream pair, checked
// byte for byte against what Go 1.19's net/http writes (serve_test.go:
// keep-alive, pipelining, Content-Length versus chunked, HEAD, Expect,
// bad requests, timeouts, panics in handlers, contexts canceled on return,
// on disconnect and on close).
#include "test_util.hpp"

#include <gocpp/context.hpp>
#include <gocpp/http.hpp>
#include <gocpp/http/server.hpp>
#include <gocpp/panic.hpp>
#include <gocpp/sync.hpp>
#include <gocpp/time.hpp>

#include <doctest/doctest.h>

#include <mutex>
#include <regex>
#include <string>
#include <vector>

using namespace gocpp;
using namespace std::chrono_literals;
namespace hd = gocpp::http::detail;

namespace {

// Date headers vary; the tests compare everything else.
std::string without_dates(const std::string& s) {
    static const std::regex date(
        "Date: [A-Z][a-z]{2}, [0-9]{2} [A-Z][a-z]{2} [0-9]{4} [0-9]{2}:[0-9]{2}:[0-9]{2} GMT\r\n");
    return std::regex_replace(s, date, "Date: D\r\n");
}

std::string read_until_eof(const std::shared_ptr<hd::stream>& s) {
    std::string out;
    char buf[4096];
    for (;;) {
        auto [n, err] = s->read(buf);
        out.append(buf, n);
        if (err) return out;
    }
}

// Reads until `want` bytes arrived (or the stream ends).
std::string read_n(const std::shared_ptr<hd::stream>& s, std::size_t want) {
    std::string out;
    char buf[4096];
    while (out.size() < want) {
        auto [n, err] = s->read(std::span<char>(buf, std::min(sizeof buf, want - out.size())));
        out.append(buf, n);
        if (err) break;
    }
    return out;
}

// A server with a captured error log.
struct test_server {
    http::Server srv;
    std::mutex mu;
    std::vector<std::string> logs;

    explicit test_server(http::Handler h) {
        srv.handler = std::move(h);
        srv.error_log = [this](const std::string& m) {
            std::lock_guard lock(mu);
            logs.push_back(m);
        };
    }
    std::vector<std::string> log_lines() {
        std::lock_guard lock(mu);
        return logs;
    }
    // Serves one connection; returns the client's end and a channel closed
    // when serve_stream returns.
    std::pair<std::shared_ptr<hd::stream>, chan<void>> connect() {
        auto [client, server] = hd::new_pipe();
        auto done = make_chan<void>();
        go([this, server = server, done] {
            srv.serve_stream(server);
            done.close();
        });
        return {client, done};
    }
    // Writes input, half-closes, and returns everything the server wrote.
    std::string exchange(const std::string& input) {
        auto [client, done] = connect();
        client->write(input);
        client->close_write();
        auto out = read_until_eof(client);
        done.recv();
        return without_dates(out);
    }
};

http::Handler hello() {
    return http::HandlerFunc(
        [](http::ResponseWriter w, http::Request) { w.write("hello, world\n"); });
}

}  // namespace

TEST_CASE("http server: keep-alive and pipelining answer each request in order with Go's bytes") {
    test_server ts(hello());
    auto out = ts.exchange("GET /a HTTP/1.1\r\nHost: x\r\n\r\nGET /b HTTP/1.1\r\nHost: x\r\n\r\n");
    const std::string one =
        "HTTP/1.1 200 OK\r\nDate: D\r\nContent-Length: 13\r\nContent-Type: text/plain; "
        "charset=utf-8\r\n\r\nhello, world\n";
    CHECK(out == one + one);
}

TEST_CASE("http server: handler headers are sorted, then Date, Content-Length, Content-Type") {
    test_server ts(http::HandlerFunc([](http::ResponseWriter w, http::Request) {
        w.header().set("X-Zed", "z");
        w.header().set("A-First", "a");
        w.write_header(201);
        w.header().set("X-Late", "not sent");
        w.write("<html><body>x</body></html>");
    }));
    auto out = ts.exchange("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
    CHECK(out ==
          "HTTP/1.1 201 Created\r\nA-First: a\r\nX-Zed: z\r\nDate: D\r\nContent-Length: 27\r\n"
          "Content-Type: text/html; charset=utf-8\r\n\r\n<html><body>x</body></html>");
}

TEST_CASE("http server: a body over 2 KiB or a flush gets chunked encoding") {
    SUBCASE("large body") {
        test_server ts(http::HandlerFunc(
            [](http::ResponseWriter w, http::Request) { w.write(std::string(3000, 'a')); }));
        auto out = ts.exchange("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
        CHECK(out ==
              "HTTP/1.1 200 OK\r\nDate: D\r\nContent-Type: text/plain; charset=utf-8\r\n"
              "Transfer-Encoding: chunked\r\n\r\nbb8\r\n" +
                  std::string(3000, 'a') + "\r\n0\r\n\r\n");
    }
    SUBCASE("flush") {
        test_server ts(http::HandlerFunc([](http::ResponseWriter w, http::Request) {
            w.write("a");
            w.flush();
            w.write("bc");
        }));
        auto out = ts.exchange("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
        CHECK(out ==
              "HTTP/1.1 200 OK\r\nDate: D\r\nContent-Type: text/plain; charset=utf-8\r\n"
              "Transfer-Encoding: chunked\r\n\r\n1\r\na\r\n2\r\nbc\r\n0\r\n\r\n");
    }
    SUBCASE("HTTP/1.0 gets no chunking: the connection closes instead") {
        test_server ts(http::HandlerFunc([](http::ResponseWriter w, http::Request) {
            w.write("a");
            w.flush();
            w.write("b");
        }));
        auto out = ts.exchange("GET / HTTP/1.0\r\n\r\nGET / HTTP/1.0\r\n\r\n");
        CHECK(out ==
              "HTTP/1.0 200 OK\r\nDate: D\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nab");
    }
    SUBCASE("HTTP/1.0 keep-alive with a known length stays open") {
        test_server ts(hello());
        auto out =
            ts.exchange("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\nGET / HTTP/1.0\r\n\r\n");
        CHECK(out ==
              "HTTP/1.0 200 OK\r\nDate: D\r\nContent-Length: 13\r\nContent-Type: text/plain; "
              "charset=utf-8\r\nConnection: keep-alive\r\n\r\nhello, world\n"
              "HTTP/1.0 200 OK\r\nDate: D\r\nContent-Length: 13\r\nContent-Type: text/plain; "
              "charset=utf-8\r\n\r\nhello, world\n");
    }
}

TEST_CASE("http server: empty handler, HEAD, 204 and 304 follow Go's framing rules") {
    test_server ts(http::HandlerFunc([](http::ResponseWriter w, http::Request r) {
        if (r.url().path == "/204") {
            w.write_header(204);
            auto [n, err] = w.write("x");
            CHECK(err == http::err_body_not_allowed);
            return;
        }
        if (r.url().path == "/304") {
            w.header().set("Content-Type", "text/plain");
            w.write_header(304);
            return;
        }
        if (r.url().path == "/hello") w.write("hello");
    }));
    auto out = ts.exchange(
        "GET / HTTP/1.1\r\nHost: x\r\n\r\n"
        "HEAD /hello HTTP/1.1\r\nHost: x\r\n\r\n"
        "HEAD / HTTP/1.1\r\nHost: x\r\n\r\n"
        "GET /204 HTTP/1.1\r\nHost: x\r\n\r\n"
        "GET /304 HTTP/1.1\r\nHost: x\r\n\r\n");
    CHECK(out ==
          "HTTP/1.1 200 OK\r\nDate: D\r\nContent-Length: 0\r\n\r\n"
          "HTTP/1.1 200 OK\r\nDate: D\r\nContent-Length: 5\r\nContent-Type: text/plain; "
          "charset=utf-8\r\n\r\n"
          "HTTP/1.1 200 OK\r\nDate: D\r\n\r\n"
          "HTTP/1.1 204 No Content\r\nDate: D\r\n\r\n"
          "HTTP/1.1 304 Not Modified\r\nDate: D\r\n\r\n");
}

TEST_CASE("http server: a superfluous write_header is logged and changes nothing") {
    test_server ts(http::HandlerFunc([](http::ResponseWriter w, http::Request) {
        w.write("x");
        w.write_header(500);
    }));
    auto out = ts.exchange("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
    CHECK(out.rfind("HTTP/1.1 200 OK\r\n", 0) == 0);
    auto logs = ts.log_lines();
    REQUIRE(logs.size() == 1);
    CHECK(logs[0].rfind("http: superfluous response.WriteHeader call from ", 0) == 0);
    CHECK(logs[0].find("(http_server_test.cpp:") != std::string::npos);
}

TEST_CASE("http server: bad requests get Go's exact bytes and the connection closes") {
    test_server ts(hello());
    const std::string headers =
        "\r\nContent-Type: text/plain; charset=utf-8\r\nConnection: close\r\n\r\n";
    SUBCASE("malformed header line") {
        CHECK(ts.exchange("GET / HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\nGET / HTTP/1.1\r\nHost: "
                          "x\r\n\r\n") == "HTTP/1.1 400 Bad Request" + headers + "400 Bad Request");
    }
    SUBCASE("garbage request line") {
        CHECK(ts.exchange("HELLO\r\n\r\n") ==
              "HTTP/1.1 400 Bad Request" + headers + "400 Bad Request");
    }
    SUBCASE("missing Host on HTTP/1.1") {
        CHECK(ts.exchange("GET / HTTP/1.1\r\n\r\n") ==
              "HTTP/1.1 400 Bad Request: missing required Host header" + headers +
                  "400 Bad Request: missing required Host header");
    }
    SUBCASE("two Host headers") {
        CHECK(ts.exchange("GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n") ==
              "HTTP/1.1 400 Bad Request: too many Host headers" + headers +
                  "400 Bad Request: too many Host headers");
    }
    SUBCASE("unknown Transfer-Encoding") {
        CHECK(ts.exchange("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\n") ==
              "HTTP/1.1 501 Not Implemented" + headers + "Unsupported transfer encoding");
    }
    SUBCASE("header over max_header_bytes") {
        ts.srv.max_header_bytes = 100;
        CHECK(ts.exchange("GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(5000, 'a') +
                          "\r\n\r\n") == "HTTP/1.1 431 Request Header Fields Too Large" + headers +
                                             "431 Request Header Fields Too Large");
    }
    SUBCASE("eof before a byte closes silently; eof inside the header is Go's 400") {
        CHECK(ts.exchange("") == "");
        CHECK(ts.exchange("GET / HTTP/1.1\r\nHost: x\r\n") ==
              "HTTP/1.1 400 Bad Request" + headers + "400 Bad Request");
    }
    SUBCASE("a version Go parses but does not serve gets 505") {
        CHECK(ts.exchange("GET / HTTP/9.9\r\nHost: x\r\n\r\n") ==
              "HTTP/1.1 505 HTTP Version Not Supported: unsupported protocol version" + headers +
                  "505 HTTP Version Not Supported: unsupported protocol version");
        CHECK(ts.exchange("GET / HTTP/1.x\r\nHost: x\r\n\r\n") ==
              "HTTP/1.1 400 Bad Request" + headers + "400 Bad Request");
    }
}

TEST_CASE("http server: the request is parsed into Go's fields") {
    auto seen = make_chan<std::string>(1);
    test_server ts(http::HandlerFunc([seen](http::ResponseWriter, http::Request r) {
        auto [body, err] = http::read_all(r.body());
        seen.send(r.method() + "|" + r.url().path + "|" + r.url().raw_query + "|" + r.host() + "|" +
                  r.proto() + "|" + std::to_string(r.content_length()) + "|" +
                  r.header().get("x-a") + "|" + r.header().get("Host") + "|" + r.remote_addr() +
                  "|" + r.request_uri() + "|" + body + "|" + r.form_value("q"));
    }));
    ts.exchange(
        "POST /p%20q?q=1+2 HTTP/1.1\r\nHost: example.com:80\r\nx-a: b\r\nContent-Length: "
        "3\r\n\r\nabc");
    CHECK(seen.recv() ==
          "POST|/p q|q=1+2|example.com:80|HTTP/1.1|3|b||192.0.2.10:1000|/p%20q?q=1+2|abc|1 2");
    ts.exchange(
        "PUT /c HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: "
        "chunked\r\n\r\n3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n");
    CHECK(seen.recv() == "PUT|/c||h|HTTP/1.1|-1|||192.0.2.10:1000|/c|abcde|");
}

TEST_CASE("http server: Expect: 100-continue is answered on the first body read") {
    test_server ts(http::HandlerFunc([](http::ResponseWriter w, http::Request r) {
        auto [body, err] = http::read_all(r.body());
        w.write("got " + body);
    }));
    auto [client, done] = ts.connect();
    client->write(std::string(
        "POST / HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n"));
    CHECK(read_n(client, 25) == "HTTP/1.1 100 Continue\r\n\r\n");
    client->write(std::string("hello"));
    client->close_write();
    CHECK(without_dates(read_until_eof(client)) ==
          "HTTP/1.1 200 OK\r\nDate: D\r\nContent-Length: 9\r\nContent-Type: text/plain; "
          "charset=utf-8\r\n\r\ngot hello");
    done.recv();

    auto out = ts.exchange(
        "POST / HTTP/1.1\r\nHost: x\r\nExpect: something\r\nContent-Length: 5\r\n\r\nhello");
    CHECK(out ==
          "HTTP/1.1 417 Expectation Failed\r\nConnection: close\r\nDate: D\r\nContent-Length: "
          "0\r\n\r\n");
}

TEST_CASE("http server: an unread body is drained for keep-alive, or the connection closes") {
    test_server ts(hello());
    const std::string one =
        "HTTP/1.1 200 OK\r\nDate: D\r\nContent-Length: 13\r\nContent-Type: text/plain; "
        "charset=utf-8\r\n\r\nhello, world\n";
    CHECK(ts.exchange("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhelloGET / "
                      "HTTP/1.1\r\nHost: x\r\n\r\n") == one + one);
    // A declared body of 1 MiB is too big to drain: Go closes after the reply.
    auto [client, done] = ts.connect();
    client->write(std::string("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1048576\r\n\r\nabc"));
    auto out = without_dates(read_until_eof(client));
    CHECK(out ==
          "HTTP/1.1 200 OK\r\nDate: D\r\nContent-Length: 13\r\nContent-Type: text/plain; "
          "charset=utf-8\r\nConnection: close\r\n\r\nhello, world\n");
    done.recv();
}

TEST_CASE("http server: max_bytes_reader closes the connection after the reply") {
    test_server ts(http::HandlerFunc([](http::ResponseWriter w, http::Request r) {
        auto body = http::max_bytes_reader(w, r.body(), 2);
        auto [data, err] = http::read_all(body);
        http::error(w, err.error(), 413);
    }));
    auto out = ts.exchange(
        "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhelloGET / HTTP/1.1\r\nHost: "
        "x\r\n\r\n");
    CHECK(
        out ==
        "HTTP/1.1 413 Request Entity Too Large\r\nConnection: close\r\nContent-Type: text/plain; "
        "charset=utf-8\r\nX-Content-Type-Options: nosniff\r\nDate: D\r\nContent-Length: 29\r\n\r\n"
        "http: request body too large\n");
}

TEST_CASE("http server: the request context is canceled when the handler returns") {
    auto ctxs = make_chan<context::Context>(1);
    test_server ts(http::HandlerFunc([ctxs](http::ResponseWriter, http::Request r) {
        CHECK(r.context().err() == nullptr);
        ctxs.send(r.context());
    }));
    // The client keeps its side open: a half-close would itself cancel (the
    // background read sees eof).
    auto [client, done] = ts.connect();
    client->write(std::string("GET / HTTP/1.1\r\nHost: x\r\n\r\n"));
    auto ctx = ctxs.recv();
    read_n(client, 30);
    CHECK(ctx.err() == context::canceled);
    client->close();
    done.recv();
}

TEST_CASE("http server: the request context is canceled when the client goes away") {
    auto canceled = make_chan<std::string>(1);
    test_server ts(http::HandlerFunc([canceled](http::ResponseWriter, http::Request r) {
        recv_chan<void>(r.context().done()).recv();
        canceled.send(r.context().err().error());
    }));
    auto [client, done] = ts.connect();
    client->write(std::string("GET / HTTP/1.1\r\nHost: x\r\n\r\n"));
    client->close();
    CHECK(canceled.recv() == "context canceled");
    done.recv();
}

TEST_CASE("http server: a pipelined request does not cancel the one being served") {
    auto results = make_chan<int>(2);
    test_server ts(http::HandlerFunc([results](http::ResponseWriter w, http::Request r) {
        // Long enough for a wrong cancellation to land; nothing waits on it otherwise.
        auto timer = time::new_timer(100ms);
        results.send(select(recv(r.context().done()), recv(timer.c)));
        w.write("ok");
    }));
    auto [client, done] = ts.connect();
    client->write(
        std::string("GET / HTTP/1.1\r\nHost: x\r\n\r\nGET / HTTP/1.1\r\nHost: x\r\n\r\n"));
    CHECK(results.recv() == 1);
    CHECK(results.recv() == 1);
    client->close();
    done.recv();
}

TEST_CASE("http server: close() cancels in-flight requests and ends every connection") {
    auto started = make_chan<void>(1);
    auto finished = make_chan<std::string>(1);
    test_server ts(http::HandlerFunc([=](http::ResponseWriter, http::Request r) {
        started.send();
        recv_chan<void>(r.context().done()).recv();
        finished.send(r.context().err().error());
    }));
    auto [client, done] = ts.connect();
    client->write(std::string("GET / HTTP/1.1\r\nHost: x\r\n\r\n"));
    started.recv();
    ts.srv.close();
    CHECK(finished.recv() == "context canceled");
    done.recv();
    CHECK(read_until_eof(client) == "");
    // A connection after close() is closed at once.
    auto [c2, done2] = ts.connect();
    done2.recv();
    CHECK(read_until_eof(c2) == "");
}

TEST_CASE(
    "http server: an exception in a handler is logged as Go's panic and closes only that "
    "connection") {
    test_server ts(http::HandlerFunc([](http::ResponseWriter w, http::Request r) {
        if (r.url().path == "/panic") panic("boom");
        w.write("fine");
    }));
    CHECK(ts.exchange("GET /panic HTTP/1.1\r\nHost: x\r\n\r\nGET / HTTP/1.1\r\nHost: x\r\n\r\n") ==
          "");
    auto logs = ts.log_lines();
    REQUIRE(logs.size() == 1);
    CHECK(logs[0] == "http: panic serving 192.0.2.10:1000: boom");
    CHECK(ts.exchange("GET / HTTP/1.1\r\nHost: x\r\n\r\n") ==
          "HTTP/1.1 200 OK\r\nDate: D\r\nContent-Length: 4\r\nContent-Type: text/plain; "
          "charset=utf-8\r\n\r\nfine");
}

TEST_CASE("http server: read_header_timeout cuts off a client that trickles its header") {
    test_server ts(hello());
    ts.srv.read_header_timeout = 50ms;
    auto start = time::now();  // before the server can start its clock
    auto [client, done] = ts.connect();
    client->write(std::string("GET / HTTP/1.1\r\nHo"));
    CHECK(read_until_eof(client) == "");
    done.recv();
    CHECK(time::since(start) >= 50ms);
}

TEST_CASE("http server: idle_timeout closes a kept-alive connection that sends nothing") {
    test_server ts(hello());
    ts.srv.idle_timeout = 50ms;
    auto [client, done] = ts.connect();
    client->write(std::string("GET / HTTP/1.1\r\nHost: x\r\n\r\n"));
    auto out = without_dates(read_until_eof(client));
    CHECK(out ==
          "HTTP/1.1 200 OK\r\nDate: D\r\nContent-Length: 13\r\nContent-Type: text/plain; "
          "charset=utf-8\r\n\r\nhello, world\n");
    done.recv();
}

TEST_CASE("http server: a request with Connection: close gets it back and the connection ends") {
    test_server ts(hello());
    auto [client, done] = ts.connect();
    client->write(std::string("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"));
    CHECK(without_dates(read_until_eof(client)) ==
          "HTTP/1.1 200 OK\r\nDate: D\r\nContent-Length: 13\r\nContent-Type: text/plain; "
          "charset=utf-8\r\nConnection: close\r\n\r\nhello, world\n");
    done.recv();
}

TEST_CASE("http server: a mux behind the server redirects and 404s on the wire") {
    auto mux = http::new_serve_mux();
    mux.handle_func("/dir/", [](http::ResponseWriter w, http::Request) { w.write("dir"); });
    test_server ts(mux);
    auto out = ts.exchange(
        "GET /dir?x=1 HTTP/1.1\r\nHost: x\r\n\r\nGET /nope HTTP/1.1\r\nHost: x\r\n\r\n");
    CHECK(out ==
          "HTTP/1.1 301 Moved Permanently\r\nContent-Type: text/html; charset=utf-8\r\nLocation: "
          "/dir/?x=1\r\n"
          "Date: D\r\nContent-Length: 44\r\n\r\n<a href=\"/dir/?x=1\">Moved Permanently</a>.\n\n"
          "HTTP/1.1 404 Not Found\r\nContent-Type: text/plain; "
          "charset=utf-8\r\nX-Content-Type-Options: "
          "nosniff\r\nDate: D\r\nContent-Length: 19\r\n\r\n404 page not found\n");
}
