// sleep_until: a one-shot timer that readies the sleeping goroutine.
#include "internal.hpp"

#include <gocpp/runtime.hpp>

namespace gocpp::detail {

namespace {

// Heap-allocated and shared by the sleeper and the queue: the queue may still
// hold it for a moment after the sleeper has woken and returned.
class sleep_timer final : public timer {
  public:
    explicit sleep_timer(goroutine* g) : g_(g) {}
    void fire(clock::time_point) override { ready(g_); }

  private:
    goroutine* g_;
};

}  // namespace

void sleep_until(clock::time_point deadline) {
    if (deadline <= clock::now()) {
        gocpp::gosched();
        return;
    }
    goroutine* g = current();
    auto* t = new sleep_timer(g);
    // Start the timer only once this goroutine is committed to parking, so
    // that fire() cannot ready it before it has switched away.
    // Nothing runs between the start and the switch: if this thread goes
    // idle next, it sleeps until the timer itself, waking no other thread.
    auto start = [&] { timer_start_then_park(t, deadline); };
    park(wait_reason::sleep, start);
    t->release();
}

}  // namespace gocpp::detail
