// gocpp/sync/cond.hpp — Go's sync.Cond.
//
//     sync::Mutex mu;
//     sync::Cond cond(&mu);                    // cond := sync.NewCond(&mu)
//     std::deque<int> queue;
//     go([&] {
//         mu.lock();
//         while (queue.empty()) cond.wait();   // for len(queue) == 0 { cond.Wait() }
//         use(queue.front());
//         mu.unlock();
//     });
//     { std::lock_guard lk(mu); queue.push_back(1); }
//     cond.signal();                           // cond.Signal()
//
// A condition variable: a rendezvous for goroutines waiting for, or
// announcing, an event. `l` is Go's c.L: the Locker held while the condition
// is checked or changed. new_cond(l) returns a shared handle like Go's
// *Cond; a Cond can also live in place (`sync::Cond c(&mu)`). When the Cond
// is used by goroutines or callbacks that may outlive the function that made
// it, write Go's sync.NewCond(new(sync.Mutex)) as
// `auto cond = sync::new_cond(new_<sync::Mutex>());` and capture cond by
// value: the Cond then owns a share of its Mutex.
//
// wait() atomically (with respect to signal and broadcast) unlocks l and
// parks the calling goroutine (never its thread); once woken by signal() or
// broadcast() it locks l again before returning. The caller must hold l.
// There are no spurious wakeups, but another goroutine may change the
// condition between the wakeup and the relock, so wait in a loop.
// signal() wakes the goroutine that has waited longest, broadcast() wakes
// every waiting goroutine; a signal or broadcast never reaches a wait() that
// started after it. Neither blocks nor requires holding l.
//
// Safe from any goroutine on any thread. Memory: a signal() or broadcast()
// happens before the return of every wait() it unblocks. Not copyable or
// movable. Dumps show [sync.Cond.Wait].
#pragma once

#include <gocpp/sync/detail/sema.hpp>
#include <gocpp/sync/locker.hpp>

#include <memory>

namespace gocpp::sync {

class Cond {
  public:
    // sync.Cond{L: l}. l must outlive the Cond.
    explicit Cond(Locker l) noexcept : l(l) {}
    Cond(const Cond&) = delete;
    Cond& operator=(const Cond&) = delete;

    // Go's c.L.
    Locker l;

    // c.Wait(): unlocks l, parks until signal() or broadcast() picks this
    // wait, locks l again.
    void wait();

    // c.Signal(): wakes the longest waiting goroutine, if any.
    void signal() { notify_.notify_one(); }

    // c.Broadcast(): wakes every waiting goroutine.
    void broadcast() { notify_.notify_all(); }

  private:
    detail::notify_list notify_;
};

// sync.NewCond(l): a shared handle to a new Cond over l. l must outlive
// the Cond.
inline std::shared_ptr<Cond> new_cond(Locker l) {
    return std::make_shared<Cond>(l);
}

// sync.NewCond(new(sync.Mutex)), safe the way Go is: the Cond holds a share
// of the lock (from new_<sync::Mutex>(), see gocpp/sync/new.hpp), so the lock
// lives as long as the Cond and anything that holds either handle, e.g. an
// after_func body still waiting on the lock after its function returned.
template <lockable L>
std::shared_ptr<Cond> new_cond(std::shared_ptr<L> l) {
    struct owning_cond {
        std::shared_ptr<L> lock;
        Cond cond;
        explicit owning_cond(std::shared_ptr<L> p) : lock(std::move(p)), cond(lock.get()) {}
    };
    auto both = std::make_shared<owning_cond>(std::move(l));
    return std::shared_ptr<Cond>(both, &both->cond);
}

}  // namespace gocpp::sync
