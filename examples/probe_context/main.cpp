// Probes of Go 1.19 context semantics, printed deterministically.
// A port of the Go program of the same name; it must print what Go printed.
#include <gocpp/context.hpp>
#include <gocpp/gocpp.hpp>
#include <gocpp/time.hpp>

#include <functional>
#include <iomanip>
#include <iostream>
#include <span>
#include <string>
#include <string_view>

using namespace gocpp;
using namespace std::chrono_literals;

// fmt.Println: operands separated by spaces, booleans as true/false.
template <class... A>
void println(const A&... a) {
    bool first = true;
    ((std::cout << (first ? "" : " ") << std::boolalpha << a, first = false), ...);
    std::cout << '\n';
}

void try_(const std::string& name, const std::function<void()>& f) {
    std::string recovered = "<nil>";
    try {
        f();
    } catch (const panic_error& e) {
        recovered = e.what();
    }
    std::cout << name << ": recovered=" << recovered << '\n';
}

// otherCtx: custom type that embeds a Context and overrides nothing.
struct otherCtx : context::ContextBase {
    using ContextBase::ContextBase;
};

// ownDoneCtx: custom type with its own Done channel (like myCancelCtx).
struct ownDoneCtx : context::ContextBase {
    ownDoneCtx(context::Context parent, chan<void> done)
        : ContextBase(std::move(parent)), done_ch(std::move(done)) {}
    chan<void> done_ch;

    recv_chan<void> done() const override { return done_ch; }
    error err() const override {
        switch (select(recv(done_ch), default_)) {
            case 0:
                return context::canceled;
            default:
                return nullptr;
        }
    }
};

// nilDoneCtx: custom type whose Done is nil (never canceled).
struct nilDoneCtx : context::ContextBase {
    using ContextBase::ContextBase;
    recv_chan<void> done() const override { return nullptr; }
};

int settle() {
    for (int i = 0; i < 20; i++) {
        gosched();
        time::sleep(time::millisecond);
    }
    return num_goroutine();
}

bool isDone(const context::Context& c) {
    switch (select(recv(c.done()), default_)) {
        case 0:
            return true;
        default:
            return false;
    }
}

int count(const std::string& s, std::string_view sub) {
    int n = 0;
    for (auto i = s.find(sub); i != std::string::npos; i = s.find(sub, i + sub.size()))
        n++;
    return n;
}

int main() {
    std::cout << "Canceled.Error()=" << std::quoted(context::canceled.error()) << '\n';
    std::cout << "DeadlineExceeded.Error()=" << std::quoted(context::deadline_exceeded.error())
              << '\n';
    auto te = context::deadline_exceeded.as<timeout_error>();
    println("DeadlineExceeded Timeout/Temporary:", te->timeout(), te->temporary());

    auto bg = context::background();
    auto [dl, ok] = bg.deadline();
    println("Background: Done==nil", bg.done() == nullptr, "Err", bg.err(), "Deadline",
            dl == time::Time{}, ok, "Value", bg.value("x"));
    println("Background == Background:", context::background() == context::background(),
            "Background == TODO:", context::background() == context::todo());

    try_("WithCancel(nil)", [] { context::with_cancel(nullptr); });
    try_("WithDeadline(nil)", [] { context::with_deadline(nullptr, time::now()); });
    try_("WithTimeout(nil)", [] { context::with_timeout(nullptr, time::second); });
    try_("WithValue(nil parent)", [] { context::with_value(nullptr, "k", "v"); });
    try_("WithValue(nil key)", [&] { context::with_value(bg, nullptr, "v"); });
    // A span, like a Go slice, has no ==.
    try_("WithValue([]byte key)",
         [&] { context::with_value(bg, std::span<const char>(std::string_view("k")), "v"); });

    // WithCancel basics.
    auto [c, cancel] = context::with_cancel(bg);
    auto d1 = c.done(), d2 = c.done();
    println("WithCancel: Done non-nil & stable:", d1 != nullptr && d1 == d2, "Err before:", c.err(),
            "done before:", isDone(c));
    bool hasDL = c.deadline().ok;
    println("WithCancel has no deadline:", !hasDL);
    cancel();
    println("after cancel: done", isDone(c), "Err", c.err(), "Err==Canceled",
            c.err() == context::canceled, "errors.Is", errors::is(c.err(), context::canceled));
    cancel();
    cancel();
    println("cancel idempotent, Err still:", c.err());

    // Cancel before first Done() call: Done still returns a closed channel.
    auto [c0, cancel0] = context::with_cancel(bg);
    cancel0();
    println("Done() first called after cancel is closed:", isDone(c0));

    // Parent cancel propagates synchronously to all cancelable descendants,
    // including through WithValue and a custom wrapper (otherCtx).
    auto [p, pcancel] = context::with_cancel(bg);
    auto [ch1, ch1cancel] = context::with_cancel(p);
    defer defer_ch1{ch1cancel};
    auto v = context::with_value(p, "k", "v");
    auto [ch2, ch2cancel] = context::with_timeout(v, time::hour);
    defer defer_ch2{ch2cancel};
    context::Context o = std::make_shared<otherCtx>(p);
    auto [ch3, ch3cancel] = context::with_cancel(o);
    defer defer_ch3{ch3cancel};
    pcancel();
    println("sync propagation:", isDone(ch1), isDone(v), isDone(ch2), isDone(o), isDone(ch3),
            ch1.err(), ch2.err(), ch3.err());

    // Child cancel does not affect parent or siblings.
    auto [p2, p2cancel] = context::with_cancel(bg);
    defer defer_p2{p2cancel};
    auto [s1, s1cancel] = context::with_cancel(p2);
    auto [s2, s2cancel] = context::with_cancel(p2);
    defer defer_s2{s2cancel};
    s1cancel();
    println("child cancel: child done", isDone(s1), "parent done", isDone(p2), "sibling done",
            isDone(s2));

    // Child of already-canceled parent is canceled at construction with parent's Err.
    auto [pd, pdcancel] = context::with_deadline(bg, time::now() - time::second);
    defer defer_pd{pdcancel};
    auto [kid, kidcancel] = context::with_cancel(pd);
    defer defer_kid{kidcancel};
    println("child of expired parent: done", isDone(kid), "Err", kid.err());

    // Deadline in the past / now: done immediately, DeadlineExceeded; later cancel keeps it.
    auto [past, pastcancel] = context::with_deadline(bg, time::now() - time::millisecond);
    println("past deadline: done", isDone(past), "Err", past.err());
    pastcancel();
    println("past deadline after cancel: Err", past.err());
    auto [z, zcancel] = context::with_timeout(bg, 0s);
    println("WithTimeout(0): done", isDone(z), "Err", z.err());
    zcancel();

    // Canceling a timer ctx before deadline: Canceled, and the deadline passing later doesn't change it.
    auto [tc, tccancel] = context::with_timeout(bg, 20 * time::millisecond);
    tccancel();
    time::sleep(40 * time::millisecond);
    println("timer ctx canceled early, after deadline: Err", tc.err());

    // DeadlineExceeded propagates to children as DeadlineExceeded.
    auto [tp, tpcancel] = context::with_timeout(bg, 10 * time::millisecond);
    defer defer_tp{tpcancel};
    auto [tk, tkcancel] = context::with_cancel(tp);
    defer defer_tk{tkcancel};
    tk.done().recv();
    println("child of timed-out parent: Err", tk.err());

    // WithDeadline later than parent's deadline => parent's deadline wins,
    // and the child is a plain cancelCtx (String ends ".WithCancel").
    auto [pdl, pdlcancel] = context::with_timeout(bg, time::hour);
    defer defer_pdl{pdlcancel};
    auto [cdl, cdlcancel] = context::with_timeout(pdl, 2 * time::hour);
    defer defer_cdl{cdlcancel};
    auto pd1 = pdl.deadline().deadline;
    auto cd1 = cdl.deadline().deadline;
    println("later child deadline clamps to parent's:", pd1 == cd1,
            "String suffix .WithCancel:", cdl.string().ends_with(".WithCancel"));
    auto [cdl2, cdl2cancel] = context::with_timeout(pdl, time::minute);
    defer defer_cdl2{cdl2cancel};
    auto cd2 = cdl2.deadline().deadline;
    println("earlier child deadline kept:", cd2 < pd1,
            "String has .WithDeadline( twice:", count(cdl2.string(), ".WithDeadline(") == 2);

    // Values are still visible after cancellation.
    auto vv = context::with_value(bg, "k", "v");
    auto [vc, vccancel] = context::with_cancel(vv);
    vccancel();
    println("Value after cancel:", vc.value("k"));

    // Goroutine accounting of propagateCancel (compare XTestCustomContextGoroutines).
    int base = settle();
    println("--- goroutine deltas (extra goroutines started by context) ---");
    auto [r, rcancel] = context::with_cancel(bg);
    [[maybe_unused]] auto [k1, a1] = context::with_cancel(r);
    println("WithCancel(cancelCtx):", settle() - base);
    [[maybe_unused]] auto [k2, a2] = context::with_cancel(std::make_shared<otherCtx>(r));
    println("WithCancel(wrapper embedding cancelCtx, Done not overridden):", settle() - base);
    [[maybe_unused]] auto [k3, a3] = context::with_cancel(std::make_shared<nilDoneCtx>(r));
    println("WithCancel(custom ctx whose Done()==nil):", settle() - base);
    auto own = std::make_shared<ownDoneCtx>(r, make_chan<void>());
    [[maybe_unused]] auto [k4, a4] = context::with_cancel(own);
    println("WithCancel(custom ctx with own Done channel):", settle() - base);
    [[maybe_unused]] auto [k5, a5] = context::with_timeout(own, time::hour);
    println("WithTimeout(custom ctx with own Done channel):", settle() - base);
    a4();
    println("after canceling the first such child (its watcher exits):", settle() - base);
    own->done_ch.close();
    println("after custom parent's Done closes (other watcher exits):", settle() - base);
    auto closedOwn = std::make_shared<ownDoneCtx>(bg, make_chan<void>());
    closedOwn->done_ch.close();
    auto [k6, a6] = context::with_cancel(closedOwn);
    int extra = settle() - base;
    println("WithCancel(custom ctx already done): extra", extra, "child Err", k6.err());
    a1();
    a2();
    a3();
    a5();
    a6();
    rcancel();
}
