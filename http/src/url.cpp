// net/url, the parts HTTP needs, after Go's url.go.
#include "token.hpp"

#include <gocpp/url.hpp>
#include <gocpp/errors.hpp>

#include <algorithm>

namespace gocpp::http::detail {

std::string go_quote(std::string_view s) {
    std::string out = "\"";
    static const char hex[] = "0123456789abcdef";
    for (unsigned char c : s) {
        if (c == '"' || c == '\\') {
            out += '\\';
            out += static_cast<char>(c);
        } else if (c < 0x20 || c == 0x7f) {
            switch (c) {
                case '\n':
                    out += "\\n";
                    break;
                case '\r':
                    out += "\\r";
                    break;
                case '\t':
                    out += "\\t";
                    break;
                default:
                    out += "\\x";
                    out += hex[c >> 4];
                    out += hex[c & 15];
            }
        } else {
            out += static_cast<char>(c);
        }
    }
    return out + "\"";
}

}  // namespace gocpp::http::detail

namespace gocpp::url {
namespace {

using http::detail::go_quote;

enum class mode { path, path_segment, query_component, host };

bool is_hex(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}
int unhex(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return c - 'A' + 10;
}

unescape_result unescape(std::string_view s, mode m) {
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size(); i++) {
        char c = s[i];
        if (c == '%') {
            if (i + 2 >= s.size() || !is_hex(s[i + 1]) || !is_hex(s[i + 2])) {
                auto bad = s.substr(i, 3);
                return {"", errors::new_("invalid URL escape " + go_quote(bad))};
            }
            out += static_cast<char>(unhex(s[i + 1]) << 4 | unhex(s[i + 2]));
            i += 2;
        } else if (c == '+' && m == mode::query_component) {
            out += ' ';
        } else {
            out += c;
        }
    }
    return {std::move(out), nullptr};
}

// Go's shouldEscape.
bool should_escape(unsigned char c, mode m) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return false;
    switch (c) {
        case '-':
        case '_':
        case '.':
        case '~':
            return false;
        case '$':
        case '&':
        case '+':
        case ',':
        case '/':
        case ':':
        case ';':
        case '=':
        case '?':
        case '@':
            switch (m) {
                case mode::path:
                    return c == '?';
                case mode::path_segment:
                    return c == '/' || c == ';' || c == ',' || c == '?';
                case mode::query_component:
                    return true;
                case mode::host:
                    return false;
            }
        default:
            break;
    }
    return true;
}

std::string escape(std::string_view s, mode m) {
    static const char hex[] = "0123456789ABCDEF";
    std::string out;
    out.reserve(s.size());
    for (unsigned char c : s) {
        if (c == ' ' && m == mode::query_component) {
            out += '+';
        } else if (should_escape(c, m)) {
            out += '%';
            out += hex[c >> 4];
            out += hex[c & 15];
        } else {
            out += static_cast<char>(c);
        }
    }
    return out;
}

error parse_error(std::string_view raw, const std::string& msg) {
    return errors::new_("parse " + go_quote(raw) + ": " + msg);
}

// Go's url.parse(rawURL, viaRequest).
parse_result parse_impl(std::string_view raw, std::string_view whole, bool via_request) {
    URL u;
    for (unsigned char c : raw)
        if (c < 0x20 || c == 0x7f)
            return {{}, parse_error(whole, "net/url: invalid control character in URL")};
    if (raw.empty() && via_request) return {{}, parse_error(whole, "empty url")};
    if (raw == "*") {
        u.path = "*";
        return {u, nullptr};
    }
    // Scheme.
    std::string_view rest = raw;
    for (std::size_t i = 0; i < raw.size(); i++) {
        char c = raw[i];
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) continue;
        if ((c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.') {
            if (i == 0) break;
            continue;
        }
        if (c == ':') {
            if (i == 0) return {{}, parse_error(whole, "missing protocol scheme")};
            u.scheme.assign(raw.substr(0, i));
            std::transform(u.scheme.begin(), u.scheme.end(), u.scheme.begin(),
                           [](char ch) { return (ch >= 'A' && ch <= 'Z') ? ch + 32 : ch; });
            rest = raw.substr(i + 1);
        }
        break;
    }
    if (rest.size() >= 1 && rest.back() == '?' && std::count(rest.begin(), rest.end(), '?') == 1) {
        u.force_query = true;
        rest.remove_suffix(1);
    } else if (auto q = rest.find('?'); q != std::string_view::npos) {
        u.raw_query.assign(rest.substr(q + 1));
        rest = rest.substr(0, q);
    }
    if (rest.empty() || rest.front() != '/') {
        if (!u.scheme.empty()) {
            // An opaque URL (mailto:x); HTTP has no use for it beyond the path.
            u.path.assign(rest);
            return {u, nullptr};
        }
        if (via_request) return {{}, parse_error(whole, "invalid URI for request")};
        auto colon = rest.find(':');
        auto slash = rest.find('/');
        if (colon != std::string_view::npos && (slash == std::string_view::npos || colon < slash))
            return {{}, parse_error(whole, "first path segment in URL cannot contain colon")};
    }
    if ((!u.scheme.empty() || (!via_request && rest.substr(0, 3) != "///")) &&
        rest.substr(0, 2) == "//") {
        std::string_view authority = rest.substr(2);
        auto slash = authority.find('/');
        if (slash == std::string_view::npos) {
            rest = {};
        } else {
            rest = authority.substr(slash);
            authority = authority.substr(0, slash);
        }
        if (auto at = authority.rfind('@'); at != std::string_view::npos)
            authority = authority.substr(at + 1);
        auto [host, err] = unescape(authority, mode::host);
        if (err) return {{}, parse_error(whole, err.error())};
        u.host = std::move(host);
    }
    auto [path, err] = unescape(rest, mode::path);
    if (err) return {{}, parse_error(whole, err.error())};
    u.path = std::move(path);
    if (escape(u.path, mode::path) != rest) u.raw_path.assign(rest);
    return {u, nullptr};
}

}  // namespace

std::string Values::get(const std::string& key) const {
    auto it = m_.find(key);
    if (it == m_.end() || it->second.empty()) return "";
    return it->second.front();
}
void Values::set(const std::string& key, std::string value) {
    m_[key] = {std::move(value)};
}
void Values::add(const std::string& key, std::string value) {
    m_[key].push_back(std::move(value));
}
void Values::del(const std::string& key) {
    m_.erase(key);
}
bool Values::has(const std::string& key) const {
    return m_.count(key) != 0;
}
std::string Values::encode() const {
    std::string out;
    for (const auto& [k, vs] : m_) {
        std::string ek = query_escape(k);
        for (const auto& v : vs) {
            if (!out.empty()) out += '&';
            out += ek;
            out += '=';
            out += query_escape(v);
        }
    }
    return out;
}

Values URL::query() const {
    return parse_query(raw_query).values;
}

std::string URL::escaped_path() const {
    if (!raw_path.empty()) {
        auto [p, err] = unescape(raw_path, mode::path);
        if (!err && p == path) return raw_path;
    }
    if (path == "*") return "*";
    return escape(path, mode::path);
}

std::string URL::request_uri() const {
    std::string result = escaped_path();
    if (result.empty()) result = "/";
    if (force_query || !raw_query.empty()) result += "?" + raw_query;
    return result;
}

std::string URL::string() const {
    std::string out;
    if (!scheme.empty()) out += scheme + ":";
    if (!scheme.empty() || !host.empty()) {
        if (!host.empty() || !path.empty()) out += "//";
        out += escape(host, mode::host);
    }
    std::string ep = escaped_path();
    if (!ep.empty() && ep[0] != '/' && !host.empty()) out += '/';
    if (out.empty()) {
        // A relative path whose first segment has a colon needs "./".
        auto colon = ep.find(':');
        auto slash = ep.find('/');
        if (colon != std::string::npos && (slash == std::string::npos || colon < slash))
            out += "./";
    }
    out += ep;
    if (force_query || !raw_query.empty()) out += "?" + raw_query;
    if (!fragment.empty()) out += "#" + escape(fragment, mode::path);
    return out;
}

std::string URL::hostname() const {
    std::string_view h = host;
    if (!h.empty() && h[0] == '[') {
        auto end = h.find(']');
        return std::string(h.substr(1, end == std::string_view::npos ? h.npos : end - 1));
    }
    auto colon = h.rfind(':');
    return std::string(colon == std::string_view::npos ? h : h.substr(0, colon));
}

std::string URL::port() const {
    std::string_view h = host;
    auto colon = h.rfind(':');
    if (colon == std::string_view::npos) return "";
    if (h.find(']') != std::string_view::npos && h.find(']') > colon) return "";
    return std::string(h.substr(colon + 1));
}

parse_result parse(std::string_view raw) {
    std::string_view u = raw;
    std::string fragment;
    if (auto hash = raw.find('#'); hash != std::string_view::npos) {
        auto [f, err] = unescape(raw.substr(hash + 1), mode::path);
        if (err) return {{}, parse_error(raw, err.error())};
        fragment = std::move(f);
        u = raw.substr(0, hash);
    }
    auto r = parse_impl(u, raw, false);
    if (!r.err) r.url.fragment = std::move(fragment);
    return r;
}

parse_result parse_request_uri(std::string_view raw) {
    return parse_impl(raw, raw, true);
}

query_result parse_query(std::string_view query) {
    query_result r;
    while (!query.empty()) {
        std::string_view key = query;
        auto amp = key.find('&');
        if (amp != std::string_view::npos) {
            query = key.substr(amp + 1);
            key = key.substr(0, amp);
        } else {
            query = {};
        }
        if (key.find(';') != std::string_view::npos) {
            if (!r.err) r.err = errors::new_("invalid semicolon separator in query");
            continue;
        }
        if (key.empty()) continue;
        std::string_view value;
        if (auto eq = key.find('='); eq != std::string_view::npos) {
            value = key.substr(eq + 1);
            key = key.substr(0, eq);
        }
        auto k = unescape(key, mode::query_component);
        if (k.err) {
            if (!r.err) r.err = k.err;
            continue;
        }
        auto v = unescape(value, mode::query_component);
        if (v.err) {
            if (!r.err) r.err = v.err;
            continue;
        }
        r.values.add(k.s, std::move(v.s));
    }
    return r;
}

unescape_result query_unescape(std::string_view s) {
    return unescape(s, mode::query_component);
}
std::string query_escape(std::string_view s) {
    return escape(s, mode::query_component);
}
std::string path_escape(std::string_view s) {
    return escape(s, mode::path_segment);
}
unescape_result path_unescape(std::string_view s) {
    return unescape(s, mode::path_segment);
}

}  // namespace gocpp::url
