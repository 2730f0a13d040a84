// gocpp's benchmark workloads on Boost.Fiber's own primitives (fiber,
// unbuffered_channel, buffered_channel, mutex, condition_variable,
// this_fiber::sleep_for): the baseline a runtime built on Boost.Fiber starts
// from. The same workloads, names, sizes and output exist in ../go/main.go
// (the real Go runtime) and in gocpp's bench/ directory; bench/compare.sh runs
// them side by side.
//
// Output, one line per workload on stdout, tab separated:
//
//   name<TAB>ns_per_op<TAB>extra      or   name<TAB>NA   (Go-only workload)
//
// extra is ops_per_s=... unless the workload says otherwise. Metadata goes to
// stderr.
//
// Method: plain timing loops on steady_clock. Each workload is first
// calibrated so that one repetition takes about 0.6 s (fixed-size workloads
// are repeated as whole batches), then run 3 times; the best ns/op is printed.
// Producers and consumers are always spawned fibers; the main fiber only
// waits, because under work_stealing the main fiber is pinned to the main
// thread and would otherwise behave unlike a goroutine.
//
// Usage:  boostfiber_bench [THREADS] [--only name,name]
//   THREADS == 1 (default): round_robin on the main thread.
//   THREADS == N > 1: the main thread and N-1 worker threads all install
//                     work_stealing(N).
// Environment:
//   ONLY=name,name  workloads to run, used when --only is not given
//   SMOKE=1         tiny sizes (100 fibers, 1,000 messages...), no
//                   calibration, one repetition: checks that everything runs,
//                   in well under a second. The figures mean nothing.
//   BF_SUSPEND=1    work_stealing(N, suspend=true): idle threads sleep instead
//                   of spinning (default: spin, Boost's default).
//
// Fibers use Boost's default stack allocator (fixedsize_stack, 128 KiB from
// malloc); channels use the default launch policy (post).
//
// Channel capacities: buffered_channel needs a power of two >= 2 and holds at
// most capacity-1 items. Go's cap 1 maps to buffered_channel(2) (exactly one
// slot); Go's cap 128 maps to buffered_channel(128) (127 slots).

#include <boost/fiber/all.hpp>
#include <boost/version.hpp>

#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <functional>
#include <mutex>
#include <set>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

namespace bf = boost::fibers;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;
using Nanos = std::chrono::nanoseconds;

namespace {

// Every size a workload uses, so that SMOKE=1 can shrink them all in one
// place. The reasons for the full sizes are given in ../go/main.go.
struct Sizes {
    int spawn;              // fibers per batch: spawn_join, spawn_mem, timers_100k
    int items;              // messages / locks per batch: throughput, fan-in, mutex
    int idle_fibers;        // fibers parked during idle_cpu
    Nanos idle_window;      // idle_cpu measurement window
    long long smoke_iters;  // iterations of per-iteration workloads without calibration
    int reps;               // repetitions; the best is reported
    bool calibrate;         // false: one batch (or smoke_iters iterations)
    Nanos target;           // wall time aimed at per repetition
    Nanos calib_min;        // a calibration run must last this long to be trusted
};

constexpr Sizes kFull{100'000, 1'000'000, 100'000, 5s, 0, 3, true, 600ms, 60ms};
constexpr Sizes kSmoke{100, 1'000, 100, 50ms, 1'000, 1, false, 0ns, 0ns};

Sizes sz = kFull;
int g_threads = 1;
std::atomic<long long> g_sink{0};  // defeats dead-code elimination of loop results

// ---------------------------------------------------------------------------
// Measurement

struct Run {
    long long ops;
    Nanos elapsed;
};

// Performs n batches (or n iterations, for per-iteration workloads).
using RunFn = std::function<Run(long long n)>;

Run timed(long long ops, Clock::time_point t0) {
    return {ops, Clock::now() - t0};
}

// Finds the n for which run(n) takes about sz.target.
long long calibrate(const RunFn& run) {
    long long n = 1;
    for (;;) {
        const double d = (double)run(n).elapsed.count();
        if (d >= (double)sz.calib_min.count())
            return std::max(1LL, std::llround((double)n * (double)sz.target.count() / d));
        // Grow towards twice the minimum; at least x2, at most x100 per step.
        const double f =
            d > 0 ? std::clamp(2.0 * (double)sz.calib_min.count() / d, 2.0, 100.0) : 100.0;
        n = (long long)std::ceil((double)n * f);
    }
}

// Best ns/op over sz.reps repetitions. per_iter says whether n counts
// iterations or batches; it only matters without calibration.
double measure(const RunFn& run, bool per_iter) {
    long long n = sz.calibrate ? calibrate(run) : per_iter ? sz.smoke_iters : 1;
    double best = INFINITY;
    for (int r = 0; r < sz.reps; ++r) {
        Run res = run(n);
        best = std::min(best, (double)res.elapsed.count() / (double)res.ops);
    }
    return best;
}

void emit(const char* name, double ns, const std::string& extra) {
    std::printf("%s\t%.1f\t%s\n", name, ns, extra.c_str());
    std::fflush(stdout);  // keep partial output if a later workload hangs
}

std::string ops_per_s(double ns) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "ops_per_s=%.0f", 1e9 / ns);
    return buf;
}

// Latch: the main fiber waits until `count` fibers have checked in, like a
// Go WaitGroup (an atomic counter; only the last arrival takes the lock).
class Latch {
  public:
    explicit Latch(int count) : left_(count) {}
    void count_down() {
        // acq_rel: the last arrival sees every earlier arrival's writes, and
        // publishes them to the waiter through mu_.
        if (left_.fetch_sub(1, std::memory_order_acq_rel) == 1) {
            std::lock_guard<bf::mutex> lk(mu_);
            done_ = true;
            cv_.notify_all();
        }
    }
    void wait() {
        std::unique_lock<bf::mutex> lk(mu_);
        cv_.wait(lk, [this] { return done_; });
    }

  private:
    std::atomic<int> left_;
    bf::mutex mu_;
    bf::condition_variable cv_;
    bool done_ = false;
};

// ---------------------------------------------------------------------------
// spawn_join: cost of starting a fiber and having it finish. One op is one
// fiber: spawn sz.spawn fibers with an empty body, keeping them in a vector,
// then join each.

Run spawn_join(long long n) {
    std::vector<bf::fiber> fibers;
    fibers.reserve(sz.spawn);
    auto t0 = Clock::now();
    for (long long b = 0; b < n; ++b) {
        for (int i = 0; i < sz.spawn; ++i)
            fibers.emplace_back([] {});
        for (auto& f : fibers)
            f.join();
        fibers.clear();
    }
    return timed(n * sz.spawn, t0);
}

// ---------------------------------------------------------------------------
// spawn_mem: memory held by a blocked fiber. Each measurement runs in a fresh
// child process (this program re-executed with --spawn-mem-child) so that the
// RSS is not polluted by earlier workloads: read VmRSS, start sz.spawn fibers
// that each check in and block popping from one unbuffered channel, wait until
// all have checked in, read VmRSS again. ns/op = creation until all checked
// in, per fiber (best child); extra bytes_per_g = delta VmRSS / sz.spawn
// (median child).

long long vm_rss_bytes() {
    FILE* f = std::fopen("/proc/self/status", "r");
    if (!f) return -1;
    char line[256];
    long long kib = -1;
    while (std::fgets(line, sizeof line, f))
        if (std::sscanf(line, "VmRSS: %lld kB", &kib) == 1) break;
    std::fclose(f);
    return kib < 0 ? -1 : kib * 1024;
}

// Prints "<ns per fiber> <bytes per fiber>".
void spawn_mem_child() {
    bf::unbuffered_channel<int> block;
    Latch ready(sz.spawn);
    std::vector<bf::fiber> fibers;
    fibers.reserve(sz.spawn);
    const long long rss0 = vm_rss_bytes();
    auto t0 = Clock::now();
    for (int i = 0; i < sz.spawn; ++i)
        fibers.emplace_back([&] {
            ready.count_down();
            int v;
            block.pop(v);  // returns channel_op_status::closed at the end
        });
    ready.wait();
    const auto d = Clock::now() - t0;
    const long long rss1 = vm_rss_bytes();
    block.close();
    for (auto& f : fibers)
        f.join();
    std::printf("%.1f %.1f\n", (double)Nanos(d).count() / sz.spawn,
                (double)(rss1 - rss0) / sz.spawn);
}

std::string self_exe() {
    char buf[4096];
    ssize_t k = readlink("/proc/self/exe", buf, sizeof buf - 1);
    if (k <= 0) return {};
    buf[k] = '\0';
    return buf;
}

void spawn_mem() {
    // The child inherits the environment (SMOKE, BF_SUSPEND).
    const std::string cmd =
        "'" + self_exe() + "' " + std::to_string(g_threads) + " --spawn-mem-child";
    std::vector<double> nss, bytes;
    for (int r = 0; r < sz.reps; ++r) {
        FILE* p = popen(cmd.c_str(), "r");
        double ns = 0, b = 0;
        const int got = p ? std::fscanf(p, "%lf %lf", &ns, &b) : 0;
        const int status = p ? pclose(p) : -1;
        if (got != 2 || status != 0) {
            std::printf("spawn_mem\tNA\terror=child_failed\n");
            std::fflush(stdout);
            return;
        }
        nss.push_back(ns);
        bytes.push_back(b);
    }
    std::sort(nss.begin(), nss.end());
    std::sort(bytes.begin(), bytes.end());
    emit("spawn_mem", nss.front(),
         "bytes_per_g=" + std::to_string(std::llround(bytes[bytes.size() / 2])));
}

// ---------------------------------------------------------------------------
// pingpong_unbuffered / pingpong_buffered1: latency of one hand-off between
// two fibers, i.e. the cost of blocking and waking. One op is a round trip:
// the driver pushes i on channel a, the echo fiber pops it and pushes it back
// on channel b, the driver pops it.

template <typename Channel, typename... Args>
RunFn pingpong(Args... channel_args) {
    return [=](long long n) {
        Channel a(channel_args...), b(channel_args...);
        auto t0 = Clock::now();
        bf::fiber echo([&] {
            int v;
            while (a.pop(v) == bf::channel_op_status::success)
                b.push(v);
        });
        bf::fiber driver([&] {
            for (long long i = 0; i < n; ++i) {
                a.push((int)i);
                b.value_pop();
            }
            a.close();
        });
        driver.join();
        echo.join();
        return timed(n, t0);
    };
}

// ---------------------------------------------------------------------------
// throughput_buffered128: streaming cost per item through a buffered channel.
// One producer pushes sz.items ints into buffered_channel(128) and closes it;
// one consumer pops until closed.

Run throughput(long long n) {
    auto t0 = Clock::now();
    for (long long b = 0; b < n; ++b) {
        bf::buffered_channel<int> ch(128);
        bf::fiber producer([&] {
            for (int i = 0; i < sz.items; ++i)
                ch.push(i);
            ch.close();
        });
        bf::fiber consumer([&] {
            long long sum = 0;
            for (int v; ch.pop(v) == bf::channel_op_status::success;)
                sum += v;
            g_sink += sum;
        });
        producer.join();
        consumer.join();
    }
    return timed(n * sz.items, t0);
}

// ---------------------------------------------------------------------------
// fanin_4to1: like throughput, with 4 producers contending for the push side.
// Each producer pushes sz.items/4 ints into one buffered_channel(128); one
// consumer pops exactly sz.items.

Run fanin(long long n) {
    constexpr int kProducers = 4;
    const int per = sz.items / kProducers;
    auto t0 = Clock::now();
    for (long long b = 0; b < n; ++b) {
        bf::buffered_channel<int> ch(128);
        std::vector<bf::fiber> fibers;
        for (int p = 0; p < kProducers; ++p)
            fibers.emplace_back([&] {
                for (int i = 0; i < per; ++i)
                    ch.push(i);
            });
        fibers.emplace_back([&] {
            long long sum = 0;
            for (int i = 0; i < kProducers * per; ++i)
                sum += ch.value_pop();
            g_sink += sum;
        });
        for (auto& f : fibers)
            f.join();
    }
    return timed(n * kProducers * per, t0);
}

// ---------------------------------------------------------------------------
// timers_100k: many concurrent sleeping fibers, i.e. the sleep queue plus
// spawning. sz.spawn fibers each sleep a pseudo-random 0-10 ms
// (this_fiber::sleep_for), then finish; the main fiber joins them all. One op
// is one fiber (batch wall time / sz.spawn); extra wall_ns = the batch's wall
// time. The durations are the same on every side: splitmix64 seeded with 42,
// modulo 10,000, in microseconds.

std::vector<std::chrono::microseconds> sleep_durations() {
    std::vector<std::chrono::microseconds> ds(sz.spawn);
    std::uint64_t state = 42;
    for (auto& d : ds) {
        state += 0x9E3779B97F4A7C15ull;
        std::uint64_t z = state;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
        z ^= z >> 31;
        d = std::chrono::microseconds(z % 10'000);
    }
    return ds;
}

RunFn timers() {
    return [ds = sleep_durations()](long long n) {
        std::vector<bf::fiber> fibers;
        fibers.reserve(ds.size());
        auto t0 = Clock::now();
        for (long long b = 0; b < n; ++b) {
            for (auto d : ds)
                fibers.emplace_back([d] { boost::this_fiber::sleep_for(d); });
            for (auto& f : fibers)
                f.join();
            fibers.clear();
        }
        return timed(n * (long long)ds.size(), t0);
    };
}

// ---------------------------------------------------------------------------
// mutex_contended: 4 fibers each lock a shared fibers::mutex, increment a
// counter and unlock, sz.items/4 times. One op is one lock/unlock.

Run mutex_contended(long long n) {
    constexpr int kWorkers = 4;
    const int per = sz.items / kWorkers;
    auto t0 = Clock::now();
    for (long long b = 0; b < n; ++b) {
        bf::mutex mu;
        long long counter = 0;
        std::vector<bf::fiber> fibers;
        for (int w = 0; w < kWorkers; ++w)
            fibers.emplace_back([&] {
                for (int i = 0; i < per; ++i) {
                    std::lock_guard<bf::mutex> lk(mu);
                    ++counter;
                }
            });
        for (auto& f : fibers)
            f.join();
        if (counter != (long long)kWorkers * per) {
            std::fprintf(stderr, "mutex_contended: lost updates\n");
            std::abort();
        }
    }
    return timed(n * kWorkers * per, t0);
}

// ---------------------------------------------------------------------------
// idle_cpu: what a process with many parked fibers costs while nothing
// happens. Park sz.idle_fibers fibers, half popping from an unbuffered channel
// nobody pushes to, half in a 1-hour timed wait (condition_variable::wait_for,
// which puts the fiber into the scheduler's sleep queue like sleep_for, but
// can be ended early); then measure the process CPU time (user+sys over all
// threads, getrusage) used during sz.idle_window of wall time while the main
// fiber sleeps. One window, not calibrated or repeated. ns/op = CPU ns per
// wall second; extra cpu_percent = the same as a percentage of one core.
// With work_stealing and suspend=false every thread spins, so expect ~100 %
// per thread there.

Nanos process_cpu_time() {
    rusage ru{};
    getrusage(RUSAGE_SELF, &ru);
    auto tv = [](const timeval& t) {
        return std::chrono::seconds(t.tv_sec) + std::chrono::microseconds(t.tv_usec);
    };
    return tv(ru.ru_utime) + tv(ru.ru_stime);
}

void idle_cpu() {
    bf::unbuffered_channel<int> never;
    bf::mutex mu;
    bf::condition_variable cv;
    bool stop = false;
    Latch parked(sz.idle_fibers);
    std::vector<bf::fiber> fibers;
    fibers.reserve(sz.idle_fibers);
    for (int i = 0; i < sz.idle_fibers; ++i) {
        if (i % 2 == 0)
            fibers.emplace_back([&] {
                parked.count_down();
                int v;
                never.pop(v);
            });
        else
            fibers.emplace_back([&] {
                std::unique_lock<bf::mutex> lk(mu);
                parked.count_down();
                cv.wait_for(lk, 1h, [&] { return stop; });
            });
    }
    parked.wait();
    boost::this_fiber::sleep_for(100ms);  // let the last fibers park before the window opens

    const Nanos cpu0 = process_cpu_time();
    const auto wall0 = Clock::now();
    boost::this_fiber::sleep_for(sz.idle_window);
    const double cpu = (double)(process_cpu_time() - cpu0).count();
    const double wall = (double)Nanos(Clock::now() - wall0).count();

    never.close();
    {
        std::lock_guard<bf::mutex> lk(mu);
        stop = true;
    }
    cv.notify_all();
    for (auto& f : fibers)
        f.join();

    char extra[64];
    std::snprintf(extra, sizeof extra, "cpu_percent=%.3f", 100 * cpu / wall);
    emit("idle_cpu", 1e9 * cpu / wall, extra);
}

// ---------------------------------------------------------------------------

void run_suite(const std::set<std::string>& selected) {
    auto want = [&](const char* name) { return selected.empty() || selected.count(name) > 0; };
    auto simple = [&](const char* name, const RunFn& run, bool per_iter) {
        if (!want(name)) return;
        const double ns = measure(run, per_iter);
        emit(name, ns, ops_per_s(ns));
    };
    auto not_available =
        [&](const char* name) {  // Go-only: Boost.Fiber has no select and no context
            if (!want(name)) return;
            std::printf("%s\tNA\n", name);
            std::fflush(stdout);
        };
    constexpr bool kBatch = false, kPerIter = true;

    simple("spawn_join", spawn_join, kBatch);
    if (want("spawn_mem")) spawn_mem();
    simple("pingpong_unbuffered", pingpong<bf::unbuffered_channel<int>>(), kPerIter);
    simple("pingpong_buffered1", pingpong<bf::buffered_channel<int>>(std::size_t{2}), kPerIter);
    simple("throughput_buffered128", throughput, kBatch);
    simple("fanin_4to1", fanin, kBatch);
    for (const char* name :
         {"select2_recv", "select_default_poll", "ctx_withcancel_cancel", "ctx_tree_build",
          "ctx_tree_cancel", "ctx_value_depth100", "ctx_withtimeout_cancel"})
        not_available(name);
    if (want("timers_100k")) {
        const double ns = measure(timers(), kBatch);
        emit("timers_100k", ns, "wall_ns=" + std::to_string(std::llround(ns * sz.spawn)));
    }
    simple("mutex_contended", mutex_contended, kBatch);
    if (want("idle_cpu")) idle_cpu();
}

// Every name run_suite can print, to warn about typos in ONLY.
const std::set<std::string> kKnown{"spawn_join",
                                   "spawn_mem",
                                   "pingpong_unbuffered",
                                   "pingpong_buffered1",
                                   "throughput_buffered128",
                                   "fanin_4to1",
                                   "select2_recv",
                                   "select_default_poll",
                                   "ctx_withcancel_cancel",
                                   "ctx_tree_build",
                                   "ctx_tree_cancel",
                                   "ctx_value_depth100",
                                   "ctx_withtimeout_cancel",
                                   "timers_100k",
                                   "mutex_contended",
                                   "idle_cpu"};

std::set<std::string> split_names(std::string_view list) {
    std::set<std::string> names;
    while (!list.empty()) {
        const auto comma = list.find(',');
        std::string name(list.substr(0, comma));
        if (!name.empty()) names.insert(name);
        list = comma == std::string_view::npos ? std::string_view{} : list.substr(comma + 1);
    }
    return names;
}

bool env_flag(const char* name) {
    const char* v = std::getenv(name);
    return v && *v && std::strcmp(v, "0") != 0;
}

}  // namespace

int main(int argc, char** argv) {
    const char* only = std::getenv("ONLY");
    bool child = false;
    for (int i = 1; i < argc; ++i) {
        const std::string_view arg = argv[i];
        if (arg == "--only" && i + 1 < argc)
            only = argv[++i];
        else if (arg == "--spawn-mem-child")
            child = true;
        else if (arg.find_first_not_of("0123456789") == std::string_view::npos &&
                 std::atoi(argv[i]) >= 1)
            g_threads = std::atoi(argv[i]);
        else {
            std::fprintf(stderr, "usage: %s [THREADS] [--only name,name]\n", argv[0]);
            return 2;
        }
    }
    if (env_flag("SMOKE")) sz = kSmoke;
    const bool suspend = env_flag("BF_SUSPEND");
    const std::set<std::string> selected = split_names(only ? only : "");

    if (!child) {
        for (const auto& name : selected)
            if (!kKnown.count(name))
                std::fprintf(stderr, "warning: unknown workload \"%s\"\n", name.c_str());
        std::fprintf(stderr, "# boost %d.%d.%d threads=%d sched=%s suspend=%d smoke=%d\n",
                     BOOST_VERSION / 100000, BOOST_VERSION / 100 % 1000, BOOST_VERSION % 100,
                     g_threads, g_threads > 1 ? "work_stealing" : "round_robin", (int)suspend,
                     (int)env_flag("SMOKE"));
    }
    auto body = [&] {
        try {
            if (child)
                spawn_mem_child();
            else
                run_suite(selected);
        } catch (const std::exception& e) {
            std::fprintf(stderr, "error: %s\n", e.what());
            std::exit(1);
        }
    };

    if (g_threads == 1) {
        bf::use_scheduling_algorithm<bf::algo::round_robin>();
        body();
        return 0;
    }

    // work_stealing can be installed exactly once per process (its constructor
    // holds a static barrier for THREADS threads and a call_once'd table), and
    // only by exactly THREADS threads. Each worker must keep its scheduler
    // alive, blocked in a fiber-aware wait, until the main fiber is done;
    // a worker thread that returned would stop taking part in stealing.
    const auto n = (std::uint32_t)g_threads;
    bf::mutex done_mu;
    bf::condition_variable done_cv;
    bool done = false;
    std::vector<std::thread> workers;
    for (std::uint32_t i = 1; i < n; ++i)
        workers.emplace_back([&] {
            bf::use_scheduling_algorithm<bf::algo::work_stealing>(n, suspend);
            std::unique_lock<bf::mutex> lk(done_mu);
            done_cv.wait(lk, [&] { return done; });
        });
    bf::use_scheduling_algorithm<bf::algo::work_stealing>(n, suspend);
    body();
    {
        std::lock_guard<bf::mutex> lk(done_mu);
        done = true;
    }
    done_cv.notify_all();
    for (auto& t : workers)
        t.join();
    return 0;
}
