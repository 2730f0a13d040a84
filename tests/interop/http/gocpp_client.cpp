// The gocpp client side of the HTTP interop test: drives the Go net/http
// server of peer.go and prints "PASS name: detail" or "FAIL name: detail"
// per check; exits 1 if any failed.
//
//     gocpp_client -url http://127.0.0.1:PORT
//
// Checks, in order, all on one Client (so one keep-alive connection):
//   hello      GET /hello: 200, Content-Length 13, Go's sniffed Content-Type,
//              body "hello, world\n"
//   chunked    GET /chunked: chunked, content_length -1, the three chunks
//   headers    GET /headers with X-Request-ID: abc: the Go handler saw it,
//              the User-Agent and Accept-Encoding: gzip, and answered with
//              X-Peer: go
//   gzip       GET /gzip: Go's gzip writer's output, decoded transparently
//   post       POST /echo with a fixed body and with a chunked one
//   keepalive  GET /conns: the Go server accepted one connection so far
//   cancel     GET /slow under a 300 ms context: the call fails with
//              `Get "…/slow": context deadline exceeded` (the Go handler
//              prints "slow: context canceled", which run.sh checks)
#include <gocpp/gocpp.hpp>
#include <gocpp/http.hpp>

#include <iostream>
#include <string>

using namespace gocpp;
using namespace std::chrono_literals;

namespace {

bool failed = false;

void result(const std::string& name, bool ok, const std::string& detail) {
    std::cout << (ok ? "PASS " : "FAIL ") << name << ": " << detail << std::endl;
    if (!ok) failed = true;
}

std::string quoted(const std::string& s) {
    std::string out = "\"";
    for (char c : s) {
        if (c == '\n')
            out += "\\n";
        else if (c == '"')
            out += "\\\"";
        else
            out += c;
    }
    return out + "\"";
}

struct fetched {
    http::Response resp;
    std::string body;
    error err;
};

fetched fetch(const http::Client& c, const http::Request& req) {
    auto [resp, err] = c.do_(req);
    if (err) return {nullptr, "", err};
    auto [body, rerr] = http::read_all(resp.body());
    resp.body().close();
    return {resp, body, rerr};
}

fetched fetch_get(const http::Client& c, const std::string& url) {
    auto [req, err] = http::new_request("GET", url);
    if (err) return {nullptr, "", err};
    return fetch(c, req);
}

}  // namespace

int main(int argc, char** argv) {
    std::string base;
    for (int i = 1; i + 1 < argc; i++)
        if (std::string(argv[i]) == "-url") base = argv[i + 1];
    if (base.empty()) {
        std::cerr << "usage: gocpp_client -url http://HOST:PORT\n";
        return 2;
    }
    http::Client c{.transport = std::make_shared<http::Transport>()};

    {
        auto f = fetch_get(c, base + "/hello");
        bool ok = !f.err && f.resp.status_code() == 200 && f.resp.content_length() == 13 &&
                  f.resp.header().get("Content-Type") == "text/plain; charset=utf-8" &&
                  f.body == "hello, world\n";
        result("hello", ok,
               f.err ? f.err.error()
                     : f.resp.status() + " " + std::to_string(f.resp.content_length()) + " " +
                           f.resp.header().get("Content-Type") + " " + quoted(f.body));
    }
    {
        auto f = fetch_get(c, base + "/chunked");
        bool ok = !f.err && f.resp.content_length() == -1 &&
                  f.resp.transfer_encoding() == std::vector<std::string>{"chunked"} &&
                  f.body == "chunk 0\nchunk 1\nchunk 2\n";
        result("chunked", ok,
               f.err ? f.err.error()
                     : "content_length " + std::to_string(f.resp.content_length()) + " " +
                           quoted(f.body));
    }
    {
        auto [req, err] = http::new_request("GET", base + "/headers");
        req.header().set("X-Request-ID", "abc");
        auto f = fetch(c, req);
        bool ok = !f.err && f.resp.header().get("X-Peer") == "go" &&
                  f.body ==
                      "Accept-Encoding: gzip\nUser-Agent: Go-http-client/1.1\nX-Request-Id: "
                      "abc\n";
        result("headers", ok, f.err ? f.err.error() : quoted(f.body));
    }
    {
        auto [resp1, e1] = c.post(base + "/echo", "text/plain", "fixed");
        std::string b1 = e1 ? e1.error() : http::read_all(resp1.body()).data;
        auto [resp2, e2] = c.post(base + "/echo", "text/plain", http::string_body("streamed"));
        std::string b2 = e2 ? e2.error() : http::read_all(resp2.body()).data;
        bool ok = b1 == "POST len=5 chunked=false body=fixed" &&
                  b2 == "POST len=-1 chunked=true body=streamed";
        result("post", ok, quoted(b1) + " " + quoted(b2));
    }
    {
        auto f = fetch_get(c, base + "/gzip");
        std::string want;
        for (int i = 0; i < 20000; i++)
            want += "line " + std::to_string(i) + "\n";
        bool ok = !f.err && f.resp.content_length() == -1 &&
                  f.resp.header().get("Content-Encoding").empty() && f.body == want;
        result("gzip", ok,
               f.err ? f.err.error()
                     : "decoded " + std::to_string(f.body.size()) + " bytes, want " +
                           std::to_string(want.size()));
    }
    {
        auto f = fetch_get(c, base + "/conns");
        result("keepalive", !f.err && f.body == "1",
               f.err ? f.err.error() : "connections seen by the server: " + f.body);
    }
    {
        auto [ctx, cancel] = context::with_timeout(context::background(), 300ms);
        auto [req, err] = http::new_request_with_context(ctx, "GET", base + "/slow");
        auto [resp, rerr] = c.do_(req);
        cancel();
        bool ok = rerr && rerr.error() == "Get \"" + base + "/slow\": context deadline exceeded";
        result("cancel", ok, rerr ? rerr.error() : "the call succeeded");
        if (resp) resp.body().close();
    }
    return failed ? 1 : 0;
}
