// The W3C `traceparent` header: parsing with the recommendation's rules and
// OpenTelemetry Go's edge cases, and formatting.
#include <gocpp/trace.hpp>

namespace gocpp::trace {

namespace {

// Lowercase hex only: the recommendation forbids uppercase.
int hex_value(char c) noexcept {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
}

template <std::size_t N>
bool decode_hex(std::string_view h, std::array<std::uint8_t, N>& out) noexcept {
    if (h.size() != 2 * N) return false;
    for (std::size_t i = 0; i < N; ++i) {
        int hi = hex_value(h[2 * i]), lo = hex_value(h[2 * i + 1]);
        if (hi < 0 || lo < 0) return false;
        out[i] = std::uint8_t(hi << 4 | lo);
    }
    return true;
}

// Field widths and where each field starts in "vv-tttt…-ssss…-ff".
constexpr std::size_t kVersionAt = 0, kTraceIdAt = 3, kSpanIdAt = 36, kFlagsAt = 53;
constexpr std::size_t kVersion00Length = 55;
constexpr int kInvalidVersion = 0xff;
// For version 00, the flags byte defines only the sampled bit (and 0x02, the
// "random" bit of level 2); OpenTelemetry Go refuses anything larger.
constexpr int kVersion00MaxFlags = 0x02;

}  // namespace

std::optional<TraceID> trace_id_from_hex(std::string_view h) {
    TraceID id;
    if (!decode_hex(h, id.bytes) || !id.is_valid()) return std::nullopt;
    return id;
}

std::optional<SpanID> span_id_from_hex(std::string_view h) {
    SpanID id;
    if (!decode_hex(h, id.bytes) || !id.is_valid()) return std::nullopt;
    return id;
}

std::optional<SpanContext> parse_traceparent(std::string_view h) {
    if (h.size() < kVersion00Length) return std::nullopt;
    if (h[kTraceIdAt - 1] != '-' || h[kSpanIdAt - 1] != '-' || h[kFlagsAt - 1] != '-')
        return std::nullopt;
    std::array<std::uint8_t, 1> version{}, flags{};
    if (!decode_hex(h.substr(kVersionAt, 2), version)) return std::nullopt;
    if (version[0] == kInvalidVersion) return std::nullopt;
    if (version[0] == 0) {
        // Version 00 has exactly four fields.
        if (h.size() != kVersion00Length) return std::nullopt;
    } else if (h.size() > kVersion00Length && h[kVersion00Length] != '-') {
        // A later version may append fields, each behind a dash.
        return std::nullopt;
    }
    auto tid = trace_id_from_hex(h.substr(kTraceIdAt, 32));
    auto sid = span_id_from_hex(h.substr(kSpanIdAt, 16));
    if (!tid || !sid) return std::nullopt;
    if (!decode_hex(h.substr(kFlagsAt, 2), flags)) return std::nullopt;
    if (version[0] == 0 && flags[0] > kVersion00MaxFlags) return std::nullopt;
    return SpanContext(*tid, *sid, TraceFlags(flags[0] & flags_sampled), true);
}

std::string format_traceparent(const SpanContext& sc) {
    if (!sc.is_valid()) return {};
    std::string out = "00-";
    out += sc.trace_id().string();
    out += '-';
    out += sc.span_id().string();
    out += (sc.trace_flags() & flags_sampled) ? "-01" : "-00";
    return out;
}

}  // namespace gocpp::trace
