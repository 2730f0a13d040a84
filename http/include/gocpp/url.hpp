// gocpp/url.hpp — the part of Go's net/url that HTTP needs: URL, Values,
// parse, parse_request_uri, parse_query and the escaping functions.
//
//     auto [u, err] = url::parse("http://example.com/search?q=go+lang");
//     u.path;                         // "/search"
//     u.query().get("q");             // "go lang"
//     u.string();                     // "http://example.com/search?q=go+lang"
//
// URL and Values are plain values (Go's url.URL is a struct; Values is a
// map, which Go shares by reference: here a copy is a copy). Nothing here
// blocks; nothing is shared between threads unless you share it.
#pragma once

#include <gocpp/error.hpp>

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace gocpp::url {

// Go's url.Values: map[string][]string, kept sorted by key.
class Values {
  public:
    // Get(key): the first value, or "".
    std::string get(const std::string& key) const;
    void set(const std::string& key, std::string value);
    void add(const std::string& key, std::string value);
    void del(const std::string& key);
    bool has(const std::string& key) const;
    // Encode(): "a=1&b=2", sorted by key, each part query-escaped.
    std::string encode() const;

    std::map<std::string, std::vector<std::string>>& map() noexcept { return m_; }
    const std::map<std::string, std::vector<std::string>>& map() const noexcept { return m_; }
    std::size_t size() const noexcept { return m_.size(); }
    friend bool operator==(const Values&, const Values&) = default;

  private:
    std::map<std::string, std::vector<std::string>> m_;
};

// Go's url.URL (without Opaque and User, which HTTP/1.1 servers never see).
struct URL {
    std::string scheme;
    std::string host;      // host or host:port
    std::string path;      // decoded
    std::string raw_path;  // the encoded path, only when it differs from the default encoding
    bool force_query = false;
    std::string raw_query;  // without '?'
    std::string fragment;

    // Query(): parse_query(raw_query), malformed pairs dropped.
    Values query() const;
    // EscapedPath(), RequestURI() and String(), as Go forms them.
    std::string escaped_path() const;
    std::string request_uri() const;
    std::string string() const;
    // Hostname() and Port(): host without the port (and brackets), the port.
    std::string hostname() const;
    std::string port() const;
    bool is_abs() const noexcept { return !scheme.empty(); }
};

struct parse_result {
    URL url;
    error err;
};
struct query_result {
    Values values;
    error err;
};
struct unescape_result {
    std::string s;
    error err;
};

// url.Parse(raw): errors print as Go's (`parse "x": ...`).
parse_result parse(std::string_view raw);
// url.ParseRequestURI(raw): raw is a request target ("/p?q", "*" or an
// absolute URL); no fragment.
parse_result parse_request_uri(std::string_view raw);
// url.ParseQuery(q): every well-formed pair, and the first error
// ("invalid semicolon separator in query", `invalid URL escape "%zz"`).
query_result parse_query(std::string_view query);
// url.QueryUnescape, url.QueryEscape, url.PathEscape, url.PathUnescape.
unescape_result query_unescape(std::string_view s);
std::string query_escape(std::string_view s);
std::string path_escape(std::string_view s);
unescape_result path_unescape(std::string_view s);

}  // namespace gocpp::url
