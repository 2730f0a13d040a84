// Probes of channel/select rules from the Go spec, printed deterministically.
// Ported line for line from the Go 1.19 program whose output is expected.txt.
#include <gocpp/gocpp.hpp>

#include <functional>
#include <iostream>
#include <string>
#include <vector>

using namespace gocpp;

// Go's try: run f, recover, and say what was recovered. Every gocpp panic
// is a panic_error, as every channel panic in Go is a runtime.Error.
static void try_(const std::string& name, const std::function<void()>& f) {
    std::string r = "<nil>";
    bool is_runtime_err = false;
    try {
        f();
    } catch (const panic_error& e) {
        r = e.what();
        is_runtime_err = true;
    }
    std::cout << name << ": recovered=" << r << " runtime.Error=" << is_runtime_err << '\n';
}

static std::vector<std::string> order;

static chan<int> ch(const std::string& name, chan<int> c) {
    order.push_back(name);
    return c;
}
static int val(const std::string& name, int v) {
    order.push_back(name);
    return v;
}

// fmt.Println of a slice: [a b c].
template <class T>
static std::string str(const std::vector<T>& v) {
    std::string s = "[";
    for (std::size_t i = 0; i < v.size(); i++) {
        if (i > 0) s += ' ';
        if constexpr (std::is_same_v<T, std::string>) {
            s += v[i];
        } else {
            s += std::to_string(v[i]);
        }
    }
    return s + "]";
}

int main() {
    std::cout << std::boolalpha;

    // Panics.
    try_("send on closed", [] {
        auto c = make_chan<int>(1);
        c.close();
        c.send(1);
    });
    try_("close of closed", [] {
        auto c = make_chan<int>();
        c.close();
        c.close();
    });
    try_("close of nil", [] {
        chan<int> c;
        c.close();
    });
    try_("select send on closed", [] {
        auto c = make_chan<int>(1);
        c.close();
        switch (select(send(c, 1), default_)) {
            case 0:
                break;
            case 1:
                break;
        }
    });

    try_("make(chan int, -1)", [] {
        int n = -1;
        (void)make_chan<int>(n);
    });

    // Buffered values survive close; then zero value, ok=false forever.
    auto c = make_chan<int>(3);
    c.send(1);
    c.send(2);
    c.close();
    std::cout << "len/cap after close: " << c.len() << ' ' << c.cap() << '\n';
    for (int i = 0; i < 4; i++) {
        auto [v, ok] = c.recv2();
        std::cout << "recv " << i << ": v=" << v << " ok=" << ok << '\n';
    }
    auto c2 = make_chan<std::string>(2);
    c2.send("a");
    c2.send("b");
    c2.close();
    for (const auto& s : c2) {
        std::cout << "range got " << s << '\n';
    }
    std::cout << "range ended" << '\n';

    // nil channel.
    chan<int> nilc;
    std::cout << "nil len/cap: " << nilc.len() << ' ' << nilc.cap() << '\n';
    {
        int v;
        switch (select(recv(nilc, v), send(nilc, 1), default_)) {
            case 0:
                std::cout << "BUG nil recv " << v << '\n';
                break;
            case 1:
                std::cout << "BUG nil send" << '\n';
                break;
            case 2:
                std::cout << "nil channel cases never ready -> default" << '\n';
                break;
        }
    }

    // Unbuffered: no receiver -> non-blocking send fails; no sender -> recv fails.
    auto u = make_chan<int>();
    switch (select(send(u, 1), default_)) {
        case 0:
            std::cout << "BUG" << '\n';
            break;
        case 1:
            std::cout << "unbuffered send without receiver -> default" << '\n';
            break;
    }

    // Ready case beats default.
    auto r = make_chan<int>(1);
    r.send(5);
    {
        int v;
        switch (select(recv(r, v), default_)) {
            case 0:
                std::cout << "ready case chosen over default: " << v << '\n';
                break;
            case 1:
                std::cout << "BUG default" << '\n';
                break;
        }
    }

    // Closed channel case is always ready (zero value, ok=false).
    auto cl = make_chan<int>();
    cl.close();
    {
        int v;
        bool ok;
        switch (select(recv(cl, v, ok), default_)) {
            case 0:
                std::cout << "closed channel ready in select: " << v << ' ' << ok << '\n';
                break;
            case 1:
                std::cout << "BUG default" << '\n';
                break;
        }
    }

    // Evaluation order: all channel operands and send values are evaluated
    // exactly once, in source order, on entry, even if default is chosen.
    // (C++ leaves the order of function arguments open, so the operands are
    // evaluated into locals first, in Go's order.)
    order.clear();
    auto full = make_chan<int>();  // unbuffered, no receiver
    {
        auto c1 = ch("c1", full);
        auto v1 = val("v1", 1);
        auto c2 = ch("c2", nilc);
        auto c3 = ch("c3", full);
        auto v3 = val("v3", 3);
        switch (select(send(c1, v1), recv(c2), send(c3, v3), default_)) {
            default:
                break;
        }
    }
    std::cout << "select eval order: " << str(order) << '\n';

    // Uniform choice: two always-ready cases, 100000 trials.
    auto a = make_chan<int>(1);
    auto b = make_chan<int>(1);
    int na = 0, nb = 0;
    const int N = 100000;
    for (int i = 0; i < N; i++) {
        a.send(1);
        b.send(1);
        switch (select(recv(a), recv(b))) {
            case 0:
                na++;
                b.recv();
                break;
            case 1:
                nb++;
                a.recv();
                break;
        }
    }
    bool fair = na > N * 45 / 100 && nb > N * 45 / 100;
    std::cout << "select ~uniform over 2 ready cases (each >45%): " << fair << '\n';

    // Same channel in two cases of one select is allowed.
    auto d = make_chan<int>(1);
    d.send(9);
    {
        int v1, v2;
        switch (select(recv(d, v1), recv(d, v2))) {
            case 0:
                std::cout << "dup-case select got " << v1 << '\n';
                break;
            case 1:
                std::cout << "dup-case select got " << v2 << '\n';
                break;
        }
    }

    // FIFO across a buffered channel with a blocked sender (buffer full).
    auto f = make_chan<int>(2);
    auto done = make_chan<bool>();
    go([=] {
        for (int i = 0; i < 5; i++) {
            f.send(i);
        }
        f.close();
        done.send(true);
    });
    std::vector<int> got;
    for (int v : f) {
        got.push_back(v);
    }
    done.recv();
    std::cout << "fifo: " << str(got) << '\n';

    // Zero-size element type.
    auto z = make_chan<void>(1);
    z.send();
    std::cout << "chan struct{} len: " << z.len() << '\n';
}
