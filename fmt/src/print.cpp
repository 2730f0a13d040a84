// The print engine, after Go's fmt/print.go: which verbs each kind takes,
// Printf's format parsing (flags, width, precision, *, argument indexes)
// with its error forms, Print's and Println's spacing, the output writes,
// and Errorf.
#include "format.hpp"

#include <gocpp/errors.hpp>
#include <gocpp/fmt.hpp>
#include <gocpp/time/format.hpp>

#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <iostream>

namespace gocpp::fmt::detail {

namespace {

constexpr std::string_view nil_angle = "<nil>";

bool too_large(int x) {
    constexpr int max = 1'000'000;
    return x > max || x < -max;
}

struct parsed_num {
    int num = 0;
    bool is_num = false;
    std::size_t next = 0;
};

// Go's parsenum: the decimal number at format[start:end).
parsed_num parse_num(std::string_view s, std::size_t start, std::size_t end) {
    parsed_num r;
    if (start >= end) {
        r.next = end;
        return r;
    }
    for (r.next = start; r.next < end && '0' <= s[r.next] && s[r.next] <= '9'; ++r.next) {
        if (too_large(r.num)) return {0, false, end};  // overflow
        r.num = r.num * 10 + (s[r.next] - '0');
        r.is_num = true;
    }
    return r;
}

}  // namespace

void printer::write_rune(char32_t r) {
    append_rune(buf, r);
}

void printer::bad_verb(char32_t verb) {
    erroring = true;
    buf += "%!";
    write_rune(verb);
    buf.push_back('(');
    if (current != nullptr && !current->is_nil) {
        buf += current->type(current->obj);
        buf.push_back('=');
        const arg* self = current;
        self->print(*this, self->obj, 'v', 0);
        current = self;
    } else {
        buf += nil_angle;
    }
    buf.push_back(')');
    erroring = false;
}

void printer::bad_verb_nil(char32_t verb) {
    buf += "%!";
    write_rune(verb);
    buf += "(<nil>)";
}

void printer::print_nil(char32_t verb) {
    if (verb == 'T' || verb == 'v') {
        pad(nil_angle);
    } else {
        bad_verb_nil(verb);
    }
}

void printer::print_bool(bool v, char32_t verb) {
    if (verb == 't' || verb == 'v') {
        fmt_boolean(v);
    } else {
        bad_verb(verb);
    }
}

void printer::fmt_0x64(std::uint64_t v, bool leading_0x) {
    const bool sharp = f.sharp;
    f.sharp = leading_0x;
    fmt_integer(v, 16, false, 'v', false);
    f.sharp = sharp;
}

void printer::print_integer(std::uint64_t v, bool is_signed, char32_t verb) {
    switch (verb) {
        case 'v':
            if (f.sharp_v && !is_signed) {
                fmt_0x64(v, true);
            } else {
                fmt_integer(v, 10, is_signed, verb, false);
            }
            break;
        case 'd':
            fmt_integer(v, 10, is_signed, verb, false);
            break;
        case 'b':
            fmt_integer(v, 2, is_signed, verb, false);
            break;
        case 'o':
        case 'O':
            fmt_integer(v, 8, is_signed, verb, false);
            break;
        case 'x':
            fmt_integer(v, 16, is_signed, verb, false);
            break;
        case 'X':
            fmt_integer(v, 16, is_signed, verb, true);
            break;
        case 'c':
            fmt_c(v);
            break;
        case 'q':
            fmt_qc(v);
            break;
        case 'U':
            fmt_unicode(v);
            break;
        default:
            bad_verb(verb);
    }
}

void printer::print_float(double v, int size, char32_t verb) {
    switch (verb) {
        case 'v':
            fmt_float(v, size, 'g', -1);
            break;
        case 'b':
        case 'g':
        case 'G':
        case 'x':
        case 'X':
            fmt_float(v, size, verb, -1);
            break;
        case 'f':
        case 'e':
        case 'E':
            fmt_float(v, size, verb, 6);
            break;
        case 'F':
            fmt_float(v, size, 'f', 6);
            break;
        default:
            bad_verb(verb);
    }
}

void printer::print_string(std::string_view v, char32_t verb) {
    switch (verb) {
        case 'v':
            if (f.sharp_v) {
                fmt_q(v);
            } else {
                fmt_s(v);
            }
            break;
        case 's':
            fmt_s(v);
            break;
        case 'x':
            fmt_sbx(v, false);
            break;
        case 'X':
            fmt_sbx(v, true);
            break;
        case 'q':
            fmt_q(v);
            break;
        default:
            bad_verb(verb);
    }
}

void printer::print_bytes(std::string_view v, char32_t verb) {
    switch (verb) {
        case 's':
            pad(truncate(v));
            break;
        case 'x':
            fmt_sbx(v, false);
            break;
        case 'X':
            fmt_sbx(v, true);
            break;
        case 'q':
            fmt_q(v);
            break;
        default:
            bad_verb(verb);
    }
}

void printer::print_pointer(const void* p, char32_t verb, const std::string& go_type) {
    const auto u = reinterpret_cast<std::uintptr_t>(p);
    switch (verb) {
        case 'v':
            if (f.sharp_v) {
                buf.push_back('(');
                buf += go_type;
                buf += ")(";
                if (u == 0) {
                    buf += "nil";
                } else {
                    fmt_0x64(u, true);
                }
                buf.push_back(')');
            } else if (u == 0) {
                pad(nil_angle);
            } else {
                fmt_0x64(u, !f.sharp);
            }
            break;
        case 'p':
            fmt_0x64(u, !f.sharp);
            break;
        case 'b':
        case 'o':
        case 'd':
        case 'x':
        case 'X':
            print_integer(u, false, verb);
            break;
        default:
            bad_verb(verb);
    }
}

void printer::print_arg(const arg& a, char32_t verb) {
    current = &a;
    if (a.is_nil) {
        print_nil(verb);
        return;
    }
    if (verb == 'T') {
        fmt_s(a.type(a.obj));
        return;
    }
    if (verb == 'w') {
        // Errorf's %w: an error operand prints as %v and is remembered.
        if (a.err != nullptr && !*a.err) {
            bad_verb_nil(verb);
            return;
        }
        if (a.err == nullptr || !wrap_errs) {
            bad_verb(verb);
            return;
        }
        wrapped.push_back(*a.err);
        verb = 'v';
    }
    if (verb == 'p') {
        // Only pointer-like values take %p; their print function knows.
        a.print(*this, a.obj, 'p', 0);
        return;
    }
    a.print(*this, a.obj, verb, 0);
}

void printer::bad_arg_num(char32_t verb) {
    buf += "%!";
    write_rune(verb);
    buf += "(BADINDEX)";
}

void printer::missing_arg(char32_t verb) {
    buf += "%!";
    write_rune(verb);
    buf += "(MISSING)";
}

void printer::do_print(std::span<const arg> args) {
    bool prev_string = false;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const bool is_string = args[i].is_string;
        // A space between operands when neither is a string.
        if (i > 0 && !is_string && !prev_string) buf.push_back(' ');
        print_arg(args[i], 'v');
        prev_string = is_string;
    }
}

void printer::do_println(std::span<const arg> args) {
    for (std::size_t i = 0; i < args.size(); ++i) {
        if (i > 0) buf.push_back(' ');
        print_arg(args[i], 'v');
    }
    buf.push_back('\n');
}

namespace {

struct int_from_arg {
    int num = 0;
    bool is_int = false;
    std::size_t next = 0;
};

// Go's intFromArg: a * width or precision.
int_from_arg int_arg(std::span<const arg> args, std::size_t arg_num) {
    int_from_arg r;
    r.next = arg_num;
    if (arg_num < args.size()) {
        const arg& a = args[arg_num];
        if (a.is_int && a.int_value >= -1'000'000 && a.int_value <= 1'000'000) {
            r.num = static_cast<int>(a.int_value);
            r.is_int = true;
        }
        r.next = arg_num + 1;
    }
    return r;
}

}  // namespace

void printer::do_printf(std::string_view format, std::span<const arg> args) {
    const std::size_t end = format.size();
    std::size_t arg_num = 0;
    bool after_index = false;  // the previous item was an index like [3]
    bool reordered = false;
    bool good_arg_num = true;

    // Go's argNumber: an optional [n] at format[i].
    auto arg_number = [&](std::size_t& i) {
        if (i >= end || format[i] != '[') {
            after_index = false;
            return;
        }
        reordered = true;
        // Go's parseArgNumber.
        std::size_t width = 1;
        bool ok = false;
        int index = 0;
        if (end - i >= 3) {
            for (std::size_t j = i + 1; j < end; ++j) {
                if (format[j] == ']') {
                    const parsed_num n = parse_num(format, i + 1, j);
                    if (!n.is_num || n.next != j) {
                        width = j - i + 1;
                    } else {
                        index = n.num - 1;
                        width = j - i + 1;
                        ok = true;
                    }
                    break;
                }
            }
        }
        if (ok && 0 <= index && static_cast<std::size_t>(index) < args.size()) {
            arg_num = static_cast<std::size_t>(index);
            i += width;
            after_index = true;
            return;
        }
        good_arg_num = false;
        i += width;
        after_index = ok;
    };

    for (std::size_t i = 0; i < end;) {
        good_arg_num = true;
        const std::size_t lasti = i;
        i = std::min(format.find('%', i), end);
        if (i > lasti) buf.append(format.substr(lasti, i - lasti));
        if (i >= end) break;
        ++i;  // skip %
        f = flags{};
        bool done = false;
        // Flags, and the fast path for a plain verb.
        for (; i < end; ++i) {
            const char c = format[i];
            if (c == '#') {
                f.sharp = true;
            } else if (c == '0') {
                f.zero = !f.minus;  // only pad with zeros on the left
            } else if (c == '+') {
                f.plus = true;
            } else if (c == '-') {
                f.minus = true;
                f.zero = false;
            } else if (c == ' ') {
                f.space = true;
            } else {
                if ('a' <= c && c <= 'z' && arg_num < args.size()) {
                    if (c == 'v') {
                        f.sharp_v = f.sharp;
                        f.sharp = false;
                        f.plus_v = f.plus;
                        f.plus = false;
                    }
                    print_arg(args[arg_num], static_cast<char32_t>(c));
                    ++arg_num;
                    ++i;
                    done = true;
                }
                break;
            }
        }
        if (done) continue;

        arg_number(i);
        // Width.
        if (i < end && format[i] == '*') {
            ++i;
            const int_from_arg w = int_arg(args, arg_num);
            f.wid = w.num;
            f.wid_present = w.is_int;
            arg_num = w.next;
            if (!f.wid_present) buf += "%!(BADWIDTH)";
            if (f.wid < 0) {
                f.wid = -f.wid;
                f.minus = true;
                f.zero = false;
            }
            after_index = false;
        } else {
            const parsed_num n = parse_num(format, i, end);
            f.wid = n.num;
            f.wid_present = n.is_num;
            i = n.next;
            if (after_index && f.wid_present) good_arg_num = false;  // "%[3]2d"
        }
        // Precision.
        if (i + 1 < end && format[i] == '.') {
            ++i;
            if (after_index) good_arg_num = false;  // "%[3].2d"
            arg_number(i);
            if (i < end && format[i] == '*') {
                ++i;
                const int_from_arg p = int_arg(args, arg_num);
                f.prec = p.num;
                f.prec_present = p.is_int;
                arg_num = p.next;
                if (f.prec < 0) {  // a negative precision is no precision
                    f.prec = 0;
                    f.prec_present = false;
                }
                if (!f.prec_present) buf += "%!(BADPREC)";
                after_index = false;
            } else {
                const parsed_num n = parse_num(format, i, end);
                f.prec = n.num;
                f.prec_present = n.is_num;
                i = n.next;
                if (!f.prec_present) {
                    f.prec = 0;
                    f.prec_present = true;
                }
            }
        }
        if (!after_index) arg_number(i);
        if (i >= end) {
            buf += "%!(NOVERB)";
            break;
        }
        char32_t verb = static_cast<unsigned char>(format[i]);
        int size = 1;
        if (verb >= 0x80) {
            const rune_width rw = decode_rune(format.substr(i));
            verb = rw.r;
            size = rw.width;
        }
        i += static_cast<std::size_t>(size);

        if (verb == '%') {
            buf.push_back('%');  // takes no operand and ignores width and precision
        } else if (!good_arg_num) {
            bad_arg_num(verb);
        } else if (arg_num >= args.size()) {
            missing_arg(verb);
        } else {
            if (verb == 'v') {
                f.sharp_v = f.sharp;
                f.sharp = false;
                f.plus_v = f.plus;
                f.plus = false;
            }
            print_arg(args[arg_num], verb);
            ++arg_num;
        }
    }

    // Extra arguments, unless the format picked them by index.
    if (!reordered && arg_num < args.size()) {
        f = flags{};
        buf += "%!(EXTRA ";
        for (std::size_t k = arg_num; k < args.size(); ++k) {
            if (k > arg_num) buf += ", ";
            const arg& a = args[k];
            if (a.is_nil) {
                buf += nil_angle;
            } else {
                buf += a.type(a.obj);
                buf.push_back('=');
                print_arg(a, 'v');
            }
        }
        buf.push_back(')');
    }
}

void print_any(printer& p, const gocpp::any& v, char32_t verb, int depth) {
    if (v.is_nil()) {
        p.print_nil(verb);
    } else if (const auto* s = v.as<std::string>()) {
        print_value(p, *s, verb, depth);
    } else if (const auto* i = v.as<int>()) {
        print_value(p, *i, verb, depth);
    } else if (const auto* l = v.as<long>()) {
        print_value(p, *l, verb, depth);
    } else if (const auto* d = v.as<double>()) {
        print_value(p, *d, verb, depth);
    } else if (const auto* b = v.as<bool>()) {
        print_value(p, *b, verb, depth);
    } else if (const auto* e = v.as<error>()) {
        print_value(p, *e, verb, depth);
    } else if (verb == 'v' || verb == 's' || p.erroring) {
        std::ostringstream os;
        os << v;
        p.pad_string(os.str());
    } else {
        p.bad_verb(verb);
    }
}

std::string error_type_name(const error_interface& e) {
    // The library's own error types by their Go names.
    const std::string name = gocpp::detail::demangle(typeid(e).name());
    static constexpr std::pair<std::string_view, std::string_view> go_names[] = {
        {"::error_string", "*errors.errorString"},
        {"::wrapped_error", "*fmt.wrapError"},
        {"::wrapped_errors", "*fmt.wrapErrors"},
        {"::join_error", "*errors.joinError"},
    };
    if (name.starts_with("gocpp::")) {
        for (const auto& [suffix, go_name] : go_names)
            if (name.ends_with(suffix)) return std::string(go_name);
    }
    return "*" + name;
}

std::string duration_string(std::int64_t ns) {
    return time::duration_string(time::Duration(ns));
}

// ---- entry points ------------------------------------------------------------

std::string sprint_args(std::span<const arg> args) {
    printer p;
    p.do_print(args);
    return std::move(p.buf);
}

std::string sprintln_args(std::span<const arg> args) {
    printer p;
    p.do_println(args);
    return std::move(p.buf);
}

std::string sprintf_args(std::string_view format, std::span<const arg> args) {
    printer p;
    // Room for the format and a short value per argument: one allocation
    // instead of growing out of the small-string buffer.
    p.buf.reserve(format.size() + 8 * args.size());
    p.do_printf(format, args);
    return std::move(p.buf);
}

void write_stdout(std::string_view text) {
    // Whatever the program wrote through std::cout or stdio comes first.
    std::cout.flush();
    std::fflush(stdout);
    const char* data = text.data();
    std::size_t left = text.size();
    while (left > 0) {
        const ssize_t n = ::write(STDOUT_FILENO, data, left);
        if (n < 0) {
            if (errno == EINTR) continue;
            return;  // Go's Println returns the error; nobody looks at it
        }
        data += n;
        left -= static_cast<std::size_t>(n);
    }
}

void write_stream(std::ostream& os, std::string_view text) {
    os.write(text.data(), static_cast<std::streamsize>(text.size()));
    // std::cout stays line-buffered as Go's unbuffered os.Stdout looks.
    if (&os == &std::cout || &os == &std::cerr) os.flush();
}

error errorf_args(std::string_view format, std::span<const arg> args) {
    printer p;
    p.wrap_errs = true;
    p.do_printf(format, args);
    // Go's *errors.errorString, *fmt.wrapError or Go 1.20's *fmt.wrapErrors.
    if (p.wrapped.empty()) return errors::new_(std::move(p.buf));
    if (p.wrapped.size() == 1) return errors::wrap(std::move(p.buf), std::move(p.wrapped[0]));
    return errors::wrap(std::move(p.buf), std::move(p.wrapped));
}

}  // namespace gocpp::fmt::detail
