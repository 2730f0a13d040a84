// Go's misuse table, the entries the other suites do not already cover: every
// panic or fatal error that Go 1.19's runtime, time, sync, context (with the
// later AfterFunc) and errgroup raise for a programming error, raised by
// gocpp with Go's exact message. (Covered elsewhere: send on closed, close of
// nil or closed channel, makechan size (channel_test); negative WaitGroup
// counter and unlock of an unlocked Mutex or RWMutex (sync_test); nil
// parents, nil and incomparable keys (context tests); NewTicker and
// Ticker.Reset intervals, Stop and Reset of a zero Timer or Ticker
// (time_test); errgroup.SetLimit while active (errgroup_test).)
//
// Not tested: "sync: WaitGroup misuse: Add called concurrently with Wait",
// which Go (and gocpp, after it) detects only when the race happens inside a
// window of a few instructions; no program can make it happen on demand.
#include "test_util.hpp"

#include <doctest/doctest.h>
#include <gocpp/debug.hpp>
#include <gocpp/errgroup.hpp>

#include <chrono>
#include <functional>
#include <memory>
#include <string>

using namespace gocpp;
using namespace std::chrono_literals;
using test_util::panic_message;
using test_util::run_program;

namespace {

// Whether a goroutine started from this file is parked in WaitGroup.Wait.
bool waiter_parked() {
    for (const auto& g : debug::goroutines())
        if (g.file.find("misuse_test.cpp") != std::string::npos && g.state == "sync.WaitGroup.Wait")
            return true;
    return false;
}

}  // namespace

TEST_CASE("MISUSE-01 a WaitGroup reused before its previous Wait returned panics in that Wait") {
    // Go's sync.WaitGroup.Wait: woken because the counter reached zero, it
    // finds the counter non-zero again (Add was called before it ran):
    // "sync: WaitGroup is reused before previous Wait has returned".
    auto wg = std::make_shared<sync::WaitGroup>();
    wg->add(1);
    auto result = make_chan<std::string>(1);
    go([wg, result] { result.send(panic_message([&] { wg->wait(); })); });
    REQUIRE(test_util::eventually(waiter_parked));
    wg->done();  // wakes the waiter...
    wg->add(1);  // ...and reuses the group before it has run
    const std::string got = result.recv();
    if (gomaxprocs() == 1) {
        // One thread: the woken waiter runs only once this goroutine blocks.
        CHECK(got == "sync: WaitGroup is reused before previous Wait has returned");
    } else {
        // Another thread may run the waiter between done() and add(), and
        // then its Wait rightly returns; Go's check is as best-effort.
        CHECK((got == "sync: WaitGroup is reused before previous Wait has returned" ||
               got == "<no panic>"));
    }
    wg->done();
}

TEST_CASE("MISUSE-02 go of a nil function is Go's fatal error \"go of nil func value\"") {
    for (const char* c : {"go-nil-std-function", "go-nil-function-pointer"}) {
        INFO(c);
        auto r = run_program("misuse", c);
        CHECK(r.exit_status == 2);
        CHECK(r.out.find("fatal error: go of nil func value\n") != std::string::npos);
        CHECK(r.out.find("returned") == std::string::npos);
    }
}

TEST_CASE(
    "MISUSE-03 time::after_func and context::after_func with a nil function: fatal \"go of nil "
    "func value\" when it would run") {
    // Go starts f with a go statement when the timer fires or the context is
    // canceled; a nil f is then the fatal error, not before.
    for (const char* c : {"time-after-func-nil", "context-after-func-nil"}) {
        INFO(c);
        auto r = run_program("misuse", c);
        CHECK(r.exit_status == 2);
        CHECK(r.out.find("registered\n") != std::string::npos);  // no error at registration
        CHECK(r.out.find("fatal error: go of nil func value\n") != std::string::npos);
        CHECK(r.out.find("returned") == std::string::npos);
    }
}

TEST_CASE("MISUSE-04 errgroup go(nullptr): the nil call panics with Go's nil dereference message") {
    errgroup::Group g;
    g.go(nullptr);
    CHECK(panic_message([&] { (void)g.wait(); }) ==
          "runtime error: invalid memory address or nil pointer dereference");
    errgroup::Group limited;
    limited.set_limit(1);
    CHECK(limited.try_go(nullptr));
    CHECK(panic_message([&] { (void)limited.wait(); }) ==
          "runtime error: invalid memory address or nil pointer dereference");
}

TEST_CASE(
    "MISUSE-05 context::after_func and errgroup::with_context on a nil context panic as Go does") {
    // Go 1.21's AfterFunc(nil, f) calls Done() on the nil interface.
    CHECK(panic_message([] { (void)context::after_func(context::Context{}, [] {}); }) ==
          "runtime error: invalid memory address or nil pointer dereference");
    // errgroup.WithContext(nil) is context.WithCancel(nil).
    CHECK(panic_message([] { (void)errgroup::with_context(context::Context{}); }) ==
          "cannot create context from nil parent");
}

TEST_CASE(
    "MISUSE-06 time::tick with a non-positive interval returns nil, where new_ticker panics") {
    // Go 1.19's time.Tick: "if d <= 0 { return nil }".
    CHECK(time::tick(0ns) == nullptr);
    CHECK(time::tick(-1s) == nullptr);
    CHECK(panic_message([] { (void)time::new_ticker(0ns); }) ==
          "non-positive interval for NewTicker");
}

TEST_CASE(
    "MISUSE-07 an unrecovered panic in a goroutine ends the program: Go's \"panic: \" line, exit "
    "status 2") {
    auto r = run_program("misuse", "goroutine-send-on-closed");
    CHECK(r.exit_status == 2);
    CHECK(r.out.find("panic: send on closed channel\n\ngoroutine ") != std::string::npos);
    CHECK(r.out.find("returned") == std::string::npos);
}
