// Go's panic(): a panic_error thrown. And the stack upkeep AddressSanitizer
// needs as one is thrown: frames left without returning (a panic unwinding,
// a park) leave marks on a goroutine's stack that ASan does not see go
// (forget_stale_stack_marks; see internal.hpp). What happens to a panic that
// nobody catches is die_with_panic's (die.cpp).
#include "internal.hpp"

#include <gocpp/panic.hpp>

#include <string>

#ifdef GOCPP_ASAN
#include <sanitizer/asan_interface.h>
#endif

namespace gocpp::detail {

#ifdef GOCPP_ASAN
__attribute__((noinline)) void forget_stale_stack_marks(goroutine* g) noexcept {
    if (g == nullptr || g->stack_bottom == nullptr) return;
    // Up to a little above this frame too: the callers' frames (a panic's
    // constructor, park) are about to be left, and the sanitizer's own
    // no-return hook runs at about their depth.
    char* top = reinterpret_cast<char*>(g);  // the record sits at the stack's top
    char* here = static_cast<char*>(__builtin_frame_address(0)) + 2048;
    if (here > top) here = top;
    if (here > g->stack_bottom)
        __asan_unpoison_memory_region(g->stack_bottom, here - g->stack_bottom);
}
#endif

void on_panic() noexcept {
#ifdef GOCPP_ASAN
    forget_stale_stack_marks(current());
#endif
}

}  // namespace gocpp::detail

namespace gocpp {

void panic(const std::string& message) {
    throw panic_error(message);
}

}  // namespace gocpp
