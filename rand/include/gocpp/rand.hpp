// gocpp/rand.hpp — Go's math/rand: pseudo-random numbers whose seeded
// sequences are Go 1.19's, number for number.
//
//     using namespace gocpp;
//     rand::seed(42);                          // rand.Seed(42)
//     int n = rand::intn(10);                  // rand.Intn(10)
//     double f = rand::float64();              // rand.Float64()
//     std::vector<int> p = rand::perm(5);      // rand.Perm(5)
//     rand::shuffle(n, [&](int i, int j) { std::swap(v[i], v[j]); });
//     auto r = rand::New(rand::NewSource(7));  // r := rand.New(rand.NewSource(7))
//     r.intn(100);                             // r.Intn(100)
//
// The generator is Go's additive lagged Fibonacci source (math/rand/rng.go)
// with Go's seeding and Go's algorithms for every derived value (Intn's
// rejection, Perm's and Shuffle's draws), so a seeded program prints what
// Go 1.19 prints. As in Go 1.19, the top-level functions start from seed 1
// until seed() is called (Go 1.20 seeds them randomly; call
// rand::seed(time::now()...) or use a random seed for that behaviour).
//
// Thread-safety: the top-level functions share one source under a lock and
// are safe from any goroutine on any thread (never use a thread_local engine
// in goroutines: they move between threads). A Rand from New() is, like
// Go's, not safe for concurrent use: give each goroutine its own or guard it.
// Copies of a Rand share its state (it is a handle, like Go's *Rand).
// Nothing here blocks a goroutine. Go's panics: intn(n <= 0) and friends
// throw gocpp::panic_error("invalid argument to Intn"), as Go's messages.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

namespace gocpp::rand {

namespace detail {
struct source_state;
}
class Rand;
// The top-level functions' Rand (rand.cpp).
Rand& detail_global();

// Go's rand.Source: the generator state. Not safe for concurrent use.
class Source {
  public:
    // Go's src.Int63(): a non-negative 63-bit value.
    std::int64_t int63();
    // Go's src.Uint64() (Source64).
    std::uint64_t uint64();
    // Go's src.Seed(seed).
    void seed(std::int64_t seed);

  private:
    friend Source NewSource(std::int64_t seed);
    friend Rand New(Source src);
    std::shared_ptr<detail::source_state> s_;
};

// rand.NewSource(seed).
Source NewSource(std::int64_t seed);

// Go's *rand.Rand over a Source; see the top for its methods' meaning.
class Rand {
  public:
    std::int64_t int63();
    std::uint32_t uint32();
    std::uint64_t uint64();
    std::int32_t int31();
    // r.Int() (int is a keyword): a non-negative int64.
    std::int64_t int_();
    // [0, n); panics "invalid argument to Int63n" if n <= 0.
    std::int64_t int63n(std::int64_t n);
    // [0, n); panics "invalid argument to Int31n" if n <= 0.
    std::int32_t int31n(std::int32_t n);
    // [0, n); panics "invalid argument to Intn" if n <= 0. Go's int is 64
    // bits; ports use C++ int for it, so intn takes and returns int (use
    // int63n for bounds past 2^31).
    int intn(int n);
    // [0.0, 1.0).
    double float64();
    float float32();
    // A random permutation of 0..n-1.
    std::vector<int> perm(int n);
    // Shuffles n elements by calling swap(i, j); panics "invalid argument
    // to Shuffle" if n < 0. swap runs without any lock held.
    void shuffle(int n, const std::function<void(int, int)>& swap);
    // r.Seed(seed).
    void seed(std::int64_t seed);

  private:
    friend Rand New(Source src);
    friend Rand& detail_global();
    explicit Rand(std::shared_ptr<detail::source_state> s) : s_(std::move(s)) {}
    std::int32_t int31n_lemire(std::int32_t n);  // Go's unexported r.int31n
    std::shared_ptr<detail::source_state> s_;
};

// rand.New(src): a Rand drawing from src (they share the state).
Rand New(Source src);

// The top-level functions: Go's rand.Seed, Int63, ..., on one shared source
// seeded with 1 until seed() is called.
void seed(std::int64_t seed);
std::int64_t int63();
std::uint32_t uint32();
std::uint64_t uint64();
std::int32_t int31();
std::int64_t int_();
std::int64_t int63n(std::int64_t n);
std::int32_t int31n(std::int32_t n);
int intn(int n);
double float64();
float float32();
std::vector<int> perm(int n);
void shuffle(int n, const std::function<void(int, int)>& swap);

}  // namespace gocpp::rand
