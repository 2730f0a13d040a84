// gocpp::debug: goroutine snapshots with Go's wait reasons, the dump, the
// SIGQUIT dump and the leak check.
#include "test_util.hpp"

#include <gocpp/debug.hpp>

#include <doctest/doctest.h>
#include <gocpp/debug_doctest.hpp>

#include <gocpp/detail/timer.hpp>

#include <algorithm>
#include <functional>
#include <optional>
#include <set>
#include <vector>

using namespace gocpp;
using namespace std::chrono_literals;

namespace {

std::optional<debug::goroutine_info> find_goroutine(std::int64_t id) {
    for (auto& g : debug::goroutines()) {
        if (g.id == id) return g;
    }
    return std::nullopt;
}

// Starts a goroutine that reports its id and then runs body; waits until it
// shows the expected wait reason (it parks asynchronously).
std::int64_t park_and_check(std::function<void()> body, const std::string& reason) {
    auto ids = make_chan<std::int64_t>(1);
    go([=] {
        ids.send(detail::goroutine_id(detail::current()));
        body();
    });
    std::int64_t id = ids.recv();
    CHECK(test_util::eventually([&] {
        auto g = find_goroutine(id);
        return g && g->state == reason;
    }));
    return id;
}

}  // namespace

TEST_CASE("each blocked goroutine shows Go's wait reason and its creation site") {
    auto never = make_chan<int>();
    auto release = make_chan<void>();
    chan<int> nil_chan;
    // Each parked goroutine returns once `release` is closed, except the
    // forever-blocked ones, which stay parked (they cost one page each).
    int line = __LINE__ + 1;
    std::int64_t recv_id = park_and_check([=] { select(recv(never), recv(release)); }, "select");
    auto g = find_goroutine(recv_id);
    REQUIRE(g);
    CHECK(g->waiting);
    CHECK(g->file.find("debug_test.cpp") != std::string::npos);
    CHECK(g->creator_id == 1);
    (void)line;

    auto full = make_chan<int>();
    park_and_check([=] { never.recv(); }, "chan receive");
    park_and_check([=] { full.send(1); }, "chan send");
    park_and_check([=] { nil_chan.recv(); }, "chan receive (nil chan)");
    park_and_check([=] { nil_chan.send(1); }, "chan send (nil chan)");
    park_and_check([] { select(); }, "select (no cases)");
    park_and_check([] { detail::sleep_until(detail::clock::now() + 1h); }, "sleep");
    release.close();
    full.recv();  // lets the sender finish

    std::string dump = debug::goroutines_string();
    CHECK(dump.find("goroutine 1 [running]:\nmain()\n") != std::string::npos);
    CHECK(dump.find("[chan receive (nil chan)]:\ncreated by ") != std::string::npos);
    CHECK(dump.find(" in goroutine 1\n\t") != std::string::npos);
}

namespace {

// The goroutine the function reports its id from, as a dump shows it.
debug::goroutine_info started_goroutine(chan<std::int64_t> ids) {
    std::int64_t id = ids.recv();
    std::optional<debug::goroutine_info> g;
    CHECK(test_util::eventually([&] { return (g = find_goroutine(id)) && g->waiting; }));
    REQUIRE(g);
    return *g;
}

// What every after_func goroutine of the test below must show: the line of
// the after_func call in this file, and the calling goroutine as creator.
void check_created_here(const debug::goroutine_info& g, int line, std::int64_t creator) {
    CHECK(g.file.find("debug_test.cpp") != std::string::npos);
    CHECK(g.line == static_cast<unsigned>(line));
    CHECK(g.creator_id == creator);
    const std::string dump = debug::goroutines_string();
    CHECK(dump.find("goroutine " + std::to_string(g.id) + " [chan receive]:\ncreated by " +
                    g.created_by + " in goroutine " + std::to_string(creator) + "\n\t" + g.file +
                    ":" + std::to_string(line) + "\n") != std::string::npos);
}

}  // namespace

TEST_CASE(
    "goroutines started by timers and after_func name the call and the goroutine that made it") {
    const std::int64_t self = detail::current_goroutine_id();
    auto ids = make_chan<std::int64_t>(1);
    auto release = make_chan<void>();
    auto body = [=] {
        ids.send(detail::current_goroutine_id());
        release.recv();
    };

    // time.AfterFunc: started by the timer (goroutine 0 in Go's dump).
    int line = __LINE__ + 1;
    auto t = time::after_func(1ms, body);
    check_created_here(started_goroutine(ids), line, self);

    // context.AfterFunc on a context whose timer cancels it.
    auto [tctx, tcancel] = context::with_timeout(context::background(), 1ms);
    line = __LINE__ + 1;
    auto stop1 = context::after_func(tctx, body);
    check_created_here(started_goroutine(ids), line, self);

    // context.AfterFunc canceled by another goroutine: still this one's.
    auto [cctx, ccancel] = context::with_cancel(context::background());
    line = __LINE__ + 1;
    auto stop2 = context::after_func(cctx, body);
    go([cancel = ccancel] { cancel(); });
    check_created_here(started_goroutine(ids), line, self);

    // Registered by a goroutine other than main: that goroutine is named.
    auto registrar = make_chan<std::int64_t>(1);
    int go_line = 0;
    // tctx by init-capture: clang 14 cannot capture a structured binding.
    go([&, &tctx = tctx, body, registrar] {
        go_line = __LINE__ + 1;
        auto stop = context::after_func(tctx, body);
        registrar.send(detail::current_goroutine_id());
    });
    const std::int64_t registrar_id = registrar.recv();
    check_created_here(started_goroutine(ids), go_line, registrar_id);

    release.close();
    tcancel();
    ccancel();
}

TEST_CASE("the goroutine list holds exactly the live goroutines after thousands have ended") {
    // (Goroutines left by earlier tests may still be ending, so this looks
    // only at the ids it made.)
    constexpr int n = 5000;
    std::vector<std::int64_t> ended_ids(n);
    sync::WaitGroup wg;
    wg.add(n);
    for (int i = 0; i < n; i++) {
        go([&wg, &ended_ids, i] {
            ended_ids[i] = detail::goroutine_id(detail::current());
            wg.done();
        });
    }
    wg.wait();
    const std::set<std::int64_t> ended(ended_ids.begin(), ended_ids.end());
    REQUIRE(ended.size() == static_cast<std::size_t>(n));

    // Three goroutines park on stacks the ended ones left behind.
    auto release = make_chan<void>();
    auto ids = make_chan<std::int64_t>(3);
    for (int i = 0; i < 3; i++) {
        go([=] {
            ids.send(detail::goroutine_id(detail::current()));
            release.recv();
        });
    }
    std::set<std::int64_t> parked;
    for (int i = 0; i < 3; i++)
        parked.insert(ids.recv());
    CHECK(test_util::eventually([&] {
        std::multiset<std::int64_t> listed;
        for (const auto& g : debug::goroutines())
            listed.insert(g.id);
        for (std::int64_t id : ended)
            if (listed.count(id) != 0) return false;
        for (std::int64_t id : parked)
            if (listed.count(id) != 1) return false;
        return listed.count(1) == 1;
    }));
    release.close();
}

TEST_CASE("SIGQUIT prints every goroutine and exits with status 2") {
    auto r = test_util::run_program("dbg_sigquit");
    CHECK(r.exit_status == 2);
    CHECK(r.out.find("SIGQUIT: quit\n\ngoroutine 1 [sleep]:\nmain()\n") != std::string::npos);
    CHECK(r.out.find("[chan receive]:\ncreated by ") != std::string::npos);
    CHECK(r.out.find("[select]:\ncreated by ") != std::string::npos);
}

TEST_CASE("an unrecovered panic prints the panicking goroutine, then the others") {
    auto r = test_util::run_program("dbg_panic_dump");
    CHECK(r.exit_status == 2);
    CHECK(r.out.rfind("panic: boom\n\ngoroutine 3 [running]:\ncreated by ", 0) == 0);
    CHECK(r.out.find("goroutine 1 [chan receive]:\nmain()") != std::string::npos);
    CHECK(r.out.find("goroutine 2 [chan receive]:") != std::string::npos);
}

TEST_CASE("the leak check names a goroutine that never exits") {
    auto never = make_chan<int>();
    auto cp = debug::checkpoint();
    go([=] { never.recv(); });
    auto r = debug::verify_no_leaks(cp, 200ms);
    REQUIRE(r.leaked.size() == 1);
    CHECK(r.leaked[0].state == "chan receive");
    CHECK(r.report().find("found unexpected goroutines:\ngoroutine ") == 0);
    CHECK(r.report().find("debug_test.cpp") != std::string::npos);
    never.close();
}

TEST_CASE("the leak check waits for goroutines that are about to exit") {
    debug::no_leaks_guard no_leaks;
    auto stop = make_chan<void>();
    for (int i = 0; i < 10; i++)
        go([=] { stop.recv(); });
    go([=] {
        detail::sleep_until(detail::clock::now() + 20ms);
        stop.close();
    });
}

// The leak check at exit (GOCPP_LEAKCHECK=1, gocpp/detail/exit_check.hpp),
// run on tests/programs/exit_leak_check.cpp.
TEST_CASE("the leak check at exit fails a program that leaves a goroutine, timer or element") {
    // Each failing run waits out the check's 5 s grace period: the runs of a
    // subcase go at once (f.get() blocks this thread while they wait).
    auto run_all = [](const std::vector<std::string>& modes, bool check = true) {
        std::vector<test_util::program_run> runs;
        for (const std::string& mode : modes)
            runs.push_back({"exit_leak_check", mode + (check ? " check" : ""), 30});
        return test_util::run_programs_at_once(runs);
    };
    const std::string failed = "main returns\ngocpp: leak check at exit failed: ";
    SUBCASE("nothing left, or left only for a moment: main's status") {
        const std::vector<std::string> modes{"clean", "late-goroutine", "dropped-after"};
        const auto results = run_all(modes);
        for (std::size_t i = 0; i < modes.size(); ++i) {
            CAPTURE(modes[i]);
            CHECK(results[i].exit_status == 0);
            CHECK(results[i].out == "main returns\n");
        }
    }
    SUBCASE("what is left is reported, with status 1") {
        struct leak {
            std::string mode;
            std::string counts;
        };
        const std::vector<leak> leaks{
            leak{"blocked",
                 "goroutines besides main: 1, timers pending: 0, channel "
                 "elements buffered: 0 (in 0 channels)\nfound unexpected "
                 "goroutines:\ngoroutine 2 [chan receive]:\ncreated by main in "
                 "goroutine 1\n"},
            leak{"held-timer",
                 "goroutines besides main: 0, timers pending: 1, channel "
                 "elements buffered: 0 (in 0 channels)\n"},
            leak{"held-ticker",
                 "goroutines besides main: 0, timers pending: 1, channel "
                 "elements buffered: 1 (in 1 channels)\n"},
            leak{"lost-cancel",
                 "goroutines besides main: 0, timers pending: 1, channel "
                 "elements buffered: 0 (in 0 channels)\n"},
            leak{"elements",
                 "goroutines besides main: 0, timers pending: 0, channel "
                 "elements buffered: 2 (in 1 channels)\n"},
        };
        std::vector<std::string> modes;
        for (const leak& l : leaks)
            modes.push_back(l.mode);
        const auto results = run_all(modes);
        for (std::size_t i = 0; i < leaks.size(); ++i) {
            CAPTURE(leaks[i].mode);
            CHECK(results[i].exit_status == 1);
            CHECK(results[i].out.rfind(failed + leaks[i].counts, 0) == 0);
        }
    }
    SUBCASE("without GOCPP_LEAKCHECK=1 the program ends at once, with main's status") {
        const std::vector<std::string> modes{"blocked", "held-timer", "elements"};
        const auto results = run_all(modes, false);
        for (std::size_t i = 0; i < modes.size(); ++i) {
            CAPTURE(modes[i]);
            CHECK(results[i].exit_status == 0);
            CHECK(results[i].out == "main returns\n");
        }
    }
}
