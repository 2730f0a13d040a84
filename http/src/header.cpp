// Header and canonical keys (Go's net/textproto CanonicalMIMEHeaderKey and
// net/http Header.Write).
#include <gocpp/http/header.hpp>

#include "token.hpp"

namespace gocpp::http {

std::string canonical_header_key(std::string_view key) {
    for (unsigned char c : key)
        if (!detail::is_token_byte(c)) return std::string(key);
    std::string out(key);
    bool upper = true;
    for (char& c : out) {
        if (upper && c >= 'a' && c <= 'z')
            c = static_cast<char>(c - ('a' - 'A'));
        else if (!upper && c >= 'A' && c <= 'Z')
            c = static_cast<char>(c + ('a' - 'A'));
        upper = c == '-';
    }
    return out;
}

std::string Header::get(std::string_view key) const {
    auto it = m_.find(canonical_header_key(key));
    if (it == m_.end() || it->second.empty()) return "";
    return it->second.front();
}

std::vector<std::string> Header::values(std::string_view key) const {
    auto it = m_.find(canonical_header_key(key));
    if (it == m_.end()) return {};
    return it->second;
}

void Header::set(std::string_view key, std::string value) {
    auto& v = m_[canonical_header_key(key)];
    v.clear();
    v.push_back(std::move(value));
}

void Header::add(std::string_view key, std::string value) {
    m_[canonical_header_key(key)].push_back(std::move(value));
}

void Header::del(std::string_view key) {
    m_.erase(canonical_header_key(key));
}

std::string Header::wire() const {
    std::string out;
    for (const auto& [k, vs] : m_) {
        for (const auto& v : vs) {
            out += k;
            out += ": ";
            out += detail::header_value_for_wire(v);
            out += "\r\n";
        }
    }
    return out;
}

}  // namespace gocpp::http
