// gocpp/http/handler.hpp — ResponseWriter, Handler and HandlerFunc.
//
//     http::HandlerFunc hello = [](http::ResponseWriter w, http::Request r) {
//         w.header().set("Content-Type", "text/plain");
//         w.write("hello, world\n");
//     };
//     hello.serve_http(w, r);
//
// ResponseWriter is a cheap handle to what answers one request (Go's
// interface value): the server's connection, a test recorder, or a writer
// of your own deriving from ResponseWriterInterface. It is valid while the
// handler runs; as in Go, using it after serve_http returns is a bug.
// Writes go to a buffer; a write that fills it blocks the goroutine (not its
// thread) until the connection takes the bytes.
//
// Go's rules for a server response (see server.hpp for the wire):
//   - write without write_header sends 200 first (the implicit 200);
//   - headers set after the first write or write_header are not sent;
//   - a second write_header changes nothing and logs
//     "http: superfluous response.WriteHeader call from FILE:LINE";
//   - write_header panics on a code outside 100..999 ("invalid WriteHeader
//     code N").
#pragma once

#include <gocpp/http/header.hpp>
#include <gocpp/http/request.hpp>

#include <concepts>
#include <cstddef>
#include <functional>
#include <memory>
#include <gocpp/detail/call_site.hpp>
#include <string_view>

namespace gocpp::http {

struct write_result {
    std::size_t n = 0;
    gocpp::error err;
};

// http.ErrHandlerTimeout, http.ErrBodyNotAllowed, http.ErrHijacked,
// http.ErrContentLength, http.ErrAbortHandler.
extern const gocpp::error err_handler_timeout;
extern const gocpp::error err_body_not_allowed;
extern const gocpp::error err_content_length;

// What a ResponseWriter implements (Go's http.ResponseWriter, plus the
// optional http.Flusher as flush()).
class ResponseWriterInterface {
  public:
    virtual ~ResponseWriterInterface() = default;
    virtual Header& header() = 0;
    virtual write_result write(std::string_view data) = 0;
    virtual void write_header(int status_code, gocpp::detail::call_site caller) = 0;
    // Flush(): sends what is buffered. Does nothing by default.
    virtual void flush() {}
};

class ResponseWriter {
  public:
    ResponseWriter() noexcept = default;
    template <class T>
    requires std::derived_from<T, ResponseWriterInterface> ResponseWriter(std::shared_ptr<T> w)
    noexcept : w_(std::move(w)) {}

    Header& header() const { return impl().header(); }
    write_result write(std::string_view data) const { return impl().write(data); }
    void write_header(int status_code,
                      gocpp::detail::call_site caller = gocpp::detail::call_site::current()) const {
        impl().write_header(status_code, caller);
    }
    void flush() const { impl().flush(); }

    ResponseWriterInterface* get() const noexcept { return w_.get(); }
    template <class T>
    std::shared_ptr<T> as() const noexcept {
        return std::dynamic_pointer_cast<T>(w_);
    }
    explicit operator bool() const noexcept { return w_ != nullptr; }

  private:
    ResponseWriterInterface& impl() const;
    std::shared_ptr<ResponseWriterInterface> w_;
};

// What a handler implements (Go's http.Handler).
class HandlerInterface {
  public:
    virtual ~HandlerInterface() = default;
    virtual void serve_http(ResponseWriter w, Request r) const = 0;
};

// Go's Handler interface value: a cheap handle. Built from any callable
// `void(ResponseWriter, Request)` (Go's HandlerFunc conversion) or from a
// HandlerInterface of your own. A default-constructed Handler is nil.
class Handler {
  public:
    Handler() noexcept = default;
    Handler(std::nullptr_t) noexcept {}
    Handler(std::shared_ptr<const HandlerInterface> h) noexcept : h_(std::move(h)) {}
    template <class F>
    requires(!std::is_same_v<std::remove_cvref_t<F>, Handler> &&
             std::is_invocable_v<const F&, ResponseWriter, Request>) Handler(F f)
        : h_(std::make_shared<func_handler<F>>(std::move(f))) {}

    // ServeHTTP(w, r). Panics with a nil-dereference message on a nil Handler.
    void serve_http(ResponseWriter w, Request r) const;

    explicit operator bool() const noexcept { return h_ != nullptr; }
    friend bool operator==(const Handler& a, std::nullptr_t) noexcept { return !a.h_; }
    friend bool operator==(const Handler& a, const Handler& b) noexcept { return a.h_ == b.h_; }
    const HandlerInterface* get() const noexcept { return h_.get(); }

  private:
    template <class F>
    struct func_handler final : HandlerInterface {
        explicit func_handler(F f) : f(std::move(f)) {}
        void serve_http(ResponseWriter w, Request r) const override {
            f(std::move(w), std::move(r));
        }
        F f;
    };
    std::shared_ptr<const HandlerInterface> h_;
};

// http.HandlerFunc(f): f as a Handler.
template <class F>
Handler HandlerFunc(F f) {
    return Handler(std::move(f));
}

}  // namespace gocpp::http
