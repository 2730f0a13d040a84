// gocpp/http/propagation.hpp — a context that crosses processes over HTTP:
// its deadline as `grpc-timeout` and its span as W3C `traceparent`, the way
// otelhttp's NewTransport and NewHandler carry the span, with the deadline
// added in grpc-go's encoding so that Go and gRPC peers read it too.
//
//     // client: every request says how long its caller still waits
//     http::Client client{.transport = http::new_context_transport()};
//     auto [ctx, cancel] = context::with_timeout(parent, 1s);
//     auto [req, _] = http::new_request_with_context(ctx, "GET", url);
//     client.do_(req);              // grpc-timeout: 999873u, traceparent: 00-…
//
//     // server: the handler's context has that deadline and the caller's trace
//     http::Server srv{.handler = http::new_context_handler(mux, "api")};
//
// Both are opt-in, as otelhttp is: a plain Client sends neither header and a
// plain handler ignores them.
//
// Thread-safety: the returned transport and handler may be used by any
// number of goroutines at once. Nothing here blocks beyond what the wrapped
// transport or handler does.
#pragma once

#include <gocpp/http/client.hpp>
#include <gocpp/http/handler.hpp>

#include <memory>
#include <string>

namespace gocpp::http {

// A RoundTripper that sends each request through base (nil:
// default_transport()) with two headers added to a clone of it:
//   - grpc-timeout: the time left before the request context's deadline,
//     encoded as grpc-go encodes it (none without a deadline);
//   - traceparent: a client span named "HTTP <method>", started as a child
//     of the span the context carries (or a new trace) and ended once the
//     response header arrives.
// A request whose context has already ended fails with ctx.err() without
// being sent.
std::shared_ptr<RoundTripper> new_context_transport(std::shared_ptr<RoundTripper> base = nullptr);

// A Handler that derives each request's context from its headers, then
// calls next with it:
//   - traceparent (when valid) becomes the remote parent of a server span
//     named operation, which the handler's context carries and which ends
//     when next returns; an invalid traceparent is ignored (a new trace);
//   - grpc-timeout bounds the context: with_timeout(r.context(), d). A
//     malformed value is answered with 400 Bad Request and next is not
//     called.
Handler new_context_handler(Handler next, std::string operation);

}  // namespace gocpp::http
