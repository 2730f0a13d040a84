// http: a context across processes over HTTP: new_context_handler derives
// the request context from grpc-timeout and traceparent, and
// new_context_transport sends them, checked in memory (httptest) and over a
// loopback socket between the two.
#include "net_test_util.hpp"

#include <gocpp/gocpp.hpp>
#include <gocpp/http/propagation.hpp>

#include <doctest/doctest.h>

#include <string>

using namespace gocpp;
using namespace std::chrono_literals;
using net_test::leak_check;
using net_test::str;

namespace {

constexpr std::string_view remote_trace = "4bf92f3577b34da6a3ce929d0e0e4736";
constexpr std::string_view remote_span = "00f067aa0ba902b7";

// What a handler behind new_context_handler saw.
struct seen {
    bool has_deadline = false;
    time::Duration left{0};
    trace::SpanContext span;
    trace::SpanContext parent;
};

http::Handler recording_handler(chan<seen> out) {
    return http::HandlerFunc([out](http::ResponseWriter w, http::Request r) {
        seen s;
        auto [deadline, ok] = r.context().deadline();
        s.has_deadline = ok;
        if (ok) s.left = time::until(deadline);
        auto span = trace::span_from_context(r.context());
        s.span = span.span_context();
        s.parent = span.parent();
        out.send(s);
        w.write("ok");
    });
}

}  // namespace

TEST_CASE("http context handler: grpc-timeout bounds the request's context") {
    auto out = make_chan<seen>(1);
    auto h = http::new_context_handler(recording_handler(out), "op");
    auto rr = http::httptest::new_recorder();
    auto req = http::httptest::new_request("GET", "/");
    req.header().set("grpc-timeout", "1000000u");  // 1s, as grpc-go writes it
    h.serve_http(rr, req);
    auto s = out.recv();
    CHECK(rr->code == 200);
    REQUIRE(s.has_deadline);
    CHECK(s.left <= 1s);
    CHECK(s.left > 500ms);
}

TEST_CASE("http context handler: no grpc-timeout, no deadline; a malformed one gets 400") {
    auto out = make_chan<seen>(1);
    auto h = http::new_context_handler(recording_handler(out), "op");
    {
        auto rr = http::httptest::new_recorder();
        h.serve_http(rr, http::httptest::new_request("GET", "/"));
        CHECK_FALSE(out.recv().has_deadline);
    }
    // What grpc-go's decodeTimeout refuses (it takes "-1S", as ParseInt does).
    for (std::string bad : {"1x", "123456789S", "S", "1.5S", "m1"}) {
        CAPTURE(bad);
        auto rr = http::httptest::new_recorder();
        auto req = http::httptest::new_request("GET", "/");
        req.header().set("grpc-timeout", bad);
        h.serve_http(rr, req);
        CHECK(rr->code == 400);
        auto [d, err] = grpcutil::decode_timeout(bad);
        REQUIRE(err);
        CHECK(rr->body == "malformed grpc-timeout: " + err.error() + "\n");
        CHECK(out.len() == 0);  // the handler was not called
    }
}

TEST_CASE("http context handler: traceparent becomes the remote parent of the server span") {
    auto out = make_chan<seen>(1);
    auto h = http::new_context_handler(recording_handler(out), "op");
    auto rr = http::httptest::new_recorder();
    auto req = http::httptest::new_request("GET", "/");
    req.header().set("traceparent",
                     "00-" + std::string(remote_trace) + "-" + std::string(remote_span) + "-01");
    h.serve_http(rr, req);
    auto s = out.recv();
    CHECK(s.span.trace_id().string() == remote_trace);
    CHECK(s.span.span_id().string() != remote_span);
    CHECK(s.parent.span_id().string() == remote_span);
    CHECK(s.parent.is_remote());

    // An invalid traceparent is ignored: a new trace, no error.
    auto rr2 = http::httptest::new_recorder();
    auto req2 = http::httptest::new_request("GET", "/");
    req2.header().set("traceparent",
                      "00-" + std::string(32, '0') + "-" + std::string(remote_span) + "-01");
    h.serve_http(rr2, req2);
    auto s2 = out.recv();
    CHECK(rr2->code == 200);
    CHECK(s2.span.is_valid());
    CHECK(s2.span.trace_id().string() != std::string(32, '0'));
    CHECK_FALSE(s2.parent.is_valid());
}

TEST_CASE("http context transport: the deadline and span reach a server behind the handler") {
    leak_check lc;
    auto out = make_chan<seen>(4);
    auto headers = make_chan<std::string>(4);
    auto inner = recording_handler(out);
    auto [ln, err] = net::listen("tcp", "127.0.0.1:0");
    REQUIRE(!err);
    http::Server srv{.handler = http::HandlerFunc([&](http::ResponseWriter w, http::Request r) {
                         headers.send(r.header().get("grpc-timeout") + "|" +
                                      r.header().get("traceparent"));
                         http::new_context_handler(inner, "server").serve_http(w, r);
                     })};
    auto served = make_chan<gocpp::error>(1);
    go([&, ln = ln] { served.send(srv.serve(ln)); });
    const std::string url = "http://" + ln.addr().string() + "/";

    auto tr = std::make_shared<http::Transport>();
    http::Client client{.transport = http::new_context_transport(tr)};
    {
        // A caller inside a trace, with 1s left.
        auto [root_ctx, root] = trace::start(context::background(), "caller");
        auto [ctx, cancel] = context::with_timeout(root_ctx, 1s);
        auto [req, rerr] = http::new_request_with_context(ctx, "GET", url);
        auto [resp, derr] = client.do_(req);
        REQUIRE(str(derr) == "<nil>");
        http::read_all(resp.body());
        resp.body().close();
        // The caller's request was not changed.
        CHECK(req.header().get("grpc-timeout") == "");
        CHECK(req.header().get("traceparent") == "");

        auto h = headers.recv();
        CHECK(h.find("00-" + root.span_context().trace_id().string() + "-") != std::string::npos);
        auto s = out.recv();
        REQUIRE(s.has_deadline);
        CHECK(s.left <= 1s);
        CHECK(s.left > 500ms);
        CHECK(s.span.trace_id() == root.span_context().trace_id());
        // server span <- client span ("HTTP GET") <- caller's span
        CHECK(s.parent.is_remote());
        CHECK(s.parent.span_id() != root.span_context().span_id());
        cancel();
    }
    {
        // Without a deadline: no grpc-timeout; without a span: a new trace.
        auto [req, rerr] = http::new_request("GET", url);
        auto [resp, derr] = client.do_(req);
        REQUIRE(str(derr) == "<nil>");
        http::read_all(resp.body());
        resp.body().close();
        auto h = headers.recv();
        CHECK(h.substr(0, h.find('|')) == "");
        CHECK(h.substr(h.find('|') + 1).size() == 55);
        CHECK_FALSE(out.recv().has_deadline);
    }
    {
        // A context that has ended: nothing is sent.
        auto [ctx, cancel] = context::with_cancel(context::background());
        cancel();
        auto [req, rerr] = http::new_request_with_context(ctx, "GET", url);
        auto [resp, derr] = client.do_(req);
        CHECK(str(derr) == "Get \"" + url + "\": context canceled");
        CHECK(headers.len() == 0);
    }
    tr->close_idle_connections();
    srv.close();
    CHECK(served.recv() == http::err_server_closed);
}
