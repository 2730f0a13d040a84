// The gocpp side of the gRPC interop test: a grpc.health.v1 server and
// client that report what crossed the wire, in the same line format as
// peer.go, so run.sh checks both directions with one set of rules.
//
//     gocpp_peer server -addr 127.0.0.1:0
//     gocpp_peer client -addr HOST:PORT -traceparent TP
#include <gocpp/gocpp.hpp>
#include <gocpp/grpc.hpp>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <string>

using namespace gocpp;
using namespace std::chrono_literals;

namespace {

std::string go_slice(const grpc::MD& md, const std::string& key) {
    std::string s = "[";
    if (auto it = md.find(key); it != md.end()) {
        for (std::size_t i = 0; i < it->second.size(); ++i)
            s += (i ? " " : "") + it->second[i];
    }
    return s + "]";
}

int serve(const std::string& addr) {
    grpc::Server srv;
    grpc::health::register_check(
        srv, [](context::Context ctx, std::string service) -> grpc::health::check_result {
            std::string remaining = "none";
            if (auto [d, ok] = ctx.deadline(); ok)
                remaining = std::to_string(time::until(d).count());
            auto [md, ok] = grpc::from_incoming_context(ctx);
            // The caller's span is the remote parent: a span started here keeps
            // its trace id.
            // (Named captures: clang 14 cannot capture a structured binding.)
            auto [span_ctx, span] = trace::start(ctx, "Check");
            defer _{[&span = span] { span.end(); }};
            auto sc = span.span_context();
            std::string trace_id = span.parent().is_valid() ? sc.trace_id().string() : "none";
            std::printf("call service=%s remaining_ns=%s weburl=%s traceid=%s\n", service.c_str(),
                        remaining.c_str(), go_slice(md, "weburl").c_str(), trace_id.c_str());
            std::fflush(stdout);
            if (service == "block") {
                auto timeout = time::after(10s);
                switch (select(recv(ctx.done()), recv(timeout))) {
                    case 0:
                        std::printf("handler ctx: %s\n", ctx.err().error().c_str());
                        break;
                    case 1:
                        std::printf("handler ctx: never canceled\n");
                        break;
                }
                std::fflush(stdout);
                return {grpc::health::ServingStatus::UNKNOWN, ctx.err()};
            }
            return {grpc::health::ServingStatus::SERVING, nullptr};
        });
    auto [bound, err] = srv.listen(addr);
    if (err) {
        std::fprintf(stderr, "%s\n", err.error().c_str());
        return 1;
    }
    std::printf("listening on %s\n", bound.c_str());
    std::fflush(stdout);
    srv.serve();
    return 0;
}

int client(const std::string& addr, const std::string& traceparent) {
    auto conn = grpc::dial(addr);
    // Warm the connection up, so the measured call's deadline is not spent
    // on connection setup.
    if (auto [s, err] = grpc::health::check(context::background(), conn, "warmup"); err) {
        std::printf("warmup: %s\n", err.error().c_str());
        return 1;
    }
    auto parent = trace::parse_traceparent(traceparent);
    if (!parent) {
        std::printf("bad traceparent %s\n", traceparent.c_str());
        return 1;
    }
    auto [ctx, cancel] = context::with_timeout(
        trace::context_with_remote_span_context(context::background(), *parent), 1s);
    defer _{cancel};
    auto [span_ctx, span] = trace::start(ctx, "client call");
    defer end_span{[&span = span] { span.end(); }};
    auto call_ctx = grpc::append_to_outgoing_context(span_ctx, "weburl", "https://wlbcoder.com");
    auto [status, err] = grpc::health::check(call_ctx, conn, "deadline");
    if (err) {
        std::printf("check: %s\n", err.error().c_str());
        return 1;
    }
    std::printf("status: %s\n", grpc::health::serving_status_string(status).c_str());

    auto [ctx2, cancel2] = context::with_cancel(context::background());
    auto timer = time::after_func(300ms, [cancel2 = cancel2] { cancel2(); });
    auto [s2, err2] = grpc::health::check(ctx2, conn, "block");
    std::printf("cancel call: %s\n", err2 ? err2.error().c_str() : "<nil>");
    std::fflush(stdout);
    time::sleep(200ms);
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: gocpp_peer server|client -addr ADDR [-traceparent TP]\n");
        return 2;
    }
    std::string mode = argv[1], addr = "127.0.0.1:0", traceparent;
    for (int i = 2; i + 1 < argc; ++i) {
        if (std::strcmp(argv[i], "-addr") == 0)
            addr = argv[++i];
        else if (std::strcmp(argv[i], "-traceparent") == 0)
            traceparent = argv[++i];
    }
    if (mode == "server") return serve(addr);
    return client(addr, traceparent);
}
