// A goroutine panics while another is parked: the panic message is followed
// by the panicking goroutine's block, then the others'.
#include <gocpp/gocpp.hpp>

#include <stdexcept>

using namespace gocpp;

int main() {
    auto never = make_chan<int>();
    auto parked = make_chan<void>();
    go([=] {
        parked.close();
        never.recv();
    });
    parked.recv();
    go([] {
        // Panic only once main and the other goroutine are parked, so that
        // the dump shows them waiting (with two threads this goroutine may
        // start before they get there).
        auto others_parked = [] {
            int parked = 0;
            for (const auto& g : debug::goroutines())
                parked += g.state == "chan receive";
            return parked == 2;
        };
        while (!others_parked())
            gosched();
        throw std::runtime_error("boom");
    });
    never.recv();
}
