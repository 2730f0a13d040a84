// Helpers shared by the test files.
#pragma once

#include "test_paths.hpp"

#include <gocpp/gocpp.hpp>

#include <array>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <future>
#include <memory>
#include <string>
#include <sys/wait.h>
#include <vector>

namespace test_util {

struct process_result {
    int exit_status = -1;  // -1: killed by a signal or by the time limit
    std::string out;       // stdout and stderr, merged, sanitizer notes dropped
    std::string raw_out;   // the same with the sanitizer's lines kept
};

// Drops the notes a sanitizer runtime prints about fiber stack switches
// ("==123==WARNING: ASan is ignoring requested __asan_handle_no_return ...")
// so that the sanitizer build checks the same output as the plain one.
inline std::string without_sanitizer_notes(const std::string& text) {
    std::string out;
    std::size_t pos = 0;
    while (pos < text.size()) {
        std::size_t end = text.find('\n', pos);
        end = end == std::string::npos ? text.size() : end + 1;
        std::string line = text.substr(pos, end - pos);
        bool note = line.rfind("==", 0) == 0 ||
                    line.rfind("False positive error reports", 0) == 0 ||
                    line.rfind("For details see https://github.com/google/sanitizers", 0) == 0;
        if (!note) out += line;
        pos = end;
    }
    return out;
}

// Runs one of the programs built from tests/programs/ with a time limit, so a
// hang fails the test instead of blocking the suite.
inline process_result run_program(const std::string& name, const std::string& args = "",
                                  int timeout_seconds = 20) {
    std::string cmd = "timeout " + std::to_string(timeout_seconds) + " " +
                      std::string(programs_dir) + "/" + name + " " + args + " 2>&1";
    process_result r;
    FILE* p = popen(cmd.c_str(), "r");
    if (p == nullptr) return r;
    std::array<char, 4096> buf;
    size_t n;
    while ((n = fread(buf.data(), 1, buf.size(), p)) > 0)
        r.out.append(buf.data(), n);
    int status = pclose(p);
    if (WIFEXITED(status)) r.exit_status = WEXITSTATUS(status);
    r.raw_out = r.out;
    r.out = without_sanitizer_notes(r.out);
    return r;
}

// Runs several of them at once, one plain thread each, and returns their
// results in the order given: for programs that mostly wait (a leak check's
// grace period), so that their waits overlap.
struct program_run {
    std::string name;
    std::string args;
    int timeout_seconds = 20;
};
inline std::vector<process_result> run_programs_at_once(const std::vector<program_run>& runs) {
    std::vector<std::future<process_result>> pending;
    for (const program_run& r : runs)
        pending.push_back(std::async(
            std::launch::async, [r] { return run_program(r.name, r.args, r.timeout_seconds); }));
    std::vector<process_result> results;
    for (auto& f : pending)
        results.push_back(f.get());
    return results;
}

// Waits (without sleeping the thread) until pred() holds or the bound passes;
// for states that settle asynchronously, such as a goroutine count.
template <class Pred>
bool eventually(Pred pred, std::chrono::milliseconds bound = std::chrono::seconds(10)) {
    auto deadline = std::chrono::steady_clock::now() + bound;
    while (!pred()) {
        if (std::chrono::steady_clock::now() > deadline) return false;
        gocpp::gosched();
    }
    return true;
}

// Lets the other goroutines run for a while, so that goroutines that have
// said "about to block" are parked. Only ever used where waiting less makes
// a test weaker, never wrong.
inline void settle(std::chrono::milliseconds d = std::chrono::milliseconds(20)) {
    gocpp::time::sleep(d);
}

// Runs f on a new goroutine; true if it returned within the bound. (If it
// does not, the goroutine is left behind and the test fails.)
template <class F>
bool finishes_within(F f, std::chrono::milliseconds bound) {
    auto done = std::make_shared<std::atomic<bool>>(false);
    gocpp::go([f, done] {
        f();
        done->store(true);
    });
    return eventually([&] { return done->load(); }, bound);
}

// The message of the panic that f raises; "<no panic>" if it returns.
template <class F>
std::string panic_message(F&& f) {
    try {
        f();
    } catch (const gocpp::panic_error& e) {
        return e.what();
    }
    return "<no panic>";
}

}  // namespace test_util
