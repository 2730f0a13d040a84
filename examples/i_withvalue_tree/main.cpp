// Two branches of with_value contexts under one root; lookups go up the
// parent chain only, never down or sideways.
// (Go's fmt.Println puts a space between "key14: " and the value, hence the
// two spaces.)
#include <gocpp/gocpp.hpp>

#include <iostream>

using namespace gocpp;

int main() {
    auto rootCtx = context::background();
    auto ctxVal11 = context::with_value(rootCtx, "key11", "name11");
    auto ctxVal12 = context::with_value(ctxVal11, "key12", "name12");
    auto ctxVal13 = context::with_value(ctxVal12, "key13", "name13");
    auto ctxVal14 = context::with_value(ctxVal13, "key14", "name14");
    auto ctxVal21 = context::with_value(rootCtx, "key21", "name21");
    std::cout << "key14:  " << ctxVal14.value("key14") << '\n';
    std::cout << "key14:  " << ctxVal13.value("key14") << '\n';
    std::cout << "key21:  " << ctxVal21.value("key21") << '\n';
    std::cout << "key11:  " << ctxVal14.value("key11") << '\n';
    std::cout << "key21:  " << ctxVal14.value("key21") << '\n';
}
