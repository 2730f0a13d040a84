#include <gocpp/gocpp.hpp>

#include <iostream>

int main() {
    auto c = gocpp::make_chan<int>();
    gocpp::go([=] { c.send(42); });
    std::cout << c.recv() << '\n';
}
