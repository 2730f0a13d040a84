// The gocpp side of bench/http (run.sh runs both side by side):
//
//   http_bench server ADDR    prints "listening on ADDR", serves / with
//                             "Hello, World!" (Go's net/http hello world)
//   http_bench client URL N   N GETs of URL one after another on one
//                             keep-alive connection, each body read to its
//                             end; prints ns per request and CPU us per
//                             request
#include <gocpp/gocpp.hpp>

#include <sys/resource.h>

#include <chrono>
#include <iostream>
#include <string>

using namespace gocpp;

namespace {

double cpu_seconds() {
    rusage ru{};
    getrusage(RUSAGE_SELF, &ru);
    return static_cast<double>(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
           static_cast<double>(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
}

int client(const std::string& url, int n) {
    http::Client c{.transport = std::make_shared<http::Transport>()};
    const auto t0 = std::chrono::steady_clock::now();
    const double cpu0 = cpu_seconds();
    for (int i = 0; i < n; ++i) {
        auto [resp, err] = c.get(url);
        if (err) {
            std::cerr << err << '\n';
            return 1;
        }
        auto [body, rerr] = http::read_all(resp.body());
        resp.body().close();
        if (rerr || body != "Hello, World!") {
            std::cerr << "bad body: " << body << ' ' << rerr << '\n';
            return 1;
        }
    }
    const double cpu = cpu_seconds() - cpu0;
    const double ns = static_cast<double>(
        std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now() - t0)
            .count());
    c.close_idle_connections();
    std::printf("%.0f %.2f\n", ns / n, cpu * 1e6 / n);
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc == 4 && std::string(argv[1]) == "client") return client(argv[2], std::stoi(argv[3]));
    if (argc != 3 || std::string(argv[1]) != "server") {
        std::cerr << "usage: http_bench server ADDR | http_bench client URL N\n";
        return 2;
    }
    auto [ln, err] = net::listen("tcp", argv[2]);
    if (err) {
        std::cerr << err << '\n';
        return 1;
    }
    fmt::println("listening on", ln.addr());
    http::handle_func("/", [](http::ResponseWriter w, http::Request) { w.write("Hello, World!"); });
    std::cerr << http::serve(ln, nullptr) << '\n';
    return 1;
}
