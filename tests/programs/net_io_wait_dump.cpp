// Goroutines parked on sockets with no timer pending and nothing else to
// run: not a deadlock (the network may still wake them). The dump shows
// [IO wait]. A child process connects after 300 ms and everything ends.
#include <gocpp/gocpp.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <iostream>

using namespace gocpp;
using namespace std::chrono_literals;

int main() {
    auto [ln, err] = net::listen("tcp", "127.0.0.1:0");
    if (err) return 1;
    const int port = std::stoi(net::split_host_port(ln.addr().string()).port);
    const pid_t child = fork();
    if (child == 0) {
        // Plain sockets only: the child must not use the runtime.
        usleep(300'000);
        int s = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in sin{};
        sin.sin_family = AF_INET;
        sin.sin_port = htons(static_cast<std::uint16_t>(port));
        sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        if (::connect(s, reinterpret_cast<sockaddr*>(&sin), sizeof sin) != 0) _exit(1);
        usleep(200'000);
        if (::write(s, "x", 1) != 1) _exit(1);
        ::close(s);
        _exit(0);
    }
    auto accepted = make_chan<net::Conn>();
    go([ln = ln, accepted] {
        auto [c, err] = ln.accept();
        accepted.send(c);
    });
    time::sleep(50ms);
    debug::write_goroutines(std::cout);
    auto s = accepted.recv();  // main waits on a channel, the other goroutine on accept
    char buf[1];
    auto [n, rerr] = s.read(buf);  // only main, on a socket
    std::cout << (n == 1 ? "done" : "short") << std::endl;
    s.close();
    ln.close();
    int status = 0;
    waitpid(child, &status, 0);
    return 0;
}
