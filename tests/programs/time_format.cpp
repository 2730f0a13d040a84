// Prints time::time_string of fixed instants in the zone named by argv[1]
// (set as TZ before any conversion), then one steady-clock time an hour from
// now, for the time tests to compare with what Go prints.
#include <gocpp/time.hpp>

#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <ctime>
#include <iostream>

int main(int argc, char** argv) {
    if (argc > 1) {
        setenv("TZ", argv[1], 1);
        tzset();
    }
    using namespace std::chrono;
    for (std::int64_t ns :
         {std::int64_t{0}, std::int64_t{1'700'000'000'123'456'789},
          std::int64_t{1'700'000'000'500'000'000}, std::int64_t{1'690'000'000'000'000'001},
          std::int64_t{1'700'000'000'000'000'000}}) {
        system_clock::time_point t{duration_cast<system_clock::duration>(nanoseconds(ns))};
        std::cout << gocpp::time::time_string(t) << '\n';
    }
    std::cout << gocpp::time::time_string(gocpp::time::now() + gocpp::time::hour) << '\n';
}
