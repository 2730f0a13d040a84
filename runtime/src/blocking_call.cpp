// blocking_call: a pool of helper threads that run blocking functions while
// their goroutines are parked (after google/marl's blocking_call). Helpers
// start on demand and end after 10 s without work, so an idle program keeps
// none.
#include "internal.hpp"

#include <gocpp/blocking_call.hpp>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>

namespace gocpp::detail {

namespace {

struct call_job {
    void (*fn)(void*);
    void* arg;
    goroutine* g;
};

struct helper_pool {
    std::mutex mu;
    std::condition_variable cv;
    std::deque<call_job> jobs;
    int idle = 0;
};

// Calls handed over and not yet followed by their goroutine's ready().
std::atomic<int> g_in_flight{0};

helper_pool& pool() {
    static auto* p = new helper_pool;  // never destroyed: helpers outlive main
    return *p;
}

void helper_main() {
    runtime_helper_thread_begin();
    helper_pool& hp = pool();
    std::unique_lock lk(hp.mu);
    for (;;) {
        while (hp.jobs.empty()) {
            ++hp.idle;
            const bool woke =
                hp.cv.wait_for(lk, std::chrono::seconds(10), [&] { return !hp.jobs.empty(); });
            --hp.idle;
            if (!woke) {
                runtime_helper_thread_end();
                return;
            }
        }
        call_job job = hp.jobs.front();
        hp.jobs.pop_front();
        lk.unlock();
        job.fn(job.arg);
        ready(job.g);  // waits until the goroutine has switched away
        // After ready(): the woken thread now keeps the verdict off.
        g_in_flight.fetch_sub(1, std::memory_order_seq_cst);
        lk.lock();
    }
}

}  // namespace

int blocking_calls_in_flight() noexcept {
    return g_in_flight.load(std::memory_order_seq_cst);
}

void blocking_call_raw(void (*fn)(void*), void* arg) {
    goroutine* g = current();
    if (g == nullptr || g->ctx == nullptr) {  // a timer callback or a foreign thread
        fn(arg);
        return;
    }
    helper_pool& hp = pool();
    // The job is queued only once the goroutine is committed to parking, so
    // the helper's ready() cannot come too early.
    auto hand_over = [&] {
        g_in_flight.fetch_add(1, std::memory_order_seq_cst);
        bool start_helper = false;
        {
            std::lock_guard lk(hp.mu);
            hp.jobs.push_back(call_job{fn, arg, g});
            start_helper = hp.idle < static_cast<int>(hp.jobs.size());
        }
        if (start_helper) {
            std::thread(helper_main).detach();
        } else {
            hp.cv.notify_one();
        }
    };
    park(wait_reason::io_wait, hand_over);
}

}  // namespace gocpp::detail
