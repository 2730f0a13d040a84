// Go by Example: Mutexes (main.go), ported.
#include <gocpp/gocpp.hpp>

#include <map>
#include <mutex>
#include <string>

using namespace gocpp;

struct Container {
    sync::Mutex mu;
    std::map<std::string, int> counters;

    void inc(const std::string& name) {
        std::lock_guard lk(mu);  // mu.Lock(); defer mu.Unlock()
        counters[name]++;
    }
};

int main() {
    Container c;
    c.counters = {{"a", 0}, {"b", 0}};

    // main waits for every goroutine below, so they may refer to its locals.
    sync::WaitGroup wg;

    auto doIncrement = [&](std::string name, int n) {
        for (int i = 0; i < n; i++)
            c.inc(name);
        wg.done();
    };

    wg.add(3);
    go(doIncrement, "a", 10000);
    go(doIncrement, "a", 10000);
    go(doIncrement, "b", 10000);

    wg.wait();
    fmt::println(c.counters);
}
