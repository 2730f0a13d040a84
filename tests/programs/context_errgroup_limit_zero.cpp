// errgroup with set_limit(0): go() blocks forever (Go's unbuffered
// semaphore with no receiver), so this program ends in Go's deadlock report.
#include <gocpp/errgroup.hpp>
#include <gocpp/gocpp.hpp>

using namespace gocpp;

int main() {
    errgroup::Group g;
    g.set_limit(0);
    g.go([]() -> error { return nullptr; });  // blocks forever
    g.wait();
}
