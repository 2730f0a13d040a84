// Probes of sync::WaitGroup / sync::Once (recoverable panics), ported line
// for line from the Go 1.19 program beside the expected output. Mutex misuse
// is a fatal (unrecoverable) error; the tests run it in a subprocess.
#include <gocpp/gocpp.hpp>
#include <gocpp/sync.hpp>

#include <functional>
#include <iostream>
#include <string>
#include <vector>

using namespace gocpp;

static void try_(const std::string& name, const std::function<void()>& f) {
    std::string recovered = "<nil>";
    try {
        f();
    } catch (const panic_error& e) {
        recovered = e.what();
    }
    std::cout << name << ": recovered=" << recovered << '\n';
}

// fmt.Println of a []int: [0 1 4 9].
static std::string str(const std::vector<int>& v) {
    std::string s = "[";
    for (std::size_t i = 0; i < v.size(); i++) {
        if (i > 0) s += ' ';
        s += std::to_string(v[i]);
    }
    s += ']';
    return s;
}

int main() {
    std::cout << std::boolalpha;
    try_("WaitGroup Done below zero", [] {
        sync::WaitGroup wg;
        wg.add(1);
        wg.done();
        wg.done();
    });
    try_("WaitGroup Add(-1) on zero", [] {
        sync::WaitGroup wg;
        wg.add(-1);
    });

    sync::WaitGroup wg;
    wg.wait();
    std::cout << "Wait on zero counter returns immediately" << '\n';
    for (int round = 0; round < 3; round++) {
        std::vector<int> results(4);
        for (int i = 0; i < 4; i++) {
            wg.add(1);
            go(
                [&wg, &results](int i) {
                    defer _{[&] { wg.done(); }};
                    results[i] = i * i;
                },
                i);
        }
        wg.wait();
        std::cout << "reuse round " << round << " " << str(results) << '\n';
    }

    sync::Once once;
    int count = 0;
    for (int i = 0; i < 3; i++) {
        once.do_([&] { count++; });
    }
    std::cout << "Once ran f " << count << " time(s)" << '\n';

    sync::Once once2;
    try_("Once f panics", [&] { once2.do_([] { panic("boom"); }); });
    bool called = false;
    once2.do_([&] { called = true; });
    std::cout << "Once after panicking f runs again: " << called << '\n';

    sync::Mutex mu;
    std::cout << "TryLock free: " << mu.try_lock() << '\n';
    std::cout << "TryLock held: " << mu.try_lock() << '\n';
    mu.unlock();
}
