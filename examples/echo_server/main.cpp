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

#include <csignal>
#include <iostream>
#include <string>

using namespace gocpp;

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
    auto [ctx, stop] = signal::notify_context(context::background(), {SIGINT, SIGTERM});
    defer _{stop};
    auto [ln, err] = net::listen("tcp", addr);
    if (err) {
        std::cerr << err << '\n';
        return 1;
    }
    std::cout << "listening on " << ln.addr() << std::endl;
    go([ctx = ctx, ln = ln] {
        ctx.done().recv();
        ln.close();
    });
    sync::WaitGroup wg;
    for (;;) {
        auto [conn, err] = ln.accept();
        if (err) break;
        wg.add(1);
        go([&wg, ctx = ctx, conn = conn] {
            handle(ctx, conn);
            wg.done();
        });
    }
    wg.wait();
    std::cout << "shut down" << std::endl;
    return 0;
}
