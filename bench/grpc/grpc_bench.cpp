// Unary gRPC calls per second and server CPU per call: a quiet gocpp
// grpc.health.v1 server, and a load client (gocpp goroutines, each making
// calls back to back) that measures any server, gocpp or grpc-go
// (go_server.go); run.sh runs both servers in one go.
//
//     grpc_bench server [-addr 127.0.0.1:0]        prints "listening on ADDR"
//     grpc_bench client -addr ADDR [-c 32] [-d 5]  prints "calls N seconds S calls/s R"
#include <gocpp/gocpp.hpp>
#include <gocpp/grpc.hpp>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

using namespace gocpp;
using namespace std::chrono_literals;

int main(int argc, char** argv) {
    if (argc < 2) return 2;
    std::string mode = argv[1], addr = "127.0.0.1:0";
    int concurrency = 32, seconds = 5;
    for (int i = 2; i + 1 < argc; ++i) {
        if (!std::strcmp(argv[i], "-addr"))
            addr = argv[++i];
        else if (!std::strcmp(argv[i], "-c"))
            concurrency = std::atoi(argv[++i]);
        else if (!std::strcmp(argv[i], "-d"))
            seconds = std::atoi(argv[++i]);
    }
    if (mode == "server") {
        grpc::Server srv;
        grpc::health::register_check(srv, [](context::Context, std::string) {
            return grpc::health::check_result{grpc::health::ServingStatus::SERVING, nullptr};
        });
        auto [bound, err] = srv.listen(addr);
        if (err) return 1;
        std::printf("listening on %s\n", bound.c_str());
        std::fflush(stdout);
        srv.serve();
        return 0;
    }
    auto conn = grpc::dial(addr);
    if (auto [s, err] = grpc::health::check(context::background(), conn, ""); err) {
        std::printf("warmup: %s\n", err.error().c_str());
        return 1;
    }
    auto [ctx, cancel] =
        context::with_timeout(context::background(), std::chrono::seconds(seconds));
    defer _{cancel};
    std::atomic<long> calls{0}, failures{0};
    sync::WaitGroup wg;
    auto start = time::now();
    for (int i = 0; i < concurrency; ++i) {
        wg.add(1);
        go([&] {
            defer done{[&] { wg.done(); }};
            while (!ctx.err()) {
                auto [s, err] = grpc::health::check(ctx, conn, "");
                if (!err)
                    calls.fetch_add(1, std::memory_order_relaxed);
                else if (!ctx.err())
                    failures.fetch_add(1, std::memory_order_relaxed);
            }
        });
    }
    wg.wait();
    double secs = std::chrono::duration<double>(time::since(start)).count();
    std::printf("calls %ld seconds %.3f calls/s %.0f failures %ld\n", calls.load(), secs,
                calls.load() / secs, failures.load());
    return failures.load() == 0 ? 0 : 1;
}
