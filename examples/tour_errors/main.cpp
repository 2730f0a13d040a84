// A Tour of Go, "Exercise: Errors" (main.go), ported.
#include <gocpp/gocpp.hpp>

#include <memory>
#include <vector>

using namespace gocpp;

// Go: type ErrNegativeSqrt float64 with an Error method.
struct ErrNegativeSqrt : error_interface {
    double value;
    explicit ErrNegativeSqrt(double v) : value(v) {}
    std::string error() const override {
        return fmt::sprint("cannot Sqrt negative number: ", value);
    }
};

struct sqrt_result {
    double value;
    error err;
};

sqrt_result Sqrt(double x) {
    if (x < 0) return {0, std::make_shared<ErrNegativeSqrt>(x)};
    double z = 1.0;
    for (int i = 0; i < 10; i++)
        z -= (z * z - x) / (2 * z);
    return {z, nullptr};
}

int main() {
    // fmt.Println(Sqrt(2)) prints both results.
    auto [r1, e1] = Sqrt(2);
    fmt::println(r1, e1);
    auto [r2, e2] = Sqrt(-2);
    fmt::println(r2, e2);
    for (double v : std::vector<double>{4, 9, 1e6, 0.25}) {
        auto [r, err] = Sqrt(v);
        fmt::printf("sqrt(%v) = %.6f, err: %v\n", v, r, err);
    }
}
