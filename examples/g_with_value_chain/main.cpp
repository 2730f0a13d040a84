// handle -> f1 -> f2 -> f3, each adding one with_value pair;
// f3 reads all three keys.
#include <gocpp/gocpp.hpp>

#include <iostream>

using namespace gocpp;

void f3(context::Context ctx, [[maybe_unused]] any req) {
    std::cout << ctx.value("key0") << '\n';
    std::cout << ctx.value("key1") << '\n';
    std::cout << ctx.value("key2") << '\n';
}

void f2(context::Context ctx, any req) {
    auto ctx2 = context::with_value(ctx, "key2", "value2");
    f3(ctx2, req);
}

void f1(context::Context ctx, any req) {
    auto ctx1 = context::with_value(ctx, "key1", "value1");
    f2(ctx1, req);
}

void handle(context::Context ctx, any req) {
    auto ctx0 = context::with_value(ctx, "key0", "value0");
    f1(ctx0, req);
}

int main() {
    auto rootCtx = context::background();
    handle(rootCtx, "hello");
    // Reading from a sibling branch finds nothing.
    std::cout << rootCtx.value("key0") << '\n';
}
