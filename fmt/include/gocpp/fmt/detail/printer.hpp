// gocpp/fmt/detail/printer.hpp — the machinery under gocpp/fmt.hpp. Not for
// direct use.
//
// Go's fmt finds out what an argument is with reflection; here each argument
// becomes an `arg`: its address, a function instantiated for its type that
// prints it for a verb, and the few facts the engine needs without knowing
// the type (its Go type name, whether it is a string, its value if it is an
// integer). The engine (fmt/src) parses the format and does the number,
// string and padding work once for every type; print_value<T> below only
// decides which of the engine's primitives a type maps to, recursing into
// elements as Go's printValue does.
#pragma once

#include <gocpp/any.hpp>
#include <gocpp/chan.hpp>
#include <gocpp/context/context.hpp>
#include <gocpp/error.hpp>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdint>
#include <deque>
#include <list>
#include <map>
#include <memory>
#include <span>
#include <sstream>
#include <string>
#include <string_view>
#include <type_traits>
#include <typeinfo>
#include <unordered_map>
#include <utility>
#include <vector>

namespace gocpp::fmt::detail {

class printer;

// One argument of a print call, type-erased.
struct arg {
    const void* obj = nullptr;
    void (*print)(printer&, const void* obj, char32_t verb, int depth) = nullptr;
    std::string (*type)(const void* obj) = nullptr;  // %T
    const error* err = nullptr;                      // set when the argument is a gocpp::error (%w)
    bool is_string = false;                          // Go's Kind() == String: Print's spacing rule
    bool is_int = false;                             // an integer: usable as a * width or precision
    bool is_nil = false;                             // Go's untyped nil (nullptr)
    long long int_value = 0;
};

// Go's fmtFlags plus width and precision.
struct flags {
    bool wid_present = false;
    bool prec_present = false;
    bool minus = false;
    bool plus = false;
    bool sharp = false;
    bool space = false;
    bool zero = false;
    bool plus_v = false;   // %+v
    bool sharp_v = false;  // %#v
    int wid = 0;
    int prec = 0;
};

// Go's pp and fmt together: the output buffer and the current verb's flags.
// Defined in fmt/src/printer.cpp.
class printer {
  public:
    std::string buf;
    flags f;

    // Go's printArg: %T, %p, then the argument's own print function.
    void print_arg(const arg& a, char32_t verb);
    void do_print(std::span<const arg> args);
    void do_println(std::span<const arg> args);
    void do_printf(std::string_view format, std::span<const arg> args);

    // The per-kind printers (Go's pp.fmtBool, fmtInteger, ...); each checks
    // the verb and prints %!verb(type=value) for a verb its kind lacks.
    void print_bool(bool v, char32_t verb);
    void print_integer(std::uint64_t v, bool is_signed, char32_t verb);
    void print_float(double v, int size, char32_t verb);
    void print_string(std::string_view v, char32_t verb);
    // A byte slice or array under %s %q %x %X (Go prints it as a string).
    void print_bytes(std::string_view v, char32_t verb);
    // Pointers, channels: the address, or <nil>.
    void print_pointer(const void* p, char32_t verb, const std::string& go_type);
    // Go's untyped nil: <nil> for %v and %T, %!d(<nil>) otherwise.
    void print_nil(char32_t verb);
    // %!verb(type=value) for the value being printed.
    void bad_verb(char32_t verb);
    // %!verb(<nil>): a verb applied to a nil interface value.
    void bad_verb_nil(char32_t verb);
    // Text already formatted (a Stringer's result under %v needs
    // print_string; this is for brackets and separators).
    void write(std::string_view s) { buf.append(s); }
    void write(char c) { buf.push_back(c); }
    // Writes s padded to the width, for values printed through operator<<.
    void pad_string(std::string_view s);

    // The value being printed, for bad_verb (Go's p.arg / p.value).
    const arg* current = nullptr;
    // Inside bad_verb: Stringers and errors print as their plain value.
    bool erroring = false;
    // errorf: %w is allowed and records its operands here.
    bool wrap_errs = false;
    std::vector<error> wrapped;

  private:
    // Go's fmt/format.go, on buf and f (fmt/src/format.cpp).
    void write_padding(int n);
    void pad(std::string_view s);
    void fmt_boolean(bool v);
    void fmt_unicode(std::uint64_t u);
    void fmt_integer(std::uint64_t u, int base, bool is_signed, char32_t verb, bool upper);
    std::string_view truncate(std::string_view s) const;
    void fmt_s(std::string_view s);
    void fmt_sbx(std::string_view s, bool upper);
    void fmt_q(std::string_view s);
    void fmt_c(std::uint64_t c);
    void fmt_qc(std::uint64_t c);
    void fmt_float(double v, int size, char32_t verb, int prec);
    void fmt_0x64(std::uint64_t v, bool leading_0x);
    void bad_arg_num(char32_t verb);
    void missing_arg(char32_t verb);
    void write_rune(char32_t r);
};

template <class T>
arg make_arg(const T& v);

// ---- what a type is -------------------------------------------------------

template <class T>
struct is_std_vector_like : std::false_type {};
template <class T, class A>
struct is_std_vector_like<std::vector<T, A>> : std::true_type {};
template <class T, class A>
struct is_std_vector_like<std::deque<T, A>> : std::true_type {};
template <class T, class A>
struct is_std_vector_like<std::list<T, A>> : std::true_type {};
template <class T, std::size_t N>
struct is_std_vector_like<std::span<T, N>> : std::true_type {};

template <class T>
struct is_std_array : std::false_type {};
template <class T, std::size_t N>
struct is_std_array<std::array<T, N>> : std::true_type {};

template <class T>
struct is_std_map : std::false_type {};
template <class K, class V, class C, class A>
struct is_std_map<std::map<K, V, C, A>> : std::true_type {};
template <class K, class V, class H, class E, class A>
struct is_std_map<std::unordered_map<K, V, H, E, A>> : std::true_type {};

// A std::map ordered by operator<, which is Go's order for its keys.
template <class T>
struct is_sorted_by_less : std::false_type {};
template <class K, class V, class A>
struct is_sorted_by_less<std::map<K, V, std::less<K>, A>> : std::true_type {};

template <class T>
struct is_pair : std::false_type {};
template <class A, class B>
struct is_pair<std::pair<A, B>> : std::true_type {};

template <class T>
struct is_duration : std::false_type {};
template <class R, class P>
struct is_duration<std::chrono::duration<R, P>> : std::true_type {};

template <class T>
struct smart_ptr_elem {
    using type = void;
};
template <class T>
struct smart_ptr_elem<std::shared_ptr<T>> {
    using type = T;
};
template <class T, class D>
struct smart_ptr_elem<std::unique_ptr<T, D>> {
    using type = T;
};

template <class T>
struct chan_elem {
    using type = void;
    static constexpr const char* prefix = nullptr;
};
template <class T>
struct chan_elem<chan<T>> {
    using type = T;
    static constexpr const char* prefix = "chan ";
};
template <class T>
struct chan_elem<send_chan<T>> {
    using type = T;
    static constexpr const char* prefix = "chan<- ";
};
template <class T>
struct chan_elem<recv_chan<T>> {
    using type = T;
    static constexpr const char* prefix = "<-chan ";
};

template <class T>
concept is_c_string = std::is_same_v<T, const char*> || std::is_same_v<T, char*>;
template <class T>
concept is_char_array = std::is_array_v<T> && std::is_same_v < std::remove_extent_t<T>,
char > ;
template <class T>
concept is_string_like = std::is_same_v<T, std::string> || std::is_same_v<T, std::string_view> ||
    is_c_string<T> || is_char_array<T>;
template <class T>
concept is_byte =
    std::is_same_v<T, unsigned char> || std::is_same_v<T, char> || std::is_same_v<T, std::uint8_t>;
template <class T>
concept has_error_method = requires(const T& v) {
    { v.error() } -> std::convertible_to<std::string>;
};
template <class T>
concept is_error_impl_ptr = std::is_base_of_v<error_interface, typename smart_ptr_elem<T>::type>;

template <class T>
std::string_view as_string_view(const T& v) {
    if constexpr (is_c_string<T>) {
        return v == nullptr ? std::string_view() : std::string_view(v);
    } else if constexpr (is_char_array<T>) {
        // A literal's array includes its NUL; a buffer may end earlier.
        return std::string_view(v, std::char_traits<char>::length(v));
    } else {
        return std::string_view(v);
    }
}

// Go's name for T (%T, %!verb(type=value), %#v).
template <class T>
std::string go_type_name() {
    using U = std::remove_cvref_t<T>;
    if constexpr (std::is_same_v<U, std::nullptr_t>) {
        return "<nil>";
    } else if constexpr (gocpp::detail::has_member_go_type_name<U> ||
                         gocpp::detail::has_trait_go_type_name<U>) {
        return gocpp::type_name<U>();
    } else if constexpr (is_string_like<U>) {
        return "string";
    } else if constexpr (std::is_same_v<U, char32_t>) {
        return "int32";
    } else if constexpr (std::is_same_v<U, char16_t>) {
        return "uint16";
    } else if constexpr (is_duration<U>::value) {
        return "time.Duration";
    } else if constexpr (std::is_same_v<U, error>) {
        return "error";
    } else if constexpr (std::is_same_v<U, context::Context>) {
        return "context.Context";
    } else if constexpr (chan_elem<U>::prefix != nullptr) {
        return chan_elem<U>::prefix + go_type_name<typename chan_elem<U>::type>();
    } else if constexpr (is_std_vector_like<U>::value) {
        return "[]" + go_type_name<typename U::value_type>();
    } else if constexpr (is_std_array<U>::value) {
        return "[" + std::to_string(std::tuple_size_v<U>) + "]" +
               go_type_name<typename U::value_type>();
    } else if constexpr (std::is_array_v<U>) {
        return "[" + std::to_string(std::extent_v<U>) + "]" +
               go_type_name<std::remove_extent_t<U>>();
    } else if constexpr (is_std_map<U>::value) {
        return "map[" + go_type_name<typename U::key_type>() + "]" +
               go_type_name<typename U::mapped_type>();
    } else if constexpr (!std::is_void_v<typename smart_ptr_elem<U>::type>) {
        return "*" + go_type_name<typename smart_ptr_elem<U>::type>();
    } else if constexpr (std::is_pointer_v<U>) {
        return "*" + go_type_name<std::remove_pointer_t<U>>();
    } else {
        return gocpp::type_name<U>();
    }
}

// Go's %T of an error: *errors.errorString, *fmt.wrapError, or *T for
// your own error type T.
std::string error_type_name(const error_interface& e);

// %T of a value: interfaces (error, Context, any) show what they hold.
template <class T>
std::string dynamic_type_name(const void* obj) {
    using U = std::remove_cvref_t<T>;
    if constexpr (std::is_same_v<U, error>) {
        const error& e = *static_cast<const U*>(obj);
        if (!e) return "<nil>";
        return error_type_name(*e.get());
    } else if constexpr (std::is_same_v<U, context::Context>) {
        const context::Context& c = *static_cast<const U*>(obj);
        if (!c) return "<nil>";
        std::string name = "*";
        name += gocpp::detail::demangle(typeid(*c.get()).name());
        return name;
    } else if constexpr (std::is_same_v<U, gocpp::any>) {
        return static_cast<const U*>(obj)->type_name();
    } else {
        return go_type_name<U>();
    }
}

// ---- printing a value -----------------------------------------------------

template <class T>
void print_value(printer& p, const T& v, char32_t verb, int depth);

// Prints what a gocpp::any holds: its common types as themselves, others
// through the any's own printing.
void print_any(printer& p, const gocpp::any& v, char32_t verb, int depth);

// Go's time.Duration.String(), from the time component.
std::string duration_string(std::int64_t ns);

// Go's handleMethods for Stringer and error: which verbs call the method.
inline bool verb_uses_string_method(const printer& p, char32_t verb) {
    if (p.erroring || p.f.sharp_v) return false;
    return verb == 'v' || verb == 's' || verb == 'x' || verb == 'X' || verb == 'q';
}

template <class Range>
void print_sequence(printer& p, const Range& r, char32_t verb, int depth,
                    const std::string& go_type) {
    using E = std::remove_cvref_t<decltype(*std::begin(r))>;
    if constexpr (is_byte<E>) {
        if (verb == 's' || verb == 'q' || verb == 'x' || verb == 'X') {
            std::string bytes;
            for (const auto& c : r)
                bytes.push_back(static_cast<char>(c));
            p.print_bytes(bytes, verb);
            return;
        }
    }
    if (p.f.sharp_v) {
        // Go's fmtBytes names a byte slice []byte, not []uint8.
        if constexpr (is_byte<E> && is_std_vector_like<Range>::value) {
            p.write("[]byte");
        } else {
            p.write(go_type);
        }
        p.write('{');
        bool first = true;
        for (const auto& e : r) {
            if (!first) p.write(", ");
            first = false;
            print_value(p, e, verb, depth + 1);
        }
        p.write('}');
        return;
    }
    p.write('[');
    bool first = true;
    for (const auto& e : r) {
        if (!first) p.write(' ');
        first = false;
        print_value(p, e, verb, depth + 1);
    }
    p.write(']');
}

template <class Map>
void print_map(printer& p, const Map& m, char32_t verb, int depth) {
    // Go prints maps with sorted keys (internal/fmtsort): std::map is sorted
    // already; an unordered_map's entries are sorted by key first.
    std::vector<const typename Map::value_type*> entries;
    entries.reserve(m.size());
    for (const auto& kv : m)
        entries.push_back(&kv);
    if constexpr (!is_sorted_by_less<Map>::value) {
        std::sort(entries.begin(), entries.end(),
                  [](const auto* a, const auto* b) { return a->first < b->first; });
    }
    if (p.f.sharp_v) {
        p.write(go_type_name<Map>());
        p.write('{');
    } else {
        p.write("map[");
    }
    bool first = true;
    for (const auto* kv : entries) {
        if (!first) p.write(p.f.sharp_v ? ", " : " ");
        first = false;
        print_value(p, kv->first, verb, depth + 1);
        p.write(':');
        print_value(p, kv->second, verb, depth + 1);
    }
    p.write(p.f.sharp_v ? '}' : ']');
}

template <class T>
void print_value_as(printer& p, const T& v, char32_t verb, int depth) {
    using U = std::remove_cvref_t<T>;
    if constexpr (std::is_same_v<U, std::nullptr_t>) {
        p.print_nil(verb);
    } else if constexpr (std::is_same_v<U, error>) {
        if (!v) {
            p.print_nil(verb);
        } else if (verb_uses_string_method(p, verb)) {
            p.print_string(v.error(), verb);
        } else if (p.erroring) {
            p.write(v.error());
        } else {
            p.bad_verb(verb);
        }
    } else if constexpr (std::is_same_v<U, bool>) {
        p.print_bool(v, verb);
    } else if constexpr (std::is_same_v<U, char32_t>) {
        p.print_integer(static_cast<std::uint64_t>(static_cast<std::int64_t>(v)), true, verb);
    } else if constexpr (std::is_integral_v<U>) {
        p.print_integer(static_cast<std::uint64_t>(v), std::is_signed_v<U>, verb);
    } else if constexpr (std::is_enum_v<U> && !gocpp::detail::go_stringer<U> &&
                         !gocpp::detail::ostream_printable<U>) {
        using I = std::underlying_type_t<U>;
        p.print_integer(static_cast<std::uint64_t>(static_cast<I>(v)), std::is_signed_v<I>, verb);
    } else if constexpr (std::is_floating_point_v<U>) {
        p.print_float(static_cast<double>(v), sizeof(U) == 4 ? 32 : 64, verb);
    } else if constexpr (is_string_like<U>) {
        p.print_string(as_string_view(v), verb);
    } else if constexpr (is_duration<U>::value) {
        const auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(v);
        if (verb_uses_string_method(p, verb)) {
            p.print_string(duration_string(ns.count()), verb);
        } else {
            p.print_integer(static_cast<std::uint64_t>(ns.count()), true, verb);
        }
    } else if constexpr (std::is_same_v<U, context::Context>) {
        if (!v) {
            p.print_nil(verb);
        } else if (verb_uses_string_method(p, verb) || p.erroring) {
            p.print_string(v.string(), verb == 'v' || p.erroring ? 's' : verb);
        } else {
            p.bad_verb(verb);
        }
    } else if constexpr (std::is_same_v<U, gocpp::any>) {
        print_any(p, v, verb, depth);
    } else if constexpr (chan_elem<U>::prefix != nullptr) {
        p.print_pointer(gocpp::detail::chan_access::core(v), verb, go_type_name<U>());
    } else if constexpr (gocpp::detail::go_stringer<U> || has_error_method<U>) {
        if (verb_uses_string_method(p, verb) || p.erroring) {
            std::string s;
            if constexpr (has_error_method<U>) {
                s = v.error();
            } else if constexpr (gocpp::detail::has_upper_string_method<U>) {
                s = v.String();
            } else {
                s = v.string();
            }
            if (p.erroring) {
                p.write(s);
            } else {
                p.print_string(s, verb);
            }
        } else {
            p.bad_verb(verb);
        }
    } else if constexpr (is_error_impl_ptr<U>) {
        if (!v) {
            p.print_pointer(nullptr, verb, go_type_name<U>());
        } else if (verb_uses_string_method(p, verb)) {
            p.print_string(v->error(), verb);
        } else {
            p.print_pointer(v.get(), verb, go_type_name<U>());
        }
    } else if constexpr (!std::is_void_v<typename smart_ptr_elem<U>::type> ||
                         (std::is_pointer_v<U> && !std::is_function_v<std::remove_pointer_t<U>>)) {
        using E =
            std::remove_cv_t<std::conditional_t<std::is_pointer_v<U>, std::remove_pointer_t<U>,
                                                typename smart_ptr_elem<U>::type>>;
        const void* address = static_cast<const void*>(std::to_address(v));
        if constexpr (gocpp::detail::go_stringer<E> || has_error_method<E>) {
            // Go: a pointer has its element's methods (a nil one prints <nil>).
            if (address != nullptr && (verb_uses_string_method(p, verb))) {
                print_value_as(p, *v, verb, depth);
                return;
            }
        }
        if constexpr (is_std_vector_like<E>::value || is_std_array<E>::value ||
                      is_std_map<E>::value) {
            if (depth == 0 && address != nullptr && verb != 'p') {
                p.write('&');
                print_value(p, *v, verb, depth + 1);
                return;
            }
        }
        p.print_pointer(address, verb, go_type_name<U>());
    } else if constexpr (is_std_map<U>::value) {
        print_map(p, v, verb, depth);
    } else if constexpr (is_std_vector_like<U>::value || is_std_array<U>::value ||
                         std::is_array_v<U>) {
        print_sequence(p, v, verb, depth, go_type_name<U>());
    } else if constexpr (is_pair<U>::value) {
        p.write('{');
        print_value(p, v.first, verb, depth + 1);
        p.write(p.f.sharp_v ? ", " : " ");
        print_value(p, v.second, verb, depth + 1);
        p.write('}');
    } else if constexpr (gocpp::detail::ostream_printable<U>) {
        if (verb == 'v' || verb == 's' || p.erroring) {
            std::ostringstream os;
            os << v;
            if (p.erroring) {
                p.write(os.str());
            } else {
                p.pad_string(os.str());
            }
        } else {
            p.bad_verb(verb);
        }
    } else {
        static_assert(sizeof(U) == 0,
                      "gocpp::fmt cannot print this type: give it a const string() member "
                      "(Go's String method), an error() member, or an operator<<");
    }
}

template <class T>
void print_value(printer& p, const T& v, char32_t verb, int depth) {
    // Remember the value for %!verb(type=value), as Go's p.arg/p.value.
    const arg self = make_arg(v);
    const arg* saved = p.current;
    p.current = &self;
    print_value_as(p, v, verb, depth);
    p.current = saved;
}

template <class T>
void print_thunk(printer& p, const void* obj, char32_t verb, int depth) {
    print_value_as(p, *static_cast<const T*>(obj), verb, depth);
}

template <class T>
arg make_arg(const T& v) {
    using U = std::remove_cvref_t<T>;
    arg a;
    a.obj = std::addressof(v);
    a.print = &print_thunk<U>;
    a.type = &dynamic_type_name<U>;
    if constexpr (std::is_same_v<U, error>) a.err = &v;
    a.is_string = is_string_like<U>;
    a.is_nil = std::is_same_v<U, std::nullptr_t>;
    if constexpr (std::is_integral_v<U> && !std::is_same_v<U, bool>) {
        a.is_int = true;
        if constexpr (std::is_unsigned_v<U> && sizeof(U) >= sizeof(long long)) {
            a.is_int = v <= static_cast<U>(1'000'000);
        }
        a.int_value = static_cast<long long>(v);
    }
    return a;
}

}  // namespace gocpp::fmt::detail
