// fastrand: Go's cheap per-thread random numbers (splitmix64), for select's
// poll order and the victim order of work stealing. The state is per thread,
// reached out of line like the scheduler's other thread-locals (a goroutine
// may resume on another thread).
#include "internal.hpp"

#include <cstdint>

namespace gocpp::detail {

namespace {
__attribute__((noinline)) std::uint64_t& rng_state() {
    thread_local std::uint64_t s = 0;
    return s;
}
}  // namespace

std::uint32_t fastrand() noexcept {
    std::uint64_t& s = rng_state();
    if (s == 0) s = reinterpret_cast<std::uintptr_t>(&s) ^ 0x9E3779B97F4A7C15ull ^ coarse_now_ns();
    // splitmix64
    std::uint64_t z = (s += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return static_cast<std::uint32_t>((z ^ (z >> 31)) >> 32);
}

std::uint32_t fastrandn(std::uint32_t n) noexcept {
    return static_cast<std::uint32_t>((static_cast<std::uint64_t>(fastrand()) * n) >> 32);
}

}  // namespace gocpp::detail
