// gocpp/error.hpp — Go's `error`: a nullable handle to a value with a
// message, compared by identity, that may wrap a cause.
//
//     gocpp::error err = ctx.err();              // err := ctx.Err()
//     if (err == context::canceled) { ... }      // if err == context.Canceled
//     if (gocpp::is(err, context::canceled)) {}  // errors.Is(err, context.Canceled)
//     std::cout << err;                          // fmt.Print(err): nil prints <nil>
//     std::string msg = err.error();             // err.Error()
//     auto e = gocpp::errors_new("not found");   // errors.New("not found")
//     auto w = gocpp::errors_wrap("load: " + e.error(), e);  // fmt.Errorf("load: %w", e)
//
// `error` (an alias of error_value) is a cheap copyable handle with shared
// ownership, like Go's interface value holding a pointer: copies compare
// equal, two errors_new("x") calls do not. A default-constructed error (or
// nullptr) is nil. Your own error types derive from error_interface and are
// handed out as std::shared_ptr:
//
//     struct not_found : gocpp::error_interface {
//         std::string error() const override { return "not found"; }
//     };
//     gocpp::error err = std::make_shared<not_found>();
//     if (auto nf = gocpp::errors_as<not_found>(err)) { ... }   // errors.As
//
// Thread-safety: errors are immutable; any goroutine may copy, compare and
// print one at any time. Nothing here blocks. Calling error() on a nil error
// panics, as Go's nil interface method call does.
#pragma once

#include <concepts>
#include <cstddef>
#include <functional>
#include <memory>
#include <ostream>
#include <string>
#include <utility>

namespace gocpp {

class error_value;
// Go's predeclared `error`.
using error = error_value;

// Go's error interface, for your own error types. Override error(); override
// unwrap() to wrap a cause (Go's Unwrap() error) and is() to match more
// targets in errors::is (Go's Is(error) bool).
class error_interface {
  public:
    virtual ~error_interface() = default;
    virtual std::string error() const = 0;
    virtual error_value unwrap() const;
    virtual bool is(const error_value& target) const;
};

// Go's net.Error methods: an error that knows whether it is a timeout.
// context::deadline_exceeded implements it (timeout() and temporary() are
// true). Ask with err.as<gocpp::timeout_error>(), Go's
// `err.(interface{ Timeout() bool })`.
class timeout_error {
  public:
    virtual ~timeout_error() = default;
    virtual bool timeout() const = 0;
    virtual bool temporary() const = 0;
};

class error_value {
  public:
    error_value() noexcept = default;
    error_value(std::nullptr_t) noexcept {}
    template <class E>
    requires std::derived_from<E, error_interface> error_value(std::shared_ptr<E> e)
    noexcept : p_(std::move(e)) {}

    // Go's err.Error(). Panics "runtime error: invalid memory address or nil
    // pointer dereference" on a nil error.
    std::string error() const;
    // Go's errors.Unwrap(err): the wrapped cause, or nil.
    error_value unwrap() const { return p_ ? p_->unwrap() : error_value(); }

    explicit operator bool() const noexcept { return p_ != nullptr; }
    const error_interface* get() const noexcept { return p_.get(); }

    // Go's type assertion err.(T): the implementation as T (a concrete error
    // type or an interface such as timeout_error), or nullptr. Does not look
    // at wrapped causes; errors_as does.
    template <class T>
    std::shared_ptr<const T> as() const noexcept {
        return std::dynamic_pointer_cast<const T>(p_);
    }

    // Identity, as Go compares errors holding pointers.
    friend bool operator==(const error_value& a, const error_value& b) noexcept {
        return a.p_ == b.p_;
    }
    friend bool operator==(const error_value& a, std::nullptr_t) noexcept { return !a.p_; }

    // fmt.Print(err): the message, or <nil>.
    friend std::ostream& operator<<(std::ostream& os, const error_value& e) {
        if (!e.p_) return os << "<nil>";
        return os << e.p_->error();
    }

  private:
    friend struct std::hash<error_value>;
    std::shared_ptr<const error_interface> p_;
};

inline error_value error_interface::unwrap() const {
    return {};
}
inline bool error_interface::is(const error_value&) const {
    return false;
}

// errors.New(text): a new error; each call's result is distinct.
error errors_new(std::string text);

// fmt.Errorf("...%w...", cause) without the formatting: an error whose
// error() is `message` (written out in full) and whose unwrap() is cause.
error errors_wrap(std::string message, error cause);

// errors.Unwrap(err).
inline error errors_unwrap(const error& err) {
    return err.unwrap();
}

// errors.Is(err, target): whether err or any cause it wraps (unwrap chain)
// is target, or says so through its is() method. is(nil, nil) is true.
bool is(error err, const error& target);
inline bool errors_is(const error& err, const error& target) {
    return is(err, target);
}

// errors.As(err, &target): the first error in err's unwrap chain whose
// implementation is a T, or nullptr.
template <class T>
std::shared_ptr<const T> errors_as(error err) {
    while (err) {
        if (auto p = err.as<T>()) return p;
        err = err.unwrap();
    }
    return nullptr;
}

}  // namespace gocpp

template <>
struct std::hash<gocpp::error_value> {
    std::size_t operator()(const gocpp::error_value& e) const noexcept {
        return std::hash<const void*>()(e.p_.get());
    }
};
