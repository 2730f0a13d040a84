// gocpp/http/server.hpp — Go's http.Server.
//
//     http::Server srv{.addr = "127.0.0.1:8080", .handler = mux,
//                      .read_header_timeout = 5s};
//     go([&] { srv.listen_and_serve(); });       // err_server_closed once shut down
//     ...
//     auto [ctx, cancel] = context::with_timeout(context::background(), 5s);
//     if (auto err = srv.shutdown(ctx)) srv.close();
//
// serve(listener) accepts until the listener fails or the server is shut
// down, one goroutine per connection. shutdown(ctx) closes the listeners,
// runs the register_on_shutdown functions, then waits for every connection
// to go idle and closes it; in-flight handlers finish undisturbed, as in Go.
// If ctx ends first, shutdown returns ctx.err() and cancels the contexts of
// the requests still running (Go leaves them be; the cancellation is what
// lets a handler that honours its context finish). close() closes listeners
// and connections at once.
//
// Per connection, as Go's server.go: requests are read with a 4 KiB buffer
// and answered in order (keep-alive and pipelining); the handler runs on the
// connection's goroutine. Go's rules on the wire:
//   - the response has Content-Length when the handler's whole body fit the
//     2 KiB buffer and it never flushed; otherwise HTTP/1.1 gets chunked
//     encoding (HTTP/1.0: the connection closes after the body);
//   - Content-Type is sniffed from the first bytes when the handler set none;
//     a Date header is added;
//   - a malformed request gets "400 Bad Request" with Connection: close, a
//     header over max_header_bytes 431, an unknown Transfer-Encoding 501;
//     then the connection closes. A read error closes it silently;
//   - Expect: 100-continue is answered when the handler first reads the body;
//     another Expect value gets 417;
//   - a body the handler left unread is discarded (up to 256 KiB) so the
//     connection can be reused, else the connection closes;
//   - the request's context is canceled when the handler returns, when the
//     client goes away (seen by a background read once the body is
//     consumed; a pipelined request does not count), and on close();
//   - an exception escaping the handler is logged as
//     "http: panic serving ADDR: <what>" and closes that connection only.
//
// Blocking: listen_and_serve and serve block the calling goroutine until the
// server is shut down or the listener fails; shutdown blocks until the
// connections are idle or ctx ends.
//
// Thread-safety: the fields must not change once serving starts. serve,
// shutdown, close, register_on_shutdown and set_keep_alives_enabled may be
// called from any goroutine, concurrently. Destroying a Server while its
// serve or shutdown is still running is a bug; the connections themselves
// keep what they need, so they may outlive it (after close(), say).
#pragma once

#include <gocpp/context.hpp>
#include <gocpp/http/detail/stream.hpp>
#include <gocpp/http/handler.hpp>
#include <gocpp/net/net.hpp>
#include <gocpp/time/clock.hpp>

#include <functional>
#include <memory>
#include <string>

namespace gocpp::http {

namespace detail {
struct server_state;
}

// http.ErrServerClosed: "http: Server closed".
extern const gocpp::error err_server_closed;

struct Server {
    std::string addr{};
    // nil: default_serve_mux().
    Handler handler{};
    // Zero means none. read_header_timeout falls back to read_timeout, and
    // idle_timeout to read_timeout, as in Go.
    time::Duration read_header_timeout{0};
    time::Duration read_timeout{0};
    time::Duration write_timeout{0};
    time::Duration idle_timeout{0};
    // Zero: 1 MiB (http.DefaultMaxHeaderBytes).
    int max_header_bytes = 0;
    // Go's ErrorLog: where the server logs panics and misuse, one message per
    // call (no trailing newline needed). Empty: Go's standard logger format
    // on stderr.
    std::function<void(const std::string&)> error_log{};
    // Go's BaseContext: the context the listener's connections and requests
    // derive from. Empty: context::background().
    std::function<context::Context(const net::Listener&)> base_context{};

    // ListenAndServe: listens on addr (":http" when empty, which is
    // ":80") and serves. Returns err_server_closed after shutdown or
    // close, else the listen or accept error.
    gocpp::error listen_and_serve();
    // Serve(l): accepts on l and serves each connection on a goroutine of
    // its own. Closes l when it returns. Returns err_server_closed after
    // shutdown or close; temporary accept errors are logged ("http: Accept
    // error: ...; retrying in 5ms") and retried, as in Go.
    gocpp::error serve(net::Listener l);
    // Shutdown(ctx): see above. Returns the first listener close error, or
    // ctx.err() if ctx ended before the connections were idle.
    gocpp::error shutdown(context::Context ctx);
    // RegisterOnShutdown(f): f runs on a goroutine of its own when shutdown
    // starts (for hijacked connections, long-poll streams and the like).
    void register_on_shutdown(std::function<void()> f);

    // Serves one connection until it closes or the server is closed; blocks
    // the calling goroutine. Used by serve(listener) and by tests over a
    // detail::new_pipe() end.
    void serve_stream(std::shared_ptr<detail::stream> conn);
    // Close(): closes the listeners and every connection at once; their
    // requests' contexts are canceled. Later serve calls return
    // err_server_closed and serve_stream calls return at once.
    gocpp::error close();
    // SetKeepAlivesEnabled(v).
    void set_keep_alives_enabled(bool v);

    // Not part of the API: the state the server shares with its
    // connections, made on first use.
    std::shared_ptr<detail::server_state> state_ = nullptr;
    std::shared_ptr<detail::server_state> state();
};

// http.Serve(l, handler) and http.ListenAndServe(addr, handler): a Server
// with only its handler set (nil: default_serve_mux()). They return only when
// the listener fails; the connections being served then carry on.
gocpp::error serve(net::Listener l, Handler handler);
gocpp::error listen_and_serve(std::string addr, Handler handler);

}  // namespace gocpp::http
