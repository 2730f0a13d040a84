// http_request_id: the request-scoped value pattern of the context articles,
// a middleware that puts the X-Request-ID header into the request's context
// and a handler that finds it there. The port of:
//
//     type key int
//     const requestIDKey key = 0
//
//     func WithRequestID(next http.Handler) http.Handler {
//         return http.HandlerFunc(func(rw http.ResponseWriter, req *http.Request) {
//             // Extract the request ID from the request header
//             reqID := req.Header.Get("X-Request-ID")
//             // A new context from the request's context, with the request ID
//             ctx := context.WithValue(req.Context(), requestIDKey, reqID)
//             // A new request with the new context
//             req = req.WithContext(ctx)
//             // Let the next handler in the chain take over
//             next.ServeHTTP(rw, req)
//         })
//     }
//
//     func GetRequestID(ctx context.Context) string {
//         reqID, _ := ctx.Value(requestIDKey).(string)
//         return reqID
//     }
//
//     func Handle(rw http.ResponseWriter, req *http.Request) {
//         reqID := GetRequestID(req.Context())
//         fmt.Fprintf(rw, "request id: %q\n", reqID)
//     }
//
//     func main() {
//         addr := flag.String("addr", "127.0.0.1:0", "listen address")
//         flag.Parse()
//         ln, err := net.Listen("tcp", *addr)
//         if err != nil { log.Fatal(err) }
//         fmt.Println("listening on", ln.Addr())
//         handler := WithRequestID(http.HandlerFunc(Handle))
//         log.Fatal(http.Serve(ln, handler))
//     }
//
// Usage: http_request_id [-addr HOST:PORT]   (default 127.0.0.1:0)
// Serves until killed.
#include <gocpp/gocpp.hpp>

#include <iostream>
#include <string>

using namespace gocpp;

struct key {
    int v;
    friend bool operator==(const key&, const key&) = default;
    static constexpr std::string_view go_type_name = "main.key";
};
const key request_id_key{0};

http::Handler with_request_id(http::Handler next) {
    return http::HandlerFunc([next](http::ResponseWriter rw, http::Request req) {
        // Extract the request ID from the request header
        auto req_id = req.header().get("X-Request-ID");
        // A new context from the request's context, with the request ID
        auto ctx = context::with_value(req.context(), request_id_key, req_id);
        // A new request with the new context
        req = req.with_context(ctx);
        // Let the next handler in the chain take over
        next.serve_http(rw, req);
    });
}

std::string get_request_id(const context::Context& ctx) {
    auto [req_id, ok] = ctx.value(request_id_key).get<std::string>();
    return req_id;
}

void handle(http::ResponseWriter rw, http::Request req) {
    auto req_id = get_request_id(req.context());
    rw.write(fmt::sprintf("request id: %q\n", req_id));
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
            std::cerr << "usage: http_request_id [-addr HOST:PORT]\n";
            return 2;
        }
    }
    auto [ln, err] = net::listen("tcp", addr);
    if (err) {
        std::cerr << err << '\n';
        return 1;
    }
    fmt::println("listening on", ln.addr());
    auto handler = with_request_id(http::HandlerFunc(handle));
    std::cerr << http::serve(ln, handler) << '\n';
    return 1;
}
