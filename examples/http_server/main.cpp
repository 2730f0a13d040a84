// http_server: a server whose handlers honour their request's context, the
// port of this Go program:
//
//     func main() {
//         addr := flag.String("addr", "127.0.0.1:0", "listen address")
//         flag.Parse()
//         ln, err := net.Listen("tcp", *addr)
//         if err != nil { log.Fatal(err) }
//         fmt.Println("listening on", ln.Addr())
//         self := "http://" + ln.Addr().String()
//
//         mux := http.NewServeMux()
//         mux.HandleFunc("/hello", func(w http.ResponseWriter, r *http.Request) {
//             io.WriteString(w, "hello, world\n")
//         })
//         mux.HandleFunc("/slow", func(w http.ResponseWriter, r *http.Request) {
//             ms, _ := strconv.Atoi(r.URL.Query().Get("ms"))
//             select {
//             case <-time.After(time.Duration(ms) * time.Millisecond):
//                 fmt.Fprintf(w, "slept %dms\n", ms)
//             case <-r.Context().Done():
//                 fmt.Fprintln(os.Stderr, "canceled:", r.Context().Err())
//             }
//         })
//         mux.HandleFunc("/deadline", func(w http.ResponseWriter, r *http.Request) {
//             ctx, cancel := context.WithTimeout(r.Context(), 50*time.Millisecond)
//             defer cancel()
//             req, _ := http.NewRequestWithContext(ctx, "GET", self+"/hello", nil)
//             resp, err := http.DefaultClient.Do(req)
//             if err != nil {
//                 http.Error(w, err.Error(), http.StatusGatewayTimeout)
//                 return
//             }
//             defer resp.Body.Close()
//             body, _ := io.ReadAll(resp.Body)
//             fmt.Fprintf(w, "upstream said: %s", body)
//         })
//
//         srv := &http.Server{Handler: mux, ReadHeaderTimeout: 5 * time.Second}
//         ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
//         defer stop()
//         idleConnsClosed := make(chan struct{})
//         go func() {
//             <-ctx.Done()
//             sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
//             defer cancel()
//             if err := srv.Shutdown(sctx); err != nil { log.Print(err) }
//             close(idleConnsClosed)
//         }()
//         if err := srv.Serve(ln); err != http.ErrServerClosed { log.Fatal(err) }
//         <-idleConnsClosed
//         fmt.Println("shut down")
//     }
//
// Usage: http_server [-addr HOST:PORT]   (default 127.0.0.1:0)
#include <gocpp/gocpp.hpp>
#include <gocpp/signal.hpp>

#include <csignal>
#include <iostream>
#include <string>

using namespace gocpp;
using namespace std::chrono_literals;

int main(int argc, char** argv) {
    std::string addr = "127.0.0.1:0";
    for (int i = 1; i < argc; ++i) {
        std::string a = argv[i];
        if ((a == "-addr" || a == "--addr") && i + 1 < argc) {
            addr = argv[++i];
        } else if (a.rfind("-addr=", 0) == 0 || a.rfind("--addr=", 0) == 0) {
            addr = a.substr(a.find('=') + 1);
        } else {
            std::cerr << "usage: http_server [-addr HOST:PORT]\n";
            return 2;
        }
    }
    auto [ln, err] = net::listen("tcp", addr);
    if (err) {
        std::cerr << err << '\n';
        return 1;
    }
    fmt::println("listening on", ln.addr());
    const std::string self = "http://" + ln.addr().string();

    auto mux = http::new_serve_mux();
    mux.handle_func("/hello",
                    [](http::ResponseWriter w, http::Request) { w.write("hello, world\n"); });
    mux.handle_func("/slow", [](http::ResponseWriter w, http::Request r) {
        int ms = std::atoi(r.url().query().get("ms").c_str());
        switch (select(recv(time::after(ms * 1ms)), recv(r.context().done()))) {
            case 0:
                w.write(fmt::sprintf("slept %dms\n", ms));
                break;
            case 1:
                fmt::fprintln(std::cerr, "canceled:", r.context().err());
                break;
        }
    });
    mux.handle_func("/deadline", [self](http::ResponseWriter w, http::Request r) {
        auto [ctx, cancel] = context::with_timeout(r.context(), 50ms);
        defer _{cancel};
        auto [req, rerr] = http::new_request_with_context(ctx, "GET", self + "/hello");
        auto [resp, err] = http::default_client().do_(req);
        if (err) {
            http::error(w, err.error(), http::status_gateway_timeout);
            return;
        }
        defer close_body{[&resp = resp] { resp.body().close(); }};
        auto [body, berr] = http::read_all(resp.body());
        w.write(fmt::sprintf("upstream said: %s", body));
    });

    http::Server srv{.handler = mux, .read_header_timeout = 5s};
    auto [ctx, stop] = signal::notify_context(context::background(), {SIGINT, SIGTERM});
    defer _{stop};
    auto idle_conns_closed = make_chan<void>();
    go([&srv, ctx = ctx, idle_conns_closed] {
        ctx.done().recv();
        auto [sctx, cancel] = context::with_timeout(context::background(), 5s);
        defer _{cancel};
        if (auto err = srv.shutdown(sctx)) fmt::fprintln(std::cerr, err);
        idle_conns_closed.close();
    });
    if (auto err = srv.serve(ln); err != http::err_server_closed) {
        std::cerr << err << '\n';
        return 1;
    }
    idle_conns_closed.recv();
    fmt::println("shut down");
    return 0;
}
