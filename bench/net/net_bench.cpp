// net_bench: TCP benchmarks, the same modes as bench/reference/go/net/main.go.
//
//   net_bench server ADDR            echo server (prints "listening on ADDR")
//   net_bench pingpong ADDR N        one connection, N round trips of 64 bytes
//   net_bench echo ADDR CONNS SECS   CONNS connections, 512-byte messages
//   net_bench idle ADDR CONNS SECS   CONNS idle connections held for SECS
//
// Run client and server as two processes pinned one per CPU (run.sh).
#include <gocpp/gocpp.hpp>

#include <sys/resource.h>

#include <atomic>
#include <cstdio>
#include <iostream>
#include <string>
#include <vector>

using namespace gocpp;

static void raise_fd_limit() {
    rlimit rl{};
    getrlimit(RLIMIT_NOFILE, &rl);
    rl.rlim_cur = rl.rlim_max;
    setrlimit(RLIMIT_NOFILE, &rl);
}

static int server(const std::string& addr) {
    auto [ln, err] = net::listen("tcp", addr);
    if (err) {
        std::cerr << err << '\n';
        return 1;
    }
    std::cout << "listening on " << ln.addr() << std::endl;
    for (;;) {
        auto [c, err] = ln.accept();
        if (err) return 1;
        go([c = c] {
            char buf[4096];
            for (;;) {
                auto [n, err] = c.read(buf);
                if (n > 0 && c.write(std::string_view(buf, n)).second) break;
                if (err) break;
            }
            c.close();
        });
    }
}

static int pingpong(const std::string& addr, long n) {
    auto [c, err] = net::dial("tcp", addr);
    if (err) return 1;
    char msg[64] = {};
    char buf[64];
    const auto start = time::now();
    for (long i = 0; i < n; ++i) {
        c.write(std::string_view(msg, sizeof msg));
        if (io::read_full(c, buf).second) return 1;
    }
    const auto ns =
        std::chrono::duration_cast<std::chrono::nanoseconds>(time::since(start)).count();
    std::printf("tcp_pingpong %.0f ns/op\n", static_cast<double>(ns) / n);
    return 0;
}

static int echo(const std::string& addr, int conns, int secs) {
    std::atomic<long> msgs{0};
    std::atomic<bool> stop{false};
    sync::WaitGroup wg;
    for (int i = 0; i < conns; ++i) {
        wg.add(1);
        go([&] {
            defer _{[&] { wg.done(); }};
            auto [c, err] = net::dial("tcp", addr);
            if (err) return;
            char msg[512] = {};
            char buf[512];
            while (!stop.load(std::memory_order_relaxed)) {
                if (c.write(std::string_view(msg, sizeof msg)).second) break;
                if (io::read_full(c, buf).second) break;
                msgs.fetch_add(1, std::memory_order_relaxed);
            }
            c.close();
        });
    }
    time::sleep(std::chrono::seconds(1));  // warm up
    const long before = msgs.load();
    const auto start = time::now();
    time::sleep(std::chrono::seconds(secs));
    const long done = msgs.load() - before;
    const double s = std::chrono::duration<double>(time::since(start)).count();
    stop = true;
    wg.wait();
    std::printf("tcp_echo_%d %.0f msgs/s\n", conns, done / s);
    return 0;
}

static int idle(const std::string& addr, int conns, int secs) {
    std::vector<net::Conn> cs;
    for (int i = 0; i < conns; ++i) {
        auto [c, err] = net::dial("tcp", addr);
        if (err) {
            std::cerr << err << '\n';
            return 1;
        }
        // One round trip, so the server's goroutine has touched its buffer.
        char b[1];
        c.write("x");
        io::read_full(c, b);
        cs.push_back(c);
    }
    std::printf("idle %d connections\n", conns);
    std::fflush(stdout);
    time::sleep(std::chrono::seconds(secs));
    for (auto& c : cs)
        c.close();
    return 0;
}

int main(int argc, char** argv) {
    raise_fd_limit();
    if (argc < 3) {
        std::cerr << "usage: net_bench server|pingpong|echo|idle ADDR ...\n";
        return 2;
    }
    const std::string mode = argv[1], addr = argv[2];
    if (mode == "server") return server(addr);
    if (mode == "pingpong") return pingpong(addr, argc > 3 ? std::stol(argv[3]) : 100000);
    if (mode == "echo")
        return echo(addr, argc > 3 ? std::stoi(argv[3]) : 1000, argc > 4 ? std::stoi(argv[4]) : 5);
    if (mode == "idle")
        return idle(addr, argc > 3 ? std::stoi(argv[3]) : 10000, argc > 4 ? std::stoi(argv[4]) : 5);
    return 2;
}
