// gocpp/http/server.hpp — Go's http.Server: the HTTP/1.1 connection loop.
//
//     http::Server srv{.handler = mux, .read_header_timeout = 5s};
//     go([&] { srv.serve_stream(conn); });   // one goroutine per connection
//     ...
//     srv.close();
//
// (listen_and_serve, serve(listener) and shutdown(ctx) come with net.)
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
// Thread-safety: the fields must not change once serving starts. close()
// may be called from any goroutine.
#pragma once

#include <gocpp/http/detail/stream.hpp>
#include <gocpp/http/handler.hpp>
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
    std::string addr;
    // nil: default_serve_mux().
    Handler handler;
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
    std::function<void(const std::string&)> error_log;

    // Serves one connection until it closes or the server is closed; blocks
    // the calling goroutine. Used by serve(listener) and by tests over a
    // detail::new_pipe() end.
    void serve_stream(std::shared_ptr<detail::stream> conn);
    // Close(): closes every connection at once; their requests' contexts
    // are canceled. Later serve_stream calls return at once.
    gocpp::error close();
    // SetKeepAlivesEnabled(v).
    void set_keep_alives_enabled(bool v);

    // The server's shared state, made on first use. Not part of the API.
    std::shared_ptr<detail::server_state> state_ = nullptr;
    std::shared_ptr<detail::server_state> state();
};

}  // namespace gocpp::http
