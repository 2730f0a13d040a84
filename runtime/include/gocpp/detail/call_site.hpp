// gocpp/detail/call_site.hpp — where a go() (or after_func) call was written,
// for goroutine dumps and leak reports.
//
// std::source_location would do, but clang 14 cannot compile libstdc++ 12's
// <source_location>; the compiler builtins behind it work in both.
#pragma once

namespace gocpp::detail {

class call_site {
  public:
    // As a defaulted parameter, captures the caller's file, line and function.
    static constexpr call_site current(const char* file = __builtin_FILE(),
                                       const char* function = __builtin_FUNCTION(),
                                       unsigned line = __builtin_LINE()) noexcept {
        return call_site(file, function, line);
    }
    constexpr call_site() noexcept = default;

    constexpr const char* file_name() const noexcept { return file_; }
    constexpr const char* function_name() const noexcept { return function_; }
    constexpr unsigned line() const noexcept { return line_; }

  private:
    constexpr call_site(const char* file, const char* function, unsigned line) noexcept
        : file_(file), function_(function), line_(line) {}
    const char* file_ = "";
    const char* function_ = "";
    unsigned line_ = 0;
};

}  // namespace gocpp::detail
