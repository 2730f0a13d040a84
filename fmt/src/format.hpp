// UTF-8 and strconv helpers shared by the fmt sources.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace gocpp::fmt::detail {

inline constexpr char32_t rune_error = 0xFFFD;

struct rune_width {
    char32_t r;
    int width;
};

// Go's utf8.DecodeRuneInString: an invalid or short sequence is
// (RuneError, 1). s must not be empty.
rune_width decode_rune(std::string_view s) noexcept;
// Go's utf8.AppendRune: invalid runes become U+FFFD.
void append_rune(std::string& out, char32_t r);
// Go's utf8.RuneCountInString.
int rune_count(std::string_view s) noexcept;
// Go's unicode.IsPrint.
bool is_print(char32_t r) noexcept;
// Go's strconv.Quote (ascii_only: QuoteToASCII).
void append_quote(std::string& out, std::string_view s, bool ascii_only);
// Go's strconv.QuoteRune (ascii_only: QuoteRuneToASCII).
void append_quote_rune(std::string& out, char32_t r, bool ascii_only);
// Go's strconv.CanBackquote.
bool can_backquote(std::string_view s) noexcept;
// Go's strconv.AppendFloat(out, v, fmt, prec, size).
void append_float(std::string& out, double v, char fmt, int prec, int size);

}  // namespace gocpp::fmt::detail
