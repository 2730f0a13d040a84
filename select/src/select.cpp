// select, after Go's runtime/select.go: lock every channel in address order,
// look at all cases in a random order, and if none is ready park on every
// channel's queue at once; the first waker claims the select (select_done)
// and the others skip it.
#include <gocpp/select.hpp>

#include <algorithm>
#include <functional>

namespace gocpp::detail {

// select's access to the channels' locks, queues and *_locked steps
// (chan_core's friend).
class select_impl {
  public:
    static int run(select_case* cases, waiter* waiters, std::uint16_t* order, int n, bool block,
                   bool& recv_ok);

  private:
    static void lock_all(select_case* cases, const std::uint16_t* lockorder, int nlock) {
        chan_core* prev = nullptr;
        for (int k = 0; k < nlock; ++k) {
            chan_core* c = cases[lockorder[k]].c;
            if (c != prev) c->lock_.lock();
            prev = c;
        }
    }

    static void unlock_all(select_case* cases, const std::uint16_t* lockorder, int nlock) {
        chan_core* prev = nullptr;
        for (int k = nlock - 1; k >= 0; --k) {
            chan_core* c = cases[lockorder[k]].c;
            if (c != prev) c->lock_.unlock();
            prev = c;
        }
    }
};

int select_go(select_case* cases, waiter* waiters, std::uint16_t* order, int n, bool block,
              bool& recv_ok) {
    return select_impl::run(cases, waiters, order, n, block, recv_ok);
}

int select_impl::run(select_case* cases, waiter* waiters, std::uint16_t* order, int n, bool block,
                     bool& recv_ok) {
    std::uint16_t* pollorder = order;
    std::uint16_t* lockorder = order + n;
    // A random permutation of the non-nil cases, and the same cases sorted by
    // channel address (so two selects always lock in one order).
    int npoll = 0;
    for (int i = 0; i < n; ++i) {
        if (cases[i].c == nullptr) continue;
        const int j = static_cast<int>(fastrandn(static_cast<std::uint32_t>(npoll + 1)));
        pollorder[npoll] = pollorder[j];
        pollorder[j] = static_cast<std::uint16_t>(i);
        ++npoll;
    }
    if (npoll == 0) {
        if (!block) return -1;
        // Go compiles a one-case select to the plain operation.
        if (n == 1) {
            block_forever(cases[0].is_send ? wait_reason::chan_send_nil
                                           : wait_reason::chan_receive_nil);
        }
        block_forever(wait_reason::select);
    }
    // A single case with default: Go compiles this form to
    // selectnbsend/selectnbrecv, the channel's own non-blocking operations.
    if (!block && npoll == 1) {
        const int i = pollorder[0];
        const select_case& sc = cases[i];
        if (sc.is_send) return sc.c->try_send(sc.elem) ? i : -1;
        return sc.c->try_recv(sc.elem, &recv_ok) ? i : -1;
    }
    // Sorted from the poll order, stably: cases on one channel keep their
    // random order, which is also the order their waiters queue in (a
    // receiver then takes either of two sends on one channel, as in Go).
    // (An insertion sort: stable, allocation-free, and n is small.)
    const std::less<chan_core*> before;
    for (int k = 0; k < npoll; ++k) {
        const std::uint16_t v = pollorder[k];
        int m = k;
        for (; m > 0 && before(cases[v].c, cases[lockorder[m - 1]].c); --m) {
            lockorder[m] = lockorder[m - 1];
        }
        lockorder[m] = v;
    }

    lock_all(cases, lockorder, npoll);

    // Pass 1: is any case ready now? All channels are locked, so this is one
    // instant's view of them.
    for (int k = 0; k < npoll; ++k) {
        const int i = pollorder[k];
        select_case& sc = cases[i];
        waiter* woken = nullptr;
        bool done;
        if (sc.is_send) {
            const chan_core::send_status status = sc.c->try_send_locked(sc.elem, &woken);
            if (status == chan_core::send_status::closed) {
                unlock_all(cases, lockorder, npoll);
                panic_send_on_closed();
            }
            done = status == chan_core::send_status::sent;
        } else {
            const int r = sc.c->try_recv_locked(sc.elem, &woken);
            done = r >= 0;
            recv_ok = r == 1;
        }
        if (done) {
            unlock_all(cases, lockorder, npoll);
            if (woken != nullptr) ready(woken->g);
            return i;
        }
    }
    if (!block) {
        unlock_all(cases, lockorder, npoll);
        return -1;
    }

    // Pass 2: wait on every channel.
    goroutine* g = current();
    wait_slot& s = slot(g);
    s.fired = nullptr;
    s.select_done.store(0, std::memory_order_relaxed);
    for (int k = 0; k < npoll; ++k) {
        const int i = lockorder[k];
        waiter& w = waiters[i];
        w.g = g;
        w.elem = cases[i].elem;
        w.c = cases[i].c;
        w.is_select = true;
        w.success = false;
        w.case_index = i;
        if (cases[i].is_send) {
            w.c->sendq_.push(&w);
        } else {
            w.c->recvq_.push(&w);
        }
    }
    auto unlock = [&] { unlock_all(cases, lockorder, npoll); };
    wait_reason reason = wait_reason::select;
    if (n == 1) reason = cases[0].is_send ? wait_reason::chan_send : wait_reason::chan_receive;
    park(reason, unlock);

    // Pass 3: one case fired; leave every other queue.
    waiter* fired = static_cast<waiter*>(s.fired);
    lock_all(cases, lockorder, npoll);
    for (int k = 0; k < npoll; ++k) {
        waiter& w = waiters[lockorder[k]];
        if (&w == fired) continue;
        if (cases[w.case_index].is_send) {
            w.c->sendq_.remove(&w);
        } else {
            w.c->recvq_.remove(&w);
        }
    }
    unlock_all(cases, lockorder, npoll);

    const int i = fired->case_index;
    if (cases[i].is_send) {
        if (!fired->success) panic_send_on_closed();
    } else {
        recv_ok = fired->success;
    }
    return i;
}

}  // namespace gocpp::detail
