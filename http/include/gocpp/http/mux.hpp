// gocpp/http/mux.hpp — ServeMux with Go 1.19's pattern rules, the default
// mux, and the small handlers and helpers of net/http.
//
//     auto mux = http::new_serve_mux();
//     mux.handle_func("/hello", hello);             // exactly /hello
//     mux.handle("/static/", http::strip_prefix("/static", files));  // a subtree
//     mux.handle_func("api.example.com/", api);     // only for that host
//     http::Server srv{.addr = ":8080", .handler = mux};
//
// Matching (Go 1.19): an exact pattern matches only its path; a pattern
// ending in '/' matches its whole subtree; the longest pattern wins; a
// pattern that starts with a host matches only requests for that host and
// wins over host-less ones. A request for /tree when only /tree/ is
// registered is redirected (301) to /tree/; a path that is not clean
// (/a/../b, //x) is redirected to its clean form; both keep the query.
// CONNECT requests are neither cleaned nor stripped of their port.
//
// ServeMux is a cheap handle (Go's *ServeMux); registering and serving are
// safe from any goroutine at any time. handle panics as Go's does:
// "http: invalid pattern", "http: nil handler", "http: multiple
// registrations for /p".
#pragma once

#include <gocpp/http/handler.hpp>

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace gocpp::http {

struct serve_mux_state;

struct handler_result {
    Handler h;
    std::string pattern;
};

class ServeMux {
  public:
    // A nil ServeMux; use new_serve_mux().
    ServeMux() noexcept = default;

    void handle(const std::string& pattern, Handler handler) const;
    template <class F>
    void handle_func(const std::string& pattern, F f) const {
        handle(pattern, Handler(std::move(f)));
    }
    void handle_func(const std::string& pattern, std::nullptr_t) const;
    // Handler(r): the handler and pattern serve_http would use for r.
    handler_result handler(const Request& r) const;
    void serve_http(ResponseWriter w, Request r) const;

    // A ServeMux is a Handler.
    operator Handler() const;
    explicit operator bool() const noexcept { return s_ != nullptr; }

    explicit ServeMux(std::shared_ptr<serve_mux_state> s) noexcept : s_(std::move(s)) {}

  private:
    std::shared_ptr<serve_mux_state> s_;
};

// http.NewServeMux().
ServeMux new_serve_mux();
// http.DefaultServeMux: what Server uses when its handler is nil.
ServeMux default_serve_mux();
// http.Handle and http.HandleFunc: register on the default mux.
void handle(const std::string& pattern, Handler handler);
template <class F>
void handle_func(const std::string& pattern, F f) {
    default_serve_mux().handle_func(pattern, std::move(f));
}

// http.StatusText(code): "OK", "Not Found"...; "" for an unknown code.
std::string status_text(int code);
// http.DetectContentType(data): the MIME type by the WHATWG sniffing
// algorithm over at most 512 bytes; "application/octet-stream" if nothing
// more specific fits.
std::string detect_content_type(std::string_view data);

// http.Error(w, msg, code): a text/plain reply with X-Content-Type-Options:
// nosniff and msg followed by a newline.
void error(const ResponseWriter& w, std::string_view msg, int code);
// http.NotFound(w, r) and http.NotFoundHandler(): "404 page not found".
void not_found(const ResponseWriter& w, const Request& r);
Handler not_found_handler();
// http.Redirect(w, r, url, code): Location (relative to r's path when url is
// relative) and, for GET, a short HTML body.
void redirect(const ResponseWriter& w, const Request& r, std::string url, int code);
Handler redirect_handler(std::string url, int code);
// http.StripPrefix(prefix, h): serves the request to h with prefix removed
// from the path (a shallow copy of the request; the original is unchanged),
// or answers 404 when the path does not start with prefix.
Handler strip_prefix(std::string prefix, Handler h);
// http.TimeoutHandler(h, dt, msg): runs h in its own goroutine with a
// context that expires after dt. If h has not finished by then, the client
// gets 503 with msg (Go's default HTML when msg is empty), h's later writes
// fail with err_handler_timeout, and h's context is done. An exception from h
// is rethrown in the serving goroutine, as Go re-panics.
Handler timeout_handler(Handler h, std::chrono::nanoseconds dt, std::string msg);
// http.MaxBytesReader(w, r, n): a body that reads at most n bytes of r and
// then fails with a MaxBytesError ("http: request body too large"); a
// server connection is then closed after the reply.
Body max_bytes_reader(const ResponseWriter& w, Body r, std::int64_t n);

// http.MaxBytesError (Go 1.19).
class MaxBytesError : public error_interface {
  public:
    explicit MaxBytesError(std::int64_t limit) : limit(limit) {}
    std::string error() const override { return "http: request body too large"; }
    std::int64_t limit;
};

namespace detail {
// Implemented by the server's response: max_bytes_reader tells it to close
// the connection after the reply.
class request_too_larger {
  public:
    virtual ~request_too_larger() = default;
    virtual void request_too_large() = 0;
};
}  // namespace detail

}  // namespace gocpp::http
