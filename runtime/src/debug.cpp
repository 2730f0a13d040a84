// gocpp::debug: goroutine snapshots, dumps and the leak check.
#include "internal.hpp"

#include <algorithm>
#include <ostream>
#include <sstream>

namespace gocpp::debug {

std::vector<goroutine_info> goroutines() {
    return detail::snapshot_goroutines(detail::current());
}

void write_goroutines(std::ostream& out) {
    bool first = true;
    for (const goroutine_info& g : goroutines()) {
        if (!first) out << '\n';
        first = false;
        out << detail::format_goroutine(g);
    }
}

std::string goroutines_string() {
    std::ostringstream out;
    write_goroutines(out);
    return out.str();
}

leak_checkpoint checkpoint() {
    leak_checkpoint cp;
    for (const goroutine_info& g : goroutines())
        cp.ids.insert(g.id);
    return cp;
}

std::string leak_report::report() const {
    if (leaked.empty()) return "no leaked goroutines";
    std::string out = "found unexpected goroutines:\n";
    for (const goroutine_info& g : leaked)
        out += detail::format_goroutine(g) + "\n";
    return out;
}

leak_report verify_no_leaks(const leak_checkpoint& cp, std::chrono::milliseconds bound) {
    using namespace std::chrono;
    const auto deadline = steady_clock::now() + bound;
    auto pause = microseconds(100);
    for (;;) {
        leak_report r;
        const std::int64_t self = detail::goroutine_id(detail::current());
        for (goroutine_info& g : goroutines()) {
            if (g.id != self && cp.ids.count(g.id) == 0) r.leaked.push_back(std::move(g));
        }
        if (r.ok() || steady_clock::now() >= deadline) return r;
        detail::sleep_until(std::min(deadline, steady_clock::now() + pause));
        pause = std::min<microseconds>(pause * 2, milliseconds(50));
    }
}

}  // namespace gocpp::debug
