// The context articles' greeter client, on grpc.health.v1: one call with a
// one-second timeout and `weburl` metadata.
//
//     grpc_context_client -addr HOST:PORT
//
// Prints the reply's status and exits 0, or prints the error and exits 1.
#include <gocpp/gocpp.hpp>
#include <gocpp/grpc.hpp>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <string>

using namespace gocpp;
using namespace std::chrono_literals;

int main(int argc, char** argv) {
    std::string addr = "127.0.0.1:50051";
    for (int i = 1; i + 1 < argc; ++i) {
        if (std::strcmp(argv[i], "-addr") == 0 || std::strcmp(argv[i], "--addr") == 0)
            addr = argv[++i];
    }
    // Go: grpc.Dial(address, grpc.WithInsecure(), grpc.WithBlock()), as the
    // greeter client does: connected before the timed call, so the server
    // sees the one second less only the call's own way there.
    auto [dial_ctx, dial_cancel] = context::with_timeout(context::background(), 10s);
    defer dc{dial_cancel};
    auto [conn, dial_err] = grpc::dial_block(dial_ctx, addr);
    if (dial_err) {
        std::printf("did not connect: %s\n", dial_err.error().c_str());
        return 1;
    }

    auto [ctx, cancel] = context::with_timeout(context::background(), 1s);
    defer _{cancel};
    auto md_ctx = grpc::append_to_outgoing_context(ctx, "weburl", "https://wlbcoder.com");

    auto [status, err] = grpc::health::check(md_ctx, conn, "");
    if (err) {
        std::printf("could not check: %s\n", err.error().c_str());
        return 1;
    }
    std::printf("status: %s\n", grpc::health::serving_status_string(status).c_str());
}
