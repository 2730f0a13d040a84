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
    const std::int64_t self = detail::goroutine_id(detail::current());
    leak_report r;
    detail::poll_until(detail::clock::now() + bound, [&] {
        r.leaked.clear();
        for (goroutine_info& g : goroutines()) {
            if (g.id != self && cp.ids.count(g.id) == 0) r.leaked.push_back(std::move(g));
        }
        return r.ok();
    });
    return r;
}

}  // namespace gocpp::debug
