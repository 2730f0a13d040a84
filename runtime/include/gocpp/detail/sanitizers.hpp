// gocpp/detail/sanitizers.hpp — GOCPP_ASAN: defined (as 1) when the
// translation unit is built with AddressSanitizer, by GCC or Clang. The one
// place that detects it. Not for users.
#pragma once

#if defined(__SANITIZE_ADDRESS__)
#define GOCPP_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define GOCPP_ASAN 1
#endif
#endif
