// gocpp/errors.hpp — Go's errors package, as the namespace gocpp::errors.
//
//     using namespace gocpp;
//     error not_found = errors::new_("not found");        // errors.New
//     error err = errors::wrap("load config: not found", not_found);
//                                                        // fmt.Errorf("load config: %w", ...)
//     errors::is(err, not_found);                        // errors.Is: true
//     errors::unwrap(err) == not_found;                  // errors.Unwrap: true
//     if (auto t = errors::as<timeout_error>(err)) {}    // errors.As: nullptr here
//     error both = errors::join(err, ctx.err());         // errors.Join (Go 1.20)
//
// The error tree: an error wraps one cause (error_interface::unwrap, Go's
// `Unwrap() error`) or several (unwrap_errors, Go 1.20's `Unwrap() []error`).
// is() and as() search it depth first, an error before what it wraps, causes
// in order, as Go 1.20 does; unwrap() follows only the one-cause form.
//
// fmt.Errorf with %w: write fmt::errorf("load %s: %w", name, err) (Go's fmt,
// <gocpp/fmt.hpp>), which builds its result with errors::wrap. Without fmt,
// errors::wrap(message, cause) is the same error with the message written
// out.
//
// Nothing here blocks; every function is safe from any goroutine (errors are
// immutable).
#pragma once

#include <gocpp/error.hpp>
#include <gocpp/os.hpp>

#include <concepts>
#include <memory>
#include <string>
#include <typeinfo>
#include <vector>

namespace gocpp::errors {

// errors.New(text): a new error whose error() is text. Each call's result is
// distinct: errors::new_("x") != errors::new_("x"). (new is a C++ keyword.)
error new_(std::string text);

// errors.Unwrap(err): the cause err wraps through unwrap(), or nil. Nil for
// nil, for errors that wrap nothing and for errors that wrap several (join).
inline error unwrap(const error& err) {
    return err.unwrap();
}

// errors.Is(err, target): whether err or any error it wraps (the whole
// tree) equals target, or says it matches target through its is() method.
// is(nil, nil) is true; is(err, nil) is true only for a nil err.
bool is(const error& err, const error& target);

// errors.As(err, &target): the first error in err's tree (depth first) whose
// implementation is a T — a concrete error type or an interface such as
// timeout_error — or that offers itself as a T through its as() method; or
// nullptr.
template <class T>
std::shared_ptr<const T> as(const error& err) {
    for (error e = err; e;) {
        if (auto p = e.as<T>()) return p;
        if (auto p = e.get()->as(typeid(T))) return std::static_pointer_cast<const T>(p);
        if (error next = e.unwrap()) {
            e = std::move(next);
            continue;
        }
        for (const error& branch : e.get()->unwrap_errors()) {
            if (auto p = as<T>(branch)) return p;
        }
        break;
    }
    return nullptr;
}

// errors.Join(errs...) (Go 1.20): an error wrapping every non-nil argument,
// in order; its error() is their messages joined by "\n". Nil when every
// argument is nil (or there is none). is() and as() see every branch;
// unwrap() gives nil, as Go's Unwrap does for joined errors.
error join(std::vector<error> errs);
template <class... E>
requires(std::convertible_to<const E&, error>&&...) error join(const E&... errs) {
    return join(std::vector<error>{error(errs)...});
}

// What fmt::errorf builds for a %w (Go's *fmt.wrapError): an error whose
// error() is `message`, written out in full, and whose unwrap() is cause
// (which may be nil). The fallback spelling of fmt.Errorf("load: %w", err):
// errors::wrap("load: " + err.error(), err).
error wrap(std::string message, error cause);

// The same for several %w (Go 1.20's *fmt.wrapErrors): unwrap_errors() is
// the non-nil causes, in order, so is() and as() see each of them.
error wrap(std::string message, std::vector<error> causes);

}  // namespace gocpp::errors
