// Spans carried by contexts, and the random ids they are made of.
#include <gocpp/trace.hpp>

#include <gocpp/panic.hpp>

#include <atomic>
#include <random>

namespace gocpp::trace {

namespace {

// Ids come from splitmix64 over one atomic counter seeded once from the
// system's entropy: lock-free and safe from any goroutine on any thread (a
// thread_local engine is not, since goroutines move between threads).
std::uint64_t next_random() noexcept {
    static std::atomic<std::uint64_t> state{[] {
        std::random_device rd;
        return (std::uint64_t(rd()) << 32) ^ rd();
    }()};
    std::uint64_t z =
        state.fetch_add(0x9e3779b97f4a7c15, std::memory_order_relaxed) + 0x9e3779b97f4a7c15;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9;
    z = (z ^ (z >> 27)) * 0x94d049bb133111eb;
    return z ^ (z >> 31);
}

template <std::size_t N>
void fill_random_nonzero(std::array<std::uint8_t, N>& out) {
    do {
        for (std::size_t i = 0; i < N; i += 8) {
            std::uint64_t r = next_random();
            for (std::size_t j = 0; j < 8 && i + j < N; ++j)
                out[i + j] = std::uint8_t(r >> (8 * j));
        }
    } while (out == std::array<std::uint8_t, N>{});
}

template <std::size_t N>
std::string to_hex(const std::array<std::uint8_t, N>& b) {
    static constexpr char digits[] = "0123456789abcdef";
    std::string s(2 * N, '0');
    for (std::size_t i = 0; i < N; ++i) {
        s[2 * i] = digits[b[i] >> 4];
        s[2 * i + 1] = digits[b[i] & 0xf];
    }
    return s;
}

// The context key: a private type, so no other package's key can equal it.
// It holds either a Span (started here) or a SpanContext (a remote parent),
// as OpenTelemetry Go's one key holds either kind of span.
struct span_key {
    static constexpr std::string_view go_type_name = "trace.traceContextKeyType";
    bool operator==(const span_key&) const = default;
};

}  // namespace

bool TraceID::is_valid() const noexcept {
    return bytes != decltype(bytes){};
}
std::string TraceID::string() const {
    return to_hex(bytes);
}
bool SpanID::is_valid() const noexcept {
    return bytes != decltype(bytes){};
}
std::string SpanID::string() const {
    return to_hex(bytes);
}

struct Span::state {
    std::string name;
    SpanContext sc;
    SpanContext parent;
    std::atomic<bool> ended{false};
};

SpanContext Span::span_context() const {
    return state_ ? state_->sc : SpanContext{};
}
SpanContext Span::parent() const {
    return state_ ? state_->parent : SpanContext{};
}
const std::string& Span::name() const {
    static const std::string empty;
    return state_ ? state_->name : empty;
}
void Span::end() {
    if (state_) state_->ended.store(true, std::memory_order_release);
}
bool Span::ended() const noexcept {
    return state_ && state_->ended.load(std::memory_order_acquire);
}
bool Span::is_recording() const noexcept {
    return state_ && !state_->ended.load(std::memory_order_acquire);
}

struct span_access {
    static Span make(std::string name, SpanContext sc, SpanContext parent) {
        Span s;
        s.state_ = std::make_shared<Span::state>();
        s.state_->name = std::move(name);
        s.state_->sc = sc;
        s.state_->parent = parent;
        return s;
    }
};

Span span_from_context(const context::Context& ctx) {
    if (!ctx) return {};
    auto v = ctx.value(span_key{});
    if (const Span* s = v.as<Span>()) return *s;
    return {};
}

SpanContext span_context_from_context(const context::Context& ctx) {
    if (!ctx) return {};
    auto v = ctx.value(span_key{});
    if (const Span* s = v.as<Span>()) return s->span_context();
    if (const SpanContext* sc = v.as<SpanContext>()) return *sc;
    return {};
}

context::Context context_with_span(context::Context ctx, Span span) {
    return context::with_value(ctx, span_key{}, std::move(span));
}

context::Context context_with_remote_span_context(context::Context ctx, SpanContext sc) {
    return context::with_value(ctx, span_key{},
                               SpanContext(sc.trace_id(), sc.span_id(), sc.trace_flags(), true));
}

start_result start(context::Context ctx, std::string name) {
    if (!ctx) panic("cannot create context from nil parent");
    SpanContext parent = span_context_from_context(ctx);
    TraceID tid;
    TraceFlags flags = flags_sampled;
    if (parent.is_valid()) {
        tid = parent.trace_id();
        flags = parent.trace_flags();
    } else {
        fill_random_nonzero(tid.bytes);
        parent = SpanContext{};
    }
    SpanID sid;
    fill_random_nonzero(sid.bytes);
    Span span = span_access::make(std::move(name), SpanContext(tid, sid, flags), parent);
    auto child = context_with_span(std::move(ctx), span);
    return {std::move(child), std::move(span)};
}

}  // namespace gocpp::trace

namespace gocpp::propagation {

std::string MapCarrier::get(const std::string& key) const {
    for (const auto& [k, v] : values_)
        if (k == key) return v;
    return {};
}

void MapCarrier::set(const std::string& key, const std::string& value) {
    for (auto& [k, v] : values_)
        if (k == key) {
            v = value;
            return;
        }
    values_.emplace_back(key, value);
}

}  // namespace gocpp::propagation
