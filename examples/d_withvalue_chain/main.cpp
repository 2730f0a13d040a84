// (d) with_value chains: lookup walks from the child toward the root, inner
// (newer) bindings shadow outer ones, cancelCtx layers are transparent to
// value(), keys compare by (dynamic type, value). Also prints the Go 1.19
// String() forms of the various context types via std::cout << ctx.
#include <gocpp/gocpp.hpp>

#include <iostream>
#include <regex>
#include <string>
#include <string_view>

using namespace gocpp;

// same underlying text as a string key, but a different type
struct ctxKey {
    std::string s;
    bool operator==(const ctxKey&) const = default;
    static constexpr std::string_view go_type_name = "main.ctxKey";
};

struct stringerVal {
    std::string s;
    bool operator==(const stringerVal&) const = default;
    static constexpr std::string_view go_type_name = "main.stringerVal";
    std::string String() const { return "Stringer(" + s + ")"; }
};

// wrapper is a custom Context type with no String method. Go names it by its
// type, "main.wrapper"; a C++ type has no package, so the name is given here.
struct wrapper : context::ContextBase {
    using ContextBase::ContextBase;
    std::string string() const override { return "main.wrapper"; }
};

int main() {
    auto a = context::background();
    auto b = context::with_value(a, "k1", "v1");
    auto [c, cancel] = context::with_cancel(b);
    defer _{cancel};
    auto d = context::with_value(c, "k2", "v2");

    std::cout << "k1 of b: " << b.value("k1") << '\n';
    std::cout << "k1 of d: " << d.value("k1") << '\n';
    std::cout << "k2 of d: " << d.value("k2") << '\n';
    std::cout << "k2 of b: " << b.value("k2") << '\n';

    auto e = context::with_value(d, "k1", "v1-shadow");
    std::cout << "k1 of e: " << e.value("k1") << '\n';
    std::cout << "k1 of d (unchanged): " << d.value("k1") << '\n';
    std::cout << "ctxKey(\"k1\") of e: " << e.value(ctxKey{"k1"}) << '\n';
    auto f = context::with_value(e, "k2", nullptr);  // binding a nil value hides the outer k2
    std::cout << "k2 of f: " << f.value("k2") << '\n';

    std::cout << "--- String() ---\n";
    std::cout << a << '\n';
    std::cout << context::todo() << '\n';
    std::cout << b << '\n';
    std::cout << c << '\n';
    std::cout << d << '\n';
    std::cout << e << '\n';
    std::cout << f << '\n';
    std::cout << context::with_value(a, ctxKey{"k"}, 42) << '\n';
    std::cout << context::with_value(a, 7, stringerVal{"x"}) << '\n';
    std::cout << context::with_value(a, stringerVal{"key"}, "v") << '\n';
    auto [cc, cc2] = context::with_cancel(c);
    defer defer_cc2{cc2};
    std::cout << cc << '\n';
    auto [w, wc] = context::with_cancel(std::make_shared<wrapper>(b));
    defer defer_wc{wc};
    std::cout << w << '\n';

    // with_deadline/with_timeout String embeds the absolute deadline and the
    // remaining time, so normalize those two parts before printing.
    auto [t, tc] = context::with_timeout(d, time::hour);
    defer defer_tc{tc};
    std::regex re(R"(WithDeadline\((.*) \[(.*)\]\)$)");
    std::cout << std::regex_replace(t.string(), re, "WithDeadline(<deadline> [<remaining>])")
              << '\n';

    cancel();
    std::cout << "--- after cancel ---\n";
    std::cout << "d.Err(): " << d.err() << '\n';
    std::cout << "k1 of d after cancel: " << d.value("k1") << '\n';
    std::cout << "t.Err(): " << t.err() << '\n';
}
