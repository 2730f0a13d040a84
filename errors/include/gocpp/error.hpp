// gocpp/error.hpp — Go's `error`: a nullable handle to a value with a
// message, compared by identity, that may wrap a cause.
//
//     gocpp::error err = ctx.err();                    // err := ctx.Err()
//     if (err == context::canceled) { ... }            // if err == context.Canceled
//     std::cout << err;                                // fmt.Print(err): nil prints <nil>
//     std::string msg = err.error();                   // err.Error()
//     if (auto t = err.as<gocpp::timeout_error>()) {}  // err.(interface{ Timeout() bool })
//
// Go's errors package (errors::new_, is, as, unwrap, join) is in
// <gocpp/errors.hpp>.
//
// `error` (an alias of error_value) is a cheap copyable handle with shared
// ownership, like Go's interface value holding a pointer: copies compare
// equal, two errors::new_("x") calls do not. A default-constructed error (or
// nullptr) is nil. Your own error types derive from error_interface and are
// handed out as std::shared_ptr:
//
//     struct not_found : gocpp::error_interface {
//         std::string error() const override { return "not found"; }
//     };
//     gocpp::error err = std::make_shared<not_found>();
//     if (auto nf = errors::as<not_found>(err)) { ... }   // errors.As
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
#include <typeinfo>
#include <utility>
#include <vector>

namespace gocpp {

class error_value;
// Go's predeclared `error`.
using error = error_value;

// Go's error interface, for your own error types. Override error(); override
// unwrap() to wrap one cause (Go's `Unwrap() error`), or unwrap_errors() to
// wrap several (Go 1.20's `Unwrap() []error`, as errors::join does); is() to
// match more targets in errors::is (Go's `Is(error) bool`); as() to stand
// for another type in errors::as<T> (Go's `As(any) bool`): return a
// std::shared_ptr<const T> when `target == typeid(T)`, else nullptr.
class error_interface {
  public:
    virtual ~error_interface() = default;
    virtual std::string error() const = 0;
    virtual error_value unwrap() const;
    virtual std::vector<error_value> unwrap_errors() const;
    virtual bool is(const error_value& target) const;
    virtual std::shared_ptr<const void> as(const std::type_info& target) const;
};

// Go's net.Error methods: an error that knows whether it is a timeout.
// context::deadline_exceeded and os::err_deadline_exceeded implement it
// (timeout() and temporary() are true). Ask with
// err.as<gocpp::timeout_error>(), Go's `err.(interface{ Timeout() bool })`,
// or errors::as<gocpp::timeout_error>(err) to look through wrapping.
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
    // Go's errors.Unwrap(err): the one wrapped cause, or nil (also for an
    // error that wraps several: Go's Unwrap does not look at `[]error`).
    error_value unwrap() const { return p_ ? p_->unwrap() : error_value(); }

    explicit operator bool() const noexcept { return p_ != nullptr; }
    const error_interface* get() const noexcept { return p_.get(); }

    // Go's type assertion err.(T): the implementation as T (a concrete error
    // type or an interface such as timeout_error), or nullptr. Does not look
    // at wrapped causes; errors::as does.
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
inline std::vector<error_value> error_interface::unwrap_errors() const {
    return {};
}
inline bool error_interface::is(const error_value&) const {
    return false;
}
inline std::shared_ptr<const void> error_interface::as(const std::type_info&) const {
    return nullptr;
}

}  // namespace gocpp

template <>
struct std::hash<gocpp::error_value> {
    std::size_t operator()(const gocpp::error_value& e) const noexcept {
        return std::hash<const void*>()(e.p_.get());
    }
};
