// http_get: GET a URL with the project's client and print the status line
// and the body, as this Go program does:
//
//     func main() {
//         timeoutMS := flag.Int("timeout-ms", 0, "client timeout in milliseconds (0: none)")
//         var headers []string
//         flag.Func("H", "request header 'Name: value'", func(s string) error {
//             headers = append(headers, s)
//             return nil
//         })
//         flag.Parse()
//         client := &http.Client{Timeout: time.Duration(*timeoutMS) * time.Millisecond}
//         defer client.CloseIdleConnections()
//         req, err := http.NewRequest("GET", flag.Arg(0), nil)
//         if err != nil { fmt.Fprintln(os.Stderr, err); os.Exit(1) }
//         for _, h := range headers {
//             name, value, _ := strings.Cut(h, ":")
//             req.Header.Add(name, strings.TrimSpace(value))
//         }
//         resp, err := client.Do(req)
//         if err != nil { fmt.Fprintln(os.Stderr, err); os.Exit(1) }
//         defer resp.Body.Close()
//         body, err := io.ReadAll(resp.Body)
//         fmt.Println(resp.Status)
//         os.Stdout.Write(body)
//         if err != nil { fmt.Fprintln(os.Stderr, err); os.Exit(1) }
//     }
//
// Usage: http_get [-timeout-ms N] [-H 'Name: value']... URL
#include <gocpp/gocpp.hpp>

#include <iostream>
#include <string>
#include <vector>

using namespace gocpp;
using namespace std::chrono_literals;

int main(int argc, char** argv) {
    int timeout_ms = 0;
    std::vector<std::string> headers;
    std::string url;
    for (int i = 1; i < argc; ++i) {
        std::string a = argv[i];
        if (a == "-timeout-ms" && i + 1 < argc) {
            timeout_ms = std::atoi(argv[++i]);
        } else if (a == "-H" && i + 1 < argc) {
            headers.push_back(argv[++i]);
        } else if (url.empty() && !a.starts_with("-")) {
            url = a;
        } else {
            std::cerr << "usage: http_get [-timeout-ms N] [-H 'Name: value']... URL\n";
            return 2;
        }
    }
    http::Client client{.timeout = timeout_ms * 1ms};
    // The connection goes back to the pool when the body is closed, with
    // its 90 s idle timer; the leak check at exit (GOCPP_LEAKCHECK=1) would
    // count that timer, as goleak counts Go's idle connection goroutines.
    defer close_idle{[&client] { client.close_idle_connections(); }};
    auto [req, err] = http::new_request("GET", url);
    if (err) {
        fmt::fprintln(std::cerr, err);
        return 1;
    }
    for (const auto& h : headers) {
        auto colon = h.find(':');
        std::string name = h.substr(0, colon);
        std::string value = colon == std::string::npos ? "" : h.substr(colon + 1);
        value.erase(0, value.find_first_not_of(" \t"));
        value.erase(value.find_last_not_of(" \t") + 1);
        req.header().add(name, value);
    }
    auto [resp, derr] = client.do_(req);
    if (derr) {
        fmt::fprintln(std::cerr, derr);
        return 1;
    }
    defer _{[&resp = resp] { resp.body().close(); }};
    auto [body, rerr] = http::read_all(resp.body());
    fmt::println(resp.status());
    std::cout << body << std::flush;
    if (rerr) {
        fmt::fprintln(std::cerr, rerr);
        return 1;
    }
    return 0;
}
