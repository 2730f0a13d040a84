// gocpp_bench: the anchor workloads (bench/README.md, ../shared/anchors) on
// gocpp, with the same names, sizes and output line as the Go and
// Boost.Fiber reference programs in bench/reference/:
//
//     name<TAB>ns_per_op<TAB>extra
//
// Each workload is calibrated to ~0.6 s per repetition and the best of 3
// repetitions is printed. Knobs: GOMAXPROCS (scheduler threads), ONLY=a,b
// (a subset), SMOKE=1 (tiny sizes, one repetition: checks that everything
// runs, in well under a second; ctest runs this mode).
#include <gocpp/gocpp.hpp>

#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <limits>
#include <set>
#include <sstream>
#include <string>
#include <vector>

using namespace gocpp;
using namespace std::chrono_literals;
using steady = std::chrono::steady_clock;

namespace {

struct sizes {
    int spawn;      // goroutines per batch (spawn_*, ctx_tree_*, timers_100k)
    int daisy;      // goroutines in daisy_chain_100k
    int park;       // goroutines in spawn_park_1m
    int items;      // messages or locks per batch
    int ctx_pairs;  // create+cancel pairs per batch
    int idle_g;     // goroutines parked during idle_cpu
    steady::duration idle_window;
    int smoke_iters;  // iterations for per-iteration workloads without calibration
    int reps;         // repetitions; the best is printed
    bool calibrate;
    steady::duration target;     // wall time aimed at per repetition
    steady::duration calib_min;  // a calibration run must last this long to be trusted
};

const sizes full{100'000, 100'000, 1'000'000, 1'000'000, 1'000'000, 100'000,
                 5s,      0,       3,         true,      600ms,     60ms};
const sizes smoke{100, 1'000, 1'000, 1'000, 1'000, 100, 50ms, 1'000, 1, false, 0ms, 0ms};
sizes sz = full;

std::atomic<std::int64_t> sink{0};  // defeats dead-code elimination

// run(n) performs n batches (or n iterations) and returns ops and elapsed time.
struct run_result {
    std::int64_t ops;
    steady::duration elapsed;
};
using run_fn = std::function<run_result(int)>;

double ns_of(steady::duration d) {
    return std::chrono::duration<double, std::nano>(d).count();
}

int calibrate(const run_fn& run) {
    int n = 1;
    for (;;) {
        run_result r = run(n);
        if (r.elapsed >= sz.calib_min) {
            return std::max(1,
                            static_cast<int>(std::lround(n * ns_of(sz.target) / ns_of(r.elapsed))));
        }
        double f = 100;
        if (r.elapsed.count() > 0)
            f = std::clamp(2 * ns_of(sz.calib_min) / ns_of(r.elapsed), 2.0, 100.0);
        n = static_cast<int>(std::ceil(n * f));
    }
}

double measure(const run_fn& run, bool per_iter) {
    int n = 1;
    if (sz.calibrate) {
        n = calibrate(run);
    } else if (per_iter) {
        n = sz.smoke_iters;
    }
    double best = std::numeric_limits<double>::infinity();
    for (int r = 0; r < sz.reps; ++r) {
        run_result res = run(n);
        best = std::min(best, ns_of(res.elapsed) / static_cast<double>(res.ops));
    }
    return best;
}

void emit(const char* name, double ns, const std::string& extra) {
    std::printf("%s\t%.1f\t%s\n", name, ns, extra.c_str());
    std::fflush(stdout);
}

std::string ops_per_s(double ns) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "ops_per_s=%.0f", 1e9 / ns);
    return buf;
}

// spawn_join: start goroutines with an empty body (each calls done), wait for
// all. One op is one goroutine.
run_result spawn_join(int n) {
    auto t0 = steady::now();
    for (int b = 0; b < n; ++b) {
        sync::WaitGroup wg;
        wg.add(sz.spawn);
        for (int i = 0; i < sz.spawn; ++i)
            go([&wg] { wg.done(); });
        wg.wait();
    }
    return {static_cast<std::int64_t>(n) * sz.spawn, steady::now() - t0};
}

// spawn_mem: memory held by a parked goroutine, measured in a fresh child
// process (this program re-executed with --spawn-mem-child): VmRSS before and
// after starting sz.spawn goroutines that each mark themselves ready and
// block receiving from one unbuffered channel.
long vm_rss_bytes() {
    std::ifstream f("/proc/self/status");
    std::string key;
    while (f >> key) {
        if (key == "VmRSS:") {
            long kib = 0;
            f >> kib;
            return kib * 1024;
        }
    }
    return -1;
}

void spawn_mem_child() {
    const long rss0 = vm_rss_bytes();
    auto block = make_chan<void>();
    sync::WaitGroup ready, exited;
    ready.add(sz.spawn);
    exited.add(sz.spawn);
    auto t0 = steady::now();
    for (int i = 0; i < sz.spawn; ++i) {
        go([&ready, &exited, block] {
            ready.done();
            block.recv();
            exited.done();
        });
    }
    ready.wait();
    auto d = steady::now() - t0;
    const long rss1 = vm_rss_bytes();
    block.close();
    exited.wait();
    std::printf("%.1f %.1f\n", ns_of(d) / sz.spawn, static_cast<double>(rss1 - rss0) / sz.spawn);
}

void spawn_mem(const char* self) {
    std::vector<double> nss, bytes;
    for (int r = 0; r < std::max(sz.reps, 1); ++r) {
        std::string cmd = std::string(self) + " --spawn-mem-child";
        FILE* p = popen(cmd.c_str(), "r");
        double ns = 0, b = 0;
        if (p == nullptr || std::fscanf(p, "%lf %lf", &ns, &b) != 2) {
            if (p != nullptr) pclose(p);
            std::printf("spawn_mem\tNA\terror=\"child failed\"\n");
            return;
        }
        pclose(p);
        nss.push_back(ns);
        bytes.push_back(b);
    }
    std::sort(nss.begin(), nss.end());
    std::sort(bytes.begin(), bytes.end());
    emit("spawn_mem", nss[0],
         "bytes_per_g=" + std::to_string(std::lround(bytes[bytes.size() / 2])));
}

// Whole-process workloads: this program re-executed with a flag runs one
// workload and prints its figures; the parent measures the child's wall
// time and, from wait4, its CPU time.
struct child_run {
    bool ok = false;
    std::string out;
    double wall_ns = 0, user_ns = 0, sys_ns = 0;
};

child_run run_child(const char* self, const char* flag) {
    child_run r;
    int fds[2];
    if (pipe(fds) != 0) return r;
    const auto t0 = steady::now();
    const pid_t pid = fork();
    if (pid < 0) return r;
    if (pid == 0) {
        dup2(fds[1], STDOUT_FILENO);
        close(fds[0]);
        close(fds[1]);
        execl(self, self, flag, static_cast<char*>(nullptr));
        _exit(127);
    }
    close(fds[1]);
    char buf[256];
    for (ssize_t n; (n = read(fds[0], buf, sizeof buf)) > 0;)
        r.out.append(buf, static_cast<std::size_t>(n));
    close(fds[0]);
    int status = 0;
    rusage ru{};
    if (wait4(pid, &status, 0, &ru) != pid) return r;
    r.wall_ns = ns_of(steady::now() - t0);
    auto tv = [](timeval t) { return t.tv_sec * 1e9 + t.tv_usec * 1e3; };
    r.user_ns = tv(ru.ru_utime);
    r.sys_ns = tv(ru.ru_stime);
    r.ok = WIFEXITED(status) && WEXITSTATUS(status) == 0;
    return r;
}

double median_of(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

std::string fixed0(double v) {
    return std::to_string(std::llround(v));
}

// daisy_chain_100k: Pike's daisy chain, the whole program. sz.daisy
// goroutines each wait for a value from their right neighbour and pass it
// on, plus one; main receives the leftmost value. ns/op = best wall time of
// the child process per goroutine; wall_ms the best wall time, cpu_ms the
// median CPU time (user + system; also given separately).
void daisy_chain_child() {
    auto leftmost = make_chan<int>();
    auto left = leftmost;
    auto right = leftmost;
    for (int i = 0; i < sz.daisy; ++i) {
        right = make_chan<int>();
        go([left, right] { left.send(1 + right.recv()); });
        left = right;
    }
    go([right] { right.send(1); });
    std::printf("%d\n", leftmost.recv());
}

void daisy_chain(const char* self) {
    std::vector<double> walls, cpus, users, syss;
    for (int r = 0; r < std::max(sz.reps, 1); ++r) {
        child_run c = run_child(self, "--daisy-child");
        if (!c.ok || std::atoi(c.out.c_str()) != sz.daisy + 1) {
            std::printf("daisy_chain_100k\tNA\terror=\"child failed\"\n");
            return;
        }
        walls.push_back(c.wall_ns);
        cpus.push_back(c.user_ns + c.sys_ns);
        users.push_back(c.user_ns);
        syss.push_back(c.sys_ns);
    }
    const double best = *std::min_element(walls.begin(), walls.end());
    emit("daisy_chain_100k", best / sz.daisy,
         "wall_ms=" + fixed0(best / 1e6) + " cpu_ms=" + fixed0(median_of(cpus) / 1e6) +
             " user_ms=" + fixed0(median_of(users) / 1e6) +
             " sys_ms=" + fixed0(median_of(syss) / 1e6));
}

// spawn_park_1m: sz.park goroutines started to park on one channel, then
// released by closing it. The child prints ns per goroutine from the first
// go() until all have exited (ns/op, best child), ns per goroutine until all
// are parked (park_ns), and VmRSS growth per parked goroutine (bytes_per_g,
// median child).
void spawn_park_child() {
    const long rss0 = vm_rss_bytes();
    auto block = make_chan<void>();
    sync::WaitGroup parked, exited;
    parked.add(sz.park);
    exited.add(sz.park);
    const auto t0 = steady::now();
    for (int i = 0; i < sz.park; ++i) {
        go([&parked, &exited, block] {
            parked.done();
            block.recv();
            exited.done();
        });
    }
    parked.wait();
    const auto t1 = steady::now();
    const long rss1 = vm_rss_bytes();
    block.close();
    exited.wait();
    const auto t2 = steady::now();
    std::printf("%.1f %.1f %.1f\n", ns_of(t2 - t0) / sz.park, ns_of(t1 - t0) / sz.park,
                static_cast<double>(rss1 - rss0) / sz.park);
}

void spawn_park(const char* self) {
    std::vector<double> totals, parks, bytes;
    for (int r = 0; r < std::max(sz.reps, 1); ++r) {
        child_run c = run_child(self, "--spawn-park-child");
        double total = 0, park = 0, b = 0;
        if (!c.ok || std::sscanf(c.out.c_str(), "%lf %lf %lf", &total, &park, &b) != 3) {
            std::printf("spawn_park_1m\tNA\terror=\"child failed\"\n");
            return;
        }
        totals.push_back(total);
        parks.push_back(park);
        bytes.push_back(b);
    }
    emit("spawn_park_1m", *std::min_element(totals.begin(), totals.end()),
         "park_ns=" + fixed0(*std::min_element(parks.begin(), parks.end())) +
             " bytes_per_g=" + fixed0(median_of(bytes)));
}

// pingpong: A sends i on a, B echoes it on b, A receives; one op is a round trip.
run_fn pingpong(int capacity) {
    return [capacity](int n) -> run_result {
        auto a = make_chan<int>(capacity), b = make_chan<int>(capacity);
        sync::WaitGroup wg;
        wg.add(2);
        auto t0 = steady::now();
        go([&wg, a, b] {  // echo
            for (int v : a)
                b.send(v);
            wg.done();
        });
        go([&wg, a, b, n] {  // driver
            for (int i = 0; i < n; ++i) {
                a.send(i);
                b.recv();
            }
            a.close();
            wg.done();
        });
        wg.wait();
        return {n, steady::now() - t0};
    };
}

// throughput_buffered128: one producer, one consumer, cap-128 channel.
run_result throughput(int n) {
    auto t0 = steady::now();
    for (int b = 0; b < n; ++b) {
        auto ch = make_chan<int>(128);
        sync::WaitGroup wg;
        wg.add(2);
        go([&wg, ch] {
            for (int i = 0; i < sz.items; ++i)
                ch.send(i);
            ch.close();
            wg.done();
        });
        go([&wg, ch] {
            std::int64_t sum = 0;
            for (int v : ch)
                sum += v;
            sink += sum;
            wg.done();
        });
        wg.wait();
    }
    return {static_cast<std::int64_t>(n) * sz.items, steady::now() - t0};
}

// fanin_4to1: four producers into one cap-128 channel, one consumer.
run_result fanin(int n) {
    const int producers = 4, per = sz.items / producers;
    auto t0 = steady::now();
    for (int b = 0; b < n; ++b) {
        auto ch = make_chan<int>(128);
        sync::WaitGroup wg;
        wg.add(producers + 1);
        for (int p = 0; p < producers; ++p) {
            go([&wg, ch, per] {
                for (int i = 0; i < per; ++i)
                    ch.send(i);
                wg.done();
            });
        }
        go([&wg, ch, per] {
            std::int64_t sum = 0;
            for (int i = 0; i < producers * per; ++i)
                sum += ch.recv();
            sink += sum;
            wg.done();
        });
        wg.wait();
    }
    return {static_cast<std::int64_t>(n) * producers * per, steady::now() - t0};
}

// select2_recv: two producers on their own cap-128 channels, a consumer
// selecting over both.
run_result select2(int n) {
    const int per = sz.items / 2;
    auto t0 = steady::now();
    for (int b = 0; b < n; ++b) {
        auto c1 = make_chan<int>(128), c2 = make_chan<int>(128);
        sync::WaitGroup wg;
        wg.add(3);
        auto produce = [&wg, per](send_chan<int> c) {
            for (int i = 0; i < per; ++i)
                c.send(i);
            wg.done();
        };
        go(produce, c1);
        go(produce, c2);
        go([&wg, c1, c2, per] {
            std::int64_t sum = 0;
            int v = 0;
            for (int got = 0; got < 2 * per; ++got) {
                switch (select(recv(c1, v), recv(c2, v))) {
                    case 0:
                        sum += v;
                        break;
                    case 1:
                        sum += v;
                        break;
                }
            }
            sink += sum;
            wg.done();
        });
        wg.wait();
    }
    return {static_cast<std::int64_t>(n) * 2 * per, steady::now() - t0};
}

// select_default_poll: select { case <-ch: default: } on an empty channel.
run_result select_default(int n) {
    auto ch = make_chan<int>();
    std::int64_t hits = 0;
    auto t0 = steady::now();
    for (int i = 0; i < n; ++i) {
        switch (select(recv(ch), default_)) {
            case 0:
                hits++;
                break;
            case 1:
                break;
        }
    }
    auto d = steady::now() - t0;
    sink += hits;
    return {n, d};
}

run_result ctx_with_cancel(int n) {
    auto bg = context::background();
    auto t0 = steady::now();
    for (int b = 0; b < n; ++b) {
        for (int i = 0; i < sz.ctx_pairs; ++i) {
            auto [ctx, cancel] = context::with_cancel(bg);
            cancel();
        }
    }
    return {static_cast<std::int64_t>(n) * sz.ctx_pairs, steady::now() - t0};
}

// ctx_tree_build / ctx_tree_cancel: a root with sz.spawn children, each
// watched by a goroutine parked on child.done().
struct tree_times {
    steady::duration build{}, cancel{};
};
tree_times ctx_tree(int n) {
    tree_times t;
    std::vector<context::CancelFunc> cancels(sz.spawn);
    for (int b = 0; b < n; ++b) {
        sync::WaitGroup started, exited;
        started.add(sz.spawn);
        exited.add(sz.spawn);
        auto t0 = steady::now();
        auto [root, cancel_root] = context::with_cancel(context::background());
        for (auto& c : cancels) {
            auto [child, cancel] = context::with_cancel(root);
            c = cancel;
            go([&started, &exited,
                child = child] {  // (clang 14 cannot capture a structured binding)
                started.done();
                child.done().recv();
                exited.done();
            });
        }
        started.wait();
        auto t1 = steady::now();
        cancel_root();
        exited.wait();
        auto t2 = steady::now();
        t.build += t1 - t0;
        t.cancel += t2 - t1;
        for (auto& c : cancels)
            c();
    }
    return t;
}

void measure_ctx_tree(const std::function<bool(const std::string&)>& want) {
    int n = 1;
    if (sz.calibrate) {
        tree_times t = ctx_tree(1);
        n = std::max(1,
                     static_cast<int>(std::lround(ns_of(sz.target) / ns_of(t.build + t.cancel))));
    }
    double best_b = std::numeric_limits<double>::infinity(), best_c = best_b;
    for (int r = 0; r < sz.reps; ++r) {
        tree_times t = ctx_tree(n);
        const double per = static_cast<double>(n) * sz.spawn;
        best_b = std::min(best_b, ns_of(t.build) / per);
        best_c = std::min(best_c, ns_of(t.cancel) / per);
    }
    if (want("ctx_tree_build")) emit("ctx_tree_build", best_b, ops_per_s(best_b));
    if (want("ctx_tree_cancel")) emit("ctx_tree_cancel", best_c, ops_per_s(best_c));
}

// ctx_value_depth100: 100 with_value layers with keys ctx_key{0..99}; look up
// the deepest.
struct ctx_key {
    int k;
    bool operator==(const ctx_key&) const = default;
};
run_fn ctx_value() {
    auto ctx = context::background();
    for (int k = 0; k < 100; ++k)
        ctx = context::with_value(ctx, ctx_key{k}, k);
    return [ctx](int n) -> run_result {
        std::int64_t sum = 0;
        auto t0 = steady::now();
        for (int i = 0; i < n; ++i)
            sum += *ctx.value(ctx_key{0}).as<int>();
        auto d = steady::now() - t0;
        sink += sum;
        return {n, d};
    };
}

run_result ctx_with_timeout(int n) {
    auto bg = context::background();
    auto t0 = steady::now();
    for (int b = 0; b < n; ++b) {
        for (int i = 0; i < sz.ctx_pairs; ++i) {
            auto [ctx, cancel] = context::with_timeout(bg, 1h);
            cancel();
        }
    }
    return {static_cast<std::int64_t>(n) * sz.ctx_pairs, steady::now() - t0};
}

// timers_100k: sz.spawn goroutines each sleep a pseudo-random 0-10 ms (the
// splitmix64 sequence of the reference programs, seed 42, µs granularity).
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

run_fn timers(std::vector<std::chrono::microseconds> ds) {
    return [ds = std::move(ds)](int n) -> run_result {
        auto t0 = steady::now();
        for (int b = 0; b < n; ++b) {
            sync::WaitGroup wg;
            wg.add(static_cast<int>(ds.size()));
            for (auto d : ds) {
                go([&wg, d] {
                    time::sleep(d);
                    wg.done();
                });
            }
            wg.wait();
        }
        return {static_cast<std::int64_t>(n) * static_cast<std::int64_t>(ds.size()),
                steady::now() - t0};
    };
}

// mutex_contended: four goroutines each lock, increment, unlock.
run_result mutex_contended(int n) {
    const int workers = 4, per = sz.items / workers;
    auto t0 = steady::now();
    for (int b = 0; b < n; ++b) {
        sync::Mutex mu;
        int counter = 0;
        sync::WaitGroup wg;
        wg.add(workers);
        for (int w = 0; w < workers; ++w) {
            go([&, per] {
                for (int i = 0; i < per; ++i) {
                    mu.lock();
                    counter++;
                    mu.unlock();
                }
                wg.done();
            });
        }
        wg.wait();
        if (counter != workers * per) panic("mutex_contended: lost updates");
    }
    return {static_cast<std::int64_t>(n) * workers * per, steady::now() - t0};
}

// idle_cpu: half the goroutines parked on a channel, half on their own
// 1-hour timer; the CPU time the process uses over an idle window, and its
// threads' context switches there (each a thread going to sleep: a count
// of wake-ups that does not depend on what a virtual machine charges for
// one).
struct cpu_usage {
    std::chrono::nanoseconds cpu;
    long switches;
};
cpu_usage cpu_time() {
    rusage ru{};
    getrusage(RUSAGE_SELF, &ru);
    auto tv = [](timeval t) {
        return std::chrono::seconds(t.tv_sec) + std::chrono::microseconds(t.tv_usec);
    };
    return {tv(ru.ru_utime) + tv(ru.ru_stime), ru.ru_nvcsw + ru.ru_nivcsw};
}

void idle_cpu() {
    auto never = make_chan<void>();
    std::vector<time::Timer> timers;
    sync::WaitGroup parked, exited;
    parked.add(sz.idle_g);
    exited.add(sz.idle_g);
    for (int i = 0; i < sz.idle_g; ++i) {
        if (i % 2 == 0) {
            go([&parked, &exited, never] {
                parked.done();
                never.recv();
                exited.done();
            });
        } else {
            time::Timer t = time::new_timer(1h);
            timers.push_back(t);
            go([&parked, &exited, t] {
                parked.done();
                t.c.recv();
                exited.done();
            });
        }
    }
    parked.wait();
    time::sleep(100ms);
    const cpu_usage before = cpu_time();
    auto wall0 = steady::now();
    time::sleep(sz.idle_window);
    const cpu_usage after = cpu_time();
    auto cpu = after.cpu - before.cpu;
    auto wall = steady::now() - wall0;
    never.close();
    for (auto& t : timers)
        (void)t.reset(0ns);  // fire now so their goroutines exit
    exited.wait();
    const double per_s = ns_of(cpu) / std::chrono::duration<double>(wall).count();
    char extra[64];
    std::snprintf(extra, sizeof extra, "cpu_percent=%.3f switches=%ld", per_s / 1e7,
                  after.switches - before.switches);
    emit("idle_cpu", per_s, extra);
}

}  // namespace

int main(int argc, char** argv) {
    if (const char* s = std::getenv("SMOKE"); s != nullptr && std::string(s) == "1") sz = smoke;
    if (argc > 1 && std::string(argv[1]) == "--spawn-mem-child") {
        spawn_mem_child();
        return 0;
    }
    if (argc > 1 && std::string(argv[1]) == "--daisy-child") {
        daisy_chain_child();
        return 0;
    }
    if (argc > 1 && std::string(argv[1]) == "--spawn-park-child") {
        spawn_park_child();
        return 0;
    }
    std::set<std::string> only;
    if (const char* o = std::getenv("ONLY"); o != nullptr && *o != '\0') {
        std::stringstream ss(o);
        for (std::string name; std::getline(ss, name, ',');)
            only.insert(name);
    }
    auto want = [&](const std::string& name) { return only.empty() || only.count(name) != 0; };
    std::fprintf(stderr, "gocpp_bench: GOMAXPROCS=%d%s\n", gomaxprocs(),
                 sz.calibrate ? "" : " (smoke)");

    if (want("spawn_join")) {
        double ns = measure(spawn_join, false);
        emit("spawn_join", ns, ops_per_s(ns));
    }
    if (want("spawn_mem")) spawn_mem(argv[0]);
    if (want("pingpong_unbuffered")) {
        double ns = measure(pingpong(0), true);
        emit("pingpong_unbuffered", ns, ops_per_s(ns));
    }
    if (want("pingpong_buffered1")) {
        double ns = measure(pingpong(1), true);
        emit("pingpong_buffered1", ns, ops_per_s(ns));
    }
    if (want("throughput_buffered128")) {
        double ns = measure(throughput, false);
        emit("throughput_buffered128", ns, ops_per_s(ns));
    }
    if (want("fanin_4to1")) {
        double ns = measure(fanin, false);
        emit("fanin_4to1", ns, ops_per_s(ns));
    }
    if (want("select2_recv")) {
        double ns = measure(select2, false);
        emit("select2_recv", ns, ops_per_s(ns));
    }
    if (want("select_default_poll")) {
        double ns = measure(select_default, true);
        emit("select_default_poll", ns, ops_per_s(ns));
    }
    if (want("ctx_withcancel_cancel")) {
        double ns = measure(ctx_with_cancel, false);
        emit("ctx_withcancel_cancel", ns, ops_per_s(ns));
    }
    if (want("ctx_tree_build") || want("ctx_tree_cancel")) measure_ctx_tree(want);
    if (want("ctx_value_depth100")) {
        double ns = measure(ctx_value(), true);
        emit("ctx_value_depth100", ns, ops_per_s(ns));
    }
    if (want("ctx_withtimeout_cancel")) {
        double ns = measure(ctx_with_timeout, false);
        emit("ctx_withtimeout_cancel", ns, ops_per_s(ns));
    }
    if (want("timers_100k")) {
        double ns = measure(timers(sleep_durations()), false);
        emit("timers_100k", ns, "wall_ns=" + std::to_string(std::llround(ns * sz.spawn)));
    }
    if (want("mutex_contended")) {
        double ns = measure(mutex_contended, false);
        emit("mutex_contended", ns, ops_per_s(ns));
    }
    if (want("idle_cpu")) idle_cpu();
    if (want("daisy_chain_100k")) daisy_chain(argv[0]);
    if (want("spawn_park_1m")) spawn_park(argv[0]);
    return 0;
}
