// The gocpp server for the HTTP interop test (run_server.sh): peer.go's
// server mode ported (its ConnState counting aside), driven by peer.go's
// client mode, a Go net/http client.
//
//   http_interop_server [-addr 127.0.0.1:0]
//
// Prints "listening on ADDR" first, then "slow: started" and
// "slow: <ctx.err()>" around /slow.
#include <gocpp/gocpp.hpp>

#include <algorithm>
#include <iostream>
#include <mutex>
#include <string>
#include <vector>

using namespace gocpp;

namespace {

std::mutex out_mu;

void say(const std::string& line) {
    std::lock_guard lock(out_mu);
    std::cout << line << std::endl;
}

}  // namespace

int main(int argc, char** argv) {
    std::string addr = "127.0.0.1:0";
    if (argc == 3 && std::string(argv[1]) == "-addr") addr = argv[2];
    auto [ln, err] = net::listen("tcp", addr);
    if (err) {
        std::cerr << err << '\n';
        return 1;
    }
    auto mux = http::new_serve_mux();
    mux.handle_func("/hello",
                    [](http::ResponseWriter w, http::Request) { w.write("hello, world\n"); });
    mux.handle_func("/chunked", [](http::ResponseWriter w, http::Request) {
        for (int i = 0; i < 3; ++i) {
            w.write(fmt::sprintf("chunk %d\n", i));
            w.flush();
        }
    });
    mux.handle_func("/slow", [](http::ResponseWriter, http::Request r) {
        say("slow: started");
        recv_chan<void>(r.context().done()).recv();
        say("slow: " + r.context().err().error());
    });
    mux.handle_func("/headers", [](http::ResponseWriter w, http::Request r) {
        std::vector<std::string> keys;
        for (const auto& [k, vs] : r.header().map())
            keys.push_back(k);
        std::sort(keys.begin(), keys.end());
        w.header().set("X-Peer", "gocpp");
        for (const auto& k : keys) {
            std::string joined;
            for (const auto& v : r.header().values(k))
                joined += (joined.empty() ? "" : ",") + v;
            w.write(k + ": " + joined + "\n");
        }
    });
    mux.handle_func("/echo", [](http::ResponseWriter w, http::Request r) {
        auto [body, berr] = http::read_all(r.body());
        bool chunked = r.content_length() == -1;
        w.write(fmt::sprintf("%s len=%d chunked=%v body=%s", r.method(), r.content_length(),
                             chunked, body));
    });
    say("listening on " + ln.addr().string());
    std::cerr << http::serve(ln, mux) << '\n';
    return 1;
}
