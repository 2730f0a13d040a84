// gocpp/http/detail/client_conn.hpp — the client side of one HTTP/1.1
// connection over a detail::stream: writes a request as Go's Request.Write
// does and reads the response, through Beast's serializer and parser.
// Transport's connection pool (client.hpp) sits on top of this.
//
//     auto cc = detail::new_client_conn(stream);
//     auto [resp, err] = cc->round_trip(req);
//     auto [body, rerr] = http::read_all(resp.body());   // then cc->reusable()
//
// One round trip at a time per connection. round_trip blocks the calling
// goroutine until the response header has arrived; the body is read as the
// caller reads resp.body(). The request's context aborts any stage: the
// stream's deadlines are moved to the past and the error is ctx.err().
#pragma once

#include <gocpp/http/detail/stream.hpp>
#include <gocpp/http/response.hpp>
#include <gocpp/time/clock.hpp>

#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace gocpp::http::detail {

struct round_trip_options {
    // Written after the request's own header, as Go's Transport writes its
    // extraHeaders ("Connection: close" when keep-alives are off).
    std::vector<std::pair<std::string, std::string>> extra_headers;
    // Transport.ResponseHeaderTimeout: the most the response header may take
    // once the request is written; zero means no limit. When it passes,
    // round_trip fails with err_timeout_awaiting_headers.
    time::Duration response_header_timeout{0};
};

// Go's errTimeout: "net/http: timeout awaiting response headers" (a timeout).
extern const gocpp::error err_timeout_awaiting_headers;
// Go's httpError: an error with a message that says whether it is a timeout.
gocpp::error new_http_error(std::string message, bool timeout);

class client_conn {
  public:
    virtual ~client_conn() = default;
    virtual response_result round_trip(const Request& req, const round_trip_options& opts) = 0;
    response_result round_trip(const Request& req) { return round_trip(req, {}); }
    // Whether the last response was read to its end with nothing wrong, so
    // the connection can carry another request.
    virtual bool reusable() const = 0;
    // Whether the last round_trip failed before any byte of the response
    // arrived (the write failed, or the peer closed or reset the connection
    // first): what Go's Transport retries on a new connection when it had
    // reused this one.
    virtual bool failed_before_response() const = 0;
    // Called once when the last response's body reaches eof (true) or is
    // closed early or fails (false), or when round_trip fails (false): where
    // Transport returns the connection to its pool. Called on the goroutine
    // that read or closed the body.
    virtual void on_body_done(std::function<void(bool reusable)> f) = 0;
    virtual std::shared_ptr<stream> conn() const = 0;
};

std::shared_ptr<client_conn> new_client_conn(std::shared_ptr<stream> s);

}  // namespace gocpp::http::detail
