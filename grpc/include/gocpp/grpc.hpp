// gocpp/grpc.hpp — gRPC calls and services that carry a context across the
// process boundary: its deadline (as `grpc-timeout`), its metadata and its
// span (as `traceparent`), the way grpc-go does.
//
//     // client (Go: conn, _ := grpc.Dial(addr); health.NewHealthClient(conn).Check(ctx, req))
//     auto conn = grpc::dial("127.0.0.1:50051");
//     auto [ctx, cancel] = context::with_timeout(context::background(), 1s);
//     defer _{cancel};
//     ctx = grpc::append_to_outgoing_context(ctx, "weburl", "https://wlbcoder.com");
//     auto [status, err] = grpc::health::check(ctx, conn, "");
//
//     // server (Go: s := grpc.NewServer(); s.Serve(lis))
//     grpc::Server srv;
//     srv.handle_unary("/pkg.Svc/Method", [](context::Context ctx, std::string req) {
//         auto [md, ok] = grpc::from_incoming_context(ctx);
//         auto [deadline, has] = ctx.deadline();
//         return grpc::unary_result{"reply bytes", nullptr};
//     });
//     auto [addr, err] = srv.listen("127.0.0.1:0");
//     srv.serve();   // parks until srv.stop()
//
// Blocking: invoke() and health::check() park the calling goroutine (never
// its thread) until the reply arrives, the call fails, or ctx is done;
// serve() parks until stop(); stop() parks until in-flight calls ended.
// Each incoming call runs its handler in a goroutine of its own. The
// handler's context has the call's deadline, the incoming metadata and the
// caller's span as remote parent, and is canceled when the caller cancels,
// its deadline passes, or the connection goes away.
//
// Errors: a call whose context ended fails with ctx.err() itself
// (context::canceled or context::deadline_exceeded; grpc-go wraps them in a
// status instead). Any other failure is a status error that prints grpc-go's
// text, `rpc error: code = Unavailable desc = …`; grpc::code(err) reads the
// code back.
//
// This header does not include gRPC's own headers: messages travel as bytes
// (serialize them with whatever you like); the grpc.health.v1 client and
// service below encode their two tiny messages themselves.
//
// Thread-safety: ClientConn and Server are handles any goroutine may use at
// once. Panics: append_to_outgoing_context with an odd number of strings,
// with grpc-go's message.
#pragma once

#include <gocpp/context.hpp>
#include <gocpp/error.hpp>

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace gocpp::grpc {

// ---------------------------------------------------------------- metadata

// metadata.MD: lowercase keys, each with its values in order.
using MD = std::map<std::string, std::vector<std::string>>;

// What from_incoming_context / from_outgoing_context return: binds as
// `auto [md, ok] = …`.
struct md_result : std::pair<MD, bool> {
    using std::pair<MD, bool>::pair;
};

// metadata.AppendToOutgoingContext(ctx, kv...): ctx carrying the outgoing
// metadata of ctx plus the pairs (keys lowercased). Panics "metadata:
// AppendToOutgoingContext got an odd number of input pairs for metadata: N".
context::Context append_to_outgoing_context(const context::Context& ctx,
                                            std::vector<std::string> kv);
template <class... S>
requires(std::convertible_to<S, std::string>&&...) context::Context
    append_to_outgoing_context(const context::Context& ctx, S&&... kv) {
    return append_to_outgoing_context(
        ctx, std::vector<std::string>{std::string(std::forward<S>(kv))...});
}
// metadata.NewOutgoingContext(ctx, md): replaces the outgoing metadata.
context::Context new_outgoing_context(const context::Context& ctx, MD md);
// metadata.FromOutgoingContext(ctx).
md_result from_outgoing_context(const context::Context& ctx);
// metadata.NewIncomingContext(ctx, md): what the server hands a handler.
context::Context new_incoming_context(const context::Context& ctx, MD md);
// metadata.FromIncomingContext(ctx): the caller's metadata (a copy), ok
// false when ctx carries none.
md_result from_incoming_context(const context::Context& ctx);

// ------------------------------------------------------------------ status

// codes.Code, with grpc-go's names.
enum class Code : std::uint32_t {
    OK = 0,
    Canceled = 1,
    Unknown = 2,
    InvalidArgument = 3,
    DeadlineExceeded = 4,
    NotFound = 5,
    AlreadyExists = 6,
    PermissionDenied = 7,
    ResourceExhausted = 8,
    FailedPrecondition = 9,
    Aborted = 10,
    OutOfRange = 11,
    Unimplemented = 12,
    Internal = 13,
    Unavailable = 14,
    DataLoss = 15,
    Unauthenticated = 16,
};
// codes.Code.String(): "OK", "Canceled", …, "Code(17)" for others.
std::string code_string(Code c);

// status.Error(c, msg): nil for OK, else an error printing
// "rpc error: code = <c> desc = <msg>".
error status_error(Code c, std::string message);
// status.Code(err) after status.FromContextError: OK for nil, the code of a
// status error, Canceled / DeadlineExceeded for the context errors, Unknown
// otherwise.
Code code(const error& err);
// The message of a status error (err.error() for other errors, "" for nil).
std::string message(const error& err);

// ------------------------------------------------------------------ client

// grpc.ClientConn over an insecure (h2c) channel. Connecting is lazy, as
// grpc.Dial is without WithBlock. A cheap copyable handle.
class ClientConn {
  public:
    ClientConn() = default;
    explicit operator bool() const noexcept { return impl_ != nullptr; }
    const std::string& target() const;
    struct impl;

  private:
    friend ClientConn dial(std::string target);
    friend struct conn_access;
    std::shared_ptr<impl> impl_;
};

// grpc.Dial(target, grpc.WithInsecure()). Never blocks.
ClientConn dial(std::string target);

// What dial_block returns: binds as `auto [conn, err] = …`.
struct dial_result : std::pair<ClientConn, error> {
    using std::pair<ClientConn, error>::pair;
};
// grpc.DialContext(ctx, target, grpc.WithInsecure(), grpc.WithBlock()):
// dials, then parks the goroutine until the connection is up. When ctx
// ends first: an empty ClientConn and ctx.err(). Connecting before a timed
// call keeps the connection's set-up out of the call's deadline.
dial_result dial_block(const context::Context& ctx, std::string target);

// What invoke returns: binds as `auto [reply, err] = …`.
struct invoke_result : std::pair<std::string, error> {
    using std::pair<std::string, error>::pair;
};

// conn.Invoke(ctx, method, req, reply): one unary call with serialized
// request bytes; parks the goroutine until it ends. The call carries ctx's
// deadline, its outgoing metadata, and the span it carries as traceparent.
// ctx done before or during the call: fails with ctx.err() (the call is
// canceled on the wire).
invoke_result invoke(const context::Context& ctx, const ClientConn& conn, std::string_view method,
                     std::string request);

// ------------------------------------------------------------------ server

// What a unary handler returns: the serialized reply and an error. A status
// error is sent with its code; context::canceled / deadline_exceeded as
// Canceled / DeadlineExceeded; any other error as Unknown with its text.
struct unary_result : std::pair<std::string, error> {
    using std::pair<std::string, error>::pair;
};
using UnaryHandler = std::function<unary_result(context::Context ctx, std::string request)>;

// grpc.Server over insecure (h2c) listeners. Register handlers, listen,
// then serve.
class Server {
  public:
    Server();
    // Registers a handler for a full method name, "/pkg.Service/Method".
    // Before listen() only. Unregistered methods get Unimplemented.
    void handle_unary(std::string method, UnaryHandler handler);
    // Binds addr ("127.0.0.1:0" picks a port) and starts accepting calls.
    // Returns the bound address "HOST:PORT", or an error. Once only.
    struct listen_result : std::pair<std::string, error> {
        using std::pair<std::string, error>::pair;
    };
    listen_result listen(const std::string& addr);
    // Parks the calling goroutine until stop() (s.Serve's blocking part).
    void serve();
    // s.Stop(): cancels every in-flight call's context, refuses new ones,
    // and parks until the handlers have returned. Idempotent.
    void stop();
    struct impl;

  private:
    std::shared_ptr<impl> impl_;
};

// --------------------------------------------------------- grpc.health.v1

namespace health {

// grpc_health_v1.HealthCheckResponse_ServingStatus.
enum class ServingStatus : std::uint32_t {
    UNKNOWN = 0,
    SERVING = 1,
    NOT_SERVING = 2,
    SERVICE_UNKNOWN = 3,
};
std::string serving_status_string(ServingStatus s);

inline constexpr std::string_view check_method = "/grpc.health.v1.Health/Check";

// The two messages' protobuf wire encoding (field 1 of each).
std::string encode_request(std::string_view service);
// nullopt-free: malformed bytes give ok == false.
std::pair<std::string, bool> decode_request(std::string_view bytes);
std::string encode_response(ServingStatus status);
std::pair<ServingStatus, bool> decode_response(std::string_view bytes);

struct check_result : std::pair<ServingStatus, error> {
    using std::pair<ServingStatus, error>::pair;
};
// healthClient.Check(ctx, &HealthCheckRequest{Service: service}).
check_result check(const context::Context& ctx, const ClientConn& conn, std::string_view service);

// A Check handler: the service name and the call's context; return a status
// or an error.
using CheckFunc = std::function<check_result(context::Context ctx, std::string service)>;
// Registers grpc.health.v1.Health/Check on srv with fn as its body.
void register_check(Server& srv, CheckFunc fn);

}  // namespace health

}  // namespace gocpp::grpc
