// Shared by the grpc component's sources; includes gRPC's own headers, so it
// never leaves src/.
#pragma once

#include <gocpp/grpc.hpp>

#include <gocpp/time.hpp>

#include <grpcpp/grpcpp.h>
#include <grpcpp/generic/async_generic_service.h>
#include <grpcpp/generic/generic_stub.h>

#include <chrono>
#include <string>
#include <string_view>

namespace gocpp::grpc::detail {

inline ::grpc::ByteBuffer to_byte_buffer(std::string_view bytes) {
    ::grpc::Slice slice(bytes.data(), bytes.size());
    return ::grpc::ByteBuffer(&slice, 1);
}

inline std::string from_byte_buffer(const ::grpc::ByteBuffer& bb) {
    std::vector<::grpc::Slice> slices;
    std::string out;
    if (!bb.Dump(&slices).ok()) return out;
    for (const auto& s : slices)
        out.append(reinterpret_cast<const char*>(s.begin()), s.size());
    return out;
}

// gRPC C++ takes and gives deadlines on the system clock; gocpp's timers run
// on the monotonic one. A deadline crosses as the time left until it.
inline std::chrono::system_clock::time_point to_system_deadline(time::Time deadline) {
    return std::chrono::system_clock::now() +
           std::chrono::duration_cast<std::chrono::system_clock::duration>(time::until(deadline));
}
inline time::Time from_system_deadline(std::chrono::system_clock::time_point deadline) {
    return time::now() +
           std::chrono::duration_cast<time::Duration>(deadline - std::chrono::system_clock::now());
}

// The status a handler's error is sent as (see unary_result).
::grpc::Status to_grpc_status(const error& err);
// The error a failed call's status becomes, before context errors are
// considered.
error from_grpc_status(const ::grpc::Status& s);

}  // namespace gocpp::grpc::detail
