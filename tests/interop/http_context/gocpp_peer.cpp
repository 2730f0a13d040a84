// The gocpp side of the HTTP context interop (run.sh), the same commands as
// peer.go: a server whose handlers see the caller's deadline and span through
// http::new_context_handler, and a client that sends them through
// http::new_context_transport.
//
//   gocpp_http_context_peer server -addr HOST:PORT
//   gocpp_http_context_peer client -addr ADDR -traceparent TP
#include <gocpp/gocpp.hpp>
#include <gocpp/http/propagation.hpp>

#include <iostream>
#include <string>

using namespace gocpp;
using namespace std::chrono_literals;

namespace {

int server(const std::string& addr) {
    auto [ln, err] = net::listen("tcp", addr);
    if (err) {
        std::cerr << err << '\n';
        return 1;
    }
    fmt::println("listening on", ln.addr());
    auto mux = http::new_serve_mux();
    mux.handle_func("/", [](http::ResponseWriter w, http::Request r) {
        auto ctx = r.context();
        auto [deadline, ok] = ctx.deadline();
        std::string left = ok ? time::duration_string(time::until(deadline)) : "none";
        auto line = "handler ctx: deadline=" + left +
                    " traceid=" + trace::span_context_from_context(ctx).trace_id().string();
        fmt::println(line);
        w.write(line);
    });
    mux.handle_func("/cancel", [](http::ResponseWriter, http::Request r) {
        recv_chan<void>(r.context().done()).recv();
        fmt::println("handler canceled:", r.context().err());
    });
    std::cerr << http::serve(ln, http::new_context_handler(mux, "interop")) << '\n';
    return 1;
}

int client(const std::string& addr, const std::string& traceparent) {
    http::Client c{.transport = http::new_context_transport()};
    auto base = context::background();
    if (auto sc = trace::parse_traceparent(traceparent))
        base = trace::context_with_remote_span_context(base, *sc);
    {
        auto [ctx, cancel] = context::with_timeout(base, 1s);
        defer _{cancel};
        auto [req, err] = http::new_request_with_context(ctx, "GET", "http://" + addr + "/");
        auto [resp, derr] = c.do_(req);
        if (derr) {
            fmt::println("error:", derr);
            return 1;
        }
        auto [body, rerr] = http::read_all(resp.body());
        resp.body().close();
        fmt::println("reply:", body);
    }
    auto [ctx, cancel] = context::with_cancel(base);
    auto t = time::after_func(300ms, [cancel = cancel] { cancel(); });
    auto [req, err] = http::new_request_with_context(ctx, "GET", "http://" + addr + "/cancel");
    auto [resp, derr] = c.do_(req);
    if (!derr) resp.body().close();
    fmt::println("cancel:", derr);
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    std::string mode = argc > 1 ? argv[1] : "", addr = "127.0.0.1:0", traceparent;
    for (int i = 2; i + 1 < argc; i += 2) {
        std::string flag = argv[i];
        if (flag == "-addr") addr = argv[i + 1];
        if (flag == "-traceparent") traceparent = argv[i + 1];
    }
    if (mode == "server") return server(addr);
    if (mode == "client") return client(addr, traceparent);
    std::cerr << "usage: gocpp_http_context_peer server|client -addr ADDR [-traceparent TP]\n";
    return 2;
}
