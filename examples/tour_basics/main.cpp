// A Tour of Go, the Basics pages (main.go), ported.
#include <gocpp/gocpp.hpp>
#include <gocpp/rand.hpp>

#include <array>
#include <cmath>
#include <cstdint>
#include <limits>
#include <map>
#include <numbers>
#include <string>
#include <utility>
#include <vector>

using namespace gocpp;

int add(int x, int y) {
    return x + y;
}

std::pair<std::string, std::string> swap(std::string x, std::string y) {
    return {y, x};
}

struct split_result {
    int x, y;
};
split_result split(int sum) {
    int x = sum * 4 / 9;
    int y = sum - x;
    return {x, y};
}

bool c, python, java;

bool ToBe = false;
std::uint64_t MaxInt = ~std::uint64_t{0};

constexpr double Pi = 3.14;

// Go's untyped constants: Big is 1<<100, exact; as a float64 it is 2^100.
const double Big = std::ldexp(1.0, 100);
constexpr int Small = 2;  // Big >> 99

int needInt(int x) {
    return x * 10 + 1;
}
double needFloat(double x) {
    return x * 0.1;
}

int main() {
    fmt::println("My favorite number is", rand::intn(10));
    fmt::printf("Now you have %g problems.\n", std::sqrt(7.0));
    fmt::println(std::numbers::pi);
    fmt::println(add(42, 13));
    auto [a, b] = swap("hello", "world");
    fmt::println(a, b);
    auto [sx, sy] = split(17);
    fmt::println(sx, sy);
    int i = 0;
    fmt::println(i, c, python, java);
    int k = 1, j = 2;
    auto cc = true;
    auto py = false;
    std::string jv = "no!";
    fmt::println(k, j, cc, py, jv);
    fmt::printf("Type: %T Value: %v\n", ToBe, ToBe);
    fmt::printf("Type: %T Value: %v\n", MaxInt, MaxInt);
    double f = 0;
    std::string s;
    bool bb = false;
    fmt::printf("%v %v %v %q\n", i, f, bb, s);
    int x = 3, y = 4;
    double ff = std::sqrt(static_cast<double>(x * x + y * y));
    unsigned zz = static_cast<unsigned>(ff);
    fmt::println(x, y, zz);
    auto v = 42.5;
    fmt::printf("v is of type %T\n", v);
    const std::string World = "世界";
    fmt::println("Hello", World);
    fmt::println("Happy", Pi, "Day");
    fmt::println(needInt(Small));
    fmt::println(needFloat(Small));
    fmt::println(needFloat(Big));
    int sum = 0;
    for (int n = 0; n < 10; n++)
        sum += n;
    fmt::println(sum);
    fmt::println(std::sqrt(2.0), std::pow(3.0, 3.0), std::numeric_limits<double>::infinity(),
                 -0.000012);
    fmt::printf("%6.2f|%-8v|%08.3f|%x|%X|%o|%b|%c|%U\n", std::numbers::pi, "go", -std::numbers::e,
                255, "hi", 8, 5, 'G', U'⌘');
    fmt::println(std::vector<std::string>{"a", "b"}, std::map<std::string, int>{{"z", 1}, {"a", 2}},
                 std::array<bool, 3>{true});
}
