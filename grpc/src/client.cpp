// client: unary calls that park the calling goroutine. The call is started
// with gRPC's callback API; its completion callback runs on a gRPC thread and
// sends the status on a one-slot gocpp channel, which makes the goroutine
// runnable without ever blocking the gRPC thread.
#include "internal.hpp"

#include <gocpp/blocking_call.hpp>
#include <gocpp/chan.hpp>
#include <gocpp/select.hpp>
#include <gocpp/time.hpp>
#include <gocpp/trace.hpp>

#include <algorithm>
#include <memory>

namespace gocpp::grpc {

struct ClientConn::impl {
    std::string target;
    std::shared_ptr<::grpc::Channel> channel;
    ::grpc::GenericStub stub;
    impl(std::string t, std::shared_ptr<::grpc::Channel> ch)
        : target(std::move(t)), channel(std::move(ch)), stub(channel) {}
};

const std::string& ClientConn::target() const {
    static const std::string empty;
    return impl_ ? impl_->target : empty;
}

struct conn_access {
    static ClientConn::impl* get(const ClientConn& c) { return c.impl_.get(); }
};

ClientConn dial(std::string target) {
    ClientConn c;
    auto channel = ::grpc::CreateChannel(target, ::grpc::InsecureChannelCredentials());
    c.impl_ = std::make_shared<ClientConn::impl>(std::move(target), std::move(channel));
    return c;
}

dial_result dial_block(const context::Context& ctx, std::string target) {
    auto conn = dial(std::move(target));
    auto channel = conn_access::get(conn)->channel;
    for (;;) {
        if (auto err = ctx.err()) return {ClientConn{}, err};
        // gRPC C++ waits for a connection only by blocking a thread: wait on
        // a helper thread, a short slice at a time, so that ctx ending is
        // seen within the slice.
        auto slice = std::chrono::system_clock::now() + std::chrono::milliseconds(50);
        if (auto [deadline, ok] = ctx.deadline(); ok)
            slice = std::min(slice, detail::to_system_deadline(deadline));
        if (blocking_call([&] { return channel->WaitForConnected(slice); })) return {conn, nullptr};
    }
}

namespace {

// Everything a call in flight uses. Shared with the completion callback, so
// a goroutine that gives up on a canceled call may return at once while
// gRPC finishes with it.
struct client_call {
    ::grpc::ClientContext client_ctx;
    ::grpc::ByteBuffer request;
    ::grpc::ByteBuffer response;
    chan<::grpc::Status> done = make_chan<::grpc::Status>(1);
};

// A propagation carrier over the call's outgoing metadata.
struct client_metadata_carrier {
    ::grpc::ClientContext* client_ctx;
    std::string get(const std::string&) const { return {}; }
    void set(const std::string& key, const std::string& value) {
        client_ctx->AddMetadata(key, value);
    }
};

}  // namespace

invoke_result invoke(const context::Context& ctx, const ClientConn& conn, std::string_view method,
                     std::string request) {
    if (auto err = ctx.err()) return {std::string{}, err};
    auto* c = conn_access::get(conn);
    if (!c) return {std::string{}, status_error(Code::Unavailable, "nil ClientConn")};

    auto call = std::make_shared<client_call>();
    if (auto [deadline, ok] = ctx.deadline(); ok)
        call->client_ctx.set_deadline(detail::to_system_deadline(deadline));
    if (auto [md, ok] = from_outgoing_context(ctx); ok) {
        for (const auto& [key, values] : md) {
            for (const auto& v : values)
                call->client_ctx.AddMetadata(key, v);
        }
    }
    client_metadata_carrier carrier{&call->client_ctx};
    propagation::TraceContext{}.inject(ctx, carrier);
    call->request = detail::to_byte_buffer(request);

    c->stub.UnaryCall(&call->client_ctx, std::string(method), ::grpc::StubOptions(), &call->request,
                      &call->response, [call](::grpc::Status s) { call->done.send(std::move(s)); });

    ::grpc::Status status;
    switch (select(recv(call->done, status), recv(ctx.done()))) {
        case 0:
            break;
        case 1:
            // The context ended first: cancel on the wire (RST_STREAM reaches
            // the server, whose context is canceled) and fail with its error.
            // gRPC then ends the call locally at once; wait for that, so
            // that no call of ours is left inside gRPC once invoke returns
            // (a program that returned from main with canceled calls still
            // finishing in gRPC could trip gRPC's own assertions while its
            // globals were destroyed).
            call->client_ctx.TryCancel();
            call->done.recv();
            return {std::string{}, ctx.err()};
    }
    if (status.ok()) return {detail::from_byte_buffer(call->response), nullptr};
    // The deadline was carried by gRPC too: whichever timer fired first, the
    // call failed because the context's time ran out. gRPC's timer runs on
    // the system clock, converted at the call's start, and was seen to fire
    // more than a millisecond before the context's (under ASan); within
    // kDeadlineSkew of the context's deadline, the context's own end is
    // awaited and reported, so that the caller sees one answer. Further
    // away, the DEADLINE_EXCEEDED is the server's own status.
    constexpr auto kDeadlineSkew = std::chrono::milliseconds(100);
    if (status.error_code() == ::grpc::StatusCode::DEADLINE_EXCEEDED) {
        if (auto [d, ok] = ctx.deadline(); ok && time::until(d) <= kDeadlineSkew) {
            ctx.done().recv();
            return {std::string{}, ctx.err()};
        }
    }
    if (auto err = ctx.err()) return {std::string{}, err};
    return {std::string{}, detail::from_grpc_status(status)};
}

}  // namespace gocpp::grpc
