// gocpp/http/request.hpp — Go's *http.Request as a cheap handle.
//
//     void handler(http::ResponseWriter w, http::Request r) {
//         auto ctx = r.context();                 // r.Context()
//         if (r.method() == "POST") { ... }       // r.Method
//         auto id = r.header().get("X-Request-ID");
//         auto n = r.url().query().get("n");     // r.URL.Query().Get("n")
//         r = r.with_context(context::with_value(ctx, key, id));
//     }
//
// A Request is a handle with shared ownership, as Go passes *Request: copies
// see the same request, and the accessors return references into it.
// with_context() is Go's shallow copy: a new Request with the new context
// that shares the header and the body with the original. A default-
// constructed Request is nil; calling a method on it panics ("runtime error:
// invalid memory address or nil pointer dereference").
//
// Thread-safety: as Go's, a request may be read from several goroutines, but
// writes (to header(), url(), parse_form()) need the caller's own locking.
#pragma once

#include <gocpp/context.hpp>
#include <gocpp/http/body.hpp>
#include <gocpp/http/header.hpp>
#include <gocpp/url.hpp>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace gocpp::http {

struct request_fields;

class Request {
  public:
    Request() noexcept = default;
    Request(std::nullptr_t) noexcept {}

    // Go's exported fields, as accessors that return references.
    std::string& method() const;  // "GET" when empty
    url::URL& url() const;        // r.URL
    std::string& proto() const;   // "HTTP/1.1"
    int& proto_major() const;
    int& proto_minor() const;
    Header& header() const;                // r.Header
    Body& body() const;                    // r.Body (never nil for server requests)
    std::int64_t& content_length() const;  // -1: unknown (chunked)
    bool& close() const;                   // r.Close: Connection: close was asked for
    std::string& host() const;             // r.Host: the Host header or the URL's host
    std::string& remote_addr() const;      // "IP:port" of the client (server side)
    std::string& request_uri() const;      // r.RequestURI: the unmodified request target
    url::Values& form() const;             // filled by parse_form
    url::Values& post_form() const;

    // ProtoAtLeast(major, minor).
    bool proto_at_least(int major, int minor) const;
    // UserAgent(), Referer().
    std::string user_agent() const { return header().get("User-Agent"); }

    // Context(): the request's context; background() for a client request
    // made without one. For an incoming server request it is canceled when
    // the client's connection closes, when the request is canceled, or when
    // serve_http returns.
    context::Context context() const;
    // WithContext(ctx): a shallow copy with ctx. Panics "nil context" on a
    // nil ctx.
    Request with_context(context::Context ctx) const;
    // Clone(ctx): a deep copy (its own header and URL), with ctx.
    Request clone(context::Context ctx) const;

    // ParseForm(): fills form() from the URL query and, for POST, PUT and
    // PATCH with Content-Type application/x-www-form-urlencoded, from the
    // body (read here, up to 10 MB as Go). post_form() gets the body's
    // pairs only. Idempotent. Returns the first parse error. Reading the
    // body blocks the goroutine.
    gocpp::error parse_form() const;
    // FormValue(key): parse_form() (errors ignored), then form().get(key).
    std::string form_value(const std::string& key) const;
    // PostFormValue(key).
    std::string post_form_value(const std::string& key) const;

    explicit operator bool() const noexcept { return f_ != nullptr; }
    friend bool operator==(const Request& a, const Request& b) noexcept { return a.f_ == b.f_; }
    friend bool operator==(const Request& a, std::nullptr_t) noexcept { return !a.f_; }

    // For the package: a request made from its fields.
    explicit Request(std::shared_ptr<request_fields> f) noexcept : f_(std::move(f)) {}
    request_fields& fields() const;

  private:
    std::shared_ptr<request_fields> f_;
};

struct new_request_result {
    Request req;
    gocpp::error err;
};

// http.NewRequestWithContext(ctx, method, url, body): a client request. The
// body's length is known (content_length) for a string body. Errors: an
// invalid method (`net/http: invalid method "BAD METHOD"`), a nil context
// ("net/http: nil Context"), a URL that does not parse.
new_request_result new_request_with_context(context::Context ctx, std::string_view method,
                                            std::string_view url);
new_request_result new_request_with_context(context::Context ctx, std::string_view method,
                                            std::string_view url, std::string body);
new_request_result new_request_with_context(context::Context ctx, std::string_view method,
                                            std::string_view url, Body body,
                                            std::int64_t content_length);
// http.NewRequest(method, url, body): with context::background().
new_request_result new_request(std::string_view method, std::string_view url);
new_request_result new_request(std::string_view method, std::string_view url, std::string body);

}  // namespace gocpp::http
