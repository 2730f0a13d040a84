// Go's Duration.String() and Time.String(), ported from Go 1.19's
// time/time.go and time/format.go.
#include <gocpp/time/format.hpp>

#include <cstdint>
#include <cstdio>
#include <ctime>

namespace gocpp::time {

namespace {

// The process's start on both clocks, read together during static
// initialization: a steady time point's wall-clock date is wall_start plus
// its offset from mono_start, and its `m=` reading is that offset.
struct process_start {
    Time mono = clock::now();
    std::chrono::system_clock::time_point wall = std::chrono::system_clock::now();
};
const process_start& start() {
    static const process_start s;
    return s;
}
[[maybe_unused]] const process_start& g_start_at_init = start();

// Go's fmtFrac: the fraction of v/10^prec into the tail of buf (trailing
// zeros and a bare point omitted); returns the new start and v/10^prec.
int fmt_frac(char* buf, int w, std::uint64_t& v, int prec) {
    bool print = false;
    for (int i = 0; i < prec; ++i) {
        const char digit = static_cast<char>(v % 10);
        print = print || digit != 0;
        if (print) buf[--w] = static_cast<char>(digit + '0');
        v /= 10;
    }
    if (print) buf[--w] = '.';
    return w;
}

// Go's fmtInt: v in decimal into the tail of buf.
int fmt_int(char* buf, int w, std::uint64_t v) {
    if (v == 0) {
        buf[--w] = '0';
    } else {
        while (v > 0) {
            buf[--w] = static_cast<char>(v % 10 + '0');
            v /= 10;
        }
    }
    return w;
}

// "2006-01-02 15:04:05.999999999 -0700 MST" for a count of nanoseconds since
// the Unix epoch, in the local time zone.
std::string format_wall(std::int64_t unix_ns) {
    std::int64_t secs = unix_ns / 1'000'000'000;
    std::int64_t nanos = unix_ns % 1'000'000'000;
    if (nanos < 0) {
        nanos += 1'000'000'000;
        secs -= 1;
    }
    const std::time_t tt = static_cast<std::time_t>(secs);
    std::tm tm{};
    localtime_r(&tt, &tm);
    char date[64];
    std::strftime(date, sizeof date, "%Y-%m-%d %H:%M:%S", &tm);
    std::string s = date;
    if (nanos != 0) {
        char frac[16];
        std::snprintf(frac, sizeof frac, ".%09lld", static_cast<long long>(nanos));
        std::string f = frac;
        while (f.back() == '0')
            f.pop_back();
        s += f;
    }
    long offset_min = tm.tm_gmtoff / 60;
    char zone[40];
    const char sign = offset_min < 0 ? '-' : '+';
    if (offset_min < 0) offset_min = -offset_min;
    std::snprintf(zone, sizeof zone, " %c%02ld%02ld ", sign, offset_min / 60, offset_min % 60);
    s += zone;
    if (tm.tm_zone != nullptr && tm.tm_zone[0] != '\0') {
        s += tm.tm_zone;
    } else {
        // Go: no zone name known, print the offset again.
        s.append(zone + 1, 5);
    }
    return s;
}

}  // namespace

std::string duration_string(Duration d) {
    // Largest: "-2562047h47m16.854775808s".
    char buf[32];
    int w = sizeof buf;
    const std::int64_t n = d.count();
    const bool neg = n < 0;
    std::uint64_t u = static_cast<std::uint64_t>(n);
    if (neg) u = 0 - u;

    if (u < 1'000'000'000u) {
        // Under a second: the smaller units, as in 1.2ms.
        int prec = 0;
        buf[--w] = 's';
        if (u == 0) return "0s";
        if (u < 1'000u) {
            prec = 0;
            buf[--w] = 'n';
        } else if (u < 1'000'000u) {
            prec = 3;
            buf[--w] = '\xB5';  // U+00B5 micro sign, UTF-8 C2 B5
            buf[--w] = '\xC2';
        } else {
            prec = 6;
            buf[--w] = 'm';
        }
        w = fmt_frac(buf, w, u, prec);
        w = fmt_int(buf, w, u);
    } else {
        buf[--w] = 's';
        w = fmt_frac(buf, w, u, 9);
        // u is now whole seconds.
        w = fmt_int(buf, w, u % 60);
        u /= 60;
        if (u > 0) {
            // Minutes.
            buf[--w] = 'm';
            w = fmt_int(buf, w, u % 60);
            u /= 60;
            // Hours; Go stops there because days differ in length.
            if (u > 0) {
                buf[--w] = 'h';
                w = fmt_int(buf, w, u);
            }
        }
    }
    if (neg) buf[--w] = '-';
    return std::string(buf + w, buf + sizeof buf);
}

std::string time_string(std::chrono::system_clock::time_point t) {
    return format_wall(
        std::chrono::duration_cast<std::chrono::nanoseconds>(t.time_since_epoch()).count());
}

std::string time_string(Time t) {
    const process_start& s = start();
    const std::int64_t mono = (t - s.mono).count();
    const std::int64_t wall_start =
        std::chrono::duration_cast<std::chrono::nanoseconds>(s.wall.time_since_epoch()).count();
    std::string out = format_wall(wall_start + mono);

    // Go: " m=±ddd.nnnnnnnnn".
    std::uint64_t m2 = static_cast<std::uint64_t>(mono);
    char sign = '+';
    if (mono < 0) {
        sign = '-';
        m2 = 0 - m2;
    }
    std::uint64_t m1 = m2 / 1'000'000'000u;
    m2 %= 1'000'000'000u;
    const std::uint64_t m0 = m1 / 1'000'000'000u;
    m1 %= 1'000'000'000u;
    char buf[48];
    if (m0 != 0) {
        std::snprintf(buf, sizeof buf, " m=%c%llu%09llu.%09llu", sign,
                      static_cast<unsigned long long>(m0), static_cast<unsigned long long>(m1),
                      static_cast<unsigned long long>(m2));
    } else {
        std::snprintf(buf, sizeof buf, " m=%c%llu.%09llu", sign,
                      static_cast<unsigned long long>(m1), static_cast<unsigned long long>(m2));
    }
    return out + buf;
}

}  // namespace gocpp::time
