// The formatting primitives, after Go's fmt/format.go and the parts of
// strconv it uses (AppendFloat, AppendQuote): integers in any base with
// width, precision, sign and # prefixes; strings with truncation, %x and
// quoting; floats from std::to_chars' correctly rounded digits laid out by
// Go's %e/%f/%g rules.
#include "format.hpp"

#include <gocpp/fmt/detail/printer.hpp>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstring>
#include <iterator>

namespace gocpp::fmt::detail {

namespace {

constexpr char lower_digits[] = "0123456789abcdefx";
constexpr char upper_digits[] = "0123456789ABCDEFX";

}  // namespace

// ---- UTF-8 ------------------------------------------------------------------

rune_width decode_rune(std::string_view s) noexcept {
    const auto b0 = static_cast<unsigned char>(s[0]);
    if (b0 < 0x80) return {b0, 1};
    auto cont = [&](std::size_t i) {
        return i < s.size() && (static_cast<unsigned char>(s[i]) & 0xC0) == 0x80;
    };
    auto bits = [&](std::size_t i) { return static_cast<char32_t>(s[i] & 0x3F); };
    if (b0 >= 0xC2 && b0 <= 0xDF && cont(1)) {
        return {(static_cast<char32_t>(b0 & 0x1F) << 6) | bits(1), 2};
    }
    if (b0 >= 0xE0 && b0 <= 0xEF && cont(1) && cont(2)) {
        const char32_t r = (static_cast<char32_t>(b0 & 0x0F) << 12) | (bits(1) << 6) | bits(2);
        if (r >= 0x800 && (r < 0xD800 || r > 0xDFFF)) return {r, 3};
    }
    if (b0 >= 0xF0 && b0 <= 0xF4 && cont(1) && cont(2) && cont(3)) {
        const char32_t r =
            (static_cast<char32_t>(b0 & 0x07) << 18) | (bits(1) << 12) | (bits(2) << 6) | bits(3);
        if (r >= 0x10000 && r <= 0x10FFFF) return {r, 4};
    }
    return {rune_error, 1};
}

void append_rune(std::string& out, char32_t r) {
    if (r > 0x10FFFF || (r >= 0xD800 && r <= 0xDFFF)) r = rune_error;
    if (r < 0x80) {
        out.push_back(static_cast<char>(r));
    } else if (r < 0x800) {
        out.push_back(static_cast<char>(0xC0 | (r >> 6)));
        out.push_back(static_cast<char>(0x80 | (r & 0x3F)));
    } else if (r < 0x10000) {
        out.push_back(static_cast<char>(0xE0 | (r >> 12)));
        out.push_back(static_cast<char>(0x80 | ((r >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (r & 0x3F)));
    } else {
        out.push_back(static_cast<char>(0xF0 | (r >> 18)));
        out.push_back(static_cast<char>(0x80 | ((r >> 12) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | ((r >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (r & 0x3F)));
    }
}

int rune_count(std::string_view s) noexcept {
    int n = 0;
    for (std::size_t i = 0; i < s.size(); ++n) {
        i += static_cast<unsigned char>(s[i]) < 0x80 ? 1 : decode_rune(s.substr(i)).width;
    }
    return n;
}

// Go's unicode.IsPrint: letters, marks, numbers, punctuation, symbols and
// the ASCII space, from Go's own Unicode tables (isprint_ranges.inc).
bool is_print(char32_t r) noexcept {
    struct range {
        char32_t lo, hi;
    };
    static constexpr range ranges[] = {
#include "isprint_ranges.inc"
    };
    if (r < 0x80) return r >= 0x20 && r < 0x7F;
    const auto* it = std::upper_bound(std::begin(ranges), std::end(ranges), r,
                                      [](char32_t v, const range& x) { return v < x.lo; });
    return it != std::begin(ranges) && r <= (it - 1)->hi;
}

namespace {

void append_hex(std::string& out, std::uint32_t v, int digits) {
    for (int shift = (digits - 1) * 4; shift >= 0; shift -= 4)
        out.push_back(lower_digits[(v >> shift) & 0xF]);
}

// Go's strconv.appendEscapedRune (graphicOnly false).
void append_escaped_rune(std::string& out, char32_t r, char quote, bool ascii_only) {
    if (r == static_cast<char32_t>(quote) || r == '\\') {
        out.push_back('\\');
        out.push_back(static_cast<char>(r));
        return;
    }
    if (ascii_only ? (r < 0x80 && is_print(r)) : is_print(r)) {
        append_rune(out, r);
        return;
    }
    switch (r) {
        case '\a':
            out += "\\a";
            return;
        case '\b':
            out += "\\b";
            return;
        case '\f':
            out += "\\f";
            return;
        case '\n':
            out += "\\n";
            return;
        case '\r':
            out += "\\r";
            return;
        case '\t':
            out += "\\t";
            return;
        case '\v':
            out += "\\v";
            return;
        default:
            break;
    }
    if (r < ' ' || r == 0x7F) {
        out += "\\x";
        append_hex(out, r, 2);
        return;
    }
    if (r > 0x10FFFF || (r >= 0xD800 && r <= 0xDFFF)) r = rune_error;
    if (r < 0x10000) {
        out += "\\u";
        append_hex(out, r, 4);
    } else {
        out += "\\U";
        append_hex(out, r, 8);
    }
}

}  // namespace

void append_quote(std::string& out, std::string_view s, bool ascii_only) {
    out.push_back('"');
    for (std::size_t i = 0; i < s.size();) {
        // Printable ASCII other than the quote and the backslash goes out as
        // it is, a run at a time: most quoted strings are nothing else.
        std::size_t j = i;
        while (j < s.size() && s[j] >= 0x20 && s[j] < 0x7F && s[j] != '"' && s[j] != '\\')
            ++j;
        if (j > i) {
            out.append(s.data() + i, j - i);
            i = j;
            continue;
        }
        const auto b = static_cast<unsigned char>(s[i]);
        rune_width rw{b, 1};
        if (b >= 0x80) rw = decode_rune(s.substr(i));
        if (rw.width == 1 && rw.r == rune_error) {
            out += "\\x";
            append_hex(out, b, 2);
        } else {
            append_escaped_rune(out, rw.r, '"', ascii_only);
        }
        i += rw.width;
    }
    out.push_back('"');
}

void append_quote_rune(std::string& out, char32_t r, bool ascii_only) {
    if (r > 0x10FFFF || (r >= 0xD800 && r <= 0xDFFF)) r = rune_error;
    out.push_back('\'');
    append_escaped_rune(out, r, '\'', ascii_only);
    out.push_back('\'');
}

bool can_backquote(std::string_view s) noexcept {
    for (std::size_t i = 0; i < s.size();) {
        const rune_width rw = decode_rune(s.substr(i));
        i += rw.width;
        if (rw.width > 1) {
            if (rw.r == 0xFEFF) return false;
            continue;
        }
        if (rw.r == rune_error) return false;
        if ((rw.r < ' ' && rw.r != '\t') || rw.r == '`' || rw.r == 0x7F) return false;
    }
    return true;
}

// ---- floats (strconv.AppendFloat) ------------------------------------------

namespace {

// Decimal digits d[0..nd) with the decimal point before digit dp, trailing
// zeros removed (Go's decimalSlice). The digits live in the caller's buffer.
struct digits {
    const char* d = nullptr;
    int n = 0;
    int dp = 0;
    int nd() const { return n; }
};

// Parses to_chars' scientific output "[-]D[.DDD]e±XX" in place: the first
// digit is copied over the point, so the digits are one run in s.
digits parse_scientific(char* s, std::size_t len) {
    digits out;
    char* const end = s + len;
    char* p = s;
    if (*p == '-') ++p;
    // A short scan: at most 17 digits for the shortest form.
    char* e = p;
    while (*e != 'e')
        ++e;
    if (e - p > 1) {  // "D.DDD"
        p[1] = p[0];
        ++p;
    }
    out.d = p;
    out.n = static_cast<int>(e - p);
    while (out.n > 0 && out.d[out.n - 1] == '0')
        --out.n;
    // "e+XX", "e-XX" or with three digits.
    const bool negative_exp = e[1] == '-';
    int exp = 0;
    for (const char* c = e + 2; c < end; ++c)
        exp = exp * 10 + (*c - '0');
    if (negative_exp) exp = -exp;
    out.dp = out.n == 0 ? 0 : exp + 1;
    return out;
}

// The shortest digits that read back as v (float32's if size is 32), in buf.
digits shortest_digits(double v, int size, char (&buf)[64]) {
    std::to_chars_result r =
        size == 32 ? std::to_chars(buf, buf + sizeof buf, static_cast<float>(v),
                                   std::chars_format::scientific)
                   : std::to_chars(buf, buf + sizeof buf, v, std::chars_format::scientific);
    return parse_scientific(buf, static_cast<std::size_t>(r.ptr - buf));
}

// v rounded to n significant digits (n >= 1), in buf.
digits rounded_digits(double v, int n, std::string& buf) {
    buf.assign(static_cast<std::size_t>(n) + 32, '\0');
    auto r =
        std::to_chars(buf.data(), buf.data() + buf.size(), v, std::chars_format::scientific, n - 1);
    return parse_scientific(buf.data(), static_cast<std::size_t>(r.ptr - buf.data()));
}

void fmt_e(std::string& out, bool neg, const digits& d, int prec, char fmt) {
    if (neg) out.push_back('-');
    out.push_back(d.nd() != 0 ? d.d[0] : '0');
    if (prec > 0) {
        out.push_back('.');
        int i = 1;
        const int m = std::min(d.nd(), prec + 1);
        if (i < m) {
            out.append(d.d + 1, static_cast<std::size_t>(m - 1));
            i = m;
        }
        for (; i <= prec; ++i)
            out.push_back('0');
    }
    out.push_back(fmt);
    int exp = d.nd() == 0 ? 0 : d.dp - 1;
    out.push_back(exp < 0 ? '-' : '+');
    if (exp < 0) exp = -exp;
    if (exp < 10) {
        out.push_back('0');
        out.push_back(static_cast<char>('0' + exp));
    } else if (exp < 100) {
        out.push_back(static_cast<char>('0' + exp / 10));
        out.push_back(static_cast<char>('0' + exp % 10));
    } else {
        out.push_back(static_cast<char>('0' + exp / 100));
        out.push_back(static_cast<char>('0' + exp / 10 % 10));
        out.push_back(static_cast<char>('0' + exp % 10));
    }
}

void fmt_f(std::string& out, bool neg, const digits& d, int prec) {
    if (neg) out.push_back('-');
    if (d.dp > 0) {
        const int m = std::min(d.nd(), d.dp);
        out.append(d.d, static_cast<std::size_t>(m));
        out.append(static_cast<std::size_t>(d.dp - m), '0');
    } else {
        out.push_back('0');
    }
    if (prec > 0) {
        out.push_back('.');
        // Digits dp .. dp+prec: zeros before the first digit (dp < 0), the
        // digits there are, then zeros after the last.
        int j = d.dp;
        const int stop = d.dp + prec;
        if (j < 0) {
            const int zeros = std::min(-j, prec);
            out.append(static_cast<std::size_t>(zeros), '0');
            j += zeros;
        }
        if (j < d.nd() && j < stop) {
            const int m = std::min(d.nd(), stop);
            out.append(d.d + j, static_cast<std::size_t>(m - j));
            j = m;
        }
        out.append(static_cast<std::size_t>(stop - j), '0');
    }
}

struct float_bits {
    bool neg;
    std::uint64_t mant;
    int exp;
    int mantbits;
};

float_bits decompose(double v, int size) {
    float_bits b{};
    if (size == 32) {
        std::uint32_t bits;
        const float f = static_cast<float>(v);
        std::memcpy(&bits, &f, sizeof bits);
        b.neg = (bits >> 31) != 0;
        b.exp = static_cast<int>((bits >> 23) & 0xFF);
        b.mant = bits & ((1u << 23) - 1);
        b.mantbits = 23;
        if (b.exp == 0) {
            b.exp++;
        } else {
            b.mant |= std::uint64_t{1} << 23;
        }
        b.exp -= 127;
    } else {
        std::uint64_t bits;
        std::memcpy(&bits, &v, sizeof bits);
        b.neg = (bits >> 63) != 0;
        b.exp = static_cast<int>((bits >> 52) & 0x7FF);
        b.mant = bits & ((std::uint64_t{1} << 52) - 1);
        b.mantbits = 52;
        if (b.exp == 0) {
            b.exp++;
        } else {
            b.mant |= std::uint64_t{1} << 52;
        }
        b.exp -= 1023;
    }
    return b;
}

// %b: decimal mantissa, p, binary exponent (strconv's fmtB).
void fmt_b(std::string& out, const float_bits& b) {
    if (b.neg) out.push_back('-');
    out += std::to_string(b.mant);
    out.push_back('p');
    const int exp = b.exp - b.mantbits;
    if (exp >= 0) out.push_back('+');
    out += std::to_string(exp);
}

// %x: 0x1.ffp+05 (strconv's fmtX).
void fmt_x(std::string& out, int prec, char fmt, const float_bits& b) {
    std::uint64_t mant = b.mant;
    int exp = mant == 0 ? 0 : b.exp;
    const std::uint64_t bit60 = std::uint64_t{1} << 60;
    mant <<= 60 - b.mantbits;
    while (mant != 0 && (mant & bit60) == 0) {
        mant <<= 1;
        exp--;
    }
    if (prec >= 0 && prec < 15) {
        const unsigned shift = static_cast<unsigned>(prec * 4);
        const std::uint64_t extra = (mant << shift) & (bit60 - 1);
        mant >>= 60 - shift;
        if ((extra | (mant & 1)) > (std::uint64_t{1} << 59)) mant++;
        mant <<= 60 - shift;
        if ((mant & (std::uint64_t{1} << 61)) != 0) {
            mant >>= 1;
            exp++;
        }
    }
    const char* hex = fmt == 'X' ? upper_digits : lower_digits;
    if (b.neg) out.push_back('-');
    out.push_back('0');
    out.push_back(fmt);
    out.push_back(static_cast<char>('0' + ((mant >> 60) & 1)));
    mant <<= 4;
    if (prec < 0 && mant != 0) {
        out.push_back('.');
        while (mant != 0) {
            out.push_back(hex[(mant >> 60) & 15]);
            mant <<= 4;
        }
    } else if (prec > 0) {
        out.push_back('.');
        for (int i = 0; i < prec; ++i) {
            out.push_back(hex[(mant >> 60) & 15]);
            mant <<= 4;
        }
    }
    out.push_back(fmt == 'X' ? 'P' : 'p');
    if (exp < 0) {
        out.push_back('-');
        exp = -exp;
    } else {
        out.push_back('+');
    }
    if (exp < 10) out.push_back('0');
    out += std::to_string(exp);
}

}  // namespace

void append_float(std::string& out, double v, char fmt, int prec, int size) {
    if (std::isnan(v)) {
        out += "NaN";
        return;
    }
    if (std::isinf(v)) {
        out += v > 0 ? "+Inf" : "-Inf";
        return;
    }
    if (fmt == 'b') {
        fmt_b(out, decompose(v, size));
        return;
    }
    if (fmt == 'x' || fmt == 'X') {
        fmt_x(out, prec, fmt, decompose(v, size));
        return;
    }
    const bool neg = std::signbit(v);
    const double a = std::fabs(v);
    const bool shortest = prec < 0;
    if (fmt == 'f' && !shortest) {
        // Correctly rounded fixed notation is exactly Go's fmtF.
        std::string buf(static_cast<std::size_t>(prec) + 330, '\0');
        auto r =
            std::to_chars(buf.data(), buf.data() + buf.size(), a, std::chars_format::fixed, prec);
        if (neg) out.push_back('-');
        out.append(buf.data(), static_cast<std::size_t>(r.ptr - buf.data()));
        return;
    }
    digits d;
    char shortest_buf[64];
    std::string rounded_buf;
    if (shortest) {
        d = shortest_digits(a, size, shortest_buf);
        if (fmt == 'e' || fmt == 'E') {
            prec = std::max(d.nd() - 1, 0);
        } else if (fmt == 'f') {
            prec = std::max(d.nd() - d.dp, 0);
        } else {
            prec = d.nd();
        }
    } else if (fmt == 'e' || fmt == 'E') {
        d = rounded_digits(a, prec + 1, rounded_buf);
    } else {
        if (prec == 0) prec = 1;
        d = rounded_digits(a, prec, rounded_buf);
    }
    switch (fmt) {
        case 'e':
        case 'E':
            fmt_e(out, neg, d, prec, fmt);
            return;
        case 'f':
            fmt_f(out, neg, d, prec);
            return;
        default: {  // g, G
            int eprec = prec;
            if (eprec > d.nd() && d.nd() >= d.dp) eprec = d.nd();
            // %e is used if the exponent from the conversion is less than -4 or
            // greater than or equal to the precision; shortest decides with 6.
            if (shortest) eprec = 6;
            const int exp = d.dp - 1;
            if (exp < -4 || exp >= eprec) {
                if (prec > d.nd()) prec = d.nd();
                fmt_e(out, neg, d, prec - 1, fmt == 'g' ? 'e' : 'E');
                return;
            }
            if (prec > d.dp) prec = d.nd();
            fmt_f(out, neg, d, std::max(prec - d.dp, 0));
        }
    }
}

// ---- printer primitives (fmt/format.go) ------------------------------------

void printer::write_padding(int n) {
    if (n <= 0) return;
    buf.append(static_cast<std::size_t>(n), f.zero ? '0' : ' ');
}

void printer::pad(std::string_view s) {
    if (!f.wid_present || f.wid == 0) {
        buf.append(s);
        return;
    }
    const int width = f.wid - rune_count(s);
    if (!f.minus) {
        write_padding(width);
        buf.append(s);
    } else {
        buf.append(s);
        write_padding(width);
    }
}

void printer::pad_string(std::string_view s) {
    pad(s);
}

void printer::fmt_boolean(bool v) {
    pad(v ? "true" : "false");
}

void printer::fmt_unicode(std::uint64_t u) {
    std::string out = "U+";
    char hex[17];
    int n = 0;
    std::uint64_t x = u;
    do {
        hex[n++] = upper_digits[x & 0xF];
        x >>= 4;
    } while (x != 0);
    const int prec = f.prec_present && f.prec > 4 ? f.prec : 4;
    for (int i = n; i < prec; ++i)
        out.push_back('0');
    while (n > 0)
        out.push_back(hex[--n]);
    if (f.sharp && u <= 0x10FFFF && is_print(static_cast<char32_t>(u))) {
        out += " '";
        append_rune(out, static_cast<char32_t>(u));
        out.push_back('\'');
    }
    const bool old_zero = f.zero;
    f.zero = false;
    pad(out);
    f.zero = old_zero;
}

void printer::fmt_integer(std::uint64_t u, int base, bool is_signed, char32_t verb, bool upper) {
    if (base == 10 && !f.wid_present && !f.prec_present && !f.plus && !f.space) {
        // The common %d and %v: no sign to place and nothing to pad (# does
        // nothing in base 10), so the digits go straight into the output.
        char dec[24];
        const auto r = is_signed
                           ? std::to_chars(dec, dec + sizeof dec, static_cast<std::int64_t>(u))
                           : std::to_chars(dec, dec + sizeof dec, u);
        buf.append(dec, r.ptr);
        return;
    }
    const char* digits = upper ? upper_digits : lower_digits;
    const bool negative = is_signed && static_cast<std::int64_t>(u) < 0;
    if (negative) u = -u;
    int prec = 0;
    if (f.prec_present) {
        prec = f.prec;
        // %.0d of 0 prints nothing but the padding.
        if (prec == 0 && u == 0) {
            const bool old_zero = f.zero;
            f.zero = false;
            write_padding(f.wid);
            f.zero = old_zero;
            return;
        }
    } else if (f.zero && f.wid_present) {
        prec = f.wid;
        if (negative || f.plus || f.space) prec--;  // leave room for the sign
    }
    // Built backwards from the end, on the stack unless a precision asks for
    // more than 64 digits (64 binary digits, a sign and a prefix fit in 72).
    const std::size_t size = static_cast<std::size_t>(std::max(prec, 0)) + 72;
    char small[136];
    std::string large;
    if (size > sizeof small) large.resize(size);
    char* tmp = size > sizeof small ? large.data() : small;
    std::size_t i = size;
    switch (base) {
        case 10:
            while (u >= 10) {
                tmp[--i] = static_cast<char>('0' + u % 10);
                u /= 10;
            }
            break;
        case 16:
            while (u >= 16) {
                tmp[--i] = digits[u & 0xF];
                u >>= 4;
            }
            break;
        case 8:
            while (u >= 8) {
                tmp[--i] = static_cast<char>('0' + (u & 7));
                u >>= 3;
            }
            break;
        default:
            while (u >= 2) {
                tmp[--i] = static_cast<char>('0' + (u & 1));
                u >>= 1;
            }
            break;
    }
    tmp[--i] = digits[u];
    while (i > 0 && prec > static_cast<int>(size - i))
        tmp[--i] = '0';
    if (f.sharp) {
        switch (base) {
            case 2:
                tmp[--i] = 'b';
                tmp[--i] = '0';
                break;
            case 8:
                if (tmp[i] != '0') tmp[--i] = '0';
                break;
            case 16:
                tmp[--i] = digits[16];
                tmp[--i] = '0';
                break;
            default:
                break;
        }
    }
    if (verb == 'O') {
        tmp[--i] = 'o';
        tmp[--i] = '0';
    }
    if (negative) {
        tmp[--i] = '-';
    } else if (f.plus) {
        tmp[--i] = '+';
    } else if (f.space) {
        tmp[--i] = ' ';
    }
    // The zero flag was turned into precision above.
    const bool old_zero = f.zero;
    f.zero = false;
    pad(std::string_view(tmp + i, size - i));
    f.zero = old_zero;
}

std::string_view printer::truncate(std::string_view s) const {
    if (f.prec_present) {
        int n = f.prec;
        for (std::size_t i = 0; i < s.size();) {
            if (--n < 0) return s.substr(0, i);
            i += static_cast<unsigned char>(s[i]) < 0x80 ? 1 : decode_rune(s.substr(i)).width;
        }
    }
    return s;
}

void printer::fmt_s(std::string_view s) {
    pad(truncate(s));
}

void printer::fmt_sbx(std::string_view s, bool upper) {
    const char* digits = upper ? upper_digits : lower_digits;
    int length = static_cast<int>(s.size());
    if (f.prec_present && f.prec < length) length = f.prec;
    // The width of the encoding, to pad it.
    int width = 2 * length;
    if (width > 0) {
        if (f.space) {
            if (f.sharp) width *= 2;
            width += length - 1;
        } else if (f.sharp) {
            width += 2;
        }
    } else {
        if (f.wid_present) write_padding(f.wid);
        return;
    }
    if (f.wid_present && f.wid > width && !f.minus) write_padding(f.wid - width);
    if (f.sharp) {
        buf.push_back('0');
        buf.push_back(digits[16]);
    }
    for (int i = 0; i < length; ++i) {
        if (f.space && i > 0) {
            buf.push_back(' ');
            if (f.sharp) {
                buf.push_back('0');
                buf.push_back(digits[16]);
            }
        }
        const auto c = static_cast<unsigned char>(s[static_cast<std::size_t>(i)]);
        buf.push_back(digits[c >> 4]);
        buf.push_back(digits[c & 0xF]);
    }
    if (f.wid_present && f.wid > width && f.minus) write_padding(f.wid - width);
}

void printer::fmt_q(std::string_view s) {
    s = truncate(s);
    if (!f.sharp && !f.wid_present) {  // nothing to pad: quote straight into the output
        append_quote(buf, s, f.plus);
        return;
    }
    if (f.sharp && can_backquote(s)) {
        std::string q;
        q.reserve(s.size() + 2);
        q.push_back('`');
        q.append(s);
        q.push_back('`');
        pad(q);
        return;
    }
    std::string q;
    q.reserve(s.size() + 2);
    append_quote(q, s, f.plus);
    pad(q);
}

void printer::fmt_c(std::uint64_t c) {
    std::string s;
    append_rune(s, c > 0x10FFFF ? rune_error : static_cast<char32_t>(c));
    pad(s);
}

void printer::fmt_qc(std::uint64_t c) {
    std::string s;
    append_quote_rune(s, c > 0x10FFFF ? rune_error : static_cast<char32_t>(c), f.plus);
    pad(s);
}

void printer::fmt_float(double v, int size, char32_t verb, int prec) {
    if (f.prec_present) prec = f.prec;
    if (!f.plus && !f.space && !f.sharp && !f.wid_present && std::isfinite(v)) {
        // No sign to place and nothing to pad: the number as strconv gives it.
        append_float(buf, v, static_cast<char>(verb), prec, size);
        return;
    }
    // The number, with room for a leading sign in num[0].
    std::string num = "+";
    append_float(num, v, static_cast<char>(verb), prec, size);
    if (num[1] == '-' || num[1] == '+') {
        num.erase(0, 1);
    } else {
        num[0] = '+';
    }
    // A space flag puts a space where a + would be.
    if (f.space && num[0] == '+' && !f.plus) num[0] = ' ';
    // Infinities and NaN are never padded with zeros.
    if (num[1] == 'I' || num[1] == 'N') {
        const bool old_zero = f.zero;
        f.zero = false;
        if (num[1] == 'N' && !f.space && !f.plus) num.erase(0, 1);
        pad(num);
        f.zero = old_zero;
        return;
    }
    // # keeps the decimal point and, for %g, the trailing zeros.
    if (f.sharp && verb != 'b') {
        int digits = 0;
        if (verb == 'v' || verb == 'g' || verb == 'G' || verb == 'x') {
            digits = prec;
            if (digits == -1) digits = 6;  // %e is used by the shortest form
        }
        std::string tail;
        bool has_decimal_point = false;
        bool saw_nonzero_digit = false;
        for (std::size_t i = 1; i < num.size(); ++i) {
            const char c = num[i];
            if (c == '.') {
                has_decimal_point = true;
            } else if (c == 'p' || c == 'P' ||
                       ((c == 'e' || c == 'E') && verb != 'x' && verb != 'X')) {
                tail = num.substr(i);
                num.resize(i);
                break;
            } else {
                if (c != '0') saw_nonzero_digit = true;
                if (saw_nonzero_digit) digits--;
            }
        }
        if (!has_decimal_point) {
            // A leading 0 counts as a digit of the precision.
            if (num.size() == 2 && num[1] == '0') digits--;
            num.push_back('.');
        }
        for (; digits > 0; --digits)
            num.push_back('0');
        num += tail;
    }
    if (f.plus || num[0] != '+') {
        // Zero padding goes after the sign.
        if (f.zero && f.wid_present && f.wid > static_cast<int>(num.size())) {
            buf.push_back(num[0]);
            write_padding(f.wid - static_cast<int>(num.size()));
            buf.append(num, 1);
            return;
        }
        pad(num);
        return;
    }
    pad(std::string_view(num).substr(1));
}

}  // namespace gocpp::fmt::detail
