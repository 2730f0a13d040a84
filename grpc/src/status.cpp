// status: grpc-go's status errors and the mapping to and from gRPC C++'s
// ::grpc::Status.
#include "internal.hpp"

#include <gocpp/context.hpp>
#include <gocpp/errors.hpp>

#include <array>
#include <memory>

namespace gocpp::grpc {

namespace {

struct status_error_impl final : error_interface {
    status_error_impl(Code c, std::string m) : code(c), message(std::move(m)) {}
    std::string error() const override {
        return "rpc error: code = " + code_string(code) + " desc = " + message;
    }
    Code code;
    std::string message;
};

}  // namespace

std::string code_string(Code c) {
    static constexpr std::array<std::string_view, 17> names = {
        "OK",       "Canceled",       "Unknown",          "InvalidArgument",   "DeadlineExceeded",
        "NotFound", "AlreadyExists",  "PermissionDenied", "ResourceExhausted", "FailedPrecondition",
        "Aborted",  "OutOfRange",     "Unimplemented",    "Internal",          "Unavailable",
        "DataLoss", "Unauthenticated"};
    auto i = static_cast<std::uint32_t>(c);
    if (i < names.size()) return std::string(names[i]);
    return "Code(" + std::to_string(i) + ")";
}

error status_error(Code c, std::string message) {
    if (c == Code::OK) return nullptr;
    return std::make_shared<status_error_impl>(c, std::move(message));
}

Code code(const error& err) {
    if (!err) return Code::OK;
    if (auto s = errors::as<status_error_impl>(err)) return s->code;
    if (errors::is(err, context::canceled)) return Code::Canceled;
    if (errors::is(err, context::deadline_exceeded)) return Code::DeadlineExceeded;
    return Code::Unknown;
}

std::string message(const error& err) {
    if (!err) return "";
    if (auto s = errors::as<status_error_impl>(err)) return s->message;
    return err.error();
}

namespace detail {

::grpc::Status to_grpc_status(const error& err) {
    if (!err) return ::grpc::Status::OK;
    return ::grpc::Status(static_cast<::grpc::StatusCode>(code(err)), message(err));
}

error from_grpc_status(const ::grpc::Status& s) {
    return status_error(static_cast<Code>(s.error_code()), s.error_message());
}

}  // namespace detail

}  // namespace gocpp::grpc
