// gocpp/http/detail/client_conn.hpp — the client side of one HTTP/1.1
// connection over a detail::stream: writes a request as Go's Request.Write
// does and reads the response, through Beast's serializer and parser.
// Transport's connection pool sits on top of this (once net dials).
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

#include <functional>
#include <memory>

namespace gocpp::http::detail {

class client_conn {
  public:
    virtual ~client_conn() = default;
    virtual response_result round_trip(const Request& req) = 0;
    // Whether the last response was read to its end with nothing wrong, so
    // the connection can carry another request.
    virtual bool reusable() const = 0;
    // Called once when the last response's body reaches eof (true) or is
    // closed early or fails (false): where Transport returns the connection
    // to its pool.
    virtual void on_body_done(std::function<void(bool reusable)> f) = 0;
    virtual std::shared_ptr<stream> conn() const = 0;
};

std::shared_ptr<client_conn> new_client_conn(std::shared_ptr<stream> s);

}  // namespace gocpp::http::detail
