// Opens N connections to ADDR, all at once, sends one byte on each and
// waits for one back on each; prints "all N answered" and exits 0.
#include <gocpp/gocpp.hpp>

#include <sys/resource.h>

#include <atomic>
#include <iostream>
#include <string>
#include <vector>

using namespace gocpp;

int main(int argc, char** argv) {
    if (argc != 3) return 2;
    rlimit rl{};
    getrlimit(RLIMIT_NOFILE, &rl);
    rl.rlim_cur = rl.rlim_max;
    setrlimit(RLIMIT_NOFILE, &rl);
    const std::string addr = argv[1];
    const int n = std::stoi(argv[2]);
    std::vector<net::Conn> conns(n);
    for (int i = 0; i < n; ++i) {
        auto [c, err] = net::dial("tcp", addr);
        if (err) {
            std::cout << "dial " << i << ": " << err << std::endl;
            return 1;
        }
        conns[i] = c;
    }
    std::atomic<int> answered{0};
    sync::WaitGroup wg;
    for (auto& c : conns) {
        wg.add(1);
        go([&, c = c] {
            defer _{[&] { wg.done(); }};
            if (c.write("h").second) return;
            char b[1];
            if (io::read_full(c, b).second || b[0] != 'w') return;
            answered++;
        });
    }
    wg.wait();
    std::cout << "all " << answered.load() << " answered" << std::endl;
    for (auto& c : conns)
        c.close();
    return answered.load() == n ? 0 : 1;
}
