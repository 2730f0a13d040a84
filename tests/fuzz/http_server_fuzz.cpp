// libFuzzer target: arbitrary bytes on a live http::Server connection (an
// in-memory pipe), written in a few pieces so that message boundaries fall
// anywhere, then the client half-closes and reads the reply to its end. See
// http_server_feed.hpp for the handler and for what is checked: no hang, a
// well-framed reply (every response "HTTP/1.x " and a 3-digit status), and no
// goroutine left once the connection is done. A violation prints the input's
// reply and aborts, so libFuzzer keeps the input; each one found goes into
// tests/fuzz/http_corpus/, which http_fuzz_replay_test.cpp replays in ctest.
//
// Leaks: tools/fuzz.sh runs with detect_leaks=1 and LeakSanitizer reports
// at exit what nothing references, so a leaked reference cycle shows. It is
// blind to a block whose last pointer was left on a goroutine's stack: the
// runtime registers its whole stack region as an LSan root region
// (runtime/src/stack_pool.cpp), and a pooled stack keeps stale words, so such
// a block counts as reachable (checked: `new int[10]` dropped on the main
// thread is reported, the same on a goroutine is not).
//
// Build and run: tools/fuzz.sh http_server (clang, ASan + UBSan, in
// build-fuzz-asan/). With HTTP_FUZZ_PRINT=1 in the environment each input's
// response statuses and log lines are printed (for replaying one input).
#include "fuzz/http_server_feed.hpp"

#include <gocpp/runtime.hpp>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <unistd.h>

extern "C" int LLVMFuzzerInitialize(int* argc, char*** argv) {
    // The runtime reads GOMAXPROCS once, before main: start again with it
    // set so that the server runs on two scheduler threads.
    if (std::getenv("GOMAXPROCS") == nullptr) {
        setenv("GOMAXPROCS", "2", 1);
        execv("/proc/self/exe", *argv);
        std::perror("execv");
        std::abort();
    }
    (void)argc;
    std::fprintf(stderr, "http_server_fuzz: GOMAXPROCS=%d\n", gocpp::gomaxprocs());
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    auto result = http_fuzz::feed(std::string_view(reinterpret_cast<const char*>(data), size));
    static const bool print = std::getenv("HTTP_FUZZ_PRINT") != nullptr;
    if (print) {
        std::fprintf(stderr, "statuses:");
        for (int s : result.statuses)
            std::fprintf(stderr, " %d", s);
        std::fprintf(stderr, "\n");
        for (const std::string& line : result.logs)
            std::fprintf(stderr, "log: %s\n", line.c_str());
    }
    if (!result.failure.empty()) {
        std::fprintf(stderr, "http_server_fuzz: %s\nreply (%zu bytes):\n%.*s\n",
                     result.failure.c_str(), result.reply.size(),
                     static_cast<int>(std::min<std::size_t>(result.reply.size(), 2000)),
                     result.reply.data());
        std::abort();
    }
    return 0;
}
