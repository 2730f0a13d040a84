// health: grpc.health.v1.Health/Check. Its two messages have one field each
// (HealthCheckRequest.service = 1, a string; HealthCheckResponse.status = 1,
// an enum), so their protobuf wire form is written and read here directly:
// a tag byte (field 1, wire type 2 or 0), then the length-prefixed bytes or
// the varint. proto3 leaves a default value (empty string, 0) out.
#include <gocpp/grpc.hpp>

#include <cstdint>

namespace gocpp::grpc::health {

namespace {

void put_varint(std::string& out, std::uint64_t v) {
    while (v >= 0x80) {
        out.push_back(static_cast<char>((v & 0x7f) | 0x80));
        v >>= 7;
    }
    out.push_back(static_cast<char>(v));
}

bool get_varint(std::string_view& in, std::uint64_t& v) {
    v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
        if (in.empty()) return false;
        auto b = static_cast<std::uint8_t>(in.front());
        in.remove_prefix(1);
        v |= std::uint64_t(b & 0x7f) << shift;
        if (!(b & 0x80)) return true;
    }
    return false;
}

// Walks the fields of a message; calls on_field(number, wire_type, varint,
// bytes) for each. False on malformed input.
template <class F>
bool each_field(std::string_view in, F on_field) {
    while (!in.empty()) {
        std::uint64_t tag = 0;
        if (!get_varint(in, tag)) return false;
        auto number = tag >> 3;
        auto wire_type = tag & 7;
        std::uint64_t v = 0;
        std::string_view bytes;
        switch (wire_type) {
            case 0:
                if (!get_varint(in, v)) return false;
                break;
            case 1:
                if (in.size() < 8) return false;
                in.remove_prefix(8);
                break;
            case 2:
                if (!get_varint(in, v) || v > in.size()) return false;
                bytes = in.substr(0, v);
                in.remove_prefix(v);
                break;
            case 5:
                if (in.size() < 4) return false;
                in.remove_prefix(4);
                break;
            default:
                return false;
        }
        on_field(number, wire_type, v, bytes);
    }
    return true;
}

}  // namespace

std::string serving_status_string(ServingStatus s) {
    switch (s) {
        case ServingStatus::UNKNOWN:
            return "UNKNOWN";
        case ServingStatus::SERVING:
            return "SERVING";
        case ServingStatus::NOT_SERVING:
            return "NOT_SERVING";
        case ServingStatus::SERVICE_UNKNOWN:
            return "SERVICE_UNKNOWN";
    }
    return std::to_string(static_cast<std::uint32_t>(s));
}

std::string encode_request(std::string_view service) {
    std::string out;
    if (service.empty()) return out;
    out.push_back(0x0a);  // field 1, length-delimited
    put_varint(out, service.size());
    out.append(service);
    return out;
}

std::pair<std::string, bool> decode_request(std::string_view bytes) {
    std::string service;
    bool ok = each_field(bytes,
                         [&](std::uint64_t n, std::uint64_t wt, std::uint64_t, std::string_view b) {
                             if (n == 1 && wt == 2) service.assign(b);
                         });
    return {ok ? service : std::string{}, ok};
}

std::string encode_response(ServingStatus status) {
    std::string out;
    if (status == ServingStatus::UNKNOWN) return out;
    out.push_back(0x08);  // field 1, varint
    put_varint(out, static_cast<std::uint32_t>(status));
    return out;
}

std::pair<ServingStatus, bool> decode_response(std::string_view bytes) {
    auto status = ServingStatus::UNKNOWN;
    bool ok = each_field(bytes,
                         [&](std::uint64_t n, std::uint64_t wt, std::uint64_t v, std::string_view) {
                             if (n == 1 && wt == 0)
                                 status = static_cast<ServingStatus>(static_cast<std::uint32_t>(v));
                         });
    return {ok ? status : ServingStatus::UNKNOWN, ok};
}

check_result check(const context::Context& ctx, const ClientConn& conn, std::string_view service) {
    auto [reply, err] = invoke(ctx, conn, check_method, encode_request(service));
    if (err) return {ServingStatus::UNKNOWN, err};
    auto [status, ok] = decode_response(reply);
    if (!ok) {
        return {ServingStatus::UNKNOWN,
                status_error(Code::Internal, "grpc: failed to unmarshal the received message")};
    }
    return {status, nullptr};
}

void register_check(Server& srv, CheckFunc fn) {
    srv.handle_unary(std::string(check_method),
                     [fn = std::move(fn)](context::Context ctx, std::string req) -> unary_result {
                         auto [service, ok] = decode_request(req);
                         if (!ok) {
                             return {
                                 std::string{},
                                 status_error(Code::Internal, "grpc: error unmarshalling request")};
                         }
                         auto [status, err] = fn(std::move(ctx), std::move(service));
                         if (err) return {std::string{}, err};
                         return {encode_response(status), nullptr};
                     });
}

}  // namespace gocpp::grpc::health
