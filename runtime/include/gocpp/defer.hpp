// gocpp/defer.hpp — Go's defer as a scope guard.
//
//     auto [ctx, cancel] = context::with_cancel(context::background());
//     defer _{cancel};                   // Go: defer cancel()
//     defer close_file{[&] { f.close(); }};
//
// The callable runs when the enclosing scope ends, also by exception; several
// defers in one scope run last in, first out (C++ destroys locals in reverse
// order of declaration).
//
// Unlike Go's defer, which runs when the *function* returns, this runs when the
// *scope* ends: a defer inside a loop body runs at the end of each iteration.
// Arguments are not evaluated at the defer statement as Go does; capture by
// value in the lambda where that matters. A panic (exception) thrown by the
// deferred callable while another exception unwinds ends the program, as
// std::terminate does; Go would replace the first panic instead.
#pragma once

#include <type_traits>
#include <utility>

namespace gocpp {

template <class F>
class [[nodiscard]] defer {
  public:
    explicit defer(F f) noexcept(std::is_nothrow_move_constructible_v<F>) : f_(std::move(f)) {}
    defer(const defer&) = delete;
    defer& operator=(const defer&) = delete;
    ~defer() noexcept(false) { f_(); }

  private:
    F f_;
};

template <class F>
defer(F) -> defer<F>;

}  // namespace gocpp
