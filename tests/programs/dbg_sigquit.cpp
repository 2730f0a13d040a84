// Parks goroutines in several states, then sends itself SIGQUIT: the runtime
// must print every goroutine and exit with status 2.
#include <gocpp/gocpp.hpp>

#include <csignal>
#include <unistd.h>

using namespace gocpp;

int main() {
    auto never = make_chan<int>();
    go([=] { never.recv(); });
    go([=] { select(recv(never), recv(never)); });
    // Signal only once main sleeps and both goroutines are parked, so the
    // dump shows each one's wait reason.
    go([] {
        for (;;) {
            int parked = 0;
            for (const auto& g : debug::goroutines())
                parked += g.waiting ? 1 : 0;
            if (parked == 3) break;
            time::sleep(std::chrono::milliseconds(1));
        }
        kill(getpid(), SIGQUIT);
    });
    // A pending timer also keeps the deadlock detector from ending the
    // program before the signal arrives.
    time::sleep(std::chrono::hours(1));
}
