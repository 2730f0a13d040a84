// http: the client's message layer over an in-memory stream: the request
// bytes Go's Request.Write produces, responses with fixed and chunked
// bodies, connection reuse, and a context that aborts the call.
#include <gocpp/chan.hpp>
#include <gocpp/context.hpp>
#include <gocpp/runtime.hpp>
#include <gocpp/http.hpp>
#include <gocpp/http/detail/client_conn.hpp>
#include <gocpp/http/server.hpp>
#include <gocpp/time.hpp>

#include <doctest/doctest.h>

#include <string>

using namespace gocpp;
using namespace std::chrono_literals;
namespace hd = gocpp::http::detail;

namespace {
// Reads from s until the bytes end with `terminator`.
std::string read_until(const std::shared_ptr<hd::stream>& s, const std::string& terminator) {
    std::string out;
    char c;
    while (out.size() < terminator.size() ||
           out.compare(out.size() - terminator.size(), terminator.size(), terminator) != 0) {
        auto [n, err] = s->read(std::span<char>(&c, 1));
        if (err) break;
        out += c;
    }
    return out;
}
}  // namespace

TEST_CASE("http client: a GET is written as Go writes it, and a chunked response is read") {
    auto [client, server] = hd::new_pipe();
    auto cc = hd::new_client_conn(client);
    auto [req, err] = http::new_request("GET", "http://example.com/x%20y?q=1");
    REQUIRE(err == nullptr);
    req.header().set("X-B", "2");
    req.header().set("a-first", "1");
    auto got = make_chan<std::string>(1);
    go([server = server, got] {
        got.send(read_until(server, "\r\n\r\n"));
        std::string resp =
            "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n"
            "5\r\nhello\r\n7\r\n, world\r\n0\r\n\r\n";
        server->write(resp);
    });
    auto [resp, rerr] = cc->round_trip(req);
    REQUIRE(rerr == nullptr);
    CHECK(got.recv() ==
          "GET /x%20y?q=1 HTTP/1.1\r\nHost: example.com\r\nUser-Agent: "
          "Go-http-client/1.1\r\nA-First: "
          "1\r\nX-B: 2\r\n\r\n");
    CHECK(resp.status_code() == 200);
    CHECK(resp.status() == "200 OK");
    CHECK(resp.content_length() == -1);
    CHECK(resp.transfer_encoding() == std::vector<std::string>{"chunked"});
    CHECK(resp.header().get("Content-Type") == "text/plain");
    CHECK(resp.header().get("Transfer-Encoding") == "");
    auto [body, berr] = http::read_all(resp.body());
    CHECK(berr == nullptr);
    CHECK(body == "hello, world");
    CHECK(cc->reusable());
}

TEST_CASE("http client: request bodies get Content-Length or chunking as Go decides") {
    auto [client, server] = hd::new_pipe();
    auto cc = hd::new_client_conn(client);
    auto got = make_chan<std::string>(3);
    go([server = server, got] {
        got.send(read_until(server, "\r\n\r\nbody"));
        server->write(std::string("HTTP/1.1 204 No Content\r\n\r\n"));
        got.send(read_until(server, "0\r\n\r\n"));
        server->write(std::string("HTTP/1.1 201 Created\r\nContent-Length: 2\r\n\r\nok"));
        got.send(read_until(server, "\r\n\r\n"));
        server->write(std::string("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"));
    });
    auto [post, perr] = http::new_request("POST", "http://h:8080/p", "body");
    REQUIRE(perr == nullptr);
    auto r1 = cc->round_trip(post);
    REQUIRE(r1.err == nullptr);
    CHECK(got.recv() ==
          "POST /p HTTP/1.1\r\nHost: h:8080\r\nUser-Agent: Go-http-client/1.1\r\nContent-Length: "
          "4\r\n\r\nbody");
    CHECK(r1.resp.status_code() == 204);
    CHECK(r1.resp.content_length() == 0);
    CHECK(cc->reusable());

    auto [put, uerr] = http::new_request_with_context(context::background(), "PUT", "http://h/u",
                                                      http::string_body("abc"), -1);
    REQUIRE(uerr == nullptr);
    auto r2 = cc->round_trip(put);
    REQUIRE(r2.err == nullptr);
    CHECK(got.recv() ==
          "PUT /u HTTP/1.1\r\nHost: h\r\nUser-Agent: Go-http-client/1.1\r\nTransfer-Encoding: "
          "chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n");
    CHECK(r2.resp.status() == "201 Created");
    CHECK(http::read_all(r2.resp.body()).data == "ok");

    auto [empty_post, eerr] = http::new_request("POST", "http://h/e");
    auto r3 = cc->round_trip(empty_post);
    REQUIRE(r3.err == nullptr);
    CHECK(got.recv() ==
          "POST /e HTTP/1.1\r\nHost: h\r\nUser-Agent: Go-http-client/1.1\r\nContent-Length: "
          "0\r\n\r\n");
}

TEST_CASE("http client against the gocpp server: keep-alive reuse and fixed bodies") {
    http::Server srv;
    srv.handler = http::HandlerFunc([](http::ResponseWriter w, http::Request r) {
        auto [body, err] = http::read_all(r.body());
        w.header().set("X-Method", r.method());
        w.write("got " + body + " at " + r.url().path);
    });
    auto [client, server] = hd::new_pipe();
    auto done = make_chan<void>();
    go([&srv, server = server, done] {
        srv.serve_stream(server);
        done.close();
    });
    auto cc = hd::new_client_conn(client);
    for (int i = 0; i < 3; i++) {
        auto [req, err] = http::new_request("POST", "http://local/n" + std::to_string(i),
                                            "b" + std::to_string(i));
        auto [resp, rerr] = cc->round_trip(req);
        REQUIRE(rerr == nullptr);
        CHECK(resp.status_code() == 200);
        CHECK(resp.header().get("X-Method") == "POST");
        CHECK(resp.content_length() ==
              static_cast<std::int64_t>(std::string("got b0 at /n0").size()));
        CHECK(http::read_all(resp.body()).data ==
              "got b" + std::to_string(i) + " at /n" + std::to_string(i));
        CHECK(cc->reusable());
    }
    client->close();
    done.recv();
}

TEST_CASE("http client: the request's context aborts a call waiting for the response") {
    auto [client, server] = hd::new_pipe();
    auto cc = hd::new_client_conn(client);
    // Before the deadline is set: it counts from with_timeout's call.
    auto start = time::now();
    auto [ctx, cancel] = context::with_timeout(context::background(), 50ms);
    auto [req, err] = http::new_request_with_context(ctx, "GET", "http://h/slow");
    REQUIRE(err == nullptr);
    auto [resp, rerr] = cc->round_trip(req);
    CHECK(rerr == context::deadline_exceeded);
    CHECK(resp == nullptr);
    CHECK(time::since(start) >= 50ms);
    CHECK_FALSE(cc->reusable());
    cancel();
    (void)server;
}

TEST_CASE("http client: canceling while the body is read ends the read with the context's error") {
    auto [client, server] = hd::new_pipe();
    auto cc = hd::new_client_conn(client);
    auto [ctx, cancel] = context::with_cancel(context::background());
    auto [req, err] = http::new_request_with_context(ctx, "GET", "http://h/stream");
    go([server = server] {
        read_until(server, "\r\n\r\n");
        server->write(std::string("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\npartial"));
    });
    auto [resp, rerr] = cc->round_trip(req);
    REQUIRE(rerr == nullptr);
    char buf[64];
    auto [n, e1] = resp.body().read(buf);
    CHECK(std::string(buf, n) == "partial");
    CHECK(e1 == nullptr);
    cancel();
    auto [n2, e2] = resp.body().read(buf);
    CHECK(n2 == 0);
    CHECK(e2 == context::canceled);
    CHECK_FALSE(cc->reusable());
}
