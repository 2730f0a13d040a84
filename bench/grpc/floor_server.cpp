// The floor for bench/grpc/run.sh: the same grpc.health.v1 Check served by
// plain gRPC C++, on the same callback API the gocpp server uses
// (CallbackGenericService, one ServerGenericBidiReactor per call), with no
// gocpp runtime at all: the reply is written from gRPC's own callback
// thread as soon as the request has been read. What this costs per call is
// what gRPC C++ itself costs; what the gocpp server costs above it is
// gocpp's (the goroutine per call, its context, metadata, trace context).
//
//     grpc_floor_server [-addr 127.0.0.1:0]   prints "listening on ADDR"
#include <grpcpp/generic/async_generic_service.h>
#include <grpcpp/grpcpp.h>

#include <cstdio>
#include <cstring>
#include <memory>
#include <string>

namespace {

class check_reactor final : public grpc::ServerGenericBidiReactor {
  public:
    check_reactor() { StartRead(&request_); }

    void OnReadDone(bool ok) override {
        if (!ok) {
            Finish(grpc::Status(grpc::StatusCode::INTERNAL, "no request"));
            return;
        }
        // HealthCheckResponse{status: SERVING}: field 1, varint 1.
        static const char reply[] = {0x08, 0x01};
        grpc::Slice slice(reply, sizeof reply);
        response_ = grpc::ByteBuffer(&slice, 1);
        StartWriteAndFinish(&response_, grpc::WriteOptions(), grpc::Status::OK);
    }
    void OnDone() override { delete this; }

  private:
    grpc::ByteBuffer request_, response_;
};

class service final : public grpc::CallbackGenericService {
    grpc::ServerGenericBidiReactor* CreateReactor(grpc::GenericCallbackServerContext* ctx) override {
        if (ctx->method() != "/grpc.health.v1.Health/Check") {
            struct unimplemented final : grpc::ServerGenericBidiReactor {
                unimplemented() { Finish(grpc::Status(grpc::StatusCode::UNIMPLEMENTED, "")); }
                void OnDone() override { delete this; }
            };
            return new unimplemented;
        }
        return new check_reactor;
    }
};

}  // namespace

int main(int argc, char** argv) {
    std::string addr = "127.0.0.1:0";
    for (int i = 1; i + 1 < argc; ++i)
        if (!std::strcmp(argv[i], "-addr")) addr = argv[++i];
    service svc;
    grpc::ServerBuilder builder;
    int port = 0;
    builder.AddListeningPort(addr, grpc::InsecureServerCredentials(), &port);
    builder.RegisterCallbackGenericService(&svc);
    auto server = builder.BuildAndStart();
    if (!server || port == 0) {
        std::fprintf(stderr, "listen tcp %s: cannot bind\n", addr.c_str());
        return 1;
    }
    std::printf("listening on %s:%d\n", addr.substr(0, addr.rfind(':')).c_str(), port);
    std::fflush(stdout);
    server->Wait();
}
