// libFuzzer target: channel programs and selects decoded from the input, run
// on gocpp's real scheduler with two threads and checked against the model
// of Go's spec (tests/model/). The first byte picks a one-goroutine program
// compared step by step with the model, or a concurrent one of producers,
// consumers and racing closes (see channel_program_runner.hpp for what each
// checks). A divergence prints the program and aborts, so libFuzzer keeps
// the input as a crash; each one found becomes a case in
// channel_model_test.cpp.
//
// Build and run: tools/fuzz.sh (a clang build in build-fuzz/).
#include "model/channel_model.hpp"
#include "model/channel_program_runner.hpp"

#include <gocpp/gocpp.hpp>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <unistd.h>

extern "C" int LLVMFuzzerInitialize(int* argc, char*** argv) {
    // The runtime reads GOMAXPROCS once, before main: start again with it
    // set so that the programs run on two scheduler threads.
    if (std::getenv("GOMAXPROCS") == nullptr) {
        setenv("GOMAXPROCS", "2", 1);
        execv("/proc/self/exe", *argv);
        std::perror("execv");
        std::abort();
    }
    (void)argc;
    std::fprintf(stderr, "chan_select_fuzz: GOMAXPROCS=%d\n", gocpp::gomaxprocs());
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    channel_model::byte_source in(data + 1, size - 1);
    std::vector<std::string> failures;
    if (data[0] % 2 == 0) {
        failures = channel_model::run_sequential(channel_model::decode_program(in, 256));
    } else {
        failures = channel_model::run_concurrent(channel_model::decode_concurrent(in));
    }
    if (!failures.empty()) {
        for (const std::string& f : failures)
            std::fprintf(stderr, "divergence: %s\n", f.c_str());
        std::abort();
    }
    return 0;
}
