// signal::notify_context: one self-pipe for the process, written by the
// handler, read by a watcher thread that cancels the registered contexts.
#include <gocpp/signal.hpp>

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdint>
#include <list>
#include <memory>
#include <mutex>
#include <set>
#include <system_error>
#include <thread>

namespace gocpp::signal {

namespace {

struct registration {
    std::set<int> signals;
    context::CancelFunc cancel;
};

struct registry {
    std::mutex mu;
    std::list<registration> regs;
    int pipe_fds[2] = {-1, -1};
    bool watching = false;
};

registry& reg() {
    static auto* r = new registry;  // never destroyed: the watcher outlives main
    return *r;
}

extern "C" void on_signal(int signo) {
    const int saved = errno;
    const auto b = static_cast<std::uint8_t>(signo);
    [[maybe_unused]] auto n = ::write(reg().pipe_fds[1], &b, 1);
    errno = saved;
}

void watch() {
    auto& r = reg();
    for (;;) {
        std::uint8_t b;
        auto n = ::read(r.pipe_fds[0], &b, 1);
        if (n < 0 && errno == EINTR) continue;
        if (n != 1) return;
        std::lock_guard lock(r.mu);
        for (auto& g : r.regs)
            if (g.signals.count(b)) g.cancel();
    }
}

bool registered_locked(const registry& r, int signo) {
    for (auto& g : r.regs)
        if (g.signals.count(signo)) return true;
    return false;
}

}  // namespace

notify_result notify_context(context::Context parent, std::initializer_list<int> signals) {
    auto [ctx, cancel] = context::with_cancel(std::move(parent));
    auto& r = reg();
    std::list<registration>::iterator it;
    {
        std::lock_guard lock(r.mu);
        if (!r.watching) {
            if (::pipe2(r.pipe_fds, O_CLOEXEC) != 0)
                throw std::system_error(errno, std::generic_category(), "pipe2");
            std::thread(watch).detach();
            r.watching = true;
        }
        it = r.regs.insert(r.regs.end(), registration{std::set<int>(signals), cancel});
        struct sigaction sa {};
        sa.sa_handler = on_signal;
        sigemptyset(&sa.sa_mask);
        sa.sa_flags = SA_RESTART;
        for (int s : signals)
            ::sigaction(s, &sa, nullptr);
    }
    auto stop = [it, cancel = cancel, once = std::make_shared<std::once_flag>()] {
        std::call_once(*once, [&] {
            auto& r = reg();
            std::lock_guard lock(r.mu);
            auto sigs = it->signals;
            r.regs.erase(it);
            for (int s : sigs)
                if (!registered_locked(r, s)) ::signal(s, SIG_DFL);
        });
        cancel();
    };
    return {ctx, context::CancelFunc(stop)};
}

}  // namespace gocpp::signal
