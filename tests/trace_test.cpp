// trace: span contexts carried by contexts, child spans, and the W3C
// `traceparent` header with the recommendation's rules and the cases of
// OpenTelemetry Go's propagation/trace_context_test.go.
#include <gocpp/context.hpp>
#include <gocpp/runtime.hpp>
#include <gocpp/chan.hpp>
#include <gocpp/grpc_timeout.hpp>
#include <gocpp/trace.hpp>

#include <doctest/doctest.h>

#include <set>
#include <string>
#include <tuple>

using namespace gocpp;

namespace {

const std::string kTraceID = "4bf92f3577b34da6a3ce929d0e0e4736";
const std::string kSpanID = "00f067aa0ba902b7";

}  // namespace

TEST_CASE("trace: traceparent that OpenTelemetry Go extracts") {
    struct row {
        const char* name;
        const char* header;
        bool sampled;
    };
    const row rows[] = {
        {"not sampled", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00", false},
        {"sampled", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", true},
        {"random bit only", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-02", false},
        {"future version not sampled", "02-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00",
         false},
        {"future version sampled", "02-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", true},
        {"future version sample bit set", "02-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-09",
         true},
        {"future version sample bit not set",
         "02-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-08", false},
        {"future version additional data",
         "02-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00-XYZxsf09", false},
        {"future version B3 format ending in dash",
         "03-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00-", false},
        {"version fe", "fe-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", true},
    };
    for (const auto& r : rows) {
        CAPTURE(r.name);
        auto sc = trace::parse_traceparent(r.header);
        REQUIRE(sc.has_value());
        CHECK(sc->trace_id().string() == kTraceID);
        CHECK(sc->span_id().string() == kSpanID);
        CHECK(sc->is_sampled() == r.sampled);
        // Only the sampled bit survives.
        CHECK(sc->trace_flags() == (r.sampled ? trace::flags_sampled : 0));
        CHECK(sc->is_remote());
        CHECK(sc->is_valid());
    }
}

TEST_CASE("trace: invalid traceparent is refused") {
    struct row {
        const char* name;
        const char* header;
    };
    const row rows[] = {
        {"wrong version length", "0000-00000000000000000000000000000000-0000000000000000-01"},
        {"wrong trace ID length", "00-ab00000000000000000000000000000000-cd00000000000000-01"},
        {"wrong span ID length", "00-ab000000000000000000000000000000-cd0000000000000000-01"},
        {"wrong trace flag length", "00-ab000000000000000000000000000000-cd00000000000000-0100"},
        {"bogus version", "qw-00000000000000000000000000000000-0000000000000000-01"},
        {"bogus trace ID", "00-qw000000000000000000000000000000-cd00000000000000-01"},
        {"bogus span ID", "00-ab000000000000000000000000000000-qw00000000000000-01"},
        {"bogus trace flag", "00-ab000000000000000000000000000000-cd00000000000000-qw"},
        {"upper case version", "A0-00000000000000000000000000000000-0000000000000000-01"},
        {"upper case trace ID", "00-AB000000000000000000000000000000-cd00000000000000-01"},
        {"upper case span ID", "00-ab000000000000000000000000000000-CD00000000000000-01"},
        {"upper case trace flag", "00-ab000000000000000000000000000000-cd00000000000000-A1"},
        {"zero trace ID and span ID", "00-00000000000000000000000000000000-0000000000000000-01"},
        {"zero trace ID", "00-00000000000000000000000000000000-cd00000000000000-01"},
        {"zero span ID", "00-ab000000000000000000000000000000-0000000000000000-01"},
        {"trace-flag unused bits set", "00-ab000000000000000000000000000000-cd00000000000000-09"},
        {"missing options", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7"},
        {"empty options", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-"},
        // W3C: version 00 has exactly four fields.
        {"version 00 with extra field",
         "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-xyz"},
        {"version 00 ending in dash", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00-"},
        {"version ff", "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"},
        {"future version, no dash before extra data",
         "02-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00xyz"},
        {"wrong separators", "00_4bf92f3577b34da6a3ce929d0e0e4736_00f067aa0ba902b7_01"},
        {"empty", ""},
        {"leading space", " 00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"},
    };
    for (const auto& r : rows) {
        CAPTURE(r.name);
        CHECK_FALSE(trace::parse_traceparent(r.header).has_value());
    }
}

TEST_CASE("trace: format_traceparent keeps only the sampled bit; invalid formats as nothing") {
    auto tid = *trace::trace_id_from_hex(kTraceID);
    auto sid = *trace::span_id_from_hex(kSpanID);
    CHECK(trace::format_traceparent(trace::SpanContext(tid, sid, 0)) ==
          "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00");
    CHECK(trace::format_traceparent(trace::SpanContext(tid, sid, 0xff)) ==
          "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
    CHECK(trace::format_traceparent(trace::SpanContext{}).empty());
    CHECK(trace::format_traceparent(trace::SpanContext(tid, trace::SpanID{})).empty());
    CHECK_FALSE(trace::trace_id_from_hex("4BF92F3577B34DA6A3CE929D0E0E4736").has_value());
    CHECK_FALSE(trace::span_id_from_hex("0000000000000000").has_value());
}

TEST_CASE("trace: start makes children of the span the context carries") {
    auto [root_ctx, root] = trace::start(context::background(), "root");
    auto root_sc = root.span_context();
    CHECK(root_sc.is_valid());
    CHECK(root_sc.is_sampled());
    CHECK_FALSE(root_sc.is_remote());
    CHECK_FALSE(root.parent().is_valid());
    CHECK(root.name() == "root");
    CHECK(trace::span_from_context(root_ctx) == root);
    CHECK(trace::span_context_from_context(root_ctx) == root_sc);

    std::set<std::string> span_ids{root_sc.span_id().string()};
    context::Context ctx = root_ctx;
    for (int depth = 0; depth < 10; ++depth) {
        auto parent = trace::span_context_from_context(ctx);
        trace::Span span;
        std::tie(ctx, span) = trace::start(ctx, "layer");
        CHECK(span.parent() == parent);
        CHECK(span.span_context().trace_id() == root_sc.trace_id());
        CHECK(span_ids.insert(span.span_context().span_id().string()).second);
    }
    // A second root is another trace.
    auto [other_ctx, other] = trace::start(context::background(), "other");
    CHECK(other.span_context().trace_id() != root_sc.trace_id());
    (void)other_ctx;
}

TEST_CASE("trace: each child's parent is the span it was started from") {
    auto [ctx1, s1] = trace::start(context::background(), "a");
    auto [ctx2, s2] = trace::start(ctx1, "b");
    auto [ctx3, s3] = trace::start(ctx2, "c");
    CHECK(s2.parent() == s1.span_context());
    CHECK(s3.parent() == s2.span_context());
    // Starting again from ctx1 makes a sibling of s2.
    auto [ctx2b, s2b] = trace::start(ctx1, "b2");
    CHECK(s2b.parent() == s1.span_context());
    CHECK(s2b.span_context().span_id() != s2.span_context().span_id());
    (void)ctx3;
    (void)ctx2b;
}

TEST_CASE("trace: a context without a span gives the no-op span") {
    auto ctx = context::background();
    auto span = trace::span_from_context(ctx);
    CHECK_FALSE(span);
    CHECK_FALSE(span.span_context().is_valid());
    CHECK_FALSE(span.is_recording());
    span.end();  // does nothing
    CHECK_FALSE(trace::span_context_from_context(ctx).is_valid());
    CHECK_FALSE(trace::span_context_from_context(context::Context{}).is_valid());
}

TEST_CASE("trace: end is idempotent and visible to every copy") {
    auto [ctx, span] = trace::start(context::background(), "x");
    auto copy = span;
    CHECK(copy.is_recording());
    span.end();
    span.end();
    CHECK(copy.ended());
    CHECK_FALSE(copy.is_recording());
    (void)ctx;
}

TEST_CASE("trace: start on a nil context panics as the context functions do") {
    CHECK_THROWS_WITH(trace::start(context::Context{}, "x"),
                      "cannot create context from nil parent");
}

TEST_CASE("trace: inject and extract carry the span across a carrier") {
    propagation::TraceContext tc;
    auto [ctx, span] = trace::start(context::background(), "client");
    propagation::MapCarrier carrier;
    tc.inject(ctx, carrier);
    CHECK(carrier.get("traceparent") == trace::format_traceparent(span.span_context()));

    // The other side: the extracted parent is remote, and a span started
    // from it keeps the trace id.
    auto server_ctx = tc.extract(context::background(), carrier);
    auto remote = trace::span_context_from_context(server_ctx);
    CHECK(remote.is_remote());
    CHECK(remote.trace_id() == span.span_context().trace_id());
    CHECK(remote.span_id() == span.span_context().span_id());
    CHECK_FALSE(trace::span_from_context(server_ctx));  // no local span yet
    auto [handler_ctx, handler_span] = trace::start(server_ctx, "server");
    CHECK(handler_span.span_context().trace_id() == span.span_context().trace_id());
    CHECK(handler_span.parent() == remote);
    CHECK_FALSE(handler_span.span_context().is_remote());
    (void)handler_ctx;
}

TEST_CASE("trace: extract ignores a missing or invalid header and injects nothing without a span") {
    propagation::TraceContext tc;
    auto base = context::background();
    propagation::MapCarrier empty;
    CHECK(tc.extract(base, empty) == base);
    propagation::MapCarrier bad;
    bad.set("traceparent", "00-00000000000000000000000000000000-0000000000000000-01");
    CHECK(tc.extract(base, bad) == base);

    propagation::MapCarrier out;
    tc.inject(base, out);
    CHECK(out.size() == 0);
    CHECK(tc.fields() == std::vector<std::string>{"traceparent"});
}

TEST_CASE("trace: ids from many goroutines at once are distinct") {
    constexpr int kGoroutines = 64, kEach = 200;
    auto results = make_chan<std::string>(kGoroutines * kEach);
    for (int g = 0; g < kGoroutines; ++g) {
        go([results] {
            for (int i = 0; i < kEach; ++i) {
                auto [ctx, span] = trace::start(context::background(), "x");
                results.send(span.span_context().trace_id().string() +
                             span.span_context().span_id().string());
            }
        });
    }
    std::set<std::string> seen;
    for (int i = 0; i < kGoroutines * kEach; ++i)
        seen.insert(results.recv());
    CHECK(seen.size() == std::size_t(kGoroutines * kEach));
}

TEST_CASE("grpc-timeout: encode_duration as grpc-go's EncodeDuration") {
    using namespace std::chrono;
    struct row {
        nanoseconds in;
        const char* out;
    };
    // grpc-go internal/grpcutil/encode_duration_test.go, then edge cases.
    const row rows[] = {
        {nanoseconds(12345678), "12345678n"},
        {nanoseconds(123456789), "123457u"},
        {microseconds(12345678), "12345678u"},
        {microseconds(123456789), "123457m"},
        {milliseconds(12345678), "12345678m"},
        {milliseconds(123456789), "123457S"},
        {seconds(12345678), "12345678S"},
        {seconds(123456789), "2057614M"},
        {minutes(12345678), "12345678M"},
        {minutes(123456789), "2057614H"},
        {nanoseconds(0), "0n"},
        {nanoseconds(-5), "0n"},
        {nanoseconds(99999999), "99999999n"},
        {nanoseconds(100000000), "100000u"},
        {nanoseconds(100000001), "100001u"},  // rounded up
        {seconds(1), "1000000u"},
        {milliseconds(50), "50000000n"},
        {nanoseconds::max(), "2562048H"},
    };
    for (const auto& r : rows) {
        CAPTURE(r.in.count());
        CHECK(grpcutil::encode_duration(r.in) == r.out);
    }
}

TEST_CASE("grpc-timeout: decode_timeout as grpc-go's decodeTimeout") {
    using namespace std::chrono;
    struct row {
        const char* in;
        nanoseconds d;
        const char* err;  // nullptr: no error
    };
    const row rows[] = {
        // grpc-go internal/transport/http_util_test.go TestTimeoutDecode.
        {"1234S", seconds(1234), nullptr},
        {"1234x", nanoseconds(0), "transport: timeout unit is not recognized: \"1234x\""},
        {"1", nanoseconds(0), "transport: timeout string is too short: \"1\""},
        {"", nanoseconds(0), "transport: timeout string is too short: \"\""},
        // Every unit, the length limit and ParseInt's refusals.
        {"7H", hours(7), nullptr},
        {"7M", minutes(7), nullptr},
        {"7m", milliseconds(7), nullptr},
        {"7u", microseconds(7), nullptr},
        {"7n", nanoseconds(7), nullptr},
        {"99999999S", seconds(99999999), nullptr},
        {"123456789S", nanoseconds(0), "transport: timeout string is too long: \"123456789S\""},
        {"abcS", nanoseconds(0), "strconv.ParseInt: parsing \"abc\": invalid syntax"},
        {"1.5S", nanoseconds(0), "strconv.ParseInt: parsing \"1.5\": invalid syntax"},
        {" 1S", nanoseconds(0), "strconv.ParseInt: parsing \" 1\": invalid syntax"},
        {"-S", nanoseconds(0), "strconv.ParseInt: parsing \"-\": invalid syntax"},
        {"+5S", seconds(5), nullptr},
        {"-5S", seconds(-5), nullptr},
        {"99999999H", nanoseconds::max(), nullptr},  // clamped, not overflowed
    };
    for (const auto& r : rows) {
        CAPTURE(r.in);
        auto [d, err] = grpcutil::decode_timeout(r.in);
        CHECK(d == r.d);
        if (r.err) {
            REQUIRE(err);
            CHECK(err.error() == r.err);
        } else {
            CHECK_FALSE(err);
        }
    }
}

TEST_CASE("grpc-timeout: what encode_duration writes decodes to at least the duration") {
    using namespace std::chrono;
    for (nanoseconds d :
         std::initializer_list<nanoseconds>{nanoseconds(1), nanoseconds(999), microseconds(997208),
                                            seconds(1), milliseconds(123456789), hours(1000)}) {
        auto [back, err] = grpcutil::decode_timeout(grpcutil::encode_duration(d));
        CHECK_FALSE(err);
        CHECK(back >= d);
        // A coarser unit is taken only when the finer one needs more than 8
        // digits, so the value is then at least 100,000 of it: rounding up costs
        // at most one part in 100,000.
        CHECK(back - d <= d / 100'000 + nanoseconds(1));
    }
}
