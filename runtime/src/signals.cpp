// SIGQUIT prints every goroutine and ends the program with status 2, as Go's
// runtime does. The signal is taken synchronously by a dedicated thread
// (sigwait), so the dump runs as ordinary code, not in a signal handler.
#include "internal.hpp"

#include <csignal>
#include <cstdio>
#include <iostream>
#include <pthread.h>
#include <thread>
#include <unistd.h>

namespace gocpp::detail {

void start_signal_watcher() {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGQUIT);
    if (pthread_sigmask(SIG_BLOCK, &set, nullptr) != 0) return;
    std::thread([set] {
        int sig = 0;
        while (sigwait(&set, &sig) != 0 || sig != SIGQUIT) {
        }
        die("SIGQUIT: quit", "", nullptr);
    }).detach();
}

}  // namespace gocpp::detail
