// A custom context closes its done channel but keeps err() nil. The watcher
// goroutine that with_cancel started for it finds done closed, asks err()
// and panics as Go does: "context: internal error: missing cancel error"
// (the program ends with exit status 2).
#include <gocpp/context.hpp>
#include <gocpp/gocpp.hpp>
#include <gocpp/time.hpp>

using namespace gocpp;

struct badCtx : context::ContextBase {
    using ContextBase::ContextBase;
    chan<void> ch = make_chan<void>();
    recv_chan<void> done() const override { return ch; }
    error err() const override { return nullptr; }
};

int main() {
    auto bad = std::make_shared<badCtx>(context::background());
    auto [ctx, cancel] = context::with_cancel(bad);
    defer d{cancel};
    bad->ch.close();
    ctx.done().recv();  // never: the watcher panics first
}
