// sync: WaitGroup, Mutex, RWMutex, Once, Cond and Locker, after Go 1.19's
// sync/*_test.go (conformance.md section 5, SYNC-nn, and the memory-model
// rules MM-06..MM-09).
//
// Goroutines never call doctest assertions: they record what they saw, and
// the test's own goroutine asserts.
#include "test_util.hpp"

#include <gocpp/debug.hpp>
#include <gocpp/sync.hpp>
#include <gocpp/time.hpp>

#include <doctest/doctest.h>
#include <gocpp/debug_doctest.hpp>

#include <atomic>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <type_traits>
#include <vector>

using namespace gocpp;
using namespace std::chrono_literals;

namespace {

// The wait reason a goroutine shows in a dump, once it has parked; "" if it
// has not parked within the bound.
std::string state_of(std::int64_t id) {
    std::string state;
    test_util::eventually([&] {
        for (const auto& g : debug::goroutines()) {
            if (g.id == id && g.waiting) {
                state = g.state;
                return true;
            }
        }
        return false;
    });
    return state;
}

// The calling goroutine's id.
std::int64_t my_id() {
    return detail::goroutine_id(detail::current());
}

// Receives from c unless `bound` passes first; leaves no timer pending.
template <class C>
bool recv_within(const C& c, time::Duration bound) {
    auto timeout = time::new_timer(bound);
    const bool got = select(recv(c), recv(timeout.c)) == 0;
    (void)timeout.stop();
    return got;
}

}  // namespace

TEST_SUITE("sync") {
    // ---------------------------------------------------------------------------
    // WaitGroup

    namespace {
    void wait_group_round(sync::WaitGroup& wg1, sync::WaitGroup& wg2, int& too_soon) {
        const int n = 16;
        wg1.add(n);
        wg2.add(n);
        auto exited = make_chan<bool>(n);
        for (int i = 0; i != n; i++) {
            go([&wg1, &wg2, exited] {
                wg1.done();
                wg2.wait();
                exited.send(true);
            });
        }
        wg1.wait();
        for (int i = 0; i != n; i++) {
            if (select(recv(exited), default_) == 0) too_soon++;
            wg2.done();
        }
        for (int i = 0; i != n; i++)
            exited.recv();  // blocks if the barrier fails to release one
    }
    }  // namespace

    TEST_CASE("SYNC-01 two WaitGroups make a barrier for 16 goroutines, reused over 8 rounds") {
        debug::no_leaks_guard no_leaks;
        sync::WaitGroup wg1, wg2;
        int too_soon = 0;
        for (int i = 0; i != 8; i++)
            wait_group_round(wg1, wg2, too_soon);
        CHECK(too_soon == 0);
    }

    TEST_CASE("SYNC-02 a negative WaitGroup counter panics, recoverably") {
        {
            sync::WaitGroup wg;
            wg.add(1);
            wg.done();
            CHECK_THROWS_WITH_AS(wg.done(), "sync: negative WaitGroup counter", panic_error);
        }
        {
            sync::WaitGroup wg;
            CHECK_THROWS_WITH_AS(wg.add(-1), "sync: negative WaitGroup counter", panic_error);
        }
        // Recovered, the program goes on using other WaitGroups.
        sync::WaitGroup wg;
        wg.add(1);
        go([&wg] { wg.done(); });
        wg.wait();
    }

    TEST_CASE("SYNC-03 wait at zero returns at once; a WaitGroup is reusable after wait returns") {
        debug::no_leaks_guard no_leaks;
        sync::WaitGroup wg;
        wg.wait();
        for (int round = 0; round < 3; round++) {
            std::vector<int> results(4);
            for (int i = 0; i < 4; i++) {
                wg.add(1);
                go([&wg, &results, i] {
                    defer _{[&] { wg.done(); }};
                    results[i] = i * i;
                });
            }
            wg.wait();
            CHECK(results == std::vector<int>{0, 1, 4, 9});
        }
        wg.add(2);
        wg.add(-2);
        wg.wait();
    }

    TEST_CASE("SYNC-05 MM-08 wait has no spurious wakeups: both dones are seen, 1000 times") {
        debug::no_leaks_guard no_leaks;
        int bad = 0;
        for (int i = 0; i < 1000; i++) {
            sync::WaitGroup wg;
            std::atomic<int> n{0};
            int plain = 0;  // written before done(), read after wait(): MM-08
            wg.add(1);
            go([&] {
                n++;
                plain += 1;
                wg.done();
            });
            wg.add(1);
            go([&] {
                n++;
                wg.done();
            });
            wg.wait();
            if (n.load() != 2 || plain != 1) bad++;
        }
        CHECK(bad == 0);
    }

    TEST_CASE("a WaitGroup may be destroyed as soon as wait returns, with one or two waiters") {
        // C++ has no garbage collector to keep the WaitGroup alive for the
        // rest of done(): done() must not touch it once a waiter can return.
        // Heap-allocated so that AddressSanitizer sees any late access.
        debug::no_leaks_guard no_leaks;
        for (int i = 0; i < 2000; i++) {
            auto wg = std::make_unique<sync::WaitGroup>();
            auto* w = wg.get();
            w->add(1);
            go([w] { w->done(); });
            if (i % 2 == 1) {
                // A second waiter; the first to return destroys the group
                // only after the second has returned too.
                auto second = make_chan<void>();
                go([w, second] {
                    w->wait();
                    second.close();
                });
                w->wait();
                second.recv();
            } else {
                w->wait();
            }
            wg.reset();
        }
    }

    TEST_CASE("SYNC-17 wait parks the goroutine, not its thread, and shows sync.WaitGroup.Wait") {
        debug::no_leaks_guard no_leaks;
        sync::WaitGroup wg;
        wg.add(1);
        auto id = make_chan<std::int64_t>(1);
        auto finished = make_chan<void>();
        go([&wg, id, finished] {
            id.send(my_id());
            wg.wait();
            finished.close();
        });
        CHECK(state_of(id.recv()) == "sync.WaitGroup.Wait");
        // Another goroutine runs meanwhile, also with one scheduler thread.
        auto ping = make_chan<int>();
        go([ping] { ping.send(1); });
        CHECK(ping.recv() == 1);
        wg.done();
        finished.recv();
    }

    // ---------------------------------------------------------------------------
    // Mutex

    TEST_CASE("SYNC-10 try_lock: true when free, false when held") {
        sync::Mutex m;
        m.lock();
        CHECK_FALSE(m.try_lock());
        m.unlock();
        CHECK(m.try_lock());
        CHECK_FALSE(m.try_lock());
        m.unlock();
    }

    TEST_CASE("SYNC-10 10 goroutines hammer one Mutex with lock and try_lock") {
        // Go's TestMutex / HammerMutex.
        debug::no_leaks_guard no_leaks;
        sync::Mutex m;
        auto c = make_chan<bool>();
        for (int i = 0; i < 10; i++) {
            go([&m, c] {
                for (int i = 0; i < 1000; i++) {
                    if (i % 3 == 0) {
                        if (m.try_lock()) m.unlock();
                        continue;
                    }
                    m.lock();
                    m.unlock();
                }
                c.send(true);
            });
        }
        for (int i = 0; i < 10; i++)
            c.recv();
        CHECK(m.try_lock());
        m.unlock();
    }

    TEST_CASE("MM-06 Mutex: mutual exclusion, and each unlock happens before the next lock") {
        // A plain counter, with goroutines yielding inside the critical section
        // so that others really contend (also with one scheduler thread).
        debug::no_leaks_guard no_leaks;
        sync::Mutex m;
        long counter = 0;
        std::atomic<int> inside{0};
        std::atomic<int> overlaps{0};
        sync::WaitGroup wg;
        const int goroutines = 8, loops = 2000;
        for (int g = 0; g < goroutines; g++) {
            wg.add(1);
            go([&] {
                for (int i = 0; i < loops; i++) {
                    std::lock_guard lk(m);
                    if (inside.fetch_add(1) != 0) overlaps++;
                    long v = counter;
                    if (i % 7 == 0) gosched();
                    counter = v + 1;
                    inside.fetch_sub(1);
                }
                wg.done();
            });
        }
        wg.wait();
        CHECK(overlaps.load() == 0);
        CHECK(counter == long{goroutines} * loops);
    }

    TEST_CASE("SYNC-11 a Mutex locked by one goroutine may be unlocked by another") {
        debug::no_leaks_guard no_leaks;
        sync::Mutex m;
        m.lock();
        auto unlocked = make_chan<void>();
        go([&m, unlocked] {
            m.unlock();
            unlocked.close();
        });
        unlocked.recv();
        CHECK(m.try_lock());
        // And a waiter is released by a third goroutine's unlock.
        auto got = make_chan<void>();
        go([&m, got] {
            m.lock();
            got.close();
        });
        go([&m] { m.unlock(); });
        got.recv();
        m.unlock();
    }

    TEST_CASE(
        "SYNC-12 [timing] no starvation: a goroutine gets the lock 10 times from a greedy one") {
        // Go's TestMutexFairness.
        debug::no_leaks_guard no_leaks;
        sync::Mutex mu;
        auto stop = make_chan<bool>();
        auto greedy_done = make_chan<void>();
        go([&mu, stop, greedy_done] {
            for (;;) {
                mu.lock();
                time::sleep(100us);
                mu.unlock();
                if (select(recv(stop), default_) == 0) break;
            }
            greedy_done.close();
        });
        auto done = make_chan<bool>(1);
        go([&mu, done] {
            for (int i = 0; i < 10; i++) {
                time::sleep(100us);
                mu.lock();
                mu.unlock();
            }
            done.send(true);
        });
        CHECK(recv_within(done, 10s));
        stop.close();
        greedy_done.recv();
    }

    TEST_CASE("SYNC-17 lock parks the goroutine, not its thread, and shows sync.Mutex.Lock") {
        debug::no_leaks_guard no_leaks;
        sync::Mutex m;
        m.lock();
        auto id = make_chan<std::int64_t>(1);
        auto got = make_chan<void>();
        go([&m, id, got] {
            id.send(my_id());
            m.lock();
            m.unlock();  // before the close: the test may return (and m go) once got closes
            got.close();
        });
        CHECK(state_of(id.recv()) == "sync.Mutex.Lock");
        auto ping = make_chan<int>();
        go([ping] { ping.send(1); });
        CHECK(ping.recv() == 1);
        CHECK(select(recv(got), default_) == 1);  // still waiting
        m.unlock();
        got.recv();
    }

    TEST_CASE("SYNC-09 unlock of an unlocked Mutex is a fatal error, exit status 2") {
        for (const char* c : {"unlock-unlocked", "unlock-unlocked-after-use"}) {
            CAPTURE(c);
            auto r = test_util::run_program("sync_fatal", c);
            CHECK(r.exit_status == 2);
            CHECK(r.out.find(
                      "fatal error: sync: unlock of unlocked mutex\n\ngoroutine 1 [running]:") !=
                  std::string::npos);
            CHECK(r.out.find("BUG") == std::string::npos);  // no catch stops it
        }
    }

    TEST_CASE("std::lock_guard, std::unique_lock and std::scoped_lock work with Mutex") {
        sync::Mutex a, b;
        {
            std::lock_guard lk(a);
            CHECK_FALSE(a.try_lock());
        }
        {
            std::unique_lock lk(a, std::try_to_lock);
            CHECK(lk.owns_lock());
            lk.unlock();
            CHECK(a.try_lock());
            a.unlock();
        }
        {
            std::scoped_lock lk(a, b);
            CHECK_FALSE(a.try_lock());
            CHECK_FALSE(b.try_lock());
        }
        CHECK(a.try_lock());
        CHECK(b.try_lock());
        a.unlock();
        b.unlock();
    }

    // Package-level variables, as in Go: constant-initialized, no static-order issue.
    constinit sync::Mutex g_mutex;
    constinit sync::RWMutex g_rwmutex;
    constinit sync::WaitGroup g_waitgroup;
    constinit sync::Once g_once;

    TEST_CASE("SYNC-13 zero values are ready; sync types cannot be copied or moved") {
        g_mutex.lock();
        g_mutex.unlock();
        g_rwmutex.rlock();
        g_rwmutex.runlock();
        g_waitgroup.wait();
        g_once.do_([] {});
        sync::Mutex m;
        sync::RWMutex rw;
        sync::WaitGroup wg;
        sync::Once once;
        m.lock();
        m.unlock();
        rw.rlock();
        rw.runlock();
        wg.wait();
        int n = 0;
        once.do_([&] { n++; });
        CHECK(n == 1);
        static_assert(!std::is_copy_constructible_v<sync::Mutex> &&
                      !std::is_move_constructible_v<sync::Mutex>);
        static_assert(!std::is_copy_assignable_v<sync::Mutex>);
        static_assert(!std::is_copy_constructible_v<sync::RWMutex>);
        static_assert(!std::is_copy_constructible_v<sync::WaitGroup>);
        static_assert(!std::is_copy_constructible_v<sync::Once>);
        static_assert(!std::is_copy_constructible_v<sync::Cond>);
    }

    // ---------------------------------------------------------------------------
    // RWMutex

    TEST_CASE("SYNC-14 try_lock and try_rlock on an RWMutex") {
        // Go's TestRWMutex, first part.
        sync::RWMutex m;
        m.lock();
        CHECK_FALSE(m.try_lock());
        CHECK_FALSE(m.try_rlock());
        m.unlock();
        CHECK(m.try_lock());
        m.unlock();
        CHECK(m.try_rlock());
        CHECK(m.try_rlock());
        CHECK_FALSE(m.try_lock());
        m.runlock();
        m.runlock();
        CHECK(m.try_lock());
        m.unlock();
    }

    TEST_CASE("SYNC-14 several readers hold an RWMutex at once") {
        // Go's TestParallelReaders.
        debug::no_leaks_guard no_leaks;
        for (int readers : {1, 3, 4}) {
            sync::RWMutex m;
            auto clocked = make_chan<bool>();
            auto cunlock = make_chan<bool>();
            auto cdone = make_chan<bool>();
            for (int i = 0; i < readers; i++) {
                go([&m, clocked, cunlock, cdone] {
                    m.rlock();
                    clocked.send(true);
                    cunlock.recv();
                    m.runlock();
                    cdone.send(true);
                });
            }
            for (int i = 0; i < readers; i++)
                clocked.recv();  // all hold it now
            for (int i = 0; i < readers; i++)
                cunlock.send(true);
            for (int i = 0; i < readers; i++)
                cdone.recv();
        }
    }

    TEST_CASE("SYNC-14 a writer excludes readers and writers (HammerRWMutex)") {
        debug::no_leaks_guard no_leaks;
        for (int readers : {1, 3, 10}) {
            sync::RWMutex rwm;
            std::atomic<int> activity{0};  // readers + 10000 * writers
            std::atomic<int> bad{0};
            auto cdone = make_chan<bool>();
            auto writer = [&rwm, &activity, &bad, cdone] {
                for (int i = 0; i < 1000; i++) {
                    rwm.lock();
                    if (activity.fetch_add(10000) + 10000 != 10000) bad++;
                    for (int k = 0; k < 100; k++)
                        std::atomic_signal_fence(std::memory_order_seq_cst);
                    if (i % 10 == 0) gosched();
                    activity.fetch_sub(10000);
                    rwm.unlock();
                }
                cdone.send(true);
            };
            auto reader = [&rwm, &activity, &bad, cdone] {
                for (int i = 0; i < 1000; i++) {
                    rwm.rlock();
                    const int n = activity.fetch_add(1) + 1;
                    if (n < 1 || n >= 10000) bad++;
                    for (int k = 0; k < 100; k++)
                        std::atomic_signal_fence(std::memory_order_seq_cst);
                    if (i % 10 == 0) gosched();
                    activity.fetch_sub(1);
                    rwm.runlock();
                }
                cdone.send(true);
            };
            go(writer);
            int i = 0;
            for (; i < readers / 2; i++)
                go(reader);
            go(writer);
            for (; i < readers; i++)
                go(reader);
            for (int k = 0; k < 2 + readers; k++)
                cdone.recv();
            CHECK(bad.load() == 0);
        }
    }

    TEST_CASE("SYNC-14 a waiting writer holds back new readers") {
        debug::no_leaks_guard no_leaks;
        sync::RWMutex rw;
        rw.rlock();  // a reader inside
        auto writer_in = make_chan<void>();
        auto writer_id = make_chan<std::int64_t>(1);
        go([&rw, writer_in, writer_id] {
            writer_id.send(my_id());
            rw.lock();
            rw.unlock();  // before the close: the test may return (and rw go) once both close
            writer_in.close();
        });
        CHECK(state_of(writer_id.recv()) == "sync.RWMutex.Lock");
        // A new reader may not pass the waiting writer.
        CHECK_FALSE(rw.try_rlock());
        auto reader_in = make_chan<void>();
        auto reader_id = make_chan<std::int64_t>(1);
        go([&rw, reader_in, reader_id] {
            reader_id.send(my_id());
            rw.rlock();
            rw.runlock();
            reader_in.close();
        });
        CHECK(state_of(reader_id.recv()) == "sync.RWMutex.RLock");
        CHECK(select(recv(writer_in), recv(reader_in), default_) == 2);
        rw.runlock();  // the first reader leaves: the writer goes first
        writer_in.recv();
        reader_in.recv();
    }

    TEST_CASE("SYNC-14 rlocker is a Locker that read-locks") {
        // Go's TestRLocker.
        debug::no_leaks_guard no_leaks;
        sync::RWMutex wl;
        sync::Locker rl = wl.rlocker();
        auto wlocked = make_chan<bool>(1);
        auto rlocked = make_chan<bool>(1);
        const int n = 10;
        go([&wl, rl, wlocked, rlocked] {
            for (int i = 0; i < n; i++) {
                rl.lock();
                rl.lock();
                rlocked.send(true);
                wl.lock();
                wlocked.send(true);
            }
        });
        int bad = 0;
        for (int i = 0; i < n; i++) {
            rlocked.recv();
            rl.unlock();
            if (select(recv(wlocked), default_) == 0) bad++;  // rlocker did not read-lock
            rl.unlock();
            wlocked.recv();
            if (select(recv(rlocked), default_) == 0) bad++;  // did not respect the write lock
            wl.unlock();
        }
        CHECK(bad == 0);
    }

    TEST_CASE("std::shared_lock and std::unique_lock work with RWMutex") {
        sync::RWMutex rw;
        {
            std::shared_lock r1(rw);
            std::shared_lock r2(rw);
            CHECK_FALSE(rw.try_lock());
        }
        {
            std::unique_lock w(rw);
            CHECK_FALSE(rw.try_lock_shared());
        }
        CHECK(rw.try_lock());
        rw.unlock();
    }

    TEST_CASE("MM-06 RWMutex: a writer's unlock happens before later readers return from rlock") {
        debug::no_leaks_guard no_leaks;
        sync::RWMutex rw;
        std::vector<int> data;
        std::atomic<int> bad{0};
        sync::WaitGroup wg;
        for (int w = 0; w < 2; w++) {
            wg.add(1);
            go([&] {
                for (int i = 0; i < 500; i++) {
                    rw.lock();
                    data.push_back(static_cast<int>(data.size()));
                    rw.unlock();
                }
                wg.done();
            });
        }
        for (int r = 0; r < 4; r++) {
            wg.add(1);
            go([&] {
                for (int i = 0; i < 500; i++) {
                    rw.rlock();
                    for (std::size_t k = 0; k < data.size(); k += 97) {
                        if (data[k] != static_cast<int>(k)) bad++;
                    }
                    rw.runlock();
                    if (i % 50 == 0) gosched();
                }
                wg.done();
            });
        }
        wg.wait();
        CHECK(bad.load() == 0);
        CHECK(data.size() == 1000);
    }

    TEST_CASE("SYNC-09 RWMutex misuse is fatal with Go's messages") {
        struct {
            const char* c;
            const char* want;
        } cases[] = {
            {"rw-unlock-unlocked", "fatal error: sync: Unlock of unlocked RWMutex\n"},
            {"rw-runlock-unlocked", "fatal error: sync: RUnlock of unlocked RWMutex\n"},
            {"rw-runlock-write-locked", "fatal error: sync: RUnlock of unlocked RWMutex\n"},
        };
        for (const auto& c : cases) {
            CAPTURE(c.c);
            auto r = test_util::run_program("sync_fatal", c.c);
            CHECK(r.exit_status == 2);
            CHECK(r.out.find(c.want) != std::string::npos);
            CHECK(r.out.find("BUG") == std::string::npos);
        }
    }

    // ---------------------------------------------------------------------------
    // Once

    TEST_CASE(
        "SYNC-06 MM-07 Once: 10 concurrent callers, f runs once, every do_ returns after it") {
        // Go's TestOnce.
        debug::no_leaks_guard no_leaks;
        sync::Once once;
        int o = 0;  // plain: f's write must be visible to every caller (MM-07)
        std::atomic<int> wrong{0};
        auto c = make_chan<bool>();
        for (int i = 0; i < 10; i++) {
            go([&, c] {
                once.do_([&] {
                    gosched();  // let the others arrive while f runs
                    o++;
                });
                if (o != 1) wrong++;
                c.send(true);
            });
        }
        for (int i = 0; i < 10; i++)
            c.recv();
        CHECK(o == 1);
        CHECK(wrong.load() == 0);
    }

    TEST_CASE("a Once may be destroyed by a caller that saw it done while f's caller returns") {
        // Go's Once sets done and then unlocks; here seeing done must mean
        // the caller that ran f is finished with the Once. Heap-allocated so
        // that AddressSanitizer sees any late access.
        debug::no_leaks_guard no_leaks;
        int runs = 0;
        int main_runs = 0;
        for (int i = 0; i < 2000; i++) {
            auto once = std::make_unique<sync::Once>();
            auto* o = once.get();
            auto in_f = make_chan<void>();
            auto ran = make_chan<void>();
            go([o, in_f, ran, &runs] {
                o->do_([&runs, in_f] {
                    runs++;
                    in_f.close();
                });
                ran.close();
            });
            in_f.recv();
            // Arrive while f runs, as it returns, or after: then destroy
            // the Once as soon as do_ returns.
            for (int k = 0; k < i % 3; k++)
                gosched();
            o->do_([&main_runs] { main_runs++; });
            once.reset();
            ran.recv();
        }
        CHECK(runs == 2000);
        CHECK(main_runs == 0);
    }

    TEST_CASE("SYNC-06 ExampleOnce prints Only once a single time") {
        debug::no_leaks_guard no_leaks;
        sync::Once once;
        std::string out;
        sync::Mutex out_mu;
        auto done = make_chan<bool>();
        for (int i = 0; i < 10; i++) {
            go([&, done] {
                once.do_([&] {
                    std::lock_guard lk(out_mu);
                    out += "Only once\n";
                });
                done.send(true);
            });
        }
        for (int i = 0; i < 10; i++)
            done.recv();
        CHECK(out == "Only once\n");
    }

    TEST_CASE("SYNC-07 a panicking f counts as done; the panic reaches the first caller") {
        // Go's TestOncePanic.
        sync::Once once;
        CHECK_THROWS_WITH_AS(once.do_([] { panic("failed"); }), "failed", panic_error);
        bool called = false;
        once.do_([&] { called = true; });
        CHECK_FALSE(called);
        // Any exception counts, not only gocpp panics.
        sync::Once once2;
        CHECK_THROWS_AS(once2.do_([] { throw std::runtime_error("x"); }), std::runtime_error);
        once2.do_([&] { called = true; });
        CHECK_FALSE(called);
    }

    TEST_CASE("SYNC-17 a goroutine waiting for a running f parks and shows sync.Once.Do") {
        debug::no_leaks_guard no_leaks;
        sync::Once once;
        auto in_f = make_chan<void>();
        auto release = make_chan<void>();
        auto first_done = make_chan<void>();
        go([&once, in_f, release, first_done] {
            once.do_([&] {
                in_f.close();
                release.recv();
            });
            first_done.close();
        });
        in_f.recv();
        auto id = make_chan<std::int64_t>(1);
        auto second_done = make_chan<void>();
        bool ran = false;
        go([&once, &ran, id, second_done] {
            id.send(my_id());
            once.do_([&] { ran = true; });
            second_done.close();
        });
        CHECK(state_of(id.recv()) == "sync.Once.Do");
        release.close();
        first_done.recv();
        second_done.recv();
        CHECK_FALSE(ran);
    }

    // ---------------------------------------------------------------------------
    // Cond

    TEST_CASE("SYNC-15 Cond.signal wakes exactly one waiter") {
        // Go's TestCondSignal.
        debug::no_leaks_guard no_leaks;
        sync::Mutex m;
        auto c = sync::new_cond(&m);
        int n = 2;
        auto running = make_chan<bool>(n);
        auto awake = make_chan<bool>(n);
        // Each waiter unlocks m after its last send: wait for that before m goes.
        sync::WaitGroup finished;
        for (int i = 0; i < n; i++) {
            finished.add(1);
            go([&m, &finished, c, running, awake] {
                m.lock();
                running.send(true);
                c->wait();
                awake.send(true);
                m.unlock();
                finished.done();
            });
        }
        for (int i = 0; i < n; i++)
            running.recv();  // everyone runs
        int not_asleep = 0, too_many = 0;
        while (n > 0) {
            if (select(recv(awake), default_) == 0) not_asleep++;
            m.lock();
            c->signal();
            m.unlock();
            awake.recv();  // deadlocks if no goroutine wakes up
            if (select(recv(awake), default_) == 0) too_many++;
            n--;
        }
        c->signal();
        finished.wait();
        CHECK(not_asleep == 0);
        CHECK(too_many == 0);
    }

    TEST_CASE("SYNC-15 Cond.signal wakes waiters in the order they waited (generations)") {
        // Go's TestCondSignalGenerations.
        debug::no_leaks_guard no_leaks;
        sync::Mutex m;
        sync::Cond c(&m);
        const int n = 100;
        auto running = make_chan<bool>(n);
        auto awake = make_chan<int>(n);
        int wrong = 0;
        // Each waiter unlocks m after its last send: wait for that before m goes.
        sync::WaitGroup finished;
        finished.add(n);
        for (int i = 0; i < n; i++) {
            go(
                [&m, &c, &finished, running, awake](int i) {
                    m.lock();
                    running.send(true);
                    c.wait();
                    awake.send(i);
                    m.unlock();
                    finished.done();
                },
                i);
            if (i > 0) {
                if (awake.recv() != i - 1) wrong++;
            }
            running.recv();
            m.lock();
            c.signal();
            m.unlock();
        }
        awake.recv();
        finished.wait();
        CHECK(wrong == 0);
    }

    TEST_CASE("SYNC-15 Cond.broadcast wakes every waiter once") {
        // Go's TestCondBroadcast.
        debug::no_leaks_guard no_leaks;
        sync::Mutex m;
        sync::Cond c(&m);
        const int n = 200;
        auto running = make_chan<int>(n);
        auto awake = make_chan<int>(n);
        bool exit = false;
        // The last round's waiters read exit and unlock m after their last
        // send: wait for that before they go.
        sync::WaitGroup finished;
        finished.add(n);
        for (int i = 0; i < n; i++) {
            go(
                [&m, &c, &exit, &finished, running, awake](int g) {
                    m.lock();
                    while (!exit) {
                        running.send(g);
                        c.wait();
                        awake.send(g);
                    }
                    m.unlock();
                    finished.done();
                },
                i);
        }
        int not_asleep = 0, twice = 0;
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < n; k++)
                running.recv();  // deadlocks unless n are running
            if (i == n - 1) {
                m.lock();
                exit = true;
                m.unlock();
            }
            if (select(recv(awake), default_) == 0) not_asleep++;
            m.lock();
            c.broadcast();
            m.unlock();
            std::vector<bool> seen(n);
            for (int k = 0; k < n; k++) {
                int g = awake.recv();
                if (seen[g]) twice++;
                seen[g] = true;
            }
        }
        finished.wait();
        CHECK(select(recv(running), default_) == 1);  // every goroutine exited
        c.broadcast();
        CHECK(not_asleep == 0);
        CHECK(twice == 0);
    }

    TEST_CASE("SYNC-15 a broadcast is not stolen by a waiter that arrives after it") {
        // Go's TestCondSignalStealing.
        debug::no_leaks_guard no_leaks;
        int missed = 0;
        for (int iters = 0; iters < 1000; iters++) {
            sync::Mutex m;
            sync::Cond cond(&m);
            auto ch = make_chan<void>();
            go([&m, &cond, ch] {
                m.lock();
                ch.send();
                cond.wait();
                m.unlock();
                ch.send();
            });
            ch.recv();
            m.lock();
            m.unlock();
            // The waiter is in cond.wait(). Two goroutines race: one broadcasts,
            // the other waits; the first waiter must be woken either way.
            bool done = false;
            sync::WaitGroup wg;
            wg.add(2);
            go([&cond, &wg] {
                cond.broadcast();
                wg.done();
            });
            go([&m, &cond, &done, &wg] {
                m.lock();
                while (!done)
                    cond.wait();
                m.unlock();
                wg.done();
            });
            if (!recv_within(ch, 2s)) missed++;
            // Release the second waiter in case it did not get the broadcast.
            m.lock();
            done = true;
            m.unlock();
            cond.broadcast();
            wg.wait();
            if (missed > 0) break;
        }
        CHECK(missed == 0);
    }

    TEST_CASE("SYNC-15 Go's TestRace: Cond hands x = 1, 2, 3 between three goroutines") {
        debug::no_leaks_guard no_leaks;
        int x = 0;
        sync::Mutex mu;
        auto c = sync::new_cond(&mu);
        auto done = make_chan<bool>();
        std::atomic<int> errors{0};
        go([&, c, done] {
            c->l.lock();
            x = 1;
            c->wait();
            if (x != 2) errors++;
            x = 3;
            c->signal();
            c->l.unlock();
            done.send(true);
        });
        go([&, c, done] {
            c->l.lock();
            for (;;) {
                if (x == 1) {
                    x = 2;
                    c->signal();
                    break;
                }
                c->l.unlock();
                gosched();
                c->l.lock();
            }
            c->l.unlock();
            done.send(true);
        });
        go([&, c, done] {
            c->l.lock();
            for (;;) {
                if (x == 2) {
                    c->wait();
                    if (x != 3) errors++;
                    break;
                }
                if (x == 3) break;
                c->l.unlock();
                gosched();
                c->l.lock();
            }
            c->l.unlock();
            done.send(true);
        });
        done.recv();
        done.recv();
        done.recv();
        CHECK(errors.load() == 0);
    }

    TEST_CASE("SYNC-17 MM-09 Cond.wait parks and shows sync.Cond.Wait; signal publishes writes") {
        debug::no_leaks_guard no_leaks;
        sync::Mutex m;
        sync::Cond c(&m);
        bool ready = false;
        int payload = 0;
        auto id = make_chan<std::int64_t>(1);
        auto got = make_chan<int>(1);
        go([&, id, got] {
            id.send(my_id());
            m.lock();
            while (!ready)
                c.wait();
            const int seen = payload;
            m.unlock();  // before the send: the test may return (and m go) once it receives
            got.send(seen);
        });
        CHECK(state_of(id.recv()) == "sync.Cond.Wait");
        m.lock();
        payload = 42;
        ready = true;
        m.unlock();
        c.signal();
        CHECK(got.recv() == 42);
    }

    TEST_CASE("Cond over an RWMutex's rlocker, and a Locker over a std::mutex") {
        debug::no_leaks_guard no_leaks;
        sync::RWMutex rw;
        sync::Cond c(rw.rlocker());
        CHECK(c.l == rw.rlocker());
        CHECK_FALSE(c.l == sync::Locker(&rw));
        bool flag = false;
        auto id = make_chan<std::int64_t>(1);
        auto done = make_chan<void>();
        go([&, id, done] {
            rw.rlock();
            id.send(my_id());
            while (!flag)
                c.wait();
            rw.runlock();
            done.close();
        });
        CHECK(state_of(id.recv()) == "sync.Cond.Wait");
        CHECK(rw.try_lock());  // wait() released the read lock
        flag = true;
        rw.unlock();
        c.broadcast();
        done.recv();

        std::mutex sm;
        sync::Locker l = sm;
        l.lock();
        CHECK_FALSE(sm.try_lock());
        l.unlock();
    }

    TEST_CASE("deadlocks on sync types are reported with Go's wait reasons") {
        struct {
            const char* c;
            const char* want;
        } cases[] = {
            {"mutex-deadlock", "goroutine 1 [sync.Mutex.Lock]:"},
            {"waitgroup-deadlock", "goroutine 1 [sync.WaitGroup.Wait]:"},
            {"cond-deadlock", "goroutine 1 [sync.Cond.Wait]:"},
            {"rwmutex-deadlock", "goroutine 1 [sync.RWMutex.Lock]:"},
            {"rwmutex-rlock-deadlock", "goroutine 1 [sync.RWMutex.RLock]:"},
            {"once-deadlock", "goroutine 1 [sync.Once.Do]:"},
        };
        for (const auto& c : cases) {
            CAPTURE(c.c);
            auto r = test_util::run_program("sync_fatal", c.c);
            CHECK(r.exit_status == 2);
            CHECK(r.out.find("fatal error: all goroutines are asleep - deadlock!\n\n") !=
                  std::string::npos);
            CHECK(r.out.find(c.want) != std::string::npos);
            CHECK(r.out.find("BUG") == std::string::npos);
        }
    }

}  // TEST_SUITE
