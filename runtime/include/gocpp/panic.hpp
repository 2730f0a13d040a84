// gocpp/panic.hpp — Go's panics as C++ exceptions.
//
// A Go panic is a gocpp::panic_error carrying Go's message ("send on closed
// channel", "close of nil channel", "sync: negative WaitGroup counter", ...).
// Recovering is catching it:
//
//     try { ch.send(1); } catch (const gocpp::panic_error& e) { e.what(); }
//
// An exception that escapes a goroutine (or main) ends the program the way an
// unrecovered Go panic does: "panic: <what()>", a blank line and
// "goroutine N [running]:" on stderr, then exit status 2.
#pragma once

#include <stdexcept>
#include <string>

namespace gocpp {

namespace detail {
// Called as a panic is raised; lets sanitizer builds tidy the goroutine's
// stack first (see forget_stale_stack_marks). Does nothing otherwise.
void on_panic() noexcept;
}  // namespace detail

// The exception every gocpp panic throws. Any std::exception that escapes a
// goroutine is reported the same way; this type only says "Go would panic".
class panic_error : public std::runtime_error {
  public:
    explicit panic_error(const std::string& message) : std::runtime_error(message) {
        detail::on_panic();
    }
};

// Go's panic(v) for a message: throws panic_error(message).
[[noreturn]] void panic(const std::string& message);

}  // namespace gocpp
