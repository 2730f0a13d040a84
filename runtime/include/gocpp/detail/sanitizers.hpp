// gocpp/detail/sanitizers.hpp — GOCPP_ASAN and GOCPP_TSAN: defined (as 1)
// when the translation unit is built with AddressSanitizer or
// ThreadSanitizer, by GCC or Clang. The one place that detects them. Not for
// users.
#pragma once

#if defined(__SANITIZE_ADDRESS__)
#define GOCPP_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define GOCPP_ASAN 1
#endif
#endif

#if defined(__SANITIZE_THREAD__)
#define GOCPP_TSAN 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define GOCPP_TSAN 1
#endif
#endif
