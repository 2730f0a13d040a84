// gocpp/blocking_call.hpp — run a function that blocks its thread
// (getaddrinfo, file I/O, a C library call) without blocking a scheduler
// thread.
//
//     auto rc = gocpp::blocking_call([&] { return ::getaddrinfo(host, nullptr, &hints, &res); });
//
// Blocks: the calling goroutine parks while f runs on one of the runtime's
// helper threads (started on demand, kept a while when idle), then resumes
// with f's result; other goroutines run meanwhile. Called from a thread that
// is not a goroutine, f simply runs on the calling thread.
//
// f must not use goroutine-only facilities that park (channels, mutexes of
// gocpp::sync); it runs on a plain thread. An exception f throws is
// rethrown in the caller. Thread-safe; any number of calls may be in flight.
#pragma once

#include <exception>
#include <optional>
#include <type_traits>
#include <utility>

namespace gocpp {

namespace detail {
// Runs fn(arg) on a helper thread while the calling goroutine parks.
void blocking_call_raw(void (*fn)(void*), void* arg);
}  // namespace detail

template <class F>
auto blocking_call(F&& f) -> std::invoke_result_t<F&> {
    using R = std::invoke_result_t<F&>;
    struct job {
        F* f;
        std::exception_ptr ex;
        std::conditional_t<std::is_void_v<R>, char, std::optional<R>> result;
    } j{&f, nullptr, {}};
    detail::blocking_call_raw(
        [](void* arg) {
            auto* jp = static_cast<job*>(arg);
            try {
                if constexpr (std::is_void_v<R>) {
                    (*jp->f)();
                } else {
                    jp->result.emplace((*jp->f)());
                }
            } catch (...) {
                jp->ex = std::current_exception();
            }
        },
        &j);
    if (j.ex) std::rethrow_exception(j.ex);
    if constexpr (!std::is_void_v<R>) return std::move(*j.result);
}

}  // namespace gocpp
