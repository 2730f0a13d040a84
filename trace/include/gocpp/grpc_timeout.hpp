// gocpp/grpc_timeout.hpp — the `grpc-timeout` header that carries a
// context's remaining time across a process boundary (gRPC over HTTP/2, and
// gocpp's http client hook and server middleware).
//
//     req.header().set("grpc-timeout", grpcutil::encode_duration(remaining));
//     auto [d, err] = grpcutil::decode_timeout(value);   // refused: err != nil
//
// The value is at most 8 digits and a unit: H (hours), M (minutes), S
// (seconds), m (milliseconds), u (microseconds), n (nanoseconds). Both
// functions follow grpc-go (internal/grpcutil.EncodeDuration and
// transport.decodeTimeout), so the two ends agree with Go peers to the
// nanosecond. Nothing here blocks; everything is thread-safe.
#pragma once

#include <gocpp/error.hpp>

#include <chrono>
#include <string>
#include <string_view>
#include <utility>

namespace gocpp::grpcutil {

// EncodeDuration: the finest unit whose value, rounded up, fits in 8 digits,
// trying n, u, m, S, M, then H. So 1s is "1000000u", 50ms "50000000n",
// 100ms "100000u"; a duration of zero or less is "0n".
std::string encode_duration(std::chrono::nanoseconds d);

// What decode_timeout returns: binds as `auto [d, err] = …` and assigns with
// `std::tie(d, err) = …`.
struct decode_result : std::pair<std::chrono::nanoseconds, error> {
    using std::pair<std::chrono::nanoseconds, error>::pair;
};

// decodeTimeout: the duration a header value states, or an error with
// grpc-go's text for a value it refuses (too short, too long, an unknown
// unit, not an integer). Hours that would overflow clamp to the largest
// duration, as grpc-go does.
decode_result decode_timeout(std::string_view s);

}  // namespace gocpp::grpcutil
