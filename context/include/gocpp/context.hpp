// gocpp/context.hpp — Go's context package: cancellation, deadlines and
// request-scoped values carried down a tree of contexts.
//
//     using namespace gocpp;
//     auto [ctx, cancel] = context::with_timeout(context::background(), 50ms);
//     defer _{cancel};
//     switch (select(recv(ctx.done()), recv(results, r))) {
//     case 0: std::cout << ctx.err() << '\n'; break;  // context deadline exceeded
//     case 1: use(r); break;
//     }
//
// - gocpp/context/context.hpp   Context, ContextBase (your own types), background, todo,
//                               canceled, deadline_exceeded
// - gocpp/context/cancel.hpp    with_cancel, with_cancel_cause, cause, after_func
// - gocpp/context/deadline.hpp  with_deadline, with_timeout (+ _cause)
// - gocpp/context/value.hpp     with_value, without_cancel
// - gocpp/any.hpp, gocpp/error.hpp, gocpp/errors.hpp  Go's `any`, `error` and
//                               errors package (component errors/), which the package uses
//
// Semantics are Go 1.19's plus the later additions (cause, after_func,
// without_cancel, the _cause variants); String() forms are Go 1.19's.
// With <format> available, std::format("{}", ctx) and std::format("{}", err)
// print what operator<< prints.
#pragma once

#include <gocpp/any.hpp>
#include <gocpp/context/cancel.hpp>
#include <gocpp/context/context.hpp>
#include <gocpp/context/deadline.hpp>
#include <gocpp/context/value.hpp>
#include <gocpp/error.hpp>
#include <gocpp/errors.hpp>

#include <sstream>
#include <string>

#if __has_include(<version>)
#include <version>
#endif
#if defined(__cpp_lib_format) && __has_include(<format>)
#include <format>

template <>
struct std::formatter<gocpp::context::Context> : std::formatter<std::string> {
    auto format(const gocpp::context::Context& c, std::format_context& fc) const {
        std::ostringstream os;
        os << c;
        return std::formatter<std::string>::format(os.str(), fc);
    }
};

template <>
struct std::formatter<gocpp::error_value> : std::formatter<std::string> {
    auto format(const gocpp::error_value& e, std::format_context& fc) const {
        std::ostringstream os;
        os << e;
        return std::formatter<std::string>::format(os.str(), fc);
    }
};

template <>
struct std::formatter<gocpp::any> : std::formatter<std::string> {
    auto format(const gocpp::any& a, std::format_context& fc) const {
        std::ostringstream os;
        os << a;
        return std::formatter<std::string>::format(os.str(), fc);
    }
};
#endif
