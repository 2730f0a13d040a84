// gocpp/any.hpp — Go's `any` (interface{}): a nullable box holding one value
// of any type, compared and printed the way Go compares and prints interface
// values. Context keys and values are anys.
//
//     gocpp::any v = "Go";                     // string literals become std::string
//     if (auto [s, ok] = v.get<std::string>(); ok) use(s);   // s, ok := v.(string)
//     if (const int* n = v.as<int>()) use(*n);              // n, ok := v.(int)
//     std::cout << v;                           // fmt.Print(v); nil prints <nil>
//     gocpp::any nil;                           // var v any (nil)
//
// Rules (Go's, mapped to C++):
// - Storing: a value is copied (or moved) in; `const char*`, char arrays and
//   std::string_view are stored as std::string, as Go has one string type.
//   nullptr (and a default-constructed any) is nil. An any stored into an any
//   is copied, not nested.
// - Equality: two anys are equal when both are nil, or when they hold the
//   same C++ type and the values compare equal with operator==. Different
//   types are never equal: a user key type `struct ctxKey { std::string s; }`
//   never equals the std::string with the same text, and int 1 never equals
//   long 1. Comparing two values of one type that has no operator== panics
//   with "runtime error: comparing uncomparable type T", as Go does.
// - Printing (operator<<): nil prints `<nil>`; a Stringer (a const member
//   `String()` or `string()` returning something convertible to std::string)
//   prints that; otherwise the value's own operator<<; bool prints
//   true/false; a type with neither prints its Go type name in braces
//   ({main.key}), where Go would print its fields.
// - Type names (type_name<T>(), used by the context String() forms): a static
//   member `go_type_name` of T, or a specialization of gocpp::go_type_name<T>,
//   names the type as Go would (`main.ctxKey`); std::string is `string`, the
//   arithmetic types are Go's (`int`, `int64`, `uint8`, `float64`, `bool`...),
//   T* and std::shared_ptr<T> are `*T`; anything else gets its demangled C++
//   name.
//
// An any is a cheap copyable handle: copies share the (immutable) held value.
// Thread-safety: like a shared_ptr to const, any number of goroutines may
// read, copy and compare one any at once. Nothing here blocks.
#pragma once

#include <concepts>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <ostream>
#include <string>
#include <string_view>
#include <type_traits>
#include <typeinfo>
#include <utility>

namespace gocpp {

// Specialize to give a type you cannot edit a Go-like name:
//     template <> struct gocpp::go_type_name<my::Key> {
//         static constexpr std::string_view value = "main.Key";
//     };
template <class T>
struct go_type_name {};

class any;

namespace detail {

std::string demangle(const char* mangled);
[[noreturn]] void panic_uncomparable(const std::string& type_name);

template <class T>
concept has_member_go_type_name = requires {
    { T::go_type_name } -> std::convertible_to<std::string_view>;
};
template <class T>
concept has_trait_go_type_name = requires {
    { go_type_name<T>::value } -> std::convertible_to<std::string_view>;
};
template <class T>
concept has_upper_string_method = requires(const T& v) {
    { v.String() } -> std::convertible_to<std::string>;
};
template <class T>
concept has_lower_string_method = requires(const T& v) {
    { v.string() } -> std::convertible_to<std::string>;
};
template <class T>
concept go_stringer = has_upper_string_method<T> || has_lower_string_method<T>;
template <class T>
concept ostream_printable = requires(std::ostream& os, const T& v) {
    os << v;
};

template <class T>
struct is_shared_ptr : std::false_type {};
template <class T>
struct is_shared_ptr<std::shared_ptr<T>> : std::true_type {
    using element = T;
};

}  // namespace detail

// Go's reflect type string for T (see the rules at the top).
template <class T>
std::string type_name() {
    using U = std::remove_cvref_t<T>;
    if constexpr (detail::has_member_go_type_name<U>) {
        return std::string(std::string_view(U::go_type_name));
    } else if constexpr (detail::has_trait_go_type_name<U>) {
        return std::string(std::string_view(go_type_name<U>::value));
    } else if constexpr (std::is_same_v<U, std::string>) {
        return "string";
    } else if constexpr (std::is_same_v<U, bool>) {
        return "bool";
    } else if constexpr (std::is_same_v<U, double>) {
        return "float64";
    } else if constexpr (std::is_same_v<U, float>) {
        return "float32";
    } else if constexpr (std::is_same_v<U, int>) {
        return "int";
    } else if constexpr (std::is_same_v<U, unsigned>) {
        return "uint";
    } else if constexpr (std::is_same_v<U, char> || std::is_same_v<U, unsigned char>) {
        return "uint8";
    } else if constexpr (std::is_integral_v<U>) {
        std::string s = std::is_signed_v<U> ? "int" : "uint";
        s += std::to_string(sizeof(U) * 8);
        return s;
    } else if constexpr (std::is_pointer_v<U>) {
        std::string s(1, '*');
        s += type_name<std::remove_pointer_t<U>>();
        return s;
    } else if constexpr (detail::is_shared_ptr<U>::value) {
        std::string s(1, '*');
        s += type_name<typename detail::is_shared_ptr<U>::element>();
        return s;
    } else {
        return detail::demangle(typeid(U).name());
    }
}

namespace detail {

// The type-erased value inside an any. Immutable once made.
class any_holder {
  public:
    explicit any_holder(const std::type_info& t) noexcept : type_(&t) {}
    virtual ~any_holder() = default;
    // Non-virtual: key comparison in a deep value chain checks the type of
    // every layer, and a pointer compare settles most of them.
    const std::type_info& type() const noexcept { return *type_; }
    bool same_type(const any_holder& other) const noexcept {
        return type_ == other.type_ || *type_ == *other.type_;
    }
    virtual const void* address() const noexcept = 0;
    virtual bool comparable() const noexcept = 0;
    // Precondition: other holds the same type.
    virtual bool equals(const any_holder& other) const = 0;
    virtual std::string name() const = 0;
    virtual void print(std::ostream& os) const = 0;
    // Go 1.19's context stringify: a Stringer's String(), a string itself;
    // false for anything else.
    virtual bool stringify(std::string& out) const = 0;

  private:
    const std::type_info* type_;
};

template <class T>
class any_box final : public any_holder {
  public:
    template <class... A>
    explicit any_box(A&&... a) : any_holder(typeid(T)), value(std::forward<A>(a)...) {}

    const void* address() const noexcept override { return std::addressof(value); }
    bool comparable() const noexcept override { return std::equality_comparable<T>; }
    bool equals(const any_holder& other) const override {
        if constexpr (std::equality_comparable<T>) {
            // Same type, so other is an any_box<T> too (no second virtual
            // call: a value lookup compares a key at every layer).
            return static_cast<bool>(value == static_cast<const any_box&>(other).value);
        } else {
            panic_uncomparable(name());
        }
    }
    std::string name() const override { return type_name<T>(); }
    void print(std::ostream& os) const override {
        if constexpr (has_upper_string_method<T>) {
            os << std::string(value.String());
        } else if constexpr (has_lower_string_method<T>) {
            os << std::string(value.string());
        } else if constexpr (std::is_same_v<T, bool>) {
            os << (value ? "true" : "false");
        } else if constexpr (ostream_printable<T>) {
            os << value;
        } else {
            os << '{' << name() << '}';
        }
    }
    bool stringify(std::string& out) const override {
        if constexpr (has_upper_string_method<T>) {
            out = value.String();
            return true;
        } else if constexpr (has_lower_string_method<T>) {
            out = value.string();
            return true;
        } else if constexpr (std::is_same_v<T, std::string>) {
            out = value;
            return true;
        } else {
            return false;
        }
    }

    const T value;
};

// What an argument is stored as: strings become std::string.
template <class T>
using any_stored_t = std::conditional_t<std::is_same_v<std::decay_t<T>, const char*> ||
                                            std::is_same_v<std::decay_t<T>, char*> ||
                                            std::is_same_v<std::decay_t<T>, std::string_view>,
                                        std::string, std::decay_t<T>>;

struct any_access;

}  // namespace detail

// The result of any::get<T>(): Go's `v, ok := x.(T)`.
template <class T>
struct assert_result {
    T value;
    bool ok;
};

class any {
  public:
    any() noexcept = default;
    any(std::nullptr_t) noexcept {}

    // Stores a copy of v (see the storing rules at the top).
    template <class T>
    requires(!std::is_same_v<std::remove_cvref_t<T>, any> &&
             !std::is_same_v<std::remove_cvref_t<T>, std::nullptr_t>) any(T&& v)
        : h_(std::make_shared<const detail::any_box<detail::any_stored_t<T>>>(std::forward<T>(v))) {
    }

    // Go's `x == nil`.
    bool is_nil() const noexcept { return h_ == nullptr; }
    explicit operator bool() const noexcept { return h_ != nullptr; }

    // The held value if it is a T (exactly T, after the storing rules),
    // else nullptr: Go's `v, ok := x.(T)` without the copy.
    template <class T>
    const T* as() const noexcept {
        if (h_ == nullptr || (&h_->type() != &typeid(T) && h_->type() != typeid(T))) return nullptr;
        return static_cast<const T*>(h_->address());
    }

    // Go's `v, ok := x.(T)`: a copy of the value and true, or T{} and false.
    template <class T>
    assert_result<T> get() const {
        if (const T* p = as<T>()) return {*p, true};
        return {T{}, false};
    }

    // The held value's C++ type; typeid(void) for nil.
    const std::type_info& type() const noexcept { return h_ ? h_->type() : typeid(void); }
    // Its Go-like type name (type_name<T>()); "<nil>" for nil.
    std::string type_name() const { return h_ ? h_->name() : "<nil>"; }
    // Whether the held type has operator== (nil is comparable).
    bool comparable() const noexcept { return h_ == nullptr || h_->comparable(); }

    friend bool operator==(const any& a, const any& b) {
        if (a.h_ == b.h_) return true;
        if (a.h_ == nullptr || b.h_ == nullptr) return false;
        if (!a.h_->same_type(*b.h_)) return false;
        return a.h_->equals(*b.h_);
    }
    friend bool operator==(const any& a, std::nullptr_t) noexcept { return a.h_ == nullptr; }

    friend std::ostream& operator<<(std::ostream& os, const any& a) {
        if (a.h_ == nullptr) return os << "<nil>";
        a.h_->print(os);
        return os;
    }

  private:
    explicit any(std::shared_ptr<const detail::any_holder> h) noexcept : h_(std::move(h)) {}
    friend struct detail::any_access;
    std::shared_ptr<const detail::any_holder> h_;
};

namespace detail {

struct any_access {
    static any make(std::shared_ptr<const any_holder> h) noexcept { return any(std::move(h)); }
    static const any_holder* holder(const any& a) noexcept { return a.h_.get(); }
};

}  // namespace detail

}  // namespace gocpp
