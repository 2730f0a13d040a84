// The context articles' func1: a recursion that starts one span per layer
// from the context it is handed, so every layer shares the trace id.
#include <gocpp/gocpp.hpp>
#include <gocpp/trace.hpp>

#include <cstdio>
#include <string>

using namespace gocpp;

auto tracer = trace::tracer("func1");

void func1(context::Context ctx, int n) {
    if (n == 0) {
        return;
    }
    auto [ctx2, span] = tracer.start(ctx, "func1-" + std::to_string(n));
    defer _{[&span = span] { span.end(); }};
    auto sc = span.span_context();
    std::printf("span context %d, traceID: %s, spanID: %s\n", n, sc.trace_id().string().c_str(),
                sc.span_id().string().c_str());
    func1(ctx2, n - 1);
}

int main() {
    func1(context::background(), 5);
}
