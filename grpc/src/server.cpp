// server: every call runs its handler in a goroutine. Each handler is a
// registered unary method of gRPC's callback API (a raw method: bytes in,
// bytes out), so gRPC reads the one request before it hands the call over:
// on a gRPC thread, a reactor builds the call's context (incoming metadata,
// remote span) and starts the handler goroutine, which adds the call's
// deadline, runs the handler and finishes the call. The reactor's OnCancel
// (client cancel, deadline, connection gone, server stop) cancels the
// handler's context. A method nobody registered reaches a generic service
// that answers Unimplemented.
#include "internal.hpp"

#include <gocpp/chan.hpp>
#include <gocpp/errors.hpp>
#include <gocpp/runtime.hpp>
#include <gocpp/time.hpp>
#include <gocpp/trace.hpp>

#include <grpcpp/impl/codegen/server_callback_handlers.h>
#include <grpcpp/impl/rpc_service_method.h>

#include <atomic>
#include <thread>

namespace gocpp::grpc {

namespace {

// What handler goroutines share with the Server; kept alive by each call, so
// a call never outlives what it reads.
struct shared_state {
    std::map<std::string, UnaryHandler> handlers;
    context::Context root;
    context::CancelFunc cancel_root;
};

// A propagation carrier over incoming metadata.
struct md_carrier {
    const MD* md;
    std::string get(const std::string& key) const {
        auto it = md->find(key);
        if (it == md->end() || it->second.empty()) return {};
        return it->second.front();
    }
    void set(const std::string&, const std::string&) {}
};

class call_reactor final : public ::grpc::ServerUnaryReactor {
  public:
    call_reactor(std::shared_ptr<shared_state> st, ::grpc::CallbackServerContext* sctx,
                 const UnaryHandler* handler, const ::grpc::ByteBuffer* request,
                 ::grpc::ByteBuffer* response)
        : state_(std::move(st)),
          handler_(handler),
          request_(request),
          response_(response),
          deadline_(sctx->deadline()) {
        auto [ctx, cancel] = context::with_cancel(state_->root);
        cancel_ = cancel;
        MD md;
        for (const auto& [key, value] : sctx->client_metadata()) {
            md[std::string(key.data(), key.size())].emplace_back(value.data(), value.size());
        }
        ctx = propagation::TraceContext{}.extract(ctx, md_carrier{&md});
        ctx_ = new_incoming_context(ctx, std::move(md));
        go([this] { run(); });
    }

    void OnCancel() override { cancel_(); }
    void OnDone() override { delete this; }
    // gRPC's "not API" switch for its own reactors whose reactions are
    // trivial: OnCancel and OnDone then run on the thread that completes the
    // call, instead of being handed to gRPC's executor thread (a futex wake
    // and a thread switch per call). Both are short and never block here:
    // OnCancel cancels a context, OnDone frees the reactor.
    bool InternalInlineable() override { return true; }

  private:
    // The handler goroutine. After Finish, OnDone may delete this at any
    // moment (even inside Finish): nothing touches the reactor after it.
    void run() {
        context::Context ctx = ctx_;
        context::CancelFunc cancel_deadline;
        if (deadline_ != std::chrono::system_clock::time_point::max()) {
            // The caller's deadline. Its timer starts here, on a scheduler
            // thread, not on the gRPC thread that took the call: a timer
            // started from outside would wake a sleeping scheduler thread
            // before the goroutine is there for it to run.
            auto [dctx, dcancel] =
                context::with_deadline(ctx, detail::from_system_deadline(deadline_));
            ctx = std::move(dctx);
            cancel_deadline = std::move(dcancel);
        }
        auto result = (*handler_)(std::move(ctx), detail::from_byte_buffer(*request_));
        // As grpc-go, the call's context ends when the handler returns.
        cancel_();
        if (cancel_deadline) cancel_deadline();
        if (result.second) {
            Finish(detail::to_grpc_status(result.second));
            return;
        }
        *response_ = detail::to_byte_buffer(result.first);
        Finish(::grpc::Status::OK);
    }

    std::shared_ptr<shared_state> state_;
    const UnaryHandler* handler_;
    const ::grpc::ByteBuffer* request_;
    ::grpc::ByteBuffer* response_;
    std::chrono::system_clock::time_point deadline_;
    context::Context ctx_;
    context::CancelFunc cancel_;
};

// Every registered handler as a raw (ByteBuffer) unary callback method.
class unary_service final : public ::grpc::Service {
  public:
    explicit unary_service(std::shared_ptr<shared_state> st) : state_(std::move(st)) {
        int index = 0;
        for (const auto& [name, handler] : state_->handlers) {
            // gRPC keeps the name's pointer: the map's key outlives it.
            AddMethod(new ::grpc::internal::RpcServiceMethod(
                name.c_str(), ::grpc::internal::RpcMethod::NORMAL_RPC, nullptr));
            MarkMethodRawCallback(
                index++,
                new ::grpc::internal::CallbackUnaryHandler<::grpc::ByteBuffer, ::grpc::ByteBuffer>(
                    [st = state_, h = &handler](::grpc::CallbackServerContext* sctx,
                                                const ::grpc::ByteBuffer* request,
                                                ::grpc::ByteBuffer* response) {
                        return new call_reactor(st, sctx, h, request, response);
                    }));
        }
    }

  private:
    std::shared_ptr<shared_state> state_;
};

// Methods nobody registered: Unimplemented, with the method's name.
class unknown_method_service final : public ::grpc::CallbackGenericService {
    ::grpc::ServerGenericBidiReactor* CreateReactor(
        ::grpc::GenericCallbackServerContext* ctx) override {
        struct unimplemented final : ::grpc::ServerGenericBidiReactor {
            explicit unimplemented(const std::string& method) {
                Finish(
                    ::grpc::Status(::grpc::StatusCode::UNIMPLEMENTED, "unknown method " + method));
            }
            void OnDone() override { delete this; }
        };
        return new unimplemented(ctx->method());
    }
};

}  // namespace

struct Server::impl {
    std::shared_ptr<shared_state> state = std::make_shared<shared_state>();
    std::unique_ptr<unary_service> service;
    std::unique_ptr<unknown_method_service> unknown;
    std::unique_ptr<::grpc::Server> server;
    chan<void> stopped = make_chan<void>();    // closed when stop() begins
    chan<void> shut_down = make_chan<void>();  // closed when gRPC has shut down
    std::atomic<bool> stopping{false};
    std::thread shutdown_thread;

    ~impl() {
        // Without stop(), shut down here (this blocks the thread; handlers
        // still running must not need it: call stop() first).
        if (server && !stopping.exchange(true)) {
            state->cancel_root();
            server->Shutdown(std::chrono::system_clock::now());
            server->Wait();
        }
        if (shutdown_thread.joinable()) shutdown_thread.join();
    }
};

Server::Server() : impl_(std::make_shared<impl>()) {
    auto [root, cancel] = context::with_cancel(context::background());
    impl_->state->root = root;
    impl_->state->cancel_root = cancel;
}

void Server::handle_unary(std::string method, UnaryHandler handler) {
    impl_->state->handlers[std::move(method)] = std::move(handler);
}

Server::listen_result Server::listen(const std::string& addr) {
    if (impl_->server) return {std::string{}, errors::new_("grpc: Server.listen called twice")};
    impl_->service = std::make_unique<unary_service>(impl_->state);
    impl_->unknown = std::make_unique<unknown_method_service>();
    ::grpc::ServerBuilder builder;
    int port = 0;
    builder.AddListeningPort(addr, ::grpc::InsecureServerCredentials(), &port);
    if (!impl_->state->handlers.empty()) builder.RegisterService(impl_->service.get());
    builder.RegisterCallbackGenericService(impl_->unknown.get());
    impl_->server = builder.BuildAndStart();
    if (!impl_->server || port == 0) {
        impl_->server.reset();
        return {std::string{}, errors::new_("listen tcp " + addr + ": cannot bind")};
    }
    auto colon = addr.rfind(':');
    std::string host = colon == std::string::npos ? addr : addr.substr(0, colon);
    return {host + ":" + std::to_string(port), nullptr};
}

void Server::serve() {
    impl_->stopped.recv();
}

void Server::stop() {
    if (impl_->stopping.exchange(true)) {
        impl_->shut_down.recv();
        return;
    }
    impl_->stopped.close();
    impl_->state->cancel_root();
    if (!impl_->server) {
        impl_->shut_down.close();
        return;
    }
    // Shutdown blocks its thread until every call's reactor is done, and
    // those calls finish from handler goroutines that may need this very
    // thread: shut down on a thread of its own and park meanwhile.
    impl_->shutdown_thread = std::thread([server = impl_->server.get(), done = impl_->shut_down] {
        server->Shutdown(std::chrono::system_clock::now());
        server->Wait();
        done.close();
    });
    impl_->shut_down.recv();
    impl_->shutdown_thread.join();
}

}  // namespace gocpp::grpc
