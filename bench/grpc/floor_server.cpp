// The floor for bench/grpc/run.sh: the same grpc.health.v1 Check served by
// plain gRPC C++, on the same callback API the gocpp server uses, with no
// gocpp runtime at all: the reply is sent from gRPC's own callback thread
// as soon as the call arrives. What this costs per call is what gRPC C++
// itself costs; what the gocpp server costs above it is gocpp's (the
// goroutine per call, its context, metadata, trace context).
//
//     grpc_floor_server [-addr 127.0.0.1:0] [-api unary|generic]
//
// prints "listening on ADDR". -api unary (the default): Check is a
// registered raw unary callback method answered through the call's
// DefaultReactor, as gRPC's own callback examples do and as gocpp::grpc
// registers its handlers. -api generic: every call reaches a
// CallbackGenericService as a bidi stream (StartRead, then
// StartWriteAndFinish), the API gocpp::grpc used before.
#include <grpcpp/generic/async_generic_service.h>
#include <grpcpp/grpcpp.h>
#include <grpcpp/impl/codegen/server_callback_handlers.h>
#include <grpcpp/impl/rpc_service_method.h>

#include <cstdio>
#include <cstring>
#include <memory>
#include <string>

namespace {

// HealthCheckResponse{status: SERVING}: field 1, varint 1.
const char kServing[] = {0x08, 0x01};

class check_reactor final : public grpc::ServerGenericBidiReactor {
  public:
    check_reactor() { StartRead(&request_); }

    void OnReadDone(bool ok) override {
        if (!ok) {
            Finish(grpc::Status(grpc::StatusCode::INTERNAL, "no request"));
            return;
        }
        grpc::Slice slice(kServing, sizeof kServing);
        response_ = grpc::ByteBuffer(&slice, 1);
        StartWriteAndFinish(&response_, grpc::WriteOptions(), grpc::Status::OK);
    }
    void OnDone() override { delete this; }

  private:
    grpc::ByteBuffer request_, response_;
};

class unary_service final : public grpc::Service {
  public:
    unary_service() {
        AddMethod(new grpc::internal::RpcServiceMethod(
            "/grpc.health.v1.Health/Check", grpc::internal::RpcMethod::NORMAL_RPC, nullptr));
        MarkMethodRawCallback(
            0, new grpc::internal::CallbackUnaryHandler<grpc::ByteBuffer, grpc::ByteBuffer>(
                   [](grpc::CallbackServerContext* ctx, const grpc::ByteBuffer*,
                      grpc::ByteBuffer* response) {
                       grpc::Slice slice(kServing, sizeof kServing);
                       *response = grpc::ByteBuffer(&slice, 1);
                       auto* reactor = ctx->DefaultReactor();
                       reactor->Finish(grpc::Status::OK);
                       return reactor;
                   }));
    }
};

class service final : public grpc::CallbackGenericService {
    grpc::ServerGenericBidiReactor* CreateReactor(
        grpc::GenericCallbackServerContext* ctx) override {
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
    std::string addr = "127.0.0.1:0", api = "unary";
    for (int i = 1; i + 1 < argc; ++i) {
        if (!std::strcmp(argv[i], "-addr"))
            addr = argv[++i];
        else if (!std::strcmp(argv[i], "-api"))
            api = argv[++i];
    }
    if (api != "unary" && api != "generic") {
        std::fprintf(stderr, "-api: unary or generic\n");
        return 2;
    }
    service svc;
    unary_service unary;
    grpc::ServerBuilder builder;
    int port = 0;
    builder.AddListeningPort(addr, grpc::InsecureServerCredentials(), &port);
    if (api == "unary")
        builder.RegisterService(&unary);
    else
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
