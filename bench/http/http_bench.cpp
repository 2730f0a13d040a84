// The gocpp side of bench/http (run.sh runs both side by side):
//
//   http_bench server ADDR    prints "listening on ADDR", serves / with
//                             "Hello, World!" (Go's net/http hello world)
#include <gocpp/gocpp.hpp>

#include <iostream>
#include <string>

using namespace gocpp;

int main(int argc, char** argv) {
    if (argc != 3 || std::string(argv[1]) != "server") {
        std::cerr << "usage: http_bench server ADDR\n";
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
