// metadata: outgoing and incoming metadata carried by contexts, as grpc-go's
// metadata package keeps them (two distinct context keys).
#include <gocpp/grpc.hpp>

#include <gocpp/context/value.hpp>
#include <gocpp/panic.hpp>

#include <algorithm>
#include <cctype>

namespace gocpp::grpc {

namespace {

struct outgoing_key {
    static constexpr std::string_view go_type_name = "metadata.mdOutgoingKey";
    bool operator==(const outgoing_key&) const = default;
};
struct incoming_key {
    static constexpr std::string_view go_type_name = "metadata.mdIncomingKey";
    bool operator==(const incoming_key&) const = default;
};

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

// A stored MD prints as grpc-go's does in a context's String(): `map[k:[v]]`.
struct stored_md {
    MD md;
    bool operator==(const stored_md& o) const { return md == o.md; }
    std::string String() const {
        std::string s = "map[";
        bool first = true;
        for (const auto& [k, vs] : md) {
            if (!first) s += ' ';
            first = false;
            s += k + ":[";
            for (std::size_t i = 0; i < vs.size(); ++i)
                s += (i ? " " : "") + vs[i];
            s += ']';
        }
        return s + ']';
    }
};

}  // namespace

context::Context append_to_outgoing_context(const context::Context& ctx,
                                            std::vector<std::string> kv) {
    if (kv.size() % 2 == 1) {
        panic("metadata: AppendToOutgoingContext got an odd number of input pairs for metadata: " +
              std::to_string(kv.size()));
    }
    auto [md, ok] = from_outgoing_context(ctx);
    for (std::size_t i = 0; i < kv.size(); i += 2)
        md[lower(kv[i])].push_back(kv[i + 1]);
    return context::with_value(ctx, outgoing_key{}, stored_md{std::move(md)});
}

context::Context new_outgoing_context(const context::Context& ctx, MD md) {
    MD lowered;
    for (auto& [k, vs] : md) {
        auto& dst = lowered[lower(k)];
        dst.insert(dst.end(), vs.begin(), vs.end());
    }
    return context::with_value(ctx, outgoing_key{}, stored_md{std::move(lowered)});
}

md_result from_outgoing_context(const context::Context& ctx) {
    if (const auto* s = ctx.value(outgoing_key{}).as<stored_md>()) return {s->md, true};
    return {MD{}, false};
}

context::Context new_incoming_context(const context::Context& ctx, MD md) {
    return context::with_value(ctx, incoming_key{}, stored_md{std::move(md)});
}

md_result from_incoming_context(const context::Context& ctx) {
    if (const auto* s = ctx.value(incoming_key{}).as<stored_md>()) return {s->md, true};
    return {MD{}, false};
}

}  // namespace gocpp::grpc
