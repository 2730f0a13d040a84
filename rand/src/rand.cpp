// Go's math/rand, after Go 1.19's rng.go (the source) and rand.go (the
// derived values). The algorithms are Go's so that seeded sequences match.
#include <gocpp/panic.hpp>
#include <gocpp/rand.hpp>

#include <mutex>

namespace gocpp::rand {

namespace detail {

namespace {

constexpr int rng_len = 607;
constexpr int rng_tap = 273;
constexpr std::int64_t int32max = (std::int64_t{1} << 31) - 1;
constexpr std::uint64_t rng_mask = (std::uint64_t{1} << 63) - 1;

constexpr std::int64_t rng_cooked[rng_len] = {
#include "rng_cooked.inc"
};

// Go's seedrand: x[n+1] = 48271 * x[n] mod (2**31 - 1), by Schrage's method.
std::int32_t seedrand(std::int32_t x) {
    constexpr std::int32_t a = 48271;
    constexpr std::int32_t q = 44488;
    constexpr std::int32_t r = 3399;
    const std::int32_t hi = x / q;
    const std::int32_t lo = x % q;
    x = a * lo - r * hi;
    if (x < 0) x += static_cast<std::int32_t>(int32max);
    return x;
}

}  // namespace

struct source_state {
    // The top-level source is shared by every goroutine: each draw locks.
    // The lock is only ever held for a few instructions, never across a
    // blocking call, so a std::mutex costs goroutines nothing extra.
    bool shared = false;
    std::mutex mu;
    int tap = 0;
    int feed = 0;
    std::int64_t vec[rng_len] = {};

    void seed_unlocked(std::int64_t seed) {
        tap = 0;
        feed = rng_len - rng_tap;
        seed %= int32max;
        if (seed < 0) seed += int32max;
        if (seed == 0) seed = 89482311;
        auto x = static_cast<std::int32_t>(seed);
        for (int i = -20; i < rng_len; i++) {
            x = seedrand(x);
            if (i >= 0) {
                std::int64_t u = static_cast<std::int64_t>(x) << 40;
                x = seedrand(x);
                u ^= static_cast<std::int64_t>(x) << 20;
                x = seedrand(x);
                u ^= static_cast<std::int64_t>(x);
                u ^= rng_cooked[i];
                vec[i] = u;
            }
        }
    }

    std::uint64_t uint64_unlocked() {
        if (--tap < 0) tap += rng_len;
        if (--feed < 0) feed += rng_len;
        // Go's int64 addition wraps; do it unsigned to keep that defined.
        const std::uint64_t x =
            static_cast<std::uint64_t>(vec[feed]) + static_cast<std::uint64_t>(vec[tap]);
        vec[feed] = static_cast<std::int64_t>(x);
        return x;
    }

    std::uint64_t uint64() {
        if (!shared) return uint64_unlocked();
        std::lock_guard lk(mu);
        return uint64_unlocked();
    }
    std::int64_t int63() { return static_cast<std::int64_t>(uint64() & rng_mask); }
    void seed(std::int64_t s) {
        if (!shared) return seed_unlocked(s);
        std::lock_guard lk(mu);
        seed_unlocked(s);
    }
};

}  // namespace detail

std::int64_t Source::int63() {
    return s_->int63();
}
std::uint64_t Source::uint64() {
    return s_->uint64();
}
void Source::seed(std::int64_t seed) {
    s_->seed(seed);
}

Source NewSource(std::int64_t seed) {
    Source src;
    src.s_ = std::make_shared<detail::source_state>();
    src.s_->seed_unlocked(seed);
    return src;
}

Rand New(Source src) {
    return Rand(src.s_);
}

std::int64_t Rand::int63() {
    return s_->int63();
}
std::uint32_t Rand::uint32() {
    return static_cast<std::uint32_t>(int63() >> 31);
}
std::uint64_t Rand::uint64() {
    return s_->uint64();
}
std::int32_t Rand::int31() {
    return static_cast<std::int32_t>(int63() >> 32);
}
std::int64_t Rand::int_() {
    return int63();
}

std::int64_t Rand::int63n(std::int64_t n) {
    if (n <= 0) throw panic_error("invalid argument to Int63n");
    if ((n & (n - 1)) == 0) return int63() & (n - 1);  // a power of two: mask
    const auto max = static_cast<std::int64_t>(
        (std::uint64_t{1} << 63) - 1 - (std::uint64_t{1} << 63) % static_cast<std::uint64_t>(n));
    std::int64_t v = int63();
    while (v > max)
        v = int63();
    return v % n;
}

std::int32_t Rand::int31n(std::int32_t n) {
    if (n <= 0) throw panic_error("invalid argument to Int31n");
    if ((n & (n - 1)) == 0) return int31() & (n - 1);
    const auto max = static_cast<std::int32_t>(
        (std::uint32_t{1} << 31) - 1 - (std::uint32_t{1} << 31) % static_cast<std::uint32_t>(n));
    std::int32_t v = int31();
    while (v > max)
        v = int31();
    return v % n;
}

// Go's unexported int31n (Lemire's multiply-shift), which Shuffle uses.
std::int32_t Rand::int31n_lemire(std::int32_t n) {
    std::uint32_t v = uint32();
    std::uint64_t prod = static_cast<std::uint64_t>(v) * static_cast<std::uint64_t>(n);
    auto low = static_cast<std::uint32_t>(prod);
    if (low < static_cast<std::uint32_t>(n)) {
        const std::uint32_t thresh = static_cast<std::uint32_t>(-n) % static_cast<std::uint32_t>(n);
        while (low < thresh) {
            v = uint32();
            prod = static_cast<std::uint64_t>(v) * static_cast<std::uint64_t>(n);
            low = static_cast<std::uint32_t>(prod);
        }
    }
    return static_cast<std::int32_t>(prod >> 32);
}

int Rand::intn(int n) {
    if (n <= 0) throw panic_error("invalid argument to Intn");
    // An int always takes Go's Int31n branch.
    return int31n(static_cast<std::int32_t>(n));
}

double Rand::float64() {
    for (;;) {
        const double f = static_cast<double>(int63()) / 9223372036854775808.0;
        if (f != 1) return f;  // resample the rounding to 1; taken O(never)
    }
}

float Rand::float32() {
    for (;;) {
        const auto f = static_cast<float>(float64());
        if (f != 1) return f;
    }
}

std::vector<int> Rand::perm(int n) {
    if (n < 0) throw panic_error("makeslice: len out of range");
    std::vector<int> m(static_cast<std::size_t>(n));
    for (int i = 0; i < n; i++) {
        const auto j = static_cast<std::size_t>(intn(i + 1));
        m[static_cast<std::size_t>(i)] = m[j];
        m[j] = i;
    }
    return m;
}

void Rand::shuffle(int n, const std::function<void(int, int)>& swap) {
    if (n < 0) throw panic_error("invalid argument to Shuffle");
    // n fits in 31 bits here (an int), so Go's Int63n branch for larger n
    // never runs.
    for (int i = n - 1; i > 0; i--) {
        const int j = int31n_lemire(static_cast<std::int32_t>(i + 1));
        swap(i, j);
    }
}

void Rand::seed(std::int64_t seed) {
    s_->seed(seed);
}

Rand& detail_global() {
    // Go 1.19: the top-level source starts as NewSource(1). Never destroyed,
    // so goroutines still running at exit can draw.
    static Rand* global = [] {
        auto state = std::make_shared<detail::source_state>();
        state->shared = true;
        state->seed_unlocked(1);
        return new Rand(std::move(state));
    }();
    return *global;
}

void seed(std::int64_t s) {
    detail_global().seed(s);
}
std::int64_t int63() {
    return detail_global().int63();
}
std::uint32_t uint32() {
    return detail_global().uint32();
}
std::uint64_t uint64() {
    return detail_global().uint64();
}
std::int32_t int31() {
    return detail_global().int31();
}
std::int64_t int_() {
    return detail_global().int_();
}
std::int64_t int63n(std::int64_t n) {
    return detail_global().int63n(n);
}
std::int32_t int31n(std::int32_t n) {
    return detail_global().int31n(n);
}
int intn(int n) {
    return detail_global().intn(n);
}
double float64() {
    return detail_global().float64();
}
float float32() {
    return detail_global().float32();
}
std::vector<int> perm(int n) {
    return detail_global().perm(n);
}
void shuffle(int n, const std::function<void(int, int)>& swap) {
    detail_global().shuffle(n, swap);
}

}  // namespace gocpp::rand
