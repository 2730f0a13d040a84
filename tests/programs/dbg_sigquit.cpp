// Parks goroutines in several states, then sends itself SIGQUIT: the runtime
// must print every goroutine and exit with status 2.
#include <gocpp/gocpp.hpp>

#include <gocpp/detail/timer.hpp>

#include <chrono>
#include <csignal>
#include <iostream>
#include <unistd.h>

using namespace gocpp;

int main() {
    auto never = make_chan<int>();
    auto started = make_chan<void>(2);
    go([=] {
        started.send();
        never.recv();
    });
    go([=] {
        started.send();
        select(recv(never), recv(never));
    });
    started.recv();
    started.recv();
    std::cout << "parked" << std::endl;
    kill(getpid(), SIGQUIT);
    // Wait for the signal thread to end the process; a pending timer keeps
    // the deadlock detector from ending it first.
    gocpp::detail::sleep_until(gocpp::detail::clock::now() + std::chrono::hours(1));
}
