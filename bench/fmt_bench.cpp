// fmt_bench: the cost of formatting one line with gocpp's fmt against
// std::snprintf on the same arguments. Prints, per row,
//
//     name<TAB>ns_per_op
//
// Rows: fmt_sprintf and snprintf format "%v %d %q\n" of (double, int,
// string) into a string; fmt_fprintf and fprintf write it to /dev/null
// (one write per call for fmt; stdio's buffered FILE for fprintf, which is
// not one write per line). Best of 5 repetitions of N iterations; SMOKE=1
// runs a few iterations only (ctest's bench smoke mode).
#include <gocpp/fmt.hpp>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <string>

using steady = std::chrono::steady_clock;

namespace {

volatile std::size_t sink = 0;  // defeats dead-code elimination

double best_ns_per_op(int iters, int reps, const std::function<void(int)>& body) {
    double best = 1e30;
    for (int r = 0; r < reps; r++) {
        const auto start = steady::now();
        for (int i = 0; i < iters; i++)
            body(i);
        const double ns = std::chrono::duration<double, std::nano>(steady::now() - start).count();
        best = std::min(best, ns / iters);
    }
    return best;
}

}  // namespace

int main() {
    const bool smoke = std::getenv("SMOKE") != nullptr && std::string(std::getenv("SMOKE")) == "1";
    const int iters = smoke ? 1000 : 1'000'000;
    const int reps = smoke ? 1 : 5;
    const std::string name = "gopher";
    const double x = 3.14159;

    // %q of a plain ASCII string is "..." with snprintf's %s inside quotes:
    // the same bytes out.
    const double fmt_ns = best_ns_per_op(iters, reps, [&](int i) {
        std::string s = gocpp::fmt::sprintf("%v %d %q\n", x, i, name);
        sink = sink + s.size();
    });
    const double snprintf_ns = best_ns_per_op(iters, reps, [&](int i) {
        char buf[128];
        const int n = std::snprintf(buf, sizeof buf, "%g %d \"%s\"\n", x, i, name.c_str());
        std::string s(buf, static_cast<std::size_t>(n));
        sink = sink + s.size();
    });
    std::ofstream devnull("/dev/null");
    const double fmt_write_ns = best_ns_per_op(
        iters, reps, [&](int i) { gocpp::fmt::fprintf(devnull, "%v %d %q\n", x, i, name); });
    FILE* null_file = std::fopen("/dev/null", "w");
    const double fprintf_ns = best_ns_per_op(
        iters, reps, [&](int i) { std::fprintf(null_file, "%g %d \"%s\"\n", x, i, name.c_str()); });
    std::fclose(null_file);

    if (gocpp::fmt::sprintf("%v %d %q\n", x, 7, name) != "3.14159 7 \"gopher\"\n") return 1;
    std::printf("fmt_sprintf\t%.1f\n", fmt_ns);
    std::printf("snprintf\t%.1f\n", snprintf_ns);
    std::printf("fmt_fprintf_ostream\t%.1f\n", fmt_write_ns);
    std::printf("fprintf_FILE\t%.1f\n", fprintf_ns);
    return 0;
}
