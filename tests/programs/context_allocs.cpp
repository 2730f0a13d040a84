// Counts the heap allocations of the scenarios of Go's XTestAllocs and
// compares them with Go's limits (a soft budget: C++ and Go allocate
// differently). Prints one line per scenario; "over budget" marks a
// failure, and the exit status is then 1.
#include <gocpp/context.hpp>
#include <gocpp/gocpp.hpp>
#include <gocpp/time.hpp>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <new>

namespace {
std::atomic<long> allocations{0};
}

void* operator new(std::size_t n) {
    allocations.fetch_add(1, std::memory_order_relaxed);
    if (void* p = std::malloc(n == 0 ? 1 : n)) return p;
    throw std::bad_alloc();
}
void operator delete(void* p) noexcept {
    std::free(p);
}
void operator delete(void* p, std::size_t) noexcept {
    std::free(p);
}

using namespace gocpp;

namespace {

struct key1 {
    int v;
    bool operator==(const key1&) const = default;
};

double allocs_per_run(int runs, const std::function<void()>& f) {
    f();  // warm up (lazily made singletons, caches)
    long before = allocations.load();
    for (int i = 0; i < runs; i++)
        f();
    return static_cast<double>(allocations.load() - before) / runs;
}

}  // namespace

int main() {
    auto bg = context::background();
    struct test {
        const char* desc;
        std::function<void()> f;
        double limit;
    };
    test tests[] = {
        {"Background()", [] { context::background(); }, 0},
        {"WithValue(bg, k1, nil)",
         [&] {
             auto c = context::with_value(bg, key1{1}, nullptr);
             c.value(key1{1});
         },
         3},
        {"WithTimeout(bg, 1*time.Nanosecond)",
         [&] {
             auto [c, cancel] = context::with_timeout(bg, time::nanosecond);
             c.done().recv();
         },
         12},
        {"WithCancel(bg)",
         [&] {
             auto [c, cancel] = context::with_cancel(bg);
             cancel();
             c.done().recv();
         },
         5},
        {"WithTimeout(bg, 5*time.Millisecond)",
         [&] {
             auto [c, cancel] = context::with_timeout(bg, 5 * time::millisecond);
             cancel();
             c.done().recv();
         },
         8},
    };
    int status = 0;
    for (auto& t : tests) {
        double n = allocs_per_run(100, t.f);
        bool over = n > t.limit;
        std::printf("%s allocs = %.2f (limit %d)%s\n", t.desc, n, static_cast<int>(t.limit),
                    over ? " over budget" : "");
        if (over) status = 1;
    }
    std::fflush(stdout);
    return status;
}
