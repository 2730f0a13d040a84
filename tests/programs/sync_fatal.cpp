// Fatal misuse of sync types and deadlocks on them; run as `sync_fatal <case>`.
// Each case ends the process with exit status 2 and Go's message on stderr.
#include <gocpp/gocpp.hpp>
#include <gocpp/sync.hpp>

#include <cstdio>
#include <string>

using namespace gocpp;

int main(int argc, char** argv) {
    const std::string c = argc > 1 ? argv[1] : "";
    std::printf("case %s\n", c.c_str());
    if (c == "unlock-unlocked") {
        sync::Mutex mu;
        try {
            mu.unlock();  // a fatal error: the catch does not help
        } catch (...) {
            std::puts("BUG: recovered");
        }
    } else if (c == "unlock-unlocked-after-use") {
        sync::Mutex mu;
        mu.lock();
        mu.unlock();
        mu.unlock();
    } else if (c == "rw-unlock-unlocked") {
        sync::RWMutex rw;
        rw.unlock();
    } else if (c == "rw-runlock-unlocked") {
        sync::RWMutex rw;
        rw.runlock();
    } else if (c == "rw-runlock-write-locked") {
        sync::RWMutex rw;
        rw.lock();
        rw.runlock();
    } else if (c == "mutex-deadlock") {
        sync::Mutex mu;
        mu.lock();
        mu.lock();
    } else if (c == "waitgroup-deadlock") {
        sync::WaitGroup wg;
        wg.add(1);
        wg.wait();
    } else if (c == "cond-deadlock") {
        sync::Mutex mu;
        sync::Cond cond(&mu);
        mu.lock();
        cond.wait();
    } else if (c == "rwmutex-deadlock") {
        sync::RWMutex rw;
        rw.rlock();
        rw.lock();
    } else if (c == "rwmutex-rlock-deadlock") {
        sync::RWMutex rw;
        rw.lock();
        rw.rlock();
    } else if (c == "once-deadlock") {
        sync::Once once;
        auto ready = make_chan<void>();
        go([&] {
            once.do_([&] {
                ready.send();
                select();
            });
        });
        ready.recv();
        once.do_([] {});
    }
    std::puts("BUG: returned");
    return 0;
}
