// The context articles' modified greeter server, on grpc.health.v1: for each
// call it prints how long the caller's deadline leaves (the Go original's
// `fmt.Println(time.Until(deadline))`) and the caller's metadata
// (`fmt.Println("weburl:", md["weburl"])`).
//
//     grpc_context_server [-addr HOST:PORT]    (default 127.0.0.1:0)
//
// Its first line is `listening on HOST:PORT`. It serves until killed.
#include <gocpp/gocpp.hpp>
#include <gocpp/grpc.hpp>

#include <cstdio>
#include <cstring>
#include <string>

using namespace gocpp;

int main(int argc, char** argv) {
    std::string addr = "127.0.0.1:0";
    for (int i = 1; i + 1 < argc; ++i) {
        if (std::strcmp(argv[i], "-addr") == 0 || std::strcmp(argv[i], "--addr") == 0)
            addr = argv[++i];
    }

    grpc::Server srv;
    grpc::health::register_check(
        srv, [](context::Context ctx, std::string) -> grpc::health::check_result {
            if (auto [deadline, ok] = ctx.deadline(); ok) {
                std::printf("%s\n", time::duration_string(time::until(deadline)).c_str());
            } else {
                std::printf("no deadline\n");
            }
            auto [md, ok] = grpc::from_incoming_context(ctx);
            std::string line = "weburl: [";
            if (ok && md.count("weburl")) {
                const auto& vs = md["weburl"];
                for (std::size_t i = 0; i < vs.size(); ++i)
                    line += (i ? " " : "") + vs[i];
            }
            std::printf("%s]\n", line.c_str());
            std::fflush(stdout);
            return {grpc::health::ServingStatus::SERVING, nullptr};
        });
    auto [bound, err] = srv.listen(addr);
    if (err) {
        std::fprintf(stderr, "failed to listen: %s\n", err.error().c_str());
        return 1;
    }
    std::printf("listening on %s\n", bound.c_str());
    std::fflush(stdout);
    srv.serve();
}
