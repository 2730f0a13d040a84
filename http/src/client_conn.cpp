// The client side of one connection: Go's Request.write (transfer.go's
// header rules) through Beast's serializer, and the response through Beast's
// response_parser, with the body read on demand.
#include "beast_stream.hpp"
#include "deadline.hpp"
#include "token.hpp"

#include <gocpp/context.hpp>
#include <gocpp/errors.hpp>
#include <gocpp/http/detail/client_conn.hpp>
#include <gocpp/panic.hpp>
#include <gocpp/time.hpp>

#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/buffer_body.hpp>
#include <boost/beast/http/chunk_encode.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/serializer.hpp>
#include <boost/beast/http/write.hpp>

#include <mutex>
#include <optional>

namespace gocpp::http {

response_fields& Response::fields() const {
    if (!f_) panic("runtime error: invalid memory address or nil pointer dereference");
    return *f_;
}

namespace detail {

namespace {
class http_error final : public gocpp::error_interface, public gocpp::timeout_error {
  public:
    http_error(std::string msg, bool timeout) : msg_(std::move(msg)), timeout_(timeout) {}
    std::string error() const override { return msg_; }
    bool timeout() const override { return timeout_; }
    bool temporary() const override { return timeout_; }

  private:
    std::string msg_;
    bool timeout_;
};
}  // namespace

gocpp::error new_http_error(std::string message, bool timeout) {
    return std::make_shared<http_error>(std::move(message), timeout);
}

const gocpp::error err_timeout_awaiting_headers =
    new_http_error("net/http: timeout awaiting response headers", true);

namespace {

namespace beast = boost::beast;
namespace bhttp = boost::beast::http;

const std::string default_user_agent = "Go-http-client/1.1";

class client_conn_impl;

class client_body final : public BodyReader {
  public:
    explicit client_body(std::shared_ptr<client_conn_impl> c) : c_(std::move(c)) {}
    read_result read(std::span<char> p) override;
    gocpp::error close() override;

  private:
    std::shared_ptr<client_conn_impl> c_;
    bool closed_ = false;
    // Set once this body reached eof or failed: from then on the
    // connection may carry another request, which this body must not touch.
    bool finished_ = false;
    gocpp::error end_err_;
};

class client_conn_impl final : public client_conn,
                               public std::enable_shared_from_this<client_conn_impl> {
  public:
    explicit client_conn_impl(std::shared_ptr<stream> s) : s_(std::move(s)) {}

    using client_conn::round_trip;
    response_result round_trip(const Request& req, const round_trip_options& opts) override;
    bool reusable() const override { return reusable_; }
    bool failed_before_response() const override { return failed_before_response_; }
    void on_body_done(std::function<void(bool)> f) override { on_done_ = std::move(f); }
    std::shared_ptr<stream> conn() const override { return s_; }

    read_result body_read(std::span<char> p);
    void body_finished(bool ok) {
        if (done_) return;
        done_ = true;
        reusable_ = ok && !resp_close_;
        if (stop_watch_) {
            stop_watch_();
            stop_watch_ = nullptr;
        }
        if (aborted()) reusable_ = false;
        ctx_ = context::Context{};  // an idle connection keeps no request's context
        // The callback may hand this connection to another goroutine, which
        // may start a round trip (and set a new callback) at once: nothing
        // here may touch the connection after it.
        auto done = std::move(on_done_);
        on_done_ = nullptr;
        if (done) done(reusable_);
    }

  private:
    gocpp::error write_request(const Request& req, const round_trip_options& opts);
    bool aborted() const { return ctx_ && ctx_.err() != nullptr; }
    // Moves the read deadline to t unless the context has ended, in which
    // case it stays in the past: the context's watcher may run between any
    // two steps here, and a later deadline must not undo its abort.
    void set_read_deadline_unless_aborted(time::Time t) {
        s_->set_read_deadline(t);
        if (aborted()) s_->set_read_deadline(a_long_time_ago());
    }
    // The error to report: the context's when it ended the call.
    gocpp::error call_error(const gocpp::error& err) const {
        if (ctx_ && ctx_.err()) return ctx_.err();
        return err;
    }

    std::shared_ptr<stream> s_;
    beast::flat_buffer buf_;
    std::optional<bhttp::response_parser<bhttp::buffer_body>> parser_;
    context::Context ctx_;
    std::function<bool()> stop_watch_;
    std::function<void(bool)> on_done_;
    gocpp::error body_err_;
    bool reusable_ = false;
    bool done_ = true;
    bool resp_close_ = false;
    bool failed_before_response_ = false;
};

gocpp::error client_conn_impl::write_request(const Request& req, const round_trip_options& opts) {
    const auto& u = req.url();
    std::string host = req.host().empty() ? u.host : req.host();
    if (host.empty()) return errors::new_("http: no Host in request URL");
    std::string method = req.method().empty() ? "GET" : req.method();

    bhttp::request<bhttp::empty_body> m;
    m.method_string(method);
    m.target(u.request_uri());
    m.version(11);
    m.insert("Host", host);
    std::string ua =
        req.header().has("User-Agent") ? req.header().get("User-Agent") : default_user_agent;
    if (!ua.empty()) m.insert("User-Agent", ua);
    // transfer.go: Connection: close, then the length or chunking.
    if (req.close() && !has_token(req.header().get("Connection"), "close"))
        m.insert("Connection", "close");
    const Body& body = req.body();
    std::int64_t cl = req.content_length();
    bool has_body = body && cl != 0;
    bool chunked = has_body && cl < 0;
    if (chunked) {
        m.insert("Transfer-Encoding", "chunked");
    } else if (cl > 0 || (cl == 0 && method != "GET" && method != "HEAD" &&
                          (method == "POST" || method == "PUT" || method == "PATCH" || body))) {
        m.insert("Content-Length", std::to_string(cl));
    }
    for (const auto& [k, vs] : req.header().map()) {
        if (k == "Host" || k == "User-Agent" || k == "Content-Length" || k == "Transfer-Encoding" ||
            k == "Trailer")
            continue;
        for (const auto& v : vs)
            m.insert(k, header_value_for_wire(v));
    }
    for (const auto& [k, v] : opts.extra_headers)
        m.insert(k, header_value_for_wire(v));

    beast_stream bs(*s_);
    boost::system::error_code ec;
    bhttp::request_serializer<bhttp::empty_body> sr{m};
    bhttp::write_header(bs, sr, ec);
    if (ec) return bs.last_err ? bs.last_err : errors::new_(ec.message());
    if (!has_body) return nullptr;

    char chunk[4096];
    std::int64_t sent = 0;
    for (;;) {
        auto [n, err] = body.read(chunk);
        if (n > 0) {
            if (chunked)
                boost::asio::write(bs, bhttp::make_chunk(boost::asio::const_buffer(chunk, n)), ec);
            else
                boost::asio::write(bs, boost::asio::const_buffer(chunk, n), ec);
            if (ec) return bs.last_err ? bs.last_err : errors::new_(ec.message());
            sent += static_cast<std::int64_t>(n);
        }
        if (err == eof) break;
        if (err) return err;
    }
    body.close();
    if (chunked) {
        boost::asio::write(bs, bhttp::make_chunk_last(), ec);
        if (ec) return bs.last_err ? bs.last_err : errors::new_(ec.message());
    } else if (sent != cl) {
        return errors::new_("http: ContentLength=" + std::to_string(cl) + " with Body length " +
                            std::to_string(sent));
    }
    return nullptr;
}

response_result client_conn_impl::round_trip(const Request& req, const round_trip_options& opts) {
    if (!done_) panic("http: round_trip while the previous response body is unread");
    done_ = false;
    reusable_ = false;
    failed_before_response_ = false;
    body_err_ = nullptr;
    ctx_ = req.context();
    if (auto e = ctx_.err()) {
        body_finished(false);
        return {nullptr, e};
    }
    s_->set_read_deadline(time::Time{});
    s_->set_write_deadline(time::Time{});
    if (ctx_.done() != nullptr) {
        // A canceled context unblocks the stream at once (Go's transport
        // aborts the connection the same way).
        stop_watch_ = context::after_func(ctx_, [s = s_] {
            s->set_read_deadline(a_long_time_ago());
            s->set_write_deadline(a_long_time_ago());
        });
    }
    if (auto err = write_request(req, opts)) {
        failed_before_response_ = true;
        auto e = call_error(err);
        body_finished(false);
        return {nullptr, e};
    }
    const bool header_timeout = opts.response_header_timeout > time::Duration::zero();
    if (header_timeout)
        set_read_deadline_unless_aborted(time::now() + opts.response_header_timeout);
    parser_.emplace();
    parser_->body_limit(boost::none);
    // Go's default Transport.MaxResponseHeaderBytes (Beast's own is 8 KiB).
    parser_->header_limit(10 << 20);
    if (req.method() == "HEAD") parser_->skip(true);
    beast_stream bs(*s_);
    boost::system::error_code ec;
    bhttp::read_header(bs, buf_, *parser_, ec);
    if (ec) {
        gocpp::error err;
        if (bs.last_err && bs.last_err != eof)
            err = bs.last_err;
        else if (ec == bhttp::error::end_of_stream)
            err = eof;
        else if (ec == bhttp::error::partial_message || bs.last_err == eof)
            err = err_unexpected_eof;
        else
            err = errors::new_("malformed HTTP response: " + ec.message());
        if (header_timeout && !aborted() && bs.last_err && is_timeout(bs.last_err))
            err = err_timeout_awaiting_headers;
        failed_before_response_ = !parser_->got_some() && buf_.size() == 0;
        auto e = call_error(err);
        body_finished(false);
        return {nullptr, e};
    }
    if (header_timeout) set_read_deadline_unless_aborted(time::Time{});
    auto& msg = parser_->get();
    auto f = std::make_shared<response_fields>();
    f->status_code = static_cast<int>(msg.result_int());
    f->status = std::to_string(f->status_code) + " " + std::string(msg.reason());
    f->proto_major = msg.version() / 10;
    f->proto_minor = msg.version() % 10;
    f->proto = "HTTP/" + std::to_string(f->proto_major) + "." + std::to_string(f->proto_minor);
    for (const auto& field : msg)
        f->header.add(std::string(field.name_string()), std::string(field.value()));
    bool has_close = false, has_keep_alive = false;
    for (const auto& v : f->header.values("Connection")) {
        has_close = has_close || has_token(v, "close");
        has_keep_alive = has_keep_alive || has_token(v, "keep-alive");
    }
    f->close =
        f->proto_major < 1 ||
        (f->proto_major == 1 && f->proto_minor == 0 ? has_close || !has_keep_alive : has_close);
    if (parser_->chunked()) {
        f->transfer_encoding = {"chunked"};
        f->header.del("Transfer-Encoding");
        f->content_length = -1;
    } else if (auto cl = parser_->content_length()) {
        f->content_length = static_cast<std::int64_t>(*cl);
    } else if ((f->status_code >= 100 && f->status_code < 200) || f->status_code == 204 ||
               f->status_code == 304) {
        f->content_length = 0;
    } else {
        f->content_length = -1;
    }
    // A body delimited by the connection's end ends the connection too.
    resp_close_ =
        f->close || (!parser_->chunked() && !parser_->content_length() && !parser_->is_done());
    f->request = req;
    if (parser_->is_done() || req.method() == "HEAD") {
        f->body = no_body;
        body_finished(true);
    } else {
        f->body = Body(std::make_shared<client_body>(shared_from_this()));
    }
    return {Response(std::move(f)), nullptr};
}

read_result client_conn_impl::body_read(std::span<char> p) {
    if (body_err_) return {0, body_err_};
    if (parser_->is_done()) {
        body_finished(true);
        return {0, eof};
    }
    if (p.empty()) return {0, nullptr};
    parser_->get().body().data = p.data();
    parser_->get().body().size = p.size();
    beast_stream bs(*s_);
    boost::system::error_code ec;
    std::size_t n = 0;
    // A parse step may consume only framing (a chunk header) and no body
    // bytes; Go's Read returns once it has at least one byte.
    do {
        bhttp::read_some(bs, buf_, *parser_, ec);
        if (ec == bhttp::error::need_buffer) ec = {};
        n = p.size() - parser_->get().body().size;
    } while (!ec && n == 0 && !parser_->is_done());
    if (ec) {
        if (ec == bhttp::error::end_of_stream || (bs.last_err == eof && parser_->is_done())) {
            body_finished(true);
            return {n, eof};
        }
        if (bs.last_err && bs.last_err != eof)
            body_err_ = call_error(bs.last_err);
        else if (ec == bhttp::error::partial_message || bs.last_err == eof)
            body_err_ = call_error(err_unexpected_eof);
        else
            body_err_ = call_error(errors::new_("http: " + ec.message()));
        body_finished(false);
        return {n, body_err_};
    }
    if (parser_->is_done()) {
        body_finished(true);
        return {n, eof};
    }
    return {n, nullptr};
}

read_result client_body::read(std::span<char> p) {
    if (closed_) return {0, err_body_read_after_close};
    if (finished_) return {0, end_err_};
    auto r = c_->body_read(p);
    if (r.err) {
        finished_ = true;
        end_err_ = r.err;
    }
    return r;
}

gocpp::error client_body::close() {
    if (closed_) return nullptr;
    closed_ = true;
    // Closed before eof: the rest is not read, the connection is not reused.
    if (!finished_) c_->body_finished(false);
    return nullptr;
}

}  // namespace

std::shared_ptr<client_conn> new_client_conn(std::shared_ptr<stream> s) {
    return std::make_shared<client_conn_impl>(std::move(s));
}

}  // namespace detail
}  // namespace gocpp::http
