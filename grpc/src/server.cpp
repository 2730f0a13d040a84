// server: every call runs its handler in a goroutine. gRPC's callback API
// hands each call to a reactor on a gRPC thread; the reactor builds the
// call's context (deadline, incoming metadata, remote span), reads the one
// request, and starts the handler goroutine, which finishes the call when
// it returns. The reactor's OnCancel (client cancel, deadline, connection
// gone, server stop) cancels the handler's context.
#include "internal.hpp"

#include <gocpp/chan.hpp>
#include <gocpp/errors.hpp>
#include <gocpp/runtime.hpp>
#include <gocpp/time.hpp>
#include <gocpp/trace.hpp>

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

class call_reactor final : public ::grpc::ServerGenericBidiReactor {
  public:
    call_reactor(std::shared_ptr<shared_state> st, ::grpc::GenericCallbackServerContext* sctx)
        : state_(std::move(st)), server_ctx_(sctx) {
        auto [ctx, cancel] = context::with_cancel(state_->root);
        cancel_ = cancel;
        auto deadline = server_ctx_->deadline();
        if (deadline != std::chrono::system_clock::time_point::max()) {
            // The caller's deadline, moved onto the monotonic clock every
            // gocpp timer runs on.
            auto remaining = deadline - std::chrono::system_clock::now();
            auto [dctx, dcancel] = context::with_deadline(
                ctx, time::now() + std::chrono::duration_cast<time::Duration>(remaining));
            ctx = dctx;
            cancel_deadline_ = dcancel;
        }
        MD md;
        for (const auto& [key, value] : server_ctx_->client_metadata()) {
            md[std::string(key.data(), key.size())].emplace_back(value.data(), value.size());
        }
        ctx = propagation::TraceContext{}.extract(ctx, md_carrier{&md});
        ctx_ = new_incoming_context(ctx, std::move(md));
        StartRead(&request_);
    }

    void OnReadDone(bool ok) override {
        if (!ok) {
            Finish(::grpc::Status(::grpc::StatusCode::INTERNAL,
                                  "grpc: the client sent no request message"));
            return;
        }
        auto it = state_->handlers.find(server_ctx_->method());
        if (it == state_->handlers.end()) {
            Finish(::grpc::Status(::grpc::StatusCode::UNIMPLEMENTED,
                                  "unknown method " + server_ctx_->method()));
            return;
        }
        go([this, handler = &it->second] { run(*handler); });
    }

    void OnCancel() override { cancel_(); }
    void OnDone() override { delete this; }

  private:
    // The handler goroutine. After Finish, OnDone may delete this at any
    // moment: nothing touches the reactor after it.
    void run(const UnaryHandler& handler) {
        auto result = handler(ctx_, detail::from_byte_buffer(request_));
        // As grpc-go, the call's context ends when the handler returns.
        cancel_();
        if (cancel_deadline_) cancel_deadline_();
        if (result.second) {
            Finish(detail::to_grpc_status(result.second));
            return;
        }
        response_ = detail::to_byte_buffer(result.first);
        StartWriteAndFinish(&response_, ::grpc::WriteOptions(), ::grpc::Status::OK);
    }

    std::shared_ptr<shared_state> state_;
    ::grpc::GenericCallbackServerContext* server_ctx_;
    context::Context ctx_;
    context::CancelFunc cancel_;
    context::CancelFunc cancel_deadline_;
    ::grpc::ByteBuffer request_;
    ::grpc::ByteBuffer response_;
};

class generic_service final : public ::grpc::CallbackGenericService {
  public:
    explicit generic_service(std::shared_ptr<shared_state> st) : state_(std::move(st)) {}
    ::grpc::ServerGenericBidiReactor* CreateReactor(
        ::grpc::GenericCallbackServerContext* ctx) override {
        return new call_reactor(state_, ctx);
    }

  private:
    std::shared_ptr<shared_state> state_;
};

}  // namespace

struct Server::impl {
    std::shared_ptr<shared_state> state = std::make_shared<shared_state>();
    std::unique_ptr<generic_service> service;
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
    impl_->service = std::make_unique<generic_service>(impl_->state);
    ::grpc::ServerBuilder builder;
    int port = 0;
    builder.AddListeningPort(addr, ::grpc::InsecureServerCredentials(), &port);
    builder.RegisterCallbackGenericService(impl_->service.get());
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
