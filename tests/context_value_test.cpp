// context: WithValue, keys and the String() forms (conformance 1.0 and 1.4,
// CTX-36..CTX-42; XTestValues, XTestWithValueChecksKey, ExampleWithValue),
// and the `any` and `error` types the package uses.
#include "context_test_util.hpp"
#include "test_util.hpp"

#include <gocpp/context.hpp>
#include <gocpp/time.hpp>

#include <doctest/doctest.h>

#include <memory>
#include <span>
#include <sstream>
#include <string>
#include <string_view>
#include <unordered_set>

using namespace gocpp;
using namespace context_test;

namespace {

// Go's `type key1 int` and `type key2 int` of context_test.go.
struct key1 {
    int v;
    bool operator==(const key1&) const = default;
    static constexpr std::string_view go_type_name = "context.key1";
};
struct key2 {
    int v;
    bool operator==(const key2&) const = default;
    static constexpr std::string_view go_type_name = "context.key2";
};
const key1 k1{1};
const key2 k2{1};  // same int as k1, different type
const key2 k3{3};  // same type as k2, different int

// `type ctxKey string` of example d: same text as a string key, another type.
struct ctxKey {
    std::string s;
    bool operator==(const ctxKey&) const = default;
    static constexpr std::string_view go_type_name = "main.ctxKey";
};

// A Stringer (Go: func (v stringerVal) String() string).
struct stringerVal {
    std::string s;
    bool operator==(const stringerVal&) const = default;
    std::string String() const { return "Stringer(" + s + ")"; }
    static constexpr std::string_view go_type_name = "main.stringerVal";
};

// The snake_case spelling counts as a Stringer too.
struct lowerStringer {
    std::string string() const { return "lower"; }
};

struct noEquality {
    int v;
};

enum class color { red, green };

// A custom context type with no String(): its type name is used.
struct wrapper : context::ContextBase {
    using ContextBase::ContextBase;
};
// The same, naming itself the Go way.
struct goNamedWrapper : context::ContextBase {
    using ContextBase::ContextBase;
    std::string string() const override { return "main.wrapper"; }
};

std::string sprint(const auto& v) {
    std::ostringstream os;
    os << v;
    return os.str();
}

}  // namespace

TEST_CASE("CTX-36 keys compare by type and value (XTestValues)") {
    auto check = [](const context::Context& c, const char* nm, std::string v1, std::string v2,
                    std::string v3) {
        CAPTURE(nm);
        auto [g1, ok1] = c.value(k1).get<std::string>();
        CHECK(ok1 == !v1.empty());
        CHECK(g1 == v1);
        auto [g2, ok2] = c.value(k2).get<std::string>();
        CHECK(ok2 == !v2.empty());
        CHECK(g2 == v2);
        auto [g3, ok3] = c.value(k3).get<std::string>();
        CHECK(ok3 == !v3.empty());
        CHECK(g3 == v3);
    };

    auto c0 = context::background();
    check(c0, "c0", "", "", "");

    auto c1 = context::with_value(context::background(), k1, "c1k1");
    check(c1, "c1", "c1k1", "", "");
    CHECK(sprint(c1) == "context.Background.WithValue(type context.key1, val c1k1)");

    auto c2 = context::with_value(c1, k2, "c2k2");
    check(c2, "c2", "c1k1", "c2k2", "");

    auto c3 = context::with_value(c2, k3, "c3k3");
    check(c3, "c2", "c1k1", "c2k2", "c3k3");

    auto c4 = context::with_value(c3, k1, nullptr);
    check(c4, "c4", "", "c2k2", "c3k3");

    auto o0 = other(context::background());
    check(o0, "o0", "", "", "");

    auto o1 = other(context::with_value(context::background(), k1, "c1k1"));
    check(o1, "o1", "c1k1", "", "");

    auto o2 = context::with_value(o1, k2, "o2k2");
    check(o2, "o2", "c1k1", "o2k2", "");

    auto o3 = other(c4);
    check(o3, "o3", "", "c2k2", "c3k3");

    auto o4 = context::with_value(o3, k3, nullptr);
    check(o4, "o4", "", "c2k2", "");
}

TEST_CASE("CTX-36 a typed key never collides with a string of the same text, nor int with long") {
    auto c = context::with_value(context::background(), "k1", "string key");
    c = context::with_value(c, ctxKey{"k1"}, "typed key");
    c = context::with_value(c, color::red, "enum key");
    c = context::with_value(c, 1, "int key");
    CHECK(c.value("k1") == any("string key"));
    CHECK(c.value(std::string("k1")) == any("string key"));
    CHECK(c.value(std::string_view("k1")) == any("string key"));
    CHECK(c.value(ctxKey{"k1"}) == any("typed key"));
    CHECK(c.value(ctxKey{"k2"}).is_nil());
    CHECK(c.value(color::red) == any("enum key"));
    CHECK(c.value(color::green).is_nil());
    CHECK(c.value(0).is_nil());  // color::red is 0, but another type
    CHECK(c.value(1) == any("int key"));
    CHECK(c.value(1L).is_nil());
}

TEST_CASE("CTX-37 lookup walks to the root; the innermost binding wins and a nil binding hides") {
    auto b = context::with_value(context::background(), "k1", "v1");
    auto [c, cancel] = context::with_cancel(b);
    auto d = context::with_value(c, "k2", "v2");
    CHECK(sprint(b.value("k1")) == "v1");
    CHECK(sprint(d.value("k1")) == "v1");
    CHECK(sprint(d.value("k2")) == "v2");
    CHECK(sprint(b.value("k2")) == "<nil>");  // lookup walks up only
    auto e = context::with_value(d, "k1", "v1-shadow");
    CHECK(sprint(e.value("k1")) == "v1-shadow");
    CHECK(sprint(d.value("k1")) == "v1");
    auto f = context::with_value(e, "k2", nullptr);
    CHECK(f.value("k2").is_nil());
    CHECK(sprint(f.value("k2")) == "<nil>");
    cancel();
}

TEST_CASE("CTX-38 lookup passes through custom wrappers, cancel and timer layers") {
    auto c = context::with_value(context::background(), k1, "deep");
    auto [cc, ccancel] = context::with_cancel(c);
    auto [tc, tcancel] = context::with_timeout(other(cc), time::hour);
    auto o = other(tc);
    auto top = context::with_value(o, k2, "top");
    CHECK(*top.value(k1).as<std::string>() == "deep");
    CHECK(*top.value(k2).as<std::string>() == "top");
    CHECK(o.value(k1) == any("deep"));
    tcancel();
    ccancel();
}

TEST_CASE("CTX-39 a missing key gives nil") {
    auto c = context::with_value(context::background(), "language", "Go");
    auto [cc, cancel] = context::with_cancel(c);
    CHECK(cc.value("color").is_nil());
    CHECK(cc.value("color") == nullptr);
    CHECK(sprint(cc.value("color")) == "<nil>");
    CHECK_FALSE(cc.value(ctxKey{"language"}));
    cancel();
}

TEST_CASE("CTX-56 ExampleWithValue prints found value: Go, then key not found: color") {
    struct favContextKey {
        std::string s;
        bool operator==(const favContextKey&) const = default;
    };
    std::ostringstream out;
    auto f = [&out](const context::Context& ctx, const favContextKey& k) {
        if (auto v = ctx.value(k); v != nullptr) {
            out << "found value: " << v << '\n';
            return;
        }
        out << "key not found: " << k.s << '\n';
    };
    favContextKey k{"language"};
    auto ctx = context::with_value(context::background(), k, "Go");
    f(ctx, k);
    f(ctx, favContextKey{"color"});
    CHECK(out.str() == "found value: Go\nkey not found: color\n");
}

TEST_CASE(
    "CTX-40 the Go 1.19 WithValue String(): key type name, value Stringer/string/<not Stringer>") {
    auto a = context::background();
    auto b = context::with_value(a, "k1", "v1");
    CHECK(sprint(b) == "context.Background.WithValue(type string, val v1)");
    auto [c, cancel] = context::with_cancel(b);
    CHECK(sprint(c) == "context.Background.WithValue(type string, val v1).WithCancel");
    auto d = context::with_value(c, "k2", "v2");
    auto e = context::with_value(d, "k1", "v1-shadow");
    auto f = context::with_value(e, "k2", nullptr);
    CHECK(sprint(f) ==
          "context.Background.WithValue(type string, val v1).WithCancel.WithValue(type string, val "
          "v2)"
          ".WithValue(type string, val v1-shadow).WithValue(type string, val <not Stringer>)");
    CHECK(sprint(context::with_value(a, ctxKey{"k"}, 42)) ==
          "context.Background.WithValue(type main.ctxKey, val <not Stringer>)");
    CHECK(sprint(context::with_value(a, 7, stringerVal{"x"})) ==
          "context.Background.WithValue(type int, val Stringer(x))");
    // A Stringer key still shows its type.
    CHECK(sprint(context::with_value(a, stringerVal{"key"}, "v")) ==
          "context.Background.WithValue(type main.stringerVal, val v)");
    CHECK(sprint(context::with_value(a, 1, lowerStringer{})) ==
          "context.Background.WithValue(type int, val lower)");
    CHECK(sprint(context::with_value(a, std::int64_t{1}, 2.5)) ==
          "context.Background.WithValue(type int64, val <not Stringer>)");
    auto [cc, cc2] = context::with_cancel(c);
    CHECK(sprint(cc) == "context.Background.WithValue(type string, val v1).WithCancel.WithCancel");
    // Custom contexts print their type name (or their own string()).
    auto [w, wc] = context::with_cancel(std::make_shared<wrapper>(b));
    CHECK(sprint(w).ends_with("wrapper.WithCancel"));
    CHECK(sprint(w).find("WithValue") == std::string::npos);
    auto [gw, gwc] = context::with_cancel(std::make_shared<goNamedWrapper>(b));
    CHECK(sprint(gw) == "main.wrapper.WithCancel");
    gwc();
    wc();
    cc2();
    cancel();
}

TEST_CASE(
    "CTX-41 a nil key panics nil key; a key without == panics key is not comparable "
    "(XTestWithValueChecksKey)") {
    auto bg = context::background();
    CHECK(panic_message([&] { context::with_value(bg, nullptr, "bar"); }) == "nil key");
    CHECK(panic_message([&] { context::with_value(bg, any{}, "bar"); }) == "nil key");
    std::string_view foo = "foo";
    CHECK(panic_message([&] { context::with_value(bg, std::span<const char>(foo), "bar"); }) ==
          "key is not comparable");
    CHECK(panic_message([&] { context::with_value(bg, noEquality{1}, "bar"); }) ==
          "key is not comparable");
    // A nil value is fine.
    CHECK(panic_message([&] { context::with_value(bg, "k", nullptr); }) == "<no panic>");
}

TEST_CASE("CTX-42 pointer keys are distinct keys, each finding its own value") {
    auto p1 = std::make_shared<int>(0);
    auto p2 = std::make_shared<int>(0);
    int x = 0, y = 0;
    auto c = context::with_value(context::background(), p1, "p1");
    c = context::with_value(c, p2, "p2");
    c = context::with_value(c, &x, "x");
    c = context::with_value(c, &y, "y");
    CHECK(c.value(p1) == any("p1"));
    CHECK(c.value(p2) == any("p2"));
    CHECK(c.value(&x) == any("x"));
    CHECK(c.value(&y) == any("y"));
    CHECK(c.value(std::make_shared<int>(0)).is_nil());
}

TEST_CASE("any: string literals are stored as std::string; get and as assert the type") {
    any v = "Go";
    CHECK(v.type() == typeid(std::string));
    auto [s, ok] = v.get<std::string>();
    CHECK(ok);
    CHECK(s == "Go");
    auto [n, nok] = v.get<int>();
    CHECK_FALSE(nok);
    CHECK(n == 0);
    CHECK(v.as<int>() == nullptr);
    CHECK(*v.as<std::string>() == "Go");
    any copy = v;
    CHECK(copy == v);
    any nested = any(v);
    CHECK(nested.type() == typeid(std::string));
    any nil;
    CHECK(nil.is_nil());
    CHECK(nil == nullptr);
    CHECK(nil == any(nullptr));
    CHECK(nil != v);
    CHECK(sprint(nil) == "<nil>");
    CHECK(nil.type_name() == "<nil>");
}

TEST_CASE("any: printing follows fmt's %v where C++ can") {
    CHECK(sprint(any(42)) == "42");
    CHECK(sprint(any(true)) == "true");
    CHECK(sprint(any(std::string("s"))) == "s");
    CHECK(sprint(any(stringerVal{"x"})) == "Stringer(x)");
    CHECK(sprint(any(context::canceled)) == "context canceled");
    CHECK(sprint(any(key1{1})) == "{context.key1}");
}

TEST_CASE("any: Go type names") {
    CHECK(type_name<std::string>() == "string");
    CHECK(type_name<int>() == "int");
    CHECK(type_name<unsigned>() == "uint");
    CHECK(type_name<std::int64_t>() == "int64");
    CHECK(type_name<std::int16_t>() == "int16");
    CHECK(type_name<std::uint8_t>() == "uint8");
    CHECK(type_name<std::uint64_t>() == "uint64");
    CHECK(type_name<double>() == "float64");
    CHECK(type_name<float>() == "float32");
    CHECK(type_name<bool>() == "bool");
    CHECK(type_name<key1>() == "context.key1");
    CHECK(type_name<key1*>() == "*context.key1");
    CHECK(type_name<std::shared_ptr<key2>>() == "*context.key2");
    CHECK(type_name<noEquality>().ends_with("noEquality"));
    CHECK(any("x").type_name() == "string");
}

TEST_CASE("any: comparing two values of a type without == panics like Go") {
    CHECK(panic_message([] { (void)(any(noEquality{1}) == any(noEquality{1})); }) ==
          "runtime error: comparing uncomparable type " + type_name<noEquality>());
    // Different types are simply unequal.
    CHECK_FALSE(any(noEquality{1}) == any(1));
}

namespace {

struct not_found : error_interface {
    std::string error() const override { return "not found"; }
};

struct my_timeout : error_interface, timeout_error {
    std::string error() const override { return "i/o timeout"; }
    bool timeout() const override { return true; }
    bool temporary() const override { return false; }
};

}  // namespace

TEST_CASE("error: nil, messages, identity, custom types, errors::as and hashing") {
    error nil;
    CHECK_FALSE(nil);
    CHECK(nil == nullptr);
    CHECK(sprint(nil) == "<nil>");
    CHECK(panic_message([&] { (void)nil.error(); }) ==
          "runtime error: invalid memory address or nil pointer dereference");
    error a = errors::new_("x"), b = errors::new_("x");
    CHECK(a != b);
    CHECK(a == a);
    CHECK(a.error() == "x");

    error nf = std::make_shared<not_found>();
    error wrapped = errors::wrap("load config: not found", nf);
    CHECK(sprint(wrapped) == "load config: not found");
    CHECK(errors::as<not_found>(wrapped) != nullptr);
    CHECK(wrapped.as<not_found>() == nullptr);  // a type assertion does not unwrap
    CHECK(errors::as<my_timeout>(wrapped) == nullptr);
    error t = std::make_shared<my_timeout>();
    CHECK(errors::as<timeout_error>(errors::wrap("read: i/o timeout", t))->timeout());

    std::unordered_set<error> set{a, b, nf};
    CHECK(set.size() == 3);
    CHECK(set.count(a) == 1);
}
