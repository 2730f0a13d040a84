// A struct that embeds a Context (MyContext{parentCtx}) is not one of the
// context package's types; printing the contexts shows how the child of such
// a wrapper is named, and canceling either side works.
//
// Spelling: two lines of each run differ from Go's output, because they print
// Go-only names.
//   Go                                here
//   {context.Background.WithCancel}   MyContext
//   main.MyContext.WithCancel         MyContext.WithCancel
// Go's fmt.Println(mctx) prints the struct value with its fields in braces;
// here mctx is a Context holding a MyContext, and a context type of your own
// that has no string() of its own prints its C++ type name (Go's contextName
// falls back to the type name in the same way, with its package:
// main.MyContext). Every other line is Go's.
#include <gocpp/gocpp.hpp>

#include <iostream>

using namespace gocpp;

struct MyContext : context::ContextBase {
    using ContextBase::ContextBase;
};

void run(bool childCancel) {
    auto [parentCtx, parentFunc] = context::with_cancel(context::background());
    context::Context mctx = std::make_shared<MyContext>(parentCtx);
    auto [childCtx, childFun] = context::with_cancel(mctx);
    if (childCancel) {
        childFun();
    } else {
        parentFunc();
    }
    std::cout << parentCtx << '\n';
    std::cout << mctx << '\n';
    std::cout << childCtx << '\n';
    time::sleep(50 * time::millisecond);
    std::cout << "parent err: " << parentCtx.err() << " | child err: " << childCtx.err() << '\n';
    parentFunc();
    childFun();
}

int main() {
    run(true);
    run(false);
}
