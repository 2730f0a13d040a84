// A goroutine waiting on a stopped timer's channel can never be woken: with
// nothing else pending the runtime reports Go's deadlock.
#include <gocpp/gocpp.hpp>
#include <gocpp/time.hpp>

int main() {
    auto t = gocpp::time::new_timer(gocpp::time::hour);
    (void)t.stop();
    t.c.recv();
}
