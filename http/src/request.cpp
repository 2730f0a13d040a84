// Request: accessors, with_context, parse_form, new_request_with_context.
#include "request_fields.hpp"
#include "token.hpp"

#include <gocpp/panic.hpp>
#include <gocpp/errors.hpp>

namespace gocpp::http {
namespace {
[[noreturn]] void nil_deref() {
    panic("runtime error: invalid memory address or nil pointer dereference");
}
constexpr std::int64_t max_form_size = 10 << 20;

// Go's removeEmptyPort: "host:" -> "host".
std::string remove_empty_port(std::string host) {
    if (!host.empty() && host.back() == ':' && host.find(']') == std::string::npos) host.pop_back();
    return host;
}

// strconv.Quote for the method in Go's error text.
std::string quoted(std::string_view s) {
    std::string out = "\"";
    for (char c : s) {
        if (c == '"' || c == '\\') out += '\\';
        out += c;
    }
    return out + "\"";
}
}  // namespace

request_fields& Request::fields() const {
    if (!f_) nil_deref();
    return *f_;
}

std::string& Request::method() const {
    return fields().method;
}
url::URL& Request::url() const {
    return fields().url;
}
std::string& Request::proto() const {
    return fields().proto;
}
int& Request::proto_major() const {
    return fields().proto_major;
}
int& Request::proto_minor() const {
    return fields().proto_minor;
}
Header& Request::header() const {
    return *fields().header;
}
Body& Request::body() const {
    return fields().body;
}
std::int64_t& Request::content_length() const {
    return fields().content_length;
}
bool& Request::close() const {
    return fields().close;
}
std::string& Request::host() const {
    return fields().host;
}
std::string& Request::remote_addr() const {
    return fields().remote_addr;
}
std::string& Request::request_uri() const {
    return fields().request_uri;
}
url::Values& Request::form() const {
    return fields().form;
}
url::Values& Request::post_form() const {
    return fields().post_form;
}

bool Request::proto_at_least(int major, int minor) const {
    auto& f = fields();
    return f.proto_major > major || (f.proto_major == major && f.proto_minor >= minor);
}

context::Context Request::context() const {
    auto& f = fields();
    return f.ctx ? f.ctx : context::background();
}

Request Request::with_context(context::Context ctx) const {
    if (!ctx) panic("nil context");
    auto copy = std::make_shared<request_fields>(fields());
    copy->ctx = std::move(ctx);
    return Request(std::move(copy));
}

Request Request::clone(context::Context ctx) const {
    if (!ctx) panic("nil context");
    auto copy = std::make_shared<request_fields>(fields());
    copy->header = std::make_shared<Header>(*fields().header);
    copy->ctx = std::move(ctx);
    return Request(std::move(copy));
}

error Request::parse_form() const {
    auto& f = fields();
    gocpp::error err;
    if (!f.post_form_parsed) {
        if (f.method == "POST" || f.method == "PUT" || f.method == "PATCH") {
            // Go's parsePostForm.
            if (!f.body) {
                err = errors::new_("missing form body");
            } else {
                std::string ct = f.header->get("Content-Type");
                if (ct.empty()) ct = "application/octet-stream";
                std::string_view media = ct;
                media = media.substr(0, media.find(';'));
                media = detail::trim_ows(media);
                if (detail::equal_fold(media, "application/x-www-form-urlencoded")) {
                    std::string data;
                    char buf[4096];
                    for (;;) {
                        auto [n, rerr] = f.body.read(buf);
                        data.append(buf, n);
                        if (static_cast<std::int64_t>(data.size()) > max_form_size) {
                            err = errors::new_("http: POST too large");
                            break;
                        }
                        if (rerr == eof) break;
                        if (rerr) {
                            err = rerr;
                            break;
                        }
                    }
                    if (!err) {
                        auto q = url::parse_query(data);
                        f.post_form = std::move(q.values);
                        err = q.err;
                    }
                }
            }
        }
        f.post_form_parsed = true;
    }
    if (!f.form_parsed) {
        for (const auto& [k, vs] : f.post_form.map())
            for (const auto& v : vs)
                f.form.add(k, v);
        auto q = url::parse_query(f.url.raw_query);
        if (!err) err = q.err;
        for (const auto& [k, vs] : q.values.map())
            for (const auto& v : vs)
                f.form.add(k, v);
        f.form_parsed = true;
    }
    return err;
}

std::string Request::form_value(const std::string& key) const {
    if (!fields().form_parsed) parse_form();
    return fields().form.get(key);
}

std::string Request::post_form_value(const std::string& key) const {
    if (!fields().post_form_parsed) parse_form();
    return fields().post_form.get(key);
}

new_request_result new_request_with_context(context::Context ctx, std::string_view method,
                                            std::string_view url, Body body,
                                            std::int64_t content_length) {
    std::string m = method.empty() ? "GET" : std::string(method);
    if (!detail::is_token(m))
        return {nullptr, errors::new_("net/http: invalid method " + quoted(m))};
    if (!ctx) return {nullptr, errors::new_("net/http: nil Context")};
    auto [u, err] = url::parse(url);
    if (err) return {nullptr, err};
    u.host = remove_empty_port(u.host);
    auto f = std::make_shared<request_fields>();
    f->method = std::move(m);
    f->host = u.host;
    f->url = std::move(u);
    f->body = std::move(body);
    f->content_length = content_length;
    f->ctx = std::move(ctx);
    return {Request(std::move(f)), nullptr};
}

new_request_result new_request_with_context(context::Context ctx, std::string_view method,
                                            std::string_view url) {
    return new_request_with_context(std::move(ctx), method, url, Body(), 0);
}

new_request_result new_request_with_context(context::Context ctx, std::string_view method,
                                            std::string_view url, std::string body) {
    auto n = static_cast<std::int64_t>(body.size());
    // Go: a known-empty body is NoBody.
    if (n == 0) return new_request_with_context(std::move(ctx), method, url, no_body, 0);
    auto r = new_request_with_context(std::move(ctx), method, url, string_body(body), n);
    if (r.req) r.req.fields().get_body = [body = std::move(body)] { return string_body(body); };
    return r;
}

new_request_result new_request(std::string_view method, std::string_view url) {
    return new_request_with_context(context::background(), method, url);
}

new_request_result new_request(std::string_view method, std::string_view url, std::string body) {
    return new_request_with_context(context::background(), method, url, std::move(body));
}

}  // namespace gocpp::http
