// Byte classes of RFC 7230 shared by the header, request and mux code.
#pragma once

#include <string>
#include <string_view>

namespace gocpp::http::detail {

// tchar: "!#$%&'*+-.^_`|~", digits and letters (Go's isTokenTable).
inline bool is_token_byte(unsigned char c) {
    if (c >= '0' && c <= '9') return true;
    if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') return true;
    switch (c) {
        case '!':
        case '#':
        case '$':
        case '%':
        case '&':
        case '\'':
        case '*':
        case '+':
        case '-':
        case '.':
        case '^':
        case '_':
        case '`':
        case '|':
        case '~':
            return true;
        default:
            return false;
    }
}

inline bool is_token(std::string_view s) {
    if (s.empty()) return false;
    for (unsigned char c : s)
        if (!is_token_byte(c)) return false;
    return true;
}

// textproto.TrimString: strips ASCII spaces and tabs (and CR/LF) at both ends.
inline std::string_view trim_ows(std::string_view s) {
    auto ws = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
    while (!s.empty() && ws(s.front()))
        s.remove_prefix(1);
    while (!s.empty() && ws(s.back()))
        s.remove_suffix(1);
    return s;
}

// Go's Header.Write: CR and LF in a value become spaces, then the value is
// trimmed.
inline std::string header_value_for_wire(std::string_view v) {
    std::string out(v);
    for (char& c : out)
        if (c == '\r' || c == '\n') c = ' ';
    return std::string(trim_ows(out));
}

inline char ascii_lower(char c) {
    return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c;
}
inline bool equal_fold(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); i++)
        if (ascii_lower(a[i]) != ascii_lower(b[i])) return false;
    return true;
}

// Go's hasToken: whether the comma-separated list v holds token (case
// insensitive).
inline bool has_token(std::string_view v, std::string_view token) {
    std::size_t pos = 0;
    while (pos <= v.size()) {
        std::size_t end = v.find(',', pos);
        if (end == std::string_view::npos) end = v.size();
        if (equal_fold(trim_ows(v.substr(pos, end - pos)), token)) return true;
        pos = end + 1;
    }
    return false;
}

// Go's strconv.Quote (%q of a string): quotes, with backslashes, quotes
// and ASCII control bytes escaped (url.cpp).
std::string go_quote(std::string_view s);

}  // namespace gocpp::http::detail
