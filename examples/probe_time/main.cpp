// Probes of time::Timer / time::Ticker / time::after / time::after_func,
// ported line for line from the Go 1.19 program beside the expected output.
#include <gocpp/gocpp.hpp>
#include <gocpp/time.hpp>

#include <functional>
#include <iostream>
#include <string>

using namespace gocpp;
using namespace std::chrono_literals;

static void try_(const std::string& name, const std::function<void()>& f) {
    std::string recovered = "<nil>";
    try {
        f();
    } catch (const panic_error& e) {
        recovered = e.what();
    }
    std::cout << name << ": recovered=" << recovered << '\n';
}

int main() {
    std::cout << std::boolalpha;
    auto t = time::new_timer(time::hour);
    std::cout << "cap(NewTimer.C): " << t.c.cap() << '\n';
    std::cout << "Stop active: " << t.stop() << '\n';
    std::cout << "Stop again: " << t.stop() << '\n';
    std::cout << "Reset stopped (returns false): " << t.reset(time::hour) << '\n';
    std::cout << "Reset active (returns true): " << t.reset(time::millisecond) << '\n';
    time::sleep(20 * time::millisecond);
    std::cout << "fired, undrained: len(C) = " << t.c.len() << '\n';
    std::cout << "Stop after fire: " << t.stop() << '\n';
    std::cout << "value still buffered after Stop: len(C) = " << t.c.len() << '\n';
    t.c.recv();
    std::cout << "Reset expired+drained: " << t.reset(time::millisecond) << '\n';
    t.c.recv();
    std::cout << "re-armed timer fired again" << '\n';

    // Zero/negative durations fire "immediately".
    time::new_timer(0s).c.recv();
    time::new_timer(-time::second).c.recv();
    time::after(0s).recv();
    std::cout << "zero/negative timers fire" << '\n';

    // AfterFunc.
    auto af =
        time::after_func(time::hour, [] { std::cout << "BUG: stopped AfterFunc ran" << '\n'; });
    std::cout << "AfterFunc C is nil: " << (af.c == nullptr) << '\n';
    std::cout << "AfterFunc Stop before fire: " << af.stop() << '\n';
    auto ran = make_chan<int>(4);
    int n = 0;
    auto af2 = time::after_func(time::millisecond, [&n, ran] {
        n++;
        ran.send(n);
    });
    std::cout << "AfterFunc ran, call " << ran.recv() << '\n';
    std::cout << "AfterFunc Stop after fire: " << af2.stop() << '\n';
    std::cout << "AfterFunc Reset after fire (schedules again, returns false): "
              << af2.reset(time::millisecond) << '\n';
    std::cout << "AfterFunc ran, call " << ran.recv() << '\n';

    // Ticker: buffer of 1, slow receiver loses ticks (no burst, no queue).
    auto start = time::now();
    auto tk = time::new_ticker(20 * time::millisecond);
    std::cout << "cap(NewTicker.C): " << tk.c.cap() << '\n';
    time::sleep(150 * time::millisecond);  // ~7 periods elapse unread
    std::cout << "after 7 periods unread: len(C) = " << tk.c.len() << '\n';
    auto first = tk.c.recv();
    std::cout << "buffered tick is the OLDEST undelivered one (t < 40ms): "
              << (first - start < 40 * time::millisecond) << '\n';
    switch (select(recv(tk.c), default_)) {
        case 0:
            std::cout << "BUG: a second tick was queued" << '\n';
            break;
        default:
            std::cout << "only one tick was buffered; the rest were dropped" << '\n';
    }
    tk.c.recv();
    std::cout << "ticking continues after a slow receiver" << '\n';
    tk.stop();
    time::sleep(30 * time::millisecond);
    switch (select(recv(tk.c), default_)) {
        case 0:
            std::cout << "BUG: tick after Stop" << '\n';
            break;
        default:
            std::cout << "no tick after Stop (channel not closed)" << '\n';
    }
    tk.reset(5 * time::millisecond);
    tk.c.recv();
    std::cout << "Ticker.Reset restarts a stopped ticker" << '\n';
    tk.stop();

    std::cout << "Tick(-1) == nil: " << (time::tick(-1ns) == nullptr) << '\n';
    try_("NewTicker(0)", [] { time::new_ticker(0s); });
    try_("Ticker.Reset(0)", [] { time::new_ticker(time::second).reset(0s); });
    try_("zero Timer Stop", [] {
        time::Timer z;
        (void)z.stop();
    });
    try_("zero Timer Reset", [] {
        time::Timer z;
        (void)z.reset(1ns);
    });
}
