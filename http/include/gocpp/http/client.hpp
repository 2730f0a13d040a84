// gocpp/http/client.hpp — Go's http.Client, http.Transport and url.Error:
// HTTP/1.1 requests over net's sockets, with a keep-alive connection pool.
//
//     auto [resp, err] = http::get("http://127.0.0.1:8080/hello");   // http.Get(url)
//     if (err) { std::cout << err << '\n'; return; }  // Get "http://…": dial tcp …: connect: …
//     defer _{[&] { resp.body().close(); }};
//     auto [body, rerr] = http::read_all(resp.body());
//
//     http::Client client{.timeout = 2s};                   // &http.Client{Timeout: 2 * time.Second}
//     auto [req, _] = http::new_request_with_context(ctx, "GET", url);
//     req.header().set("X-Request-ID", id);
//     auto [resp2, err2] = client.do_(req);                 // client.Do(req)
//
// Blocking: every call that sends a request (round_trip, do_, get, head,
// post) parks the calling goroutine, never its thread, until the response
// header has arrived or the call failed; reading resp.body() parks it until
// bytes arrive. The request's context aborts a call at any stage (dial,
// writing the request, waiting for the header, reading the body) with
// ctx.err(): `Get "http://…": context deadline exceeded`.
//
// The pool, as Go's: a connection goes back to its host's idle list once the
// response body has been read to eof (read_all does), or closed after that;
// closing a body before eof closes the connection. A response with
// "Connection: close", a request with close(), and disable_keep_alives also
// close it. At most max_idle_conns_per_host idle connections are kept per
// host (Go's default: 2); the rest are closed. While a connection is idle
// a goroutine reads it (Go's readLoop does): when the server closes it, it
// leaves the pool and closes at once; bytes the server sends unasked are
// logged on stderr as Go logs them ("Unsolicited response received on idle
// HTTP channel starting with ..."; not for a 408) and close it too. A
// request on a reused connection that the server closed as it was being
// taken is sent again on a new one when it is replayable (GET, HEAD,
// OPTIONS, TRACE without a body), as Go does.
//
// Thread-safety: a Transport and a Client may be used by any number of
// goroutines at once; their fields must not change once requests are made.
// A Response's body is read by one goroutine at a time.
//
// As Go's, the Transport asks for gzip ("Accept-Encoding: gzip") and
// decodes a gzip response transparently (disable_compression turns that
// off). Departures from Go 1.19: no https (a request for it fails with
// `unsupported protocol scheme "https"`), no proxies, no HTTP/2, no cookie
// jar, no Response.Uncompressed field.
#pragma once

#include <gocpp/context.hpp>
#include <gocpp/error.hpp>
#include <gocpp/http/body.hpp>
#include <gocpp/http/request.hpp>
#include <gocpp/http/response.hpp>
#include <gocpp/net/net.hpp>
#include <gocpp/time/clock.hpp>

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace gocpp::url {

// url.Error: what the Client's calls return, `Get "http://h/p": <err>`.
// Op is the method as Go spells it ("Get", "Post", "Head"); timeout() is the
// wrapped error's (Go's url.Error.Timeout). errors::is and errors::as see
// through it: errors::is(err, context::deadline_exceeded).
class Error final : public error_interface, public timeout_error {
  public:
    Error(std::string op, std::string url, error_value err)
        : op(std::move(op)), url(std::move(url)), err(std::move(err)) {}
    std::string error() const override;
    error_value unwrap() const override { return err; }
    bool timeout() const override;
    bool temporary() const override;

    std::string op;
    std::string url;
    error_value err;
};

}  // namespace gocpp::url

namespace gocpp::http {

namespace detail {
struct transport_pool;
}

// http.RoundTripper: sends one request, returns its response (no
// redirects, no policy). Transport is the one here; tests may write others.
class RoundTripper {
  public:
    virtual ~RoundTripper() = default;
    virtual response_result round_trip(const Request& req) = 0;
};

// http.DefaultMaxIdleConnsPerHost.
inline constexpr int default_max_idle_conns_per_host = 2;

// http.Transport: HTTP/1.1 over TCP with a keep-alive pool. Make it once and
// share it (Go's *Transport); not copyable. Its idle connections are closed
// when it is destroyed.
//
//     auto tr = std::make_shared<http::Transport>();
//     tr->max_idle_conns_per_host = 8;
//     http::Client client{.transport = tr};
class Transport final : public RoundTripper {
  public:
    // DialContext(ctx, network, addr). Empty: net::Dialer{}.dial_context.
    std::function<std::pair<net::Conn, gocpp::error>(
        const context::Context& ctx, std::string_view network, std::string_view addr)>
        dial_context;
    // Every request gets "Connection: close" and its connection is closed
    // after one response.
    bool disable_keep_alives = false;
    // Unless set, a request without its own Accept-Encoding or Range
    // header is sent with "Accept-Encoding: gzip", and a gzip response is
    // decoded as it is read: its Content-Encoding and Content-Length
    // headers are dropped and content_length() is -1, as in Go.
    bool disable_compression = false;
    // Idle connections kept across all hosts; zero means no limit.
    int max_idle_conns = 0;
    // Idle connections kept per host; zero means
    // default_max_idle_conns_per_host, negative means none.
    int max_idle_conns_per_host = 0;
    // How long an idle connection is kept; zero means no limit.
    time::Duration idle_conn_timeout{0};
    // The most the response header may take once the request is written;
    // zero means no limit. Past it the call fails with
    // "net/http: timeout awaiting response headers".
    time::Duration response_header_timeout{0};

    Transport();
    ~Transport() override;
    Transport(const Transport&) = delete;
    Transport& operator=(const Transport&) = delete;

    // RoundTrip(req): one request on an idle connection to its host or a
    // new one; returns once the response header has arrived. Errors are
    // not wrapped (the Client wraps them in url::Error): the dial's
    // ("dial tcp 127.0.0.1:1: connect: connection refused"), the context's
    // ("context canceled"), `unsupported protocol scheme "ftp"`,
    // "http: no Host in request URL". The request's body is closed, even on
    // errors.
    response_result round_trip(const Request& req) override;
    // CloseIdleConnections(): closes the idle connections; connections in
    // use are not interrupted. Safe from any goroutine.
    void close_idle_connections();

  private:
    std::shared_ptr<detail::transport_pool> pool_;
};

// http.DefaultTransport: max_idle_conns 100, idle_conn_timeout 90s, dials
// with a 30 s timeout and 30 s TCP keep-alive.
std::shared_ptr<Transport> default_transport();

// http.ErrUseLastResponse: "net/http: use last response". A check_redirect
// that returns it makes the Client return the redirect response itself,
// its body unread.
extern const gocpp::error err_use_last_response;

// http.Client: redirects and the overall timeout on top of a RoundTripper.
// A value with no state of its own (copies share the transport). Every
// member has a default, so `Client{.timeout = 5 * time::second}` names only
// what it sets (and g++'s -Wextra does not ask for the rest).
struct Client {
    // Nil: default_transport().
    std::shared_ptr<RoundTripper> transport{};
    // CheckRedirect(req, via): called before following a redirect, req the
    // next request and via the requests made so far, oldest first. A
    // non-nil error stops the redirects: do_ returns the last response (its
    // body closed) and the error wrapped in url::Error. Empty: Go's default,
    // "stopped after 10 redirects".
    std::function<gocpp::error(const Request& req, const std::vector<Request>& via)>
        check_redirect{};
    // The most a call may take, redirects and reading the body included;
    // zero means no limit. A call cut short fails with
    // `Get "…": context deadline exceeded (Client.Timeout exceeded while
    // awaiting headers)`; a body read cut short with
    // "… (Client.Timeout or context cancellation while reading body)".
    time::Duration timeout{0};

    // Do(req): sends req, following redirects as Go does: at most 10; 301,
    // 302 and 303 turn any method but GET and HEAD into GET without a body;
    // 307 and 308 keep the method and send the body again when it can be
    // made again (a string body). Every error is a url::Error. A non-2xx
    // status is not an error. When err is nil the caller must read and
    // close resp.body().
    response_result do_(const Request& req) const;
    // Get(url), Head(url).
    response_result get(std::string_view url) const;
    response_result head(std::string_view url) const;
    // Post(url, contentType, body): with Content-Length for a string body,
    // chunked for a Body of unknown length.
    response_result post(std::string_view url, std::string_view content_type,
                         std::string body) const;
    response_result post(std::string_view url, std::string_view content_type, Body body) const;
    // CloseIdleConnections(): the transport's, when it is a Transport.
    void close_idle_connections() const;
};

// http.DefaultClient and the package-level helpers that use it.
Client& default_client();
response_result get(std::string_view url);
response_result head(std::string_view url);
response_result post(std::string_view url, std::string_view content_type, std::string body);

}  // namespace gocpp::http
