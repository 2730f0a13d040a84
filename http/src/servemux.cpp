// ServeMux (Go 1.19's server.go rules) and the small handlers of net/http.
#include "log.hpp"
#include "path.hpp"
#include "request_fields.hpp"

#include <gocpp/http/mux.hpp>
#include <gocpp/panic.hpp>

#include <algorithm>
#include <map>
#include <mutex>
#include <shared_mutex>
#include <vector>

namespace gocpp::http {

struct mux_entry {
    Handler h;
    std::string pattern;
};

struct serve_mux_state {
    mutable std::shared_mutex mu;  // held only for map lookups, never across a handler
    std::map<std::string, mux_entry> m;
    std::vector<mux_entry> es;  // patterns ending in '/', longest first
    bool hosts = false;         // whether any pattern starts with a host
};

namespace {

[[noreturn]] void nil_deref() {
    panic("runtime error: invalid memory address or nil pointer dereference");
}

// Go's cleanPath: path.Clean keeping a trailing slash, rooted.
std::string clean_path(std::string p) {
    if (p.empty()) return "/";
    if (p[0] != '/') p = "/" + p;
    std::string np = detail::path_clean(p);
    if (p.back() == '/' && np != "/") {
        if (p.size() == np.size() + 1 && p.compare(0, np.size(), np) == 0)
            np = p;
        else
            np += "/";
    }
    return np;
}

// Go's stripHostPort (net.SplitHostPort's rules, simplified to what a Host
// header holds: "host:port" or "[v6]:port").
std::string strip_host_port(const std::string& h) {
    if (h.find(':') == std::string::npos) return h;
    if (h[0] == '[') {
        auto end = h.find(']');
        if (end == std::string::npos || end + 1 >= h.size() || h[end + 1] != ':') return h;
        return h.substr(1, end - 1);
    }
    auto colon = h.find(':');
    if (h.find(':', colon + 1) != std::string::npos) return h;  // too many colons
    return h.substr(0, colon);
}

// mux.match: exact first, then the longest subtree pattern.
const mux_entry* match(const serve_mux_state& s, const std::string& path) {
    if (auto it = s.m.find(path); it != s.m.end()) return &it->second;
    for (const auto& e : s.es)
        if (path.compare(0, e.pattern.size(), e.pattern) == 0) return &e;
    return nullptr;
}

bool should_redirect(const serve_mux_state& s, const std::string& host, const std::string& path) {
    const std::string p[2] = {path, host + path};
    for (const auto& c : p)
        if (s.m.count(c)) return false;
    if (path.empty()) return false;
    for (const auto& c : p)
        if (s.m.count(c + "/")) return path.back() != '/';
    return false;
}

// mux.redirectToPathSlash: the URL to redirect to, if any.
bool redirect_to_path_slash(const serve_mux_state& s, const std::string& host,
                            const std::string& path, const url::URL& u, url::URL& out) {
    {
        std::shared_lock lock(s.mu);
        if (!should_redirect(s, host, path)) return false;
    }
    out = url::URL{};
    out.path = path + "/";
    out.raw_query = u.raw_query;
    return true;
}

handler_result mux_handler(const serve_mux_state& s, const std::string& host,
                           const std::string& path) {
    std::shared_lock lock(s.mu);
    const mux_entry* e = nullptr;
    if (s.hosts) e = match(s, host + path);
    if (!e) e = match(s, path);
    if (!e) return {not_found_handler(), ""};
    return {e->h, e->pattern};
}

// Go's htmlReplacer.
std::string html_escape(std::string_view s) {
    std::string out;
    for (char c : s) {
        switch (c) {
            case '&':
                out += "&amp;";
                break;
            case '<':
                out += "&lt;";
                break;
            case '>':
                out += "&gt;";
                break;
            case '"':
                out += "&#34;";
                break;
            case '\'':
                out += "&#39;";
                break;
            default:
                out += c;
        }
    }
    return out;
}

// Go's hexEscapeNonASCII.
std::string hex_escape_non_ascii(std::string_view s) {
    static const char hex[] = "0123456789abcdef";
    std::string out;
    for (unsigned char c : s) {
        if (c >= 0x80) {
            out += '%';
            out += hex[c >> 4];
            out += hex[c & 15];
        } else {
            out += static_cast<char>(c);
        }
    }
    return out;
}

class max_bytes_body final : public BodyReader {
  public:
    max_bytes_body(ResponseWriter w, Body r, std::int64_t n)
        : w_(std::move(w)), r_(std::move(r)), n_(n), limit_(n) {}

    read_result read(std::span<char> p) override {
        if (err_) return {0, err_};
        if (p.empty()) return {0, nullptr};
        // Read one byte more than allowed, to tell "exactly n" from "more".
        if (static_cast<std::int64_t>(p.size()) - 1 > n_)
            p = p.first(static_cast<std::size_t>(n_ + 1));
        auto [n, err] = r_.read(p);
        if (static_cast<std::int64_t>(n) <= n_) {
            n_ -= static_cast<std::int64_t>(n);
            err_ = err;
            return {n, err};
        }
        n = static_cast<std::size_t>(n_);
        n_ = 0;
        if (auto tl = w_.as<detail::request_too_larger>()) tl->request_too_large();
        err_ = std::make_shared<MaxBytesError>(limit_);
        return {n, err_};
    }
    gocpp::error close() override { return r_.close(); }

  private:
    ResponseWriter w_;
    Body r_;
    std::int64_t n_;
    std::int64_t limit_;
    gocpp::error err_;
};

}  // namespace

ServeMux new_serve_mux() {
    return ServeMux(std::make_shared<serve_mux_state>());
}

ServeMux default_serve_mux() {
    static const ServeMux mux = new_serve_mux();
    return mux;
}

void handle(const std::string& pattern, Handler handler) {
    default_serve_mux().handle(pattern, std::move(handler));
}

void ServeMux::handle(const std::string& pattern, Handler handler) const {
    if (!s_) nil_deref();
    std::unique_lock lock(s_->mu);
    if (pattern.empty()) panic("http: invalid pattern");
    if (!handler) panic("http: nil handler");
    if (s_->m.count(pattern)) panic("http: multiple registrations for " + pattern);
    mux_entry e{std::move(handler), pattern};
    s_->m.emplace(pattern, e);
    if (pattern.back() == '/') {
        auto it = std::find_if(s_->es.begin(), s_->es.end(), [&](const mux_entry& x) {
            return x.pattern.size() < pattern.size();
        });
        s_->es.insert(it, e);
    }
    if (pattern[0] != '/') s_->hosts = true;
}

void ServeMux::handle_func(const std::string&, std::nullptr_t) const {
    panic("http: nil handler");
}

handler_result ServeMux::handler(const Request& r) const {
    if (!s_) nil_deref();
    const auto& u = r.url();
    url::URL target;
    if (r.method() == "CONNECT") {
        // CONNECT: the /tree -> /tree/ redirect applies, cleaning does not.
        if (redirect_to_path_slash(*s_, u.host, u.path, u, target))
            return {redirect_handler(target.string(), 301), target.path};
        return mux_handler(*s_, r.host(), u.path);
    }
    std::string host = strip_host_port(r.host());
    std::string path = clean_path(u.path);
    if (redirect_to_path_slash(*s_, host, path, u, target))
        return {redirect_handler(target.string(), 301), target.path};
    if (path != u.path) {
        auto pattern = mux_handler(*s_, host, path).pattern;
        url::URL clean;
        clean.path = path;
        clean.raw_query = u.raw_query;
        return {redirect_handler(clean.string(), 301), pattern};
    }
    return mux_handler(*s_, host, u.path);
}

void ServeMux::serve_http(ResponseWriter w, Request r) const {
    if (r.request_uri() == "*") {
        if (r.proto_at_least(1, 1)) w.header().set("Connection", "close");
        w.write_header(400);
        return;
    }
    handler(r).h.serve_http(std::move(w), std::move(r));
}

ServeMux::operator Handler() const {
    if (!s_) return nullptr;
    struct mux_handler_impl final : HandlerInterface {
        explicit mux_handler_impl(ServeMux m) : mux(std::move(m)) {}
        void serve_http(ResponseWriter w, Request r) const override { mux.serve_http(w, r); }
        ServeMux mux;
    };
    return Handler(std::make_shared<mux_handler_impl>(*this));
}

void error(const ResponseWriter& w, std::string_view msg, int code) {
    w.header().set("Content-Type", "text/plain; charset=utf-8");
    w.header().set("X-Content-Type-Options", "nosniff");
    w.write_header(code);
    std::string body(msg);
    body += '\n';
    w.write(body);
}

void not_found(const ResponseWriter& w, const Request&) {
    error(w, "404 page not found", 404);
}

Handler not_found_handler() {
    static const Handler h = HandlerFunc([](ResponseWriter w, Request r) { not_found(w, r); });
    return h;
}

void redirect(const ResponseWriter& w, const Request& r, std::string target, int code) {
    if (auto [u, err] = url::parse(target); !err && u.scheme.empty() && u.host.empty()) {
        std::string oldpath = r.url().path;
        if (oldpath.empty()) oldpath = "/";
        if (target.empty() || target[0] != '/') target = detail::path_split(oldpath).first + target;
        std::string query;
        if (auto q = target.find('?'); q != std::string::npos) {
            query = target.substr(q);
            target.resize(q);
        }
        bool trailing = !target.empty() && target.back() == '/';
        target = detail::path_clean(target);
        if (trailing && target.back() != '/') target += '/';
        target += query;
    }
    auto& h = w.header();
    bool had_ct = h.has("Content-Type");
    h.set("Location", hex_escape_non_ascii(target));
    if (!had_ct && (r.method() == "GET" || r.method() == "HEAD"))
        h.set("Content-Type", "text/html; charset=utf-8");
    w.write_header(code);
    if (!had_ct && r.method() == "GET")
        w.write("<a href=\"" + html_escape(target) + "\">" + status_text(code) + "</a>.\n\n");
}

Handler redirect_handler(std::string target, int code) {
    return HandlerFunc([target = std::move(target), code](ResponseWriter w, Request r) {
        redirect(w, r, target, code);
    });
}

Handler strip_prefix(std::string prefix, Handler h) {
    if (prefix.empty()) return h;
    return HandlerFunc([prefix = std::move(prefix), h = std::move(h)](ResponseWriter w, Request r) {
        const auto& u = r.url();
        auto trim = [&](const std::string& s) {
            return s.compare(0, prefix.size(), prefix) == 0 ? s.substr(prefix.size()) : s;
        };
        std::string p = trim(u.path);
        std::string rp = trim(u.raw_path);
        if (p.size() < u.path.size() && (u.raw_path.empty() || rp.size() < u.raw_path.size())) {
            auto copy = std::make_shared<request_fields>(r.fields());
            copy->url.path = std::move(p);
            copy->url.raw_path = std::move(rp);
            h.serve_http(w, Request(std::move(copy)));
        } else {
            not_found(w, r);
        }
    });
}

Body max_bytes_reader(const ResponseWriter& w, Body r, std::int64_t n) {
    if (n < 0) n = 0;
    return Body(std::make_shared<max_bytes_body>(w, std::move(r), n));
}

}  // namespace gocpp::http
