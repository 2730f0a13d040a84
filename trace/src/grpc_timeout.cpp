// The grpc-timeout header, as grpc-go encodes and decodes it.
#include <gocpp/grpc_timeout.hpp>

#include <charconv>
#include <cstdint>
#include <limits>

namespace gocpp::grpcutil {

namespace {

using std::chrono::nanoseconds;

// The protocol allows at most 8 digits.
constexpr std::int64_t kMaxTimeoutValue = 100'000'000 - 1;
constexpr std::size_t kMaxTimeoutLength = 9;  // 8 digits and the unit

struct unit {
    char letter;
    nanoseconds size;
};
// Finest first: the encoder takes the first that fits.
constexpr unit kUnits[] = {
    {'n', std::chrono::nanoseconds(1)},  {'u', std::chrono::microseconds(1)},
    {'m', std::chrono::milliseconds(1)}, {'S', std::chrono::seconds(1)},
    {'M', std::chrono::minutes(1)},      {'H', std::chrono::hours(1)},
};

// d / r rounded up, without the overflow of (d + r - 1) / r.
std::int64_t div_round_up(nanoseconds d, nanoseconds r) {
    return d.count() / r.count() + (d.count() % r.count() > 0 ? 1 : 0);
}

// Go's %q for the ASCII a header value is made of.
std::string quote(std::string_view s) {
    std::string q = "\"";
    for (char c : s) {
        if (c == '"' || c == '\\') q += '\\';
        q += c;
    }
    return q + '"';
}

class timeout_error : public error_interface {
  public:
    explicit timeout_error(std::string msg) : msg_(std::move(msg)) {}
    std::string error() const override { return msg_; }

  private:
    std::string msg_;
};

error make_error(std::string msg) {
    return std::make_shared<timeout_error>(std::move(msg));
}

}  // namespace

std::string encode_duration(nanoseconds d) {
    if (d <= nanoseconds::zero()) return "0n";
    for (const auto& u : kUnits) {
        std::int64_t v = div_round_up(d, u.size);
        // Hours always fit: the largest int64 nanoseconds is about 2.5 million
        // hours.
        if (v <= kMaxTimeoutValue || u.letter == 'H') return std::to_string(v) + u.letter;
    }
    return "0n";  // not reached
}

decode_result decode_timeout(std::string_view s) {
    if (s.size() < 2)
        return {nanoseconds::zero(),
                make_error("transport: timeout string is too short: " + quote(s))};
    if (s.size() > kMaxTimeoutLength)
        return {nanoseconds::zero(),
                make_error("transport: timeout string is too long: " + quote(s))};
    const unit* found = nullptr;
    for (const auto& u : kUnits)
        if (u.letter == s.back()) found = &u;
    if (!found)
        return {nanoseconds::zero(),
                make_error("transport: timeout unit is not recognized: " + quote(s))};
    // strconv.ParseInt(s, 10, 64): an optional sign, then digits only.
    std::string_view digits = s.substr(0, s.size() - 1);
    std::string_view body = digits;
    bool negative = false;
    if (!body.empty() && (body[0] == '+' || body[0] == '-')) {
        negative = body[0] == '-';
        body.remove_prefix(1);
    }
    std::int64_t t = 0;
    auto [end, ec] = std::from_chars(body.data(), body.data() + body.size(), t);
    if (body.empty() || ec != std::errc() || end != body.data() + body.size())
        return {nanoseconds::zero(),
                make_error("strconv.ParseInt: parsing " + quote(digits) + ": invalid syntax")};
    if (negative) t = -t;
    constexpr std::int64_t kMaxHours = std::numeric_limits<std::int64_t>::max() /
                                       std::chrono::nanoseconds(std::chrono::hours(1)).count();
    if (found->letter == 'H' && t > kMaxHours) return {nanoseconds::max(), nullptr};
    return {nanoseconds(found->size.count() * t), nullptr};
}

}  // namespace gocpp::grpcutil
