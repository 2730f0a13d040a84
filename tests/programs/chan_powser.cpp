// McIlroy's power series over demand channels (Go's test/chan/powser1.go):
// every series is a goroutine that answers requests on one channel with
// coefficients on another; Split, Add, Mul, Exp build networks of them that
// grow as terms are demanded. Checks the same series as the Go program, then
// prints Exp(Ones) and ATan and "ok". A wrong coefficient panics (exit 2).
// The goroutines are left blocked when main returns, as in Go.
#include <gocpp/gocpp.hpp>

#include <array>
#include <atomic>
#include <cstdint>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

using namespace gocpp;

namespace {

struct rat {
    std::int64_t num = 0, den = 0;  // den == 0: the end mark
    bool eq(const rat& c) const { return num == c.num && den == c.den; }
    std::string str() const {
        std::ostringstream s;
        s << num;
        if (den != 1) s << '/' << den;
        return s.str();
    }
};

// A demand channel: send a request on req, get the coefficient on dat.
struct dch {
    chan<int> req;
    chan<rat> dat;
};
using PS = dch;
// A pair shared by the generations of one split (they swap its halves).
using dch2 = std::shared_ptr<std::array<dch, 2>>;

std::atomic<int> seqno{0};

dch mkdch() {
    return {make_chan<int>(), make_chan<rat>()};
}
dch2 mkdch2() {
    auto d = std::make_shared<std::array<dch, 2>>();
    (*d)[0] = mkdch();
    (*d)[1] = mkdch();
    return d;
}

// split reads one demand channel and replicates its output onto two, which
// may be read at different rates (see the Go original for the protocol).
void dosplit(dch in, dch2 out, chan<int> wait) {
    bool both = false;
    switch (select(recv((*out)[0].req), recv(wait))) {
        case 0:
            break;
        case 1:
            both = true;
            if (select(recv((*out)[0].req), recv((*out)[1].req)) == 1)
                std::swap((*out)[0], (*out)[1]);
            break;
    }
    in.req.send(++seqno);
    auto release = make_chan<int>();
    go(dosplit, in, out, release);
    rat dat = in.dat.recv();
    (*out)[0].dat.send(dat);
    if (!both) wait.recv();
    (*out)[1].req.recv();
    (*out)[1].dat.send(dat);
    release.send(0);
}

void split(dch in, dch2 out) {
    auto release = make_chan<int>();
    go(dosplit, in, out, release);
    release.send(0);
}

void put(rat dat, dch out) {
    out.req.recv();
    out.dat.send(dat);
}

rat get(dch in) {
    in.req.send(++seqno);
    return in.dat.recv();
}

// One rat from each of two demand channels, in whatever order they answer;
// a case is disabled by setting its channel to nil.
std::array<rat, 2> get2(dch in0, dch in1) {
    std::array<chan<int>, 2> req{in0.req, in1.req};
    std::array<chan<rat>, 2> dat{nullptr, nullptr};
    std::array<rat, 2> out;
    rat it;
    for (int n = 4; n > 0; n--) {
        const int s = ++seqno;
        switch (select(send(req[0], s), send(req[1], s), recv(dat[0], it), recv(dat[1], it))) {
            case 0:
                dat[0] = in0.dat;
                req[0] = nullptr;
                break;
            case 1:
                dat[1] = in1.dat;
                req[1] = nullptr;
                break;
            case 2:
                out[0] = it;
                dat[0] = nullptr;
                break;
            case 3:
                out[1] = it;
                dat[1] = nullptr;
                break;
        }
    }
    return out;
}

void copy_ps(dch in, dch out) {
    for (;;) {
        out.req.recv();
        out.dat.send(get(in));
    }
}

void repeat(rat dat, dch out) {
    for (;;)
        put(dat, out);
}

std::int64_t gcd(std::int64_t u, std::int64_t v) {
    if (u < 0) return gcd(-u, v);
    if (u == 0) return v;
    return gcd(v % u, u);
}

rat i2tor(std::int64_t u, std::int64_t v) {
    std::int64_t g = gcd(u, v);
    if (v > 0) return {u / g, v / g};
    return {-u / g, -v / g};
}
rat itor(std::int64_t u) {
    return i2tor(u, 1);
}

const rat zero = itor(0);
const rat one = itor(1);
const rat finis = i2tor(1, 0);

int end(rat u) {
    return u.den == 0 ? 1 : 0;
}

rat add(rat u, rat v) {
    std::int64_t g = gcd(u.den, v.den);
    return i2tor(u.num * (v.den / g) + v.num * (u.den / g), u.den * (v.den / g));
}
rat mul(rat u, rat v) {
    std::int64_t g1 = gcd(u.num, v.den);
    std::int64_t g2 = gcd(u.den, v.num);
    return {(u.num / g1) * (v.num / g2), (u.den / g2) * (v.den / g1)};
}
rat neg(rat u) {
    return i2tor(-u.num, u.den);
}

PS Ones, Twos;

dch2 Split(PS U) {
    auto UU = mkdch2();
    go(split, U, UU);
    return UU;
}

PS Add(PS U, PS V) {
    PS Z = mkdch();
    go([=] {
        for (;;) {
            Z.req.recv();
            auto uv = get2(U, V);
            switch (end(uv[0]) + 2 * end(uv[1])) {
                case 0:
                    Z.dat.send(add(uv[0], uv[1]));
                    break;
                case 1:
                    Z.dat.send(uv[1]);
                    copy_ps(V, Z);
                    break;
                case 2:
                    Z.dat.send(uv[0]);
                    copy_ps(U, Z);
                    break;
                case 3:
                    Z.dat.send(finis);
                    break;
            }
        }
    });
    return Z;
}

PS Cmul(rat c, PS U) {
    PS Z = mkdch();
    go([=] {
        bool done = false;
        while (!done) {
            Z.req.recv();
            rat u = get(U);
            if (end(u) != 0) {
                done = true;
            } else {
                Z.dat.send(mul(c, u));
            }
        }
        Z.dat.send(finis);
    });
    return Z;
}

PS Sub(PS U, PS V) {
    return Add(U, Cmul(neg(one), V));
}

PS Rep(rat c) {
    PS Z = mkdch();
    go(repeat, c, Z);
    return Z;
}

PS Mul(PS U, PS V) {
    PS Z = mkdch();
    go([=] {
        Z.req.recv();
        auto uv = get2(U, V);
        if (end(uv[0]) != 0 || end(uv[1]) != 0) {
            Z.dat.send(finis);
        } else {
            Z.dat.send(mul(uv[0], uv[1]));
            auto UU = Split(U);
            auto VV = Split(V);
            PS W = Add(Cmul(uv[0], (*VV)[0]), Cmul(uv[1], (*UU)[0]));
            Z.req.recv();
            Z.dat.send(get(W));
            copy_ps(Add(W, Mul((*UU)[1], (*VV)[1])), Z);
        }
    });
    return Z;
}

PS Diff(PS U) {
    PS Z = mkdch();
    go([=] {
        Z.req.recv();
        rat u = get(U);
        if (end(u) == 0) {
            bool done = false;
            for (int i = 1; !done; i++) {
                u = get(U);
                if (end(u) != 0) {
                    done = true;
                } else {
                    Z.dat.send(mul(itor(i), u));
                    Z.req.recv();
                }
            }
        }
        Z.dat.send(finis);
    });
    return Z;
}

PS Integ(rat c, PS U) {
    PS Z = mkdch();
    go([=] {
        put(c, Z);
        bool done = false;
        for (int i = 1; !done; i++) {
            Z.req.recv();
            rat u = get(U);
            if (end(u) != 0) done = true;
            Z.dat.send(mul(i2tor(1, i), u));
        }
        Z.dat.send(finis);
    });
    return Z;
}

// Z = exp(U): DZ = Z*DU, integrated.
PS Exp(PS U) {
    auto ZZ = mkdch2();
    split(Integ(one, Mul((*ZZ)[0], Diff(U))), ZZ);
    return (*ZZ)[1];
}

// U(c0 x^n)
PS MonSubst(PS U, rat c0, int n) {
    PS Z = mkdch();
    go([=] {
        rat c = one;
        for (;;) {
            Z.req.recv();
            rat u = get(U);
            Z.dat.send(mul(u, c));
            c = mul(c, c0);
            if (end(u) != 0) {
                Z.dat.send(finis);
                break;
            }
            for (int i = 1; i < n; i++) {
                Z.req.recv();
                Z.dat.send(zero);
            }
        }
    });
    return Z;
}

void check(PS U, rat c, int count, const std::string& str) {
    for (int i = 0; i < count; i++) {
        rat r = get(U);
        if (!r.eq(c)) panic(str + ": got " + r.str() + ", want " + c.str());
    }
}

constexpr int N = 10;

std::string checka(PS U, const std::vector<rat>& a, const std::string& str) {
    std::string line;
    for (int i = 0; i < N; i++) {
        rat r = get(U);
        if (!r.eq(a[i]))
            panic(str + ": term " + std::to_string(i) + " is " + r.str() + ", want " + a[i].str());
        if (i > 0) line += ' ';
        line += r.str();
    }
    return line;
}

}  // namespace

int main() {
    Ones = Rep(one);
    Twos = Rep(itor(2));

    check(Ones, one, 5, "Ones");
    check(Add(Ones, Ones), itor(2), 0, "Add Ones Ones");
    check(Add(Ones, Twos), itor(3), 0, "Add Ones Twos");
    std::vector<rat> a(N);
    PS d = Diff(Ones);
    for (int i = 0; i < N; i++)
        a[i] = itor(i + 1);
    checka(d, a, "Diff");
    PS in = Integ(zero, Ones);
    a[0] = zero;
    for (int i = 1; i < N; i++)
        a[i] = i2tor(1, i);
    checka(in, a, "Integ");
    check(Cmul(neg(one), Twos), itor(-2), 10, "CMul");
    check(Sub(Ones, Twos), itor(-1), 0, "Sub Ones Twos");
    PS m = Mul(Ones, Ones);
    for (int i = 0; i < N; i++)
        a[i] = itor(i + 1);
    checka(m, a, "Mul");
    PS e = Exp(Ones);
    a = {itor(1),
         i2tor(1, 1),
         i2tor(3, 2),
         i2tor(13, 6),
         i2tor(73, 24),
         i2tor(167, 40),
         i2tor(4051, 720),
         i2tor(37633, 5040),
         i2tor(43817, 4480),
         i2tor(4596553, 362880)};
    const std::string exp_line = checka(e, a, "Exp");
    PS at = Integ(zero, MonSubst(Ones, neg(one), 2));
    for (int c = 1, i = 0; i < N; i++) {
        if (i % 2 == 0) {
            a[i] = zero;
        } else {
            a[i] = i2tor(c, i);
            c *= -1;
        }
    }
    const std::string atan_line = checka(at, a, "ATan");
    std::cout << "Exp: " << exp_line << "\nATan: " << atan_line << "\nok\n";
    return 0;
}
