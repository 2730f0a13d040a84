// Goroutine dumps: the scan that reads every live goroutine's record off the
// pooled stacks without stopping anyone (snapshot_goroutines), and Go's text
// for each ("goroutine 7 [chan receive, 2 minutes]:"). die() prints them
// when the program ends; gocpp::debug (debug.cpp) hands them to the program.
#include "internal.hpp"

#include <gocpp/debug.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

namespace gocpp::detail {

const char* wait_reason_string(wait_reason r) noexcept {
    switch (r) {
        case wait_reason::running:
            return "running";
        case wait_reason::runnable:
            return "runnable";
        case wait_reason::chan_receive:
            return "chan receive";
        case wait_reason::chan_send:
            return "chan send";
        case wait_reason::chan_receive_nil:
            return "chan receive (nil chan)";
        case wait_reason::chan_send_nil:
            return "chan send (nil chan)";
        case wait_reason::select:
            return "select";
        case wait_reason::select_no_cases:
            return "select (no cases)";
        case wait_reason::sleep:
            return "sleep";
        case wait_reason::mutex_lock:
            return "sync.Mutex.Lock";
        case wait_reason::rwmutex_rlock:
            return "sync.RWMutex.RLock";
        case wait_reason::rwmutex_lock:
            return "sync.RWMutex.Lock";
        case wait_reason::waitgroup_wait:
            return "sync.WaitGroup.Wait";
        case wait_reason::cond_wait:
            return "sync.Cond.Wait";
        case wait_reason::once_do:
            return "sync.Once.Do";
        case wait_reason::errgroup_go:
            return "errgroup.Group.Go";
        case wait_reason::io_wait:
            return "IO wait";
        case wait_reason::fiber_wait:
            return "fiber wait";
    }
    return "unknown";
}

namespace {

// id: g's published id (the scan must not read the plain g->id).
debug::goroutine_info info_of(const goroutine* g, std::int64_t id, bool running) {
    debug::goroutine_info info;
    info.id = id;
    const wait_reason r =
        running ? wait_reason::running : g->reason.load(std::memory_order_relaxed);
    info.state = wait_reason_string(r);
    info.waiting = r != wait_reason::running && r != wait_reason::runnable;
    if (info.waiting) {
        const std::int64_t since = g->wait_since_ns.load(std::memory_order_relaxed);
        if (since > 0) info.waiting_for = std::chrono::nanoseconds(coarse_now_ns() - since);
    }
    if (id != 1) {
        info.created_by = g->site_function.load(std::memory_order_relaxed);
        info.file = g->site_file.load(std::memory_order_relaxed);
        info.line = g->site_line.load(std::memory_order_relaxed);
        info.creator_id = g->creator_id.load(std::memory_order_relaxed);
    }
    return info;
}

}  // namespace

// Reads the records of live goroutines on the pooled stacks without
// stopping them. A record is read between two loads of its published_id; if
// the goroutine ended meanwhile (its stack may already carry another one),
// the copy is dropped. Such a copy may mix two records' fields, all of
// which are integers or pointers to string literals, so it is harmless
// before it is dropped. Every field read here is a scanned_field, read and
// written only atomically, so the scan is free of data races.
std::vector<debug::goroutine_info> snapshot_goroutines(const goroutine* running) {
    struct scan {
        const goroutine* running;
        std::vector<debug::goroutine_info> all;
    } sc{running, {}};
    sc.all.push_back(info_of(main_goroutine(), 1, main_goroutine() == running));
    for_each_stack_top(
        [](void* top, void* arg) {
            auto& s = *static_cast<scan*>(arg);
            const goroutine* g = record_of_stack(top);
            const std::int64_t id = g->published_id.load(std::memory_order_acquire);
            if (id == 0) return;
            debug::goroutine_info info = info_of(g, id, g == s.running);
            // The reads above before the re-check. (ThreadSanitizer does not
            // model fences; it needs none here, every read being atomic.)
            std::atomic_thread_fence(std::memory_order_acquire);
            if (g->published_id.load(std::memory_order_relaxed) != id) return;
            s.all.push_back(std::move(info));
        },
        &sc);
    std::sort(sc.all.begin(), sc.all.end(),
              [](const auto& a, const auto& b) { return a.id < b.id; });
    return std::move(sc.all);
}

std::string format_goroutine(const debug::goroutine_info& g) {
    std::string out = "goroutine " + std::to_string(g.id) + " [" + g.state;
    const auto minutes = std::chrono::duration_cast<std::chrono::minutes>(g.waiting_for).count();
    if (g.waiting && minutes >= 1) out += ", " + std::to_string(minutes) + " minutes";
    out += "]:\n";
    if (g.id == 1) {
        out += "main()\n";
    } else {
        out += "created by " + g.created_by + " in goroutine " + std::to_string(g.creator_id) +
               "\n\t" + g.file + ":" + std::to_string(g.line) + "\n";
    }
    return out;
}

void dump_goroutines(std::FILE* out, goroutine* running) noexcept {
    try {
        std::vector<debug::goroutine_info> all = snapshot_goroutines(running);
        // The failing goroutine first, as Go prints it.
        const std::int64_t first_id = running != nullptr ? running->id : 0;
        std::stable_partition(all.begin(), all.end(),
                              [first_id](const auto& g) { return g.id == first_id; });
        bool first = true;
        for (const auto& g : all) {
            if (!first) std::fputc('\n', out);
            first = false;
            std::fputs(format_goroutine(g).c_str(), out);
        }
    } catch (...) {
        std::fputs("(goroutine dump failed: out of memory)\n", out);
    }
}

}  // namespace gocpp::detail
