// Passing a request-scoped trace id through a context value.
#include <gocpp/gocpp.hpp>

#include <cstdio>
#include <string>

using namespace gocpp;

void process(context::Context ctx);

int main() {
    auto ctx = context::background();
    process(ctx);
    ctx = context::with_value(ctx, "traceId", "qcrao-2019");
    process(ctx);
}

void process(context::Context ctx) {
    auto [traceId, ok] = ctx.value("traceId").get<std::string>();
    if (ok) {
        std::printf("process over. trace_id=%s\n", traceId.c_str());
    } else {
        std::printf("process over. no trace_id\n");
    }
}
