// The Go blog, "Go Concurrency Patterns: Pipelines and cancellation"
// (main.go), ported. merge's WaitGroup outlives merge: it is a new_ handle
// (docs/porting-gc.md).
#include <gocpp/gocpp.hpp>

#include <vector>

using namespace gocpp;

struct empty {};

recv_chan<int> gen(std::vector<int> nums) {
    auto out = make_chan<int>();
    go([=] {
        for (int n : nums)
            out.send(n);
        out.close();
    });
    return out;
}

recv_chan<int> sq(recv_chan<empty> done, recv_chan<int> in) {
    auto out = make_chan<int>();
    go([=] {
        defer _{[=] { out.close(); }};
        for (int n : in) {
            switch (select(send(out, n * n), recv(done))) {
                case 0:
                    break;
                case 1:
                    return;
            }
        }
    });
    return out;
}

recv_chan<int> merge(recv_chan<empty> done, std::vector<recv_chan<int>> cs) {
    auto wg = new_<sync::WaitGroup>();
    auto out = make_chan<int>();

    auto output = [=](recv_chan<int> c) {
        defer _{[=] { wg->done(); }};
        for (int n : c) {
            switch (select(send(out, n), recv(done))) {
                case 0:
                    break;
                case 1:
                    return;
            }
        }
    };
    wg->add(static_cast<int>(cs.size()));
    for (auto c : cs)
        go(output, c);

    go([=] {
        wg->wait();
        out.close();
    });
    return out;
}

int main() {
    auto done = make_chan<empty>();
    // Set up the pipeline and consume the output.
    for (int n : sq(done, sq(done, gen({2, 3}))))
        fmt::println(n);  // 16 then 81

    auto in = gen({2, 3, 4});
    auto c1 = sq(done, in);
    auto c2 = sq(done, in);
    int sum = 0;
    for (int n : merge(done, {c1, c2}))
        sum += n;
    fmt::println("sum of squares:", sum);

    // Consume only the first value, then tell the senders we're leaving.
    in = gen({5, 6});
    auto out = merge(done, {sq(done, in), sq(done, in)});
    int v = out.recv();
    fmt::println("first:", v == 25 || v == 36);
    done.close();
}
