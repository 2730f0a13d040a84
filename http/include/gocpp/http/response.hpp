// gocpp/http/response.hpp — Go's *http.Response as a cheap handle.
//
//     auto [resp, err] = client.do_(req);
//     if (err) return err;
//     defer _{[&] { resp.body().close(); }};
//     resp.status_code();               // 200
//     resp.header().get("Content-Type");
//     auto [body, rerr] = http::read_all(resp.body());
//
// The accessors return references into the shared response, as Go's
// exported fields. body() reads from the connection and blocks the calling
// goroutine (never its thread); it must be read to eof or closed, or the
// connection is not reused. A default-constructed Response is nil; its
// methods panic with Go's nil dereference message.
#pragma once

#include <gocpp/http/body.hpp>
#include <gocpp/http/header.hpp>
#include <gocpp/http/request.hpp>

#include <cstdint>
#include <memory>
#include <string>

namespace gocpp::http {

struct response_fields {
    std::string status;  // "200 OK"
    int status_code = 0;
    std::string proto = "HTTP/1.1";
    int proto_major = 1;
    int proto_minor = 1;
    Header header;
    Body body;
    std::int64_t content_length = -1;
    std::vector<std::string> transfer_encoding;
    bool close = false;
    Request request;
};

class Response {
  public:
    Response() noexcept = default;
    Response(std::nullptr_t) noexcept {}
    explicit Response(std::shared_ptr<response_fields> f) noexcept : f_(std::move(f)) {}

    std::string& status() const { return fields().status; }
    int& status_code() const { return fields().status_code; }
    std::string& proto() const { return fields().proto; }
    Header& header() const { return fields().header; }
    Body& body() const { return fields().body; }
    // -1: unknown (chunked, or read until the connection closes).
    std::int64_t& content_length() const { return fields().content_length; }
    std::vector<std::string>& transfer_encoding() const { return fields().transfer_encoding; }
    bool& close() const { return fields().close; }
    Request& request() const { return fields().request; }

    explicit operator bool() const noexcept { return f_ != nullptr; }
    friend bool operator==(const Response& a, std::nullptr_t) noexcept { return !a.f_; }
    response_fields& fields() const;

  private:
    std::shared_ptr<response_fields> f_;
};

struct response_result {
    Response resp;
    gocpp::error err;
};

}  // namespace gocpp::http
