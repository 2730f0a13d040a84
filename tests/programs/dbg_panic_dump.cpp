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
    go([] { throw std::runtime_error("boom"); });
    never.recv();
}
