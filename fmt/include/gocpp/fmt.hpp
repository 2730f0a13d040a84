// gocpp/fmt.hpp — Go's fmt package: Print, Println, Printf, Sprint*,
// Fprint* and Errorf, with Go's verbs, flags and output forms.
//
//     using namespace gocpp;
//     fmt::println("client: got", serve(ctx));          // fmt.Println("client: got", serve(ctx))
//     fmt::printf("%-8s %5.2f %q\n", name, x, s);       // fmt.Printf(...)
//     std::string line = fmt::sprintf("%v %d", v, n);   // fmt.Sprintf(...)
//     fmt::println(std::vector<int>{1, 2, 3});          // [1 2 3]
//     fmt::println(std::map<std::string, int>{{"b", 2}, {"a", 1}});  // map[a:1 b:2]
//     error err = fmt::errorf("load %s: %w", name, cause);  // errors::is(err, cause)
//     fmt::fprintln(std::cerr, "warning:", err);        // fmt.Fprintln(os.Stderr, ...)
//
// Every argument is a function argument, so all are evaluated before
// anything is written (std::cout << a << f() may print a before f runs).
//
// Output, and why lines never interleave: each call formats the whole text
// first, then hands it over in ONE write — print/println/printf with one
// write(2) on file descriptor 1 (looping only if the kernel takes part of
// it), fprint* with one ostream::write. Lines that goroutines print at the
// same time therefore never mix. Before writing to the descriptor, print*
// flush std::cout (and C's stdout), so a program that mixes std::cout and
// fmt keeps its order. fprint* to std::cout goes through std::cout itself.
// The calls do not block the goroutine beyond the write itself (which may
// block its thread on a full pipe, like any write to stdout) and are safe
// from any goroutine on any thread.
//
// What prints how (Go's rules; %v unless a verb says otherwise):
// - bool: true/false. Integers (char and unsigned char are Go's byte,
//   char32_t Go's rune): decimal. float/double: Go's shortest form (3.14,
//   1e+06, 1e-05, +Inf, NaN; float uses the 32-bit shortest digits).
// - std::string, std::string_view, const char*, string literals: the text.
// - gocpp::error: its message (nil: <nil>). context::Context: its String().
//   std::chrono durations: Go's Duration string (1.5s), %d its nanoseconds.
// - Types with a const string() or String() member (Go's Stringer), or an
//   error() member, print that for %v %s %q %x %X; other types with an
//   operator<< print what it writes for %v and %s.
// - std::vector, std::array, std::deque, std::list, std::span, C arrays:
//   [a b c]; std::map, std::unordered_map: map[k:v k:v] with sorted keys;
//   std::pair: {a b}. Elements follow the same rules with the same verb.
// - nullptr, a null pointer, shared_ptr or error: <nil>. Other pointers and
//   channels: their address (0x...); a pointer to a container prints
//   &[...] / &map[...] as Go does.
// - %T: Go's type names (int, int64, float64, string, bool, []int,
//   map[string]int, chan int, time.Duration, *T); other types their
//   go_type_name (see gocpp/any.hpp) or C++ name.
// Verbs: %v %+v %#v %T %d %s %q %x %X %o %O %b %c %U %e %E %f %F %g %G %t %p
// %%, width, precision, * and explicit argument indexes %[n]d, flags
// - + # 0 and space, as Go has them. Misuse prints Go's forms: %!d(string=hi),
// %!d(MISSING), %!(EXTRA int=1, string=a), %!(NOVERB), %!d(BADINDEX),
// %!(BADWIDTH), %!(BADPREC).
//
// Departures from Go: a type with no Stringer, error() or operator<< does not
// compile (C++ has no reflection to print its fields); %#v prints Go syntax
// only for basic types, slices and maps. The print functions return nothing (Go's n, err are
// almost never used; write to a std::ostream and check it to see errors).
#pragma once

#include <gocpp/error.hpp>
#include <gocpp/fmt/detail/printer.hpp>

#include <ostream>
#include <span>
#include <string>
#include <string_view>

namespace gocpp::fmt {

namespace detail {
// The engines behind the templates below (fmt/src/print.cpp).
std::string sprint_args(std::span<const arg> args);
std::string sprintln_args(std::span<const arg> args);
std::string sprintf_args(std::string_view format, std::span<const arg> args);
error errorf_args(std::string_view format, std::span<const arg> args);
// One write of the whole text to file descriptor 1, after flushing
// std::cout and stdout.
void write_stdout(std::string_view text);
void write_stream(std::ostream& os, std::string_view text);

// The argument list, with one spare slot so an empty call makes no
// zero-length array.
template <class... Args>
struct arg_list {
    arg items[sizeof...(Args) + 1];
    explicit arg_list(const Args&... args) : items{make_arg(args)..., arg{}} {}
    std::span<const arg> span() const noexcept { return {items, sizeof...(Args)}; }
};
}  // namespace detail

// fmt.Sprint(a...): %v of each argument, with a space between two operands
// when neither is a string.
template <class... Args>
std::string sprint(const Args&... args) {
    return detail::sprint_args(detail::arg_list<Args...>(args...).span());
}

// fmt.Sprintln(a...): %v of each argument, spaces between all, a newline.
template <class... Args>
std::string sprintln(const Args&... args) {
    return detail::sprintln_args(detail::arg_list<Args...>(args...).span());
}

// fmt.Sprintf(format, a...).
template <class... Args>
std::string sprintf(std::string_view format, const Args&... args) {
    return detail::sprintf_args(format, detail::arg_list<Args...>(args...).span());
}

// fmt.Print(a...) to standard output, in one write.
template <class... Args>
void print(const Args&... args) {
    detail::write_stdout(sprint(args...));
}

// fmt.Println(a...) to standard output, in one write.
template <class... Args>
void println(const Args&... args) {
    detail::write_stdout(sprintln(args...));
}

// fmt.Printf(format, a...) to standard output, in one write.
template <class... Args>
void printf(std::string_view format, const Args&... args) {
    detail::write_stdout(sprintf(format, args...));
}

// fmt.Fprint(w, a...): one os.write() of the whole text.
template <class... Args>
void fprint(std::ostream& os, const Args&... args) {
    detail::write_stream(os, sprint(args...));
}

// fmt.Fprintln(w, a...): one os.write() of the whole text.
template <class... Args>
void fprintln(std::ostream& os, const Args&... args) {
    detail::write_stream(os, sprintln(args...));
}

// fmt.Fprintf(w, format, a...): one os.write() of the whole text.
template <class... Args>
void fprintf(std::ostream& os, std::string_view format, const Args&... args) {
    detail::write_stream(os, sprintf(format, args...));
}

// fmt.Errorf(format, a...), as Go 1.20: an error whose message is
// Sprintf's text, where %w prints like %v and must be given a gocpp::error.
// With one %w the result unwraps (errors::unwrap, err.unwrap()) to that
// error; with several, errors::is and errors::as look through every one (Go
// 1.20's Unwrap() []error) and unwrap() gives nil. Without %w it is a plain
// error, as errors.New(message). %w with a non-error operand prints
// %!w(type=value), as Go. Each call returns a distinct error.
template <class... Args>
error errorf(std::string_view format, const Args&... args) {
    return detail::errorf_args(format, detail::arg_list<Args...>(args...).span());
}

}  // namespace gocpp::fmt
