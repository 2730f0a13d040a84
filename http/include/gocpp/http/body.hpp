// gocpp/http/body.hpp — request and response bodies: Go's io.ReadCloser as
// HTTP uses it.
//
//     auto [data, err] = http::read_all(r.body());   // io.ReadAll(r.Body)
//     r.body().close();
//
// read(buf) fills up to buf.size() bytes and returns {n, err}; err is
// http::eof at the end (Go's io.EOF; n may be > 0 with a nil err before it).
// A body that comes from a connection blocks the calling goroutine (never its
// thread) until bytes arrive. One goroutine reads a body at a time, as in Go.
// A default-constructed Body is Go's nil Body: read() on it panics.
#pragma once

#include <gocpp/error.hpp>
#include <gocpp/io/io.hpp>

#include <cstddef>
#include <memory>
#include <span>
#include <string>

namespace gocpp::http {

// Go's io.EOF and io.ErrUnexpectedEOF: the bodies here return io's own
// values, so errors::is(err, io::eof) holds as it does in Go.
using io::eof;
using io::err_unexpected_eof;
// http.ErrBodyReadAfterClose: "http: invalid Read on closed Body".
extern const gocpp::error err_body_read_after_close;

struct read_result {
    std::size_t n = 0;
    gocpp::error err;
};

// What a body implements (Go's io.ReadCloser).
class BodyReader {
  public:
    virtual ~BodyReader() = default;
    virtual read_result read(std::span<char> buf) = 0;
    virtual gocpp::error close() { return nullptr; }
};

class Body {
  public:
    Body() noexcept = default;
    Body(std::nullptr_t) noexcept {}
    Body(std::shared_ptr<BodyReader> r) noexcept : r_(std::move(r)) {}

    read_result read(std::span<char> buf) const;
    gocpp::error close() const;

    explicit operator bool() const noexcept { return r_ != nullptr; }
    BodyReader* get() const noexcept { return r_.get(); }
    friend bool operator==(const Body& a, const Body& b) noexcept { return a.r_ == b.r_; }
    friend bool operator==(const Body& a, std::nullptr_t) noexcept { return !a.r_; }

  private:
    std::shared_ptr<BodyReader> r_;
};

// A body that reads s (Go: io.NopCloser(strings.NewReader(s))).
Body string_body(std::string s);
// http.NoBody: always at eof.
extern const Body no_body;

struct read_all_result {
    std::string data;
    gocpp::error err;
};
// io.ReadAll(b): everything up to eof; err is nil at eof, else the error.
read_all_result read_all(const Body& b);

}  // namespace gocpp::http
