// Go by Example: Random Numbers, as of Go 1.19 (main.go), ported.
#include <gocpp/gocpp.hpp>
#include <gocpp/rand.hpp>

#include <string>
#include <utility>
#include <vector>

using namespace gocpp;

int main() {
    fmt::print(rand::intn(100), ",");
    fmt::print(rand::intn(100));
    fmt::println();

    fmt::println(rand::float64());

    fmt::print((rand::float64() * 5) + 5, ",");
    fmt::print((rand::float64() * 5) + 5);
    fmt::println();

    auto s2 = rand::NewSource(42);
    auto r2 = rand::New(s2);
    fmt::print(r2.intn(100), ",");
    fmt::print(r2.intn(100));
    fmt::println();

    auto s3 = rand::NewSource(42);
    auto r3 = rand::New(s3);
    fmt::print(r3.intn(100), ",");
    fmt::print(r3.intn(100));
    fmt::println();

    fmt::println(rand::perm(8));
    std::vector<std::string> words{"gopher", "channel", "select", "defer", "goroutine"};
    rand::shuffle(static_cast<int>(words.size()),
                  [&](int i, int j) { std::swap(words[i], words[j]); });
    fmt::println(words);
}
