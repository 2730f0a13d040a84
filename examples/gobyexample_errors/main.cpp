// Go by Example: Errors (main.go), ported.
#include <gocpp/gocpp.hpp>

#include <memory>
#include <string>
#include <vector>

using namespace gocpp;

struct int_result {
    int value;
    error err;
};

int_result f(int arg) {
    if (arg == 42) return {-1, errors::new_("can't work with 42")};
    return {arg + 3, nullptr};
}

const error ErrOutOfTea = fmt::errorf("no more tea available");
const error ErrPower = fmt::errorf("can't boil water");

error makeTea(int arg) {
    if (arg == 2) {
        return ErrOutOfTea;
    } else if (arg == 4) {
        return fmt::errorf("making tea: %w", ErrPower);
    }
    return nullptr;
}

struct argError : error_interface {
    int arg;
    std::string message;
    argError(int a, std::string m) : arg(a), message(std::move(m)) {}
    std::string error() const override { return fmt::sprintf("%d - %s", arg, message); }
};

int_result g(int arg) {
    if (arg == 42) return {-1, std::make_shared<argError>(arg, "can't work with it")};
    return {arg + 3, nullptr};
}

int main() {
    for (int i : {7, 42}) {
        if (auto [r, e] = f(i); e != nullptr) {
            fmt::println("f failed:", e);
        } else {
            fmt::println("f worked:", r);
        }
    }
    for (int i = 0; i < 5; i++) {
        if (auto err = makeTea(i); err != nullptr) {
            if (errors::is(err, ErrOutOfTea)) {
                fmt::println("We should buy new tea!");
            } else if (errors::is(err, ErrPower)) {
                fmt::println("Now it is dark.");
            } else {
                fmt::printf("unknown error: %s\n", err);
            }
            continue;
        }
        fmt::println("Tea is ready!");
    }
    auto [_, err] = g(42);
    if (auto ae = errors::as<argError>(err)) {
        fmt::println(ae->arg);
        fmt::println(ae->message);
    } else {
        fmt::println("err doesn't match argError");
    }
    auto wrapped = fmt::errorf("brewing %q: %w", "oolong", makeTea(4));
    fmt::println(wrapped);
    fmt::println(errors::is(wrapped, ErrPower),
                 errors::unwrap(errors::unwrap(wrapped)) == ErrPower);
}
