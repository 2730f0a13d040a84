// gocpp/trace.hpp — W3C Trace Context carried by a context: span contexts,
// child spans, and the `traceparent` header, as OpenTelemetry Go's trace and
// propagation packages provide them.
//
//     auto [ctx2, span] = trace::start(ctx, "fetch");   // ctx2, span := tracer.Start(ctx, "fetch")
//     defer _{[&] { span.end(); }};                     // defer span.End()
//     auto sc = span.span_context();                    // span.SpanContext()
//     std::cout << sc.trace_id() << ' ' << sc.span_id();
//
//     propagation::TraceContext tc;                     // propagation.TraceContext{}
//     tc.inject(ctx2, carrier);                         // sets "traceparent"
//     ctx = tc.extract(ctx, carrier);                   // the remote parent, if valid
//
// A span started from a context that carries a span (local or remote) is its
// child: same trace id, a new span id, the parent's sampled flag. From a
// context without one it starts a new trace, sampled (the SDK's default
// sampler). Nothing is exported: a span is the identity that travels, which
// is what crossing processes needs.
//
// Thread safety: SpanContext is a value; Span is a cheap handle that any
// goroutine may copy and end (end() is idempotent). Nothing here blocks.
// start() panics "cannot create context from nil parent" on a nil ctx, as
// every context function does.
#pragma once

#include <gocpp/context.hpp>

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>
#include <utility>

namespace gocpp::trace {

// A 16-byte trace id; all zeros is invalid. Prints as 32 lowercase hex digits.
class TraceID {
  public:
    std::array<std::uint8_t, 16> bytes{};
    bool is_valid() const noexcept;
    std::string string() const;
    friend bool operator==(const TraceID&, const TraceID&) = default;
    friend std::ostream& operator<<(std::ostream& os, const TraceID& id) {
        return os << id.string();
    }
};

// An 8-byte span id; all zeros is invalid. Prints as 16 lowercase hex digits.
class SpanID {
  public:
    std::array<std::uint8_t, 8> bytes{};
    bool is_valid() const noexcept;
    std::string string() const;
    friend bool operator==(const SpanID&, const SpanID&) = default;
    friend std::ostream& operator<<(std::ostream& os, const SpanID& id) {
        return os << id.string();
    }
};

// trace.TraceIDFromHex / SpanIDFromHex: exactly 32 (16) lowercase hex digits,
// not all zero; nullopt otherwise.
std::optional<TraceID> trace_id_from_hex(std::string_view h);
std::optional<SpanID> span_id_from_hex(std::string_view h);

using TraceFlags = std::uint8_t;
inline constexpr TraceFlags flags_sampled = 0x01;

// The identity of a span: what crosses process boundaries.
class SpanContext {
  public:
    SpanContext() = default;
    SpanContext(TraceID trace_id, SpanID span_id, TraceFlags flags = 0, bool remote = false)
        : trace_id_(trace_id), span_id_(span_id), flags_(flags), remote_(remote) {}

    const TraceID& trace_id() const noexcept { return trace_id_; }
    const SpanID& span_id() const noexcept { return span_id_; }
    TraceFlags trace_flags() const noexcept { return flags_; }
    bool is_sampled() const noexcept { return (flags_ & flags_sampled) != 0; }
    // Whether it was extracted from a carrier (the parent is in another process).
    bool is_remote() const noexcept { return remote_; }
    // Both ids valid.
    bool is_valid() const noexcept { return trace_id_.is_valid() && span_id_.is_valid(); }

    friend bool operator==(const SpanContext&, const SpanContext&) = default;

  private:
    TraceID trace_id_;
    SpanID span_id_;
    TraceFlags flags_ = 0;
    bool remote_ = false;
};

// A started span. A default-constructed Span is the no-op span that
// span_from_context() returns for a context without one: invalid span
// context, end() does nothing.
class Span {
  public:
    Span() = default;

    SpanContext span_context() const;
    // The parent's span context (invalid for a root span).
    SpanContext parent() const;
    const std::string& name() const;
    // Ends the span; later calls do nothing.
    void end();
    bool ended() const noexcept;
    // A span that was started (not the no-op span) and has not ended.
    bool is_recording() const noexcept;

    explicit operator bool() const noexcept { return state_ != nullptr; }
    friend bool operator==(const Span& a, const Span& b) noexcept { return a.state_ == b.state_; }

    struct state;

  private:
    friend struct span_access;
    std::shared_ptr<state> state_;
};

// What start() returns: binds as `auto [ctx, span] = …` and assigns with
// `std::tie(ctx, span) = …` (a pair, as Go's two results).
struct start_result : std::pair<context::Context, Span> {
    using std::pair<context::Context, Span>::pair;
};

// tracer.Start(ctx, name): a child of the span in ctx (local, or the remote
// parent extracted from a carrier), or the root of a new trace. The returned
// context carries the new span.
start_result start(context::Context ctx, std::string name);

// trace.SpanFromContext(ctx): the span ctx carries, or the no-op Span.
Span span_from_context(const context::Context& ctx);
// trace.SpanContextFromContext(ctx): the span context ctx carries, local or
// remote; invalid if none.
SpanContext span_context_from_context(const context::Context& ctx);
// trace.ContextWithRemoteSpanContext(ctx, sc): ctx carrying sc (marked
// remote) as the parent of the next start().
context::Context context_with_remote_span_context(context::Context ctx, SpanContext sc);
// trace.ContextWithSpan(ctx, span).
context::Context context_with_span(context::Context ctx, Span span);

// otel.Tracer(name): a named tracer; start() behaves as trace::start.
class Tracer {
  public:
    explicit Tracer(std::string name = {}) : name_(std::move(name)) {}
    start_result start(context::Context ctx, std::string span_name) const {
        return trace::start(std::move(ctx), std::move(span_name));
    }
    const std::string& name() const noexcept { return name_; }

  private:
    std::string name_;
};
inline Tracer tracer(std::string name) {
    return Tracer(std::move(name));
}

// The `traceparent` header (W3C Trace Context, level 1):
//   version "-" trace-id "-" parent-id "-" trace-flags
//   2, 32, 16 and 2 lowercase hex digits.
// parse_traceparent accepts exactly what the recommendation does and
// OpenTelemetry Go's propagator takes: version ff is invalid; version 00 is
// exactly 55 characters (no further fields); a later version may append
// "-…" fields, which are ignored; all-zero ids are invalid; uppercase hex is
// invalid; for version 00, flags above 0x02 are invalid. Only the sampled bit
// is kept. The result is marked remote. nullopt for anything invalid.
std::optional<SpanContext> parse_traceparent(std::string_view header);
// "00-<trace id>-<span id>-<flags>", the sampled bit only; "" for an
// invalid span context.
std::string format_traceparent(const SpanContext& sc);

}  // namespace gocpp::trace

namespace gocpp::propagation {

// A carrier of text key/value pairs (Go's propagation.TextMapCarrier):
// `get(key)` returns the value or "", `set(key, value)` stores it. An
// http::Header and gRPC metadata are carriers; MapCarrier is a plain one.
template <class C>
concept TextMapCarrier = requires(C& c, const C& cc, const std::string& k) {
    { cc.get(k) } -> std::convertible_to<std::string>;
    c.set(k, k);
};

// propagation.MapCarrier.
class MapCarrier {
  public:
    std::string get(const std::string& key) const;
    void set(const std::string& key, const std::string& value);
    std::size_t size() const noexcept { return values_.size(); }

  private:
    std::vector<std::pair<std::string, std::string>> values_;
};

// propagation.TraceContext{}: injects and extracts `traceparent`.
struct TraceContext {
    // Sets "traceparent" from the span context ctx carries; sets nothing if
    // it carries none (or an invalid one).
    template <TextMapCarrier C>
    void inject(const context::Context& ctx, C& carrier) const {
        auto h = trace::format_traceparent(trace::span_context_from_context(ctx));
        if (!h.empty()) carrier.set("traceparent", h);
    }
    // ctx carrying the carrier's traceparent as the remote parent; ctx
    // itself when the header is missing or invalid (never an error).
    template <TextMapCarrier C>
    context::Context extract(context::Context ctx, const C& carrier) const {
        auto sc = trace::parse_traceparent(std::string(carrier.get("traceparent")));
        if (!sc) return ctx;
        return trace::context_with_remote_span_context(std::move(ctx), *sc);
    }
    std::vector<std::string> fields() const { return {"traceparent"}; }
};

}  // namespace gocpp::propagation
