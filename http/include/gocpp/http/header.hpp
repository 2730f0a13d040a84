// gocpp/http/header.hpp — Go's http.Header: a multimap of canonical header
// keys to values.
//
//     http::Header h;
//     h.set("content-type", "text/plain");   // stored as "Content-Type"
//     h.add("X-Id", "1"); h.add("x-id", "2");
//     h.get("X-ID");                          // "1"
//     h.values("X-Id");                       // {"1", "2"}
//
// Keys are canonicalized as Go's textproto.CanonicalMIMEHeaderKey does
// ("content-type" -> "Content-Type"; a key with a byte that is not a token
// character is kept as it is). A Header is a value; a Request or a
// ResponseWriter hands out a reference to the one it owns, as Go's maps are
// shared. Not safe for concurrent writes (neither is Go's map).
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace gocpp::http {

// textproto.CanonicalMIMEHeaderKey / http.CanonicalHeaderKey.
std::string canonical_header_key(std::string_view key);

class Header {
  public:
    using map_type = std::map<std::string, std::vector<std::string>>;

    // Get(key): the first value for the canonical key, or "".
    std::string get(std::string_view key) const;
    // Values(key): every value, in the order added (empty if none).
    std::vector<std::string> values(std::string_view key) const;
    // Set replaces, Add appends, Del removes every value of the key.
    void set(std::string_view key, std::string value);
    void add(std::string_view key, std::string value);
    void del(std::string_view key);
    // Whether the exact (already canonical) key is present, even with no
    // values: Go's `_, ok := h[key]`.
    bool has(const std::string& key) const { return m_.count(key) != 0; }
    Header clone() const { return *this; }
    // Write(w): "Key: value\r\n" lines sorted by key, newlines in values
    // replaced by spaces, as Go's Header.Write.
    std::string wire() const;

    map_type& map() noexcept { return m_; }
    const map_type& map() const noexcept { return m_; }
    std::size_t size() const noexcept { return m_.size(); }
    friend bool operator==(const Header&, const Header&) = default;

  private:
    map_type m_;
};

}  // namespace gocpp::http
