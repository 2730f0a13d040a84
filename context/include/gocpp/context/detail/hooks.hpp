// gocpp/context/detail/hooks.hpp — observation points for tests (Go's
// context tests read these internals directly). Not for programs.
#pragma once

#include <gocpp/context/context.hpp>

#include <cstdint>
#include <vector>

namespace gocpp::detail {

// How many children are linked to ctx's set of children (Go's
// len(c.children)): contexts made from ctx or from value layers and
// non-overriding wrappers above it, not yet canceled. 0 when ctx is not a
// with_cancel/with_deadline context. Never blocks.
std::size_t children_count(const context::Context& ctx);

// The children themselves (Go's c.children), in no particular order.
std::vector<context::Context> children(const context::Context& ctx);

// The library cancel context that a child of `parent` would link to (Go's
// parentCancelCtx), or nil.
context::Context parent_cancel_ctx(const context::Context& parent);

// How many watcher goroutines (cancel.hpp, rule 5) have ever been started
// (Go's context.goroutines counter).
std::int64_t watchers_started() noexcept;

}  // namespace gocpp::detail
