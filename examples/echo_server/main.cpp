// echo_server: a TCP echo server, the shape of Go's
//
//     ln, err := net.Listen("tcp", *addr)
//     fmt.Println("listening on", ln.Addr())
//     ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
//     go func() { <-ctx.Done(); ln.Close() }()
//     for { conn, err := ln.Accept(); if err != nil { break }; wg.Add(1); go handle(ctx, conn) }
//     wg.Wait()
//
// Usage: echo_server [-addr HOST:PORT]   (default 127.0.0.1:0)
// Prints "listening on ADDR" first; serves until SIGINT or SIGTERM, then
// closes the listener and its connections, waits for them and exits 0.
#include <gocpp/gocpp.hpp>

#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <iostream>
#include <string>
#include <thread>

using namespace gocpp;

// signal.NotifyContext: a context canceled when SIGINT or SIGTERM arrives.
// The handler only writes to a pipe (async-signal-safe); a thread waiting on
// the pipe cancels the context.
static int g_signal_pipe[2];

static context::Context notify_context() {
    if (pipe(g_signal_pipe) != 0) std::abort();
    struct sigaction sa {};
    sa.sa_handler = [](int) {
        const char b = 1;
        [[maybe_unused]] auto n = write(g_signal_pipe[1], &b, 1);
    };
    sigaction(SIGINT, &sa, nullptr);
    sigaction(SIGTERM, &sa, nullptr);
    auto [ctx, cancel] = context::with_cancel(context::background());
    std::thread([cancel = cancel] {
        char b;
        while (read(g_signal_pipe[0], &b, 1) < 0 && errno == EINTR) {
        }
        cancel();
    }).detach();
    return ctx;
}

static void handle(context::Context ctx, net::Conn conn) {
    // Shutting down closes the connection, which wakes the copy below.
    auto stop = context::after_func(ctx, [conn] { conn.close(); });
    io::copy(conn, conn);
    if (stop()) conn.close();
}

int main(int argc, char** argv) {
    std::string addr = "127.0.0.1:0";
    for (int i = 1; i < argc; ++i) {
        std::string a = argv[i];
        if ((a == "-addr" || a == "--addr") && i + 1 < argc) {
            addr = argv[++i];
        } else if (a.rfind("-addr=", 0) == 0 || a.rfind("--addr=", 0) == 0) {
            addr = a.substr(a.find('=') + 1);
        } else {
            std::cerr << "usage: echo_server [-addr HOST:PORT]\n";
            return 2;
        }
    }
    auto ctx = notify_context();
    auto [ln, err] = net::listen("tcp", addr);
    if (err) {
        std::cerr << err << '\n';
        return 1;
    }
    std::cout << "listening on " << ln.addr() << std::endl;
    go([ctx, ln = ln] {
        ctx.done().recv();
        ln.close();
    });
    sync::WaitGroup wg;
    for (;;) {
        auto [conn, err] = ln.accept();
        if (err) break;
        wg.add(1);
        go([&wg, ctx, conn = conn] {
            handle(ctx, conn);
            wg.done();
        });
    }
    wg.wait();
    std::cout << "shut down" << std::endl;
    return 0;
}
