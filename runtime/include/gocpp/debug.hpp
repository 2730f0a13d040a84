// gocpp/debug.hpp — goroutine dumps and a leak check for tests.
//
// Every goroutine carries its id (main is 1), where it was created (the go()
// call's file, line and function, and the creating goroutine), and, while
// blocked, Go's wait reason ("chan receive", "select", "sync.Mutex.Lock", ...)
// with the time it started waiting.
//
//     for (const auto& g : gocpp::debug::goroutines()) std::cout << g.id << ' ' << g.state;
//     gocpp::debug::write_goroutines(std::cerr);   // Go's traceback style
//
// The same dump is printed on SIGQUIT (then the program exits with status 2,
// as Go's does), after "fatal error: all goroutines are asleep - deadlock!",
// and after an unrecovered panic (the panicking goroutine first).
//
// Leak check, after uber-go/goleak:
//
//     auto cp = gocpp::debug::checkpoint();
//     run_the_code_under_test();
//     auto leaks = gocpp::debug::verify_no_leaks(cp);   // waits up to 5 s
//     if (!leaks.ok()) std::cerr << leaks.report();
//
// verify_no_leaks() waits (parking, not spinning) for the goroutines started
// after the checkpoint to exit, and otherwise lists each one still alive with
// its creation site and what it waits for. With doctest, one line per test
// case: gocpp/debug_doctest.hpp.
//
// All functions are safe from any goroutine; goroutines() and the dump read
// every goroutine's record without stopping anyone (they never block on a
// goroutine). A goroutine that starts or ends during the call may or may not
// be listed; every other one is, exactly once.
#pragma once

#include <chrono>
#include <cstdint>
#include <iosfwd>
#include <set>
#include <string>
#include <vector>

namespace gocpp::debug {

struct goroutine_info {
    std::int64_t id = 0;
    // "running", "runnable", or Go's wait reason: "chan receive", "chan send",
    // "chan receive (nil chan)", "chan send (nil chan)", "select",
    // "select (no cases)", "sleep", "sync.Mutex.Lock", "sync.RWMutex.RLock",
    // "sync.RWMutex.Lock", "sync.WaitGroup.Wait", "sync.Cond.Wait", ...
    std::string state;
    bool waiting = false;                    // parked on a wait reason
    std::chrono::nanoseconds waiting_for{};  // since when (coarse, ~4 ms)
    // Where go() was called; empty for main.
    std::string created_by;  // the enclosing function's name
    std::string file;
    unsigned line = 0;
    std::int64_t creator_id = 0;  // 0 for main
};

// A snapshot of every live goroutine, ordered by id. The caller shows as
// "running".
std::vector<goroutine_info> goroutines();

// Writes one block per goroutine in Go's traceback style:
//     goroutine 7 [chan receive, 2 minutes]:
//     created by main in goroutine 1
//         /src/app.cpp:42
void write_goroutines(std::ostream& out);
std::string goroutines_string();

// The goroutines alive at one moment.
struct leak_checkpoint {
    std::set<std::int64_t> ids;
};
leak_checkpoint checkpoint();

struct leak_report {
    std::vector<goroutine_info> leaked;  // empty: no leak
    bool ok() const { return leaked.empty(); }
    // "found unexpected goroutines:" and one block per leaked goroutine.
    std::string report() const;
};

// Waits up to `bound` for every goroutine started after `cp` to exit; returns
// those still alive then. Blocks the calling goroutine (it sleeps between
// looks, so the goroutines it waits for can run).
leak_report verify_no_leaks(const leak_checkpoint& cp,
                            std::chrono::milliseconds bound = std::chrono::seconds(5));

}  // namespace gocpp::debug
