// gocpp/detail/call_site.hpp — where a go() (or after_func) call was written,
// and by which goroutine, for goroutine dumps and leak reports.
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

    // The goroutine that wrote the call, when the goroutine is started later
    // by someone else: a timer's or a context's after_func starts its
    // function from whatever goroutine or timer fires it, but the dump names
    // the goroutine that called after_func. -1: the goroutine calling go().
    constexpr call_site with_creator(long long goroutine_id) const noexcept {
        call_site s = *this;
        s.creator_ = goroutine_id;
        return s;
    }
    constexpr long long creator() const noexcept { return creator_; }

  private:
    constexpr call_site(const char* file, const char* function, unsigned line) noexcept
        : file_(file), function_(function), line_(line) {}
    const char* file_ = "";
    const char* function_ = "";
    unsigned line_ = 0;
    long long creator_ = -1;
};

}  // namespace gocpp::detail
