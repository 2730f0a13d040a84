// gocpp/sync.hpp — Go's sync package: Mutex, RWMutex, WaitGroup, Once,
// Cond and the Locker interface.
//
//     using namespace gocpp;
//     sync::WaitGroup wg;
//     sync::Mutex mu;
//     int total = 0;
//     for (int i = 1; i <= 10; i++) {
//         wg.add(1);
//         go([&, i] {
//             defer _{[&] { wg.done(); }};
//             std::lock_guard lk(mu);
//             total += i;
//         });
//     }
//     wg.wait();                    // total == 55
//
// - gocpp/sync/mutex.hpp      Mutex (lock, unlock, try_lock)
// - gocpp/sync/rwmutex.hpp    RWMutex (rlock, runlock, lock, unlock, try_*, rlocker)
// - gocpp/sync/waitgroup.hpp  WaitGroup (add, done, wait)
// - gocpp/sync/once.hpp       Once (do_)
// - gocpp/sync/cond.hpp       Cond, new_cond (wait, signal, broadcast)
// - gocpp/sync/locker.hpp     Locker, Go's interface { Lock(); Unlock() }
// - gocpp/sync/new.hpp        new_<T>(), Go's new(T): share a WaitGroup, Mutex
//                             or counter with goroutines that may outlive
//                             the function that made it (capture by [=])
//
// Every type's zero value (default construction) is ready to use, and none
// can be copied or moved (Go forbids copying them after first use; C++ makes
// it a compile error). Every blocking call parks the goroutine, never its
// thread, so a goroutine waiting on a Mutex does not stop others on the same
// thread; a program whose goroutines all wait on each other ends with Go's
// deadlock report. Programmer errors follow Go: a negative WaitGroup counter
// is a recoverable panic (gocpp::panic_error), unlocking an unlocked Mutex
// or RWMutex a fatal error (exit status 2).
#pragma once

#include <gocpp/sync/cond.hpp>
#include <gocpp/sync/locker.hpp>
#include <gocpp/sync/mutex.hpp>
#include <gocpp/sync/new.hpp>
#include <gocpp/sync/once.hpp>
#include <gocpp/sync/rwmutex.hpp>
#include <gocpp/sync/waitgroup.hpp>
