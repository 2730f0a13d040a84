// net under load: an echo server with 1,000 concurrent clients checking
// every byte, and 10,000 connections open at once.
#include "net_test_util.hpp"

#include <gocpp/gocpp.hpp>

#include <doctest/doctest.h>

#include <sys/resource.h>

#include <cstdio>
#include <string>
#include <vector>

using namespace gocpp;
using namespace std::chrono_literals;
using net_test::leak_check;
using net_test::str;

namespace {

// Raises the soft fd limit to the hard one (Go does the same at start-up).
void raise_fd_limit() {
    rlimit rl{};
    getrlimit(RLIMIT_NOFILE, &rl);
    rl.rlim_cur = rl.rlim_max;
    setrlimit(RLIMIT_NOFILE, &rl);
}

}  // namespace

TEST_CASE("echo: 1,000 concurrent clients, every byte checked") {
    leak_check lc;
    raise_fd_limit();
    auto [ln, err] = net::listen("tcp", "127.0.0.1:0");
    REQUIRE(!err);
    sync::WaitGroup server_wg;
    server_wg.add(1);
    // ln by init-capture: clang 14 cannot capture a structured binding.
    go([&, &ln = ln] {
        defer _{[&] { server_wg.done(); }};
        for (;;) {
            auto [c, err] = ln.accept();
            if (err) return;
            server_wg.add(1);
            go([&, c = c] {
                defer _{[&] { server_wg.done(); }};
                // Echo with bufio, line by line, as a Go server would.
                bufio::Reader r(c);
                for (;;) {
                    auto [line, err] = r.read_string('\n');
                    if (!line.empty() && c.write(line).second) break;
                    if (err) break;
                }
                c.close();
            });
        }
    });

    constexpr int clients = 1000;
    constexpr int lines_per_client = 20;
    std::atomic<int> ok{0};
    std::atomic<int> failures{0};
    sync::WaitGroup wg;
    for (int i = 0; i < clients; ++i) {
        wg.add(1);
        go([&, &ln = ln, i] {
            defer _{[&] { wg.done(); }};
            auto [c, err] = net::dial("tcp", ln.addr().string());
            if (err) {
                failures++;
                return;
            }
            // A different payload per client and line, of varying lengths.
            std::string sent;
            for (int j = 0; j < lines_per_client; ++j) {
                std::string line;
                const int len = 1 + (i * 7 + j * 13) % 300;
                for (int k = 0; k < len; ++k)
                    line.push_back(static_cast<char>('!' + (i + j + k) % 90));
                line.push_back('\n');
                sent += line;
            }
            // Write and read concurrently, so that neither side's buffers fill.
            auto wrote = make_chan<error>(1);
            go([c = c, sent, wrote] {
                wrote.send(c.write(sent).second);
                c.close_write();
            });
            auto [got, rerr] = io::read_all(c);
            auto werr = wrote.recv();
            if (!rerr && !werr && got == sent) {
                ok++;
            } else {
                failures++;
            }
            c.close();
        });
    }
    wg.wait();
    CHECK(ok.load() == clients);
    CHECK(failures.load() == 0);
    ln.close();
    server_wg.wait();
}

TEST_CASE("echo: 10,000 connections open at once") {
    leak_check lc;
    raise_fd_limit();
    rlimit rl{};
    getrlimit(RLIMIT_NOFILE, &rl);
    constexpr int conns = 10000;
    REQUIRE(rl.rlim_cur >= conns + 100);
    auto [ln, err] = net::listen("tcp", "127.0.0.1:0");
    REQUIRE(!err);
    // The client ends live in another process: both ends here would need
    // 20,000 descriptors, the whole hard limit.
    const std::string cmd = "timeout 120 " + std::string(test_util::programs_dir) +
                            "/net_hold_conns " + ln.addr().string() + " " + std::to_string(conns);
    FILE* child = popen(cmd.c_str(), "r");
    REQUIRE(child != nullptr);
    std::vector<net::Conn> accepted;
    accepted.reserve(conns);
    while (static_cast<int>(accepted.size()) < conns) {
        auto [c, aerr] = ln.accept();
        if (aerr) break;
        accepted.push_back(c);
    }
    CHECK(accepted.size() == conns);
    // Every connection works: a byte each way on all of them, concurrently.
    std::atomic<int> ok{0};
    sync::WaitGroup wg;
    for (auto& c : accepted) {
        wg.add(1);
        go([&, c = c] {
            defer _{[&] { wg.done(); }};
            char b[1];
            if (io::read_full(c, b).second) return;
            if (b[0] != 'h') return;
            if (c.write("w").second) return;
            ok++;
        });
    }
    wg.wait();
    CHECK(ok.load() == conns);
    char line[64] = {};
    const bool got_line = fgets(line, sizeof line, child) != nullptr;
    CHECK(got_line);
    CHECK(std::string(line) == "all " + std::to_string(conns) + " answered\n");
    for (auto& c : accepted)
        c.close();
    accepted.clear();
    CHECK(pclose(child) == 0);
    ln.close();
}
