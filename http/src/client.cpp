// Client: Go's client.go — url.Error, the redirect loop with Go's default
// policy, Client.Timeout as a deadline on the request's context, and the
// body wrapper that names a timeout met while reading the body.
#include "request_fields.hpp"
#include "token.hpp"

#include <gocpp/errors.hpp>
#include <gocpp/http/client.hpp>
#include <gocpp/http/detail/client_conn.hpp>

#include <cstdio>

namespace gocpp {

namespace {
using http::detail::go_quote;
}  // namespace

namespace url {

std::string Error::error() const {
    return op + " " + go_quote(url) + ": " + (err ? err.error() : std::string("<nil>"));
}

bool Error::timeout() const {
    auto t = err.as<timeout_error>();
    return t && t->timeout();
}

bool Error::temporary() const {
    auto t = err.as<timeout_error>();
    return t && t->temporary();
}

}  // namespace url

namespace http {

const gocpp::error err_use_last_response = errors::new_("net/http: use last response");

namespace {

// Go's urlErrorOp: "GET" -> "Get".
std::string url_error_op(const std::string& method) {
    if (method.empty()) return "Get";
    std::string op = method.substr(0, 1);
    for (std::size_t i = 1; i < method.size(); i++)
        op += detail::ascii_lower(method[i]);
    return op;
}

// Go's resolvePath: ref against base's directory, dot segments removed;
// the result starts with '/' and ends with one after a final "." or "..".
std::string resolve_path(const std::string& base, const std::string& ref) {
    std::string full;
    if (ref.empty()) {
        full = base;
    } else if (ref[0] != '/') {
        auto i = base.rfind('/');
        full = (i == std::string::npos ? std::string() : base.substr(0, i + 1)) + ref;
    } else {
        full = ref;
    }
    if (full.empty()) return "";
    std::string dst = "/";
    std::string elem;
    bool first = true;
    std::size_t pos = 0;
    for (bool found = true; found;) {
        auto next = full.find('/', pos);
        found = next != std::string::npos;
        elem = full.substr(pos, found ? next - pos : std::string::npos);
        pos = found ? next + 1 : full.size();
        if (elem == ".") {
            first = false;
        } else if (elem == "..") {
            std::string rest = dst.substr(1);
            auto i = rest.rfind('/');
            dst = "/";
            if (i == std::string::npos)
                first = true;
            else
                dst += rest.substr(0, i);
        } else {
            if (!first) dst += '/';
            dst += elem;
            first = false;
        }
    }
    if (elem == "." || elem == "..") dst += '/';
    if (dst.size() > 1 && dst[1] == '/') dst.erase(0, 1);
    return dst;
}

// Go's URL.ResolveReference for a parsed Location.
url::URL resolve_reference(const url::URL& base, const url::URL& ref) {
    url::URL u = ref;
    if (ref.scheme.empty()) u.scheme = base.scheme;
    if (!ref.scheme.empty() || !ref.host.empty()) {
        u.path = resolve_path(ref.path, "");
        u.raw_path.clear();
        return u;
    }
    if (ref.path.empty() && !ref.force_query && ref.raw_query.empty()) {
        u.raw_query = base.raw_query;
        if (ref.fragment.empty()) u.fragment = base.fragment;
    }
    u.host = base.host;
    u.path = resolve_path(base.path, ref.path);
    u.raw_path.clear();
    return u;
}

// Go's refererForURL: the last URL, unless that would leak https to http.
std::string referer_for(const url::URL& last, const url::URL& next) {
    if (last.scheme == "https" && next.scheme == "http") return "";
    url::URL r = last;
    r.fragment.clear();
    return r.string();
}

// Go's shouldCopyHeaderOnRedirect.
bool should_copy_header_on_redirect(const std::string& key, const url::URL& initial,
                                    const url::URL& dest) {
    if (key == "Authorization" || key == "Www-Authenticate" || key == "Cookie" ||
        key == "Cookie2") {
        std::string ihost = initial.hostname(), dhost = dest.hostname();
        if (ihost == dhost) return true;
        // A subdomain of the initial host gets them too.
        return dhost.size() > ihost.size() &&
               dhost.compare(dhost.size() - ihost.size(), ihost.size(), ihost) == 0 &&
               dhost[dhost.size() - ihost.size() - 1] == '.';
    }
    return true;
}

// Go's cancelTimerBody: ends the Client.Timeout context on close, and says
// so when a read failed because it passed.
class cancel_timer_body final : public BodyReader {
  public:
    cancel_timer_body(Body rc, std::function<void()> stop, time::Time deadline)
        : rc_(std::move(rc)), stop_(std::move(stop)), deadline_(deadline) {}
    read_result read(std::span<char> p) override {
        auto [n, err] = rc_.read(p);
        if (!err || err == eof) return {n, err};
        if (time::now() >= deadline_)
            err = detail::new_http_error(
                err.error() + " (Client.Timeout or context cancellation while reading body)", true);
        return {n, err};
    }
    gocpp::error close() override {
        auto err = rc_.close();
        if (stop_) {
            stop_();
            stop_ = nullptr;
        }
        return err;
    }

  private:
    Body rc_;
    std::function<void()> stop_;
    time::Time deadline_;
};

struct send_result {
    Response resp;
    gocpp::error err;
    bool did_timeout = false;
};

// Go's send: the deadline goes on the request's context (unless the
// context ends sooner), the response body ends that context when closed.
send_result send(const Request& ireq, RoundTripper& rt, time::Time deadline) {
    if (!ireq.request_uri().empty()) {
        if (ireq.body()) ireq.body().close();
        return {nullptr, errors::new_("http: Request.RequestURI can't be set in client requests")};
    }
    Request req = ireq;
    std::function<void()> stop;
    bool has_deadline = deadline != time::Time{};
    if (has_deadline) {
        auto old = ireq.context();
        auto [d, ok] = old.deadline();
        if (!ok || deadline < d) {
            auto [ctx, cancel] = context::with_deadline(old, deadline);
            req = ireq.with_context(ctx);
            stop = cancel;
        } else {
            has_deadline = false;
        }
    }
    auto [resp, err] = rt.round_trip(req);
    if (err) {
        if (stop) stop();
        return {nullptr, err, has_deadline && time::now() >= deadline};
    }
    if (!resp) return {nullptr, errors::new_("http: RoundTripper returned a nil Response")};
    if (!resp.body()) resp.body() = no_body;
    if (has_deadline)
        resp.body() = Body(std::make_shared<cancel_timer_body>(resp.body(), stop, deadline));
    return {resp, nullptr};
}

}  // namespace

response_result Client::do_(const Request& ireq) const {
    std::shared_ptr<RoundTripper> rt = transport ? transport : default_transport();
    const time::Time deadline =
        timeout > time::Duration::zero() ? time::now() + timeout : time::Time{};
    std::vector<Request> reqs;
    Request req = ireq;
    Response resp;
    std::string redirect_method;
    bool include_body = false;
    const Header initial_header = ireq.header();
    bool req_body_closed = false;

    auto uerr = [&](gocpp::error err) -> gocpp::error {
        if (!req_body_closed && req.body()) req.body().close();
        const url::URL& u = resp && resp.request() ? resp.request().url() : req.url();
        return std::make_shared<url::Error>(
            url_error_op(reqs.empty() ? req.method() : reqs[0].method()), u.string(),
            std::move(err));
    };

    for (;;) {
        if (!reqs.empty()) {
            std::string loc = resp.header().get("Location");
            if (loc.empty()) return {resp, nullptr};
            auto [ref, perr] = url::parse(loc);
            if (perr) {
                resp.body().close();
                return {nullptr, uerr(errors::new_("failed to parse Location header " +
                                                   go_quote(loc) + ": " + perr.error()))};
            }
            url::URL next = resolve_reference(req.url(), ref);
            const Request& first = reqs[0];
            auto f = std::make_shared<request_fields>();
            f->method = redirect_method;
            f->url = next;
            f->host = next.host;
            // A custom Host stays on a relative redirect (Go issue 22233).
            if (!req.host().empty() && req.host() != req.url().host && !ref.is_abs())
                f->host = req.host();
            f->ctx = first.fields().ctx;
            f->content_length = 0;
            if (include_body && first.fields().get_body) {
                f->body = first.fields().get_body();
                f->content_length = first.content_length();
                f->get_body = first.fields().get_body;
            }
            for (const auto& [k, vs] : initial_header.map())
                if (should_copy_header_on_redirect(k, first.url(), next)) f->header->map()[k] = vs;
            std::string ref_header = referer_for(reqs.back().url(), next);
            if (!ref_header.empty()) f->header->set("Referer", ref_header);
            Request next_req(std::move(f));
            gocpp::error cerr;
            if (check_redirect) {
                cerr = check_redirect(next_req, reqs);
            } else if (reqs.size() >= 10) {
                cerr = errors::new_("stopped after 10 redirects");
            }
            if (cerr == err_use_last_response) return {resp, nullptr};
            // Read a little of the old body so a small one leaves its
            // connection reusable, then close it.
            constexpr std::int64_t max_body_slurp = 2 << 10;
            if (resp.content_length() == -1 || resp.content_length() <= max_body_slurp) {
                char buf[max_body_slurp];
                std::size_t got = 0;
                while (got < sizeof buf) {
                    auto [n, rerr] = resp.body().read(std::span<char>(buf + got, sizeof buf - got));
                    got += n;
                    if (rerr) break;
                }
            }
            resp.body().close();
            req = next_req;
            if (cerr) {
                req_body_closed = false;
                auto e = std::make_shared<url::Error>(url_error_op(reqs[0].method()), loc, cerr);
                if (req.body()) req.body().close();
                return {resp, e};
            }
        }

        reqs.push_back(req);
        auto sent = send(req, *rt, deadline);
        if (sent.err) {
            req_body_closed = true;
            gocpp::error err = sent.err;
            if (deadline != time::Time{} && sent.did_timeout)
                err = detail::new_http_error(
                    err.error() + " (Client.Timeout exceeded while awaiting headers)", true);
            resp = nullptr;
            return {nullptr, uerr(err)};
        }
        resp = sent.resp;

        // Go's redirectBehavior.
        const std::string method = req.method().empty() ? "GET" : req.method();
        bool should_redirect = false;
        switch (resp.status_code()) {
            case 301:
            case 302:
            case 303:
                redirect_method = method == "GET" || method == "HEAD" ? method : "GET";
                should_redirect = true;
                include_body = false;
                break;
            case 307:
            case 308: {
                redirect_method = method;
                should_redirect = true;
                include_body = true;
                const auto& f0 = reqs[0].fields();
                bool has_body = f0.body && f0.body != no_body && f0.content_length != 0;
                if (!f0.get_body && has_body) should_redirect = false;
                break;
            }
            default:
                break;
        }
        if (!should_redirect) return {resp, nullptr};
    }
}

response_result Client::get(std::string_view url) const {
    auto [req, err] = new_request("GET", url);
    if (err) return {nullptr, err};
    return do_(req);
}

response_result Client::head(std::string_view url) const {
    auto [req, err] = new_request("HEAD", url);
    if (err) return {nullptr, err};
    return do_(req);
}

response_result Client::post(std::string_view url, std::string_view content_type,
                             std::string body) const {
    auto [req, err] = new_request("POST", url, std::move(body));
    if (err) return {nullptr, err};
    req.header().set("Content-Type", std::string(content_type));
    return do_(req);
}

response_result Client::post(std::string_view url, std::string_view content_type, Body body) const {
    const std::int64_t length = body ? -1 : 0;  // unknown: sent chunked
    auto [req, err] =
        new_request_with_context(context::background(), "POST", url, std::move(body), length);
    if (err) return {nullptr, err};
    req.header().set("Content-Type", std::string(content_type));
    return do_(req);
}

void Client::close_idle_connections() const {
    auto rt = transport ? transport : default_transport();
    if (auto* t = dynamic_cast<Transport*>(rt.get())) t->close_idle_connections();
}

Client& default_client() {
    static Client c;
    return c;
}

response_result get(std::string_view url) {
    return default_client().get(url);
}

response_result head(std::string_view url) {
    return default_client().head(url);
}

response_result post(std::string_view url, std::string_view content_type, std::string body) {
    return default_client().post(url, content_type, std::move(body));
}

}  // namespace http
}  // namespace gocpp
