// gocpp/detail/immortal.hpp — handles to process-wide objects that are
// never destroyed (background(), context::canceled, the closed channel every
// early-canceled context shares). Not for users.
#pragma once

#include <memory>

namespace gocpp::detail {

// A shared_ptr to *p that owns nothing: it shares no control block, so
// copying and dropping it touch no reference count. Every goroutine on every
// thread copies these handles (each canceled context stores canceled), and a
// shared count would be one cache line all of them write to. p must live
// until the process ends; it is never deleted.
template <class T>
std::shared_ptr<T> immortal_ptr(T* p) noexcept {
    return std::shared_ptr<T>(std::shared_ptr<void>(), p);
}

}  // namespace gocpp::detail
