// The coarse monotonic clock (CLOCK_MONOTONIC_COARSE: read without a system
// call, at the kernel tick's resolution), which stamps when a goroutine began
// to wait for the dump's "N minutes", and its value as a scheduler thread
// last read it, which park() stamps with.
#include "internal.hpp"

#include <atomic>
#include <cstdint>
#include <ctime>

namespace gocpp::detail {

namespace {
std::atomic<std::int64_t> g_coarse_now{0};
}  // namespace

std::int64_t cached_coarse_now_ns() noexcept {
    const std::int64_t t = g_coarse_now.load(std::memory_order_relaxed);
    return t != 0 ? t : coarse_now_ns();
}

void refresh_coarse_now() noexcept {
    g_coarse_now.store(coarse_now_ns(), std::memory_order_relaxed);
}

std::int64_t coarse_now_ns() noexcept {
    timespec ts;
    clock_gettime(CLOCK_MONOTONIC_COARSE, &ts);
    return static_cast<std::int64_t>(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

}  // namespace gocpp::detail
