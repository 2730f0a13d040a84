// errors: Go's errors package — New, Is, As, Unwrap (the tables of Go 1.19's
// errors/errors_test.go and wrap_test.go), Join (Go 1.20's join_test.go and
// the tree walk of its wrap.go), the wrapping errors fmt.Errorf's %w builds,
// and os.ErrDeadlineExceeded.
#include "test_util.hpp"

#include <gocpp/errors.hpp>
#include <gocpp/os.hpp>

#include <doctest/doctest.h>

#include <memory>
#include <sstream>
#include <string>
#include <vector>

using namespace gocpp;

namespace {

std::string sprint(const error& e) {
    std::ostringstream os;
    os << e;
    return os.str();
}

// wrap_test.go's `type wrapped struct { msg string; err error }`.
struct wrapped : error_interface {
    wrapped(std::string m, gocpp::error e) : msg(std::move(m)), err(std::move(e)) {}
    std::string error() const override { return msg; }
    gocpp::error unwrap() const override { return err; }
    std::string msg;
    gocpp::error err;
};
gocpp::error make_wrapped(std::string msg, gocpp::error err) {
    return std::make_shared<wrapped>(std::move(msg), std::move(err));
}

// wrap_test.go's errorT: Error() is "errorT(" + s + ")".
struct errorT : error_interface {
    explicit errorT(std::string v) : s(std::move(v)) {}
    std::string error() const override { return "errorT(" + s + ")"; }
    std::string s;
};

// Go's *fs.PathError, as far as the As table needs it: a path and a cause,
// Timeout() from the cause.
struct path_error : error_interface, timeout_error {
    path_error(std::string o, std::string p, gocpp::error e)
        : op(std::move(o)), path(std::move(p)), err(std::move(e)) {}
    std::string error() const override { return op + " " + path + ": " + err.error(); }
    gocpp::error unwrap() const override { return err; }
    bool timeout() const override {
        auto t = err.as<timeout_error>();
        return t && t->timeout();
    }
    bool temporary() const override { return false; }
    std::string op, path;
    gocpp::error err;
};
const auto poser_path_err = std::make_shared<const path_error>("poser", "", nullptr);

// wrap_test.go's poser: Is() by a predicate, As() into errorT, *PathError
// and itself.
struct poser : error_interface, std::enable_shared_from_this<poser> {
    poser(std::string m, std::function<bool(const gocpp::error&)> f)
        : msg(std::move(m)), pred(std::move(f)) {}
    std::string error() const override { return msg; }
    bool is(const gocpp::error& target) const override { return pred && pred(target); }
    std::shared_ptr<const void> as(const std::type_info& target) const override {
        if (target == typeid(poser)) return shared_from_this();
        if (target == typeid(errorT)) return std::make_shared<const errorT>("poser");
        if (target == typeid(path_error)) return poser_path_err;
        return nullptr;
    }
    std::string msg;
    std::function<bool(const gocpp::error&)> pred;
};

// wrap_test.go's errorUncomparable: Is() any error of its own type. (Go's
// value/pointer rows collapse: a gocpp error is always a pointer.)
struct error_uncomparable : error_interface {
    std::string error() const override { return "uncomparable error"; }
    bool is(const gocpp::error& target) const override {
        return target.as<error_uncomparable>() != nullptr;
    }
};

// Go's errno ENOENT: "no such file or directory", not a timeout.
struct errno_error : error_interface, timeout_error {
    std::string error() const override { return "no such file or directory"; }
    bool timeout() const override { return false; }
    bool temporary() const override { return false; }
};

}  // namespace

TEST_SUITE("errors") {
    TEST_CASE("TestNewEqual: different allocations are not equal, one is equal to itself") {
        CHECK(errors::new_("abc") != errors::new_("abc"));
        CHECK(errors::new_("abc") != errors::new_("xyz"));
        error err = errors::new_("jkl");
        CHECK(err == err);
    }

    TEST_CASE("TestErrorMethod and ExampleNew: error() and printing give the text") {
        CHECK(errors::new_("abc").error() == "abc");
        CHECK(sprint(errors::new_("emit macho dwarf: elf header corrupted")) ==
              "emit macho dwarf: elf header corrupted");
        CHECK(sprint(error{}) == "<nil>");
    }

    TEST_CASE("TestIs: the table of wrap_test.go") {
        error err1 = errors::new_("1");
        error erra = make_wrapped("wrap 2", err1);
        error errb = make_wrapped("wrap 3", erra);
        error err3 = errors::new_("3");
        error poser_err = std::make_shared<poser>(
            "either 1 or 3", [&](const error& e) { return e == err1 || e == err3; });
        error uncomparable = std::make_shared<error_uncomparable>();

        struct row {
            error err, target;
            bool match;
        };
        const std::vector<row> rows = {
            {nullptr, nullptr, true},
            {err1, nullptr, false},
            {err1, err1, true},
            {erra, err1, true},
            {errb, err1, true},
            {err1, err3, false},
            {erra, err3, false},
            {errb, err3, false},
            {poser_err, err1, true},
            {poser_err, err3, true},
            {poser_err, erra, false},
            {poser_err, errb, false},
            {uncomparable, std::make_shared<error_uncomparable>(), true},
            {uncomparable, err1, false},
            // Not in Go's table: a nil err never matches a target.
            {nullptr, err1, false},
        };
        for (std::size_t i = 0; i < rows.size(); ++i) {
            CAPTURE(i);
            CHECK(errors::is(rows[i].err, rows[i].target) == rows[i].match);
        }
    }

    TEST_CASE("TestAs: the table of wrap_test.go") {
        // os.Open("non-existing")'s error.
        error errF =
            std::make_shared<path_error>("open", "non-existing", std::make_shared<errno_error>());
        auto poser_err = std::make_shared<poser>("oh no", nullptr);

        // {nil, &errP, false}
        CHECK(errors::as<path_error>(nullptr) == nullptr);
        // {wrapped{"pitied the fool", errorT{"T"}}, &errT, true, errorT{"T"}}
        auto t = errors::as<errorT>(make_wrapped("pitied the fool", std::make_shared<errorT>("T")));
        REQUIRE(t != nullptr);
        CHECK(t->s == "T");
        // {errF, &errP, true, errF}
        CHECK(errors::as<path_error>(errF).get() == errF.get());
        // {errorT{}, &errP, false}
        CHECK(errors::as<path_error>(error(std::make_shared<errorT>(""))) == nullptr);
        // {wrapped{"wrapped", nil}, &errT, false}
        CHECK(errors::as<errorT>(make_wrapped("wrapped", nullptr)) == nullptr);
        // {&poser{"error", nil}, &errT, true, errorT{"poser"}}
        auto pt = errors::as<errorT>(error(std::make_shared<poser>("error", nullptr)));
        REQUIRE(pt != nullptr);
        CHECK(pt->s == "poser");
        // {&poser{"path", nil}, &errP, true, poserPathErr}
        CHECK(errors::as<path_error>(error(std::make_shared<poser>("path", nullptr))) ==
              poser_path_err);
        // {poserErr, &p, true, poserErr}
        CHECK(errors::as<poser>(error(poser_err)) == poser_err);
        // {errors.New("err"), &timeout, false}
        CHECK(errors::as<timeout_error>(errors::new_("err")) == nullptr);
        // {errF, &timeout, true, errF}
        CHECK(errors::as<timeout_error>(errF).get() == errF.as<timeout_error>().get());
        // {wrapped{"path error", errF}, &timeout, true, errF}
        CHECK(errors::as<timeout_error>(make_wrapped("path error", errF)).get() ==
              errF.as<timeout_error>().get());
    }

    TEST_CASE("ExampleAs: the path of a wrapped *PathError") {
        error err =
            std::make_shared<path_error>("open", "non-existing", std::make_shared<errno_error>());
        auto path = errors::as<path_error>(errors::wrap("load: " + err.error(), err));
        REQUIRE(path != nullptr);
        CHECK(path->path == "non-existing");
    }

    TEST_CASE("TestUnwrap: the table of wrap_test.go") {
        error err1 = errors::new_("1");
        error erra = make_wrapped("wrap 2", err1);
        CHECK(errors::unwrap(nullptr) == nullptr);
        CHECK(errors::unwrap(make_wrapped("wrapped", nullptr)) == nullptr);
        CHECK(errors::unwrap(err1) == nullptr);
        CHECK(errors::unwrap(erra) == err1);
        CHECK(errors::unwrap(make_wrapped("wrap 3", erra)) == erra);
    }

    TEST_CASE("ExampleUnwrap: errors::wrap is fmt.Errorf's %w with the message written out") {
        error err1 = errors::new_("error1");
        error err2 = errors::wrap("error2: [" + err1.error() + "]", err1);
        CHECK(sprint(err2) == "error2: [error1]");
        CHECK(sprint(errors::unwrap(err2)) == "error1");
        CHECK(errors::is(err2, err1));
        CHECK(err2 != err1);
        // %w of a nil error wraps nothing.
        CHECK(errors::unwrap(errors::wrap("x: %!w(<nil>)", nullptr)) == nullptr);
    }

    TEST_CASE("wrap with several causes: Go 1.20's fmt.Errorf with two %w") {
        error err1 = errors::new_("1"), err2 = errors::new_("2"), other = errors::new_("3");
        error both = errors::wrap("1 and 2", {err1, err2});
        CHECK(both.error() == "1 and 2");
        CHECK(errors::is(both, err1));
        CHECK(errors::is(both, err2));
        CHECK_FALSE(errors::is(both, other));
        CHECK(errors::unwrap(both) == nullptr);  // Unwrap() []error is not Unwrap() error
        REQUIRE(both.get()->unwrap_errors().size() == 2);
        CHECK(both.get()->unwrap_errors()[1] == err2);
        auto t =
            errors::as<errorT>(errors::wrap("t", {err1, error(std::make_shared<errorT>("x"))}));
        REQUIRE(t != nullptr);
        CHECK(t->s == "x");
    }

    TEST_CASE("TestJoinReturnsNil: join of nothing or of nils is nil") {
        CHECK(errors::join() == nullptr);
        CHECK(errors::join(nullptr) == nullptr);
        CHECK(errors::join(error{}, error{}) == nullptr);
        CHECK(errors::join(std::vector<error>{}) == nullptr);
    }

    TEST_CASE("TestJoin: the non-nil errors, in order") {
        error err1 = errors::new_("err1"), err2 = errors::new_("err2");
        struct row {
            error joined;
            std::vector<error> want;
        };
        const std::vector<row> rows = {
            {errors::join(err1), {err1}},
            {errors::join(err1, err2), {err1, err2}},
            {errors::join(err1, nullptr, err2), {err1, err2}},
            {errors::join(std::vector<error>{err2, err1}), {err2, err1}},
        };
        for (std::size_t i = 0; i < rows.size(); ++i) {
            CAPTURE(i);
            REQUIRE(rows[i].joined != nullptr);
            CHECK(rows[i].joined.get()->unwrap_errors() == rows[i].want);
        }
    }

    TEST_CASE("TestJoinErrorMethod: messages joined by a newline") {
        error err1 = errors::new_("err1"), err2 = errors::new_("err2");
        CHECK(errors::join(err1).error() == "err1");
        CHECK(errors::join(err1, err2).error() == "err1\nerr2");
        CHECK(errors::join(err1, nullptr, err2).error() == "err1\nerr2");
        CHECK(sprint(errors::join(err1, err2)) == "err1\nerr2");
    }

    TEST_CASE("join: is and as see every branch, depth first; unwrap sees none") {
        error err1 = errors::new_("1");
        error deep = make_wrapped("wrap", make_wrapped("wrap again", err1));
        error t1 = std::make_shared<errorT>("first"), t2 = std::make_shared<errorT>("second");
        error j = errors::join(errors::new_("a"), deep, make_wrapped("t", t1), t2);
        CHECK(errors::is(j, err1));
        CHECK(errors::is(j, t2));
        CHECK_FALSE(errors::is(j, errors::new_("1")));
        CHECK(errors::unwrap(j) == nullptr);
        // Depth first: t1, under the third branch, comes before the fourth.
        auto t = errors::as<errorT>(j);
        REQUIRE(t != nullptr);
        CHECK(t->s == "first");
        // A join inside a wrap inside a join.
        error nested = errors::join(errors::new_("x"), make_wrapped("w", errors::join(j)));
        CHECK(errors::is(nested, err1));
        CHECK(errors::as<errorT>(nested)->s == "first");
        CHECK(nested.error() == "x\nw");
    }

    TEST_CASE("os::err_deadline_exceeded: i/o timeout, a timeout, not the context's") {
        CHECK(sprint(os::err_deadline_exceeded) == "i/o timeout");
        auto t = os::err_deadline_exceeded.as<timeout_error>();
        REQUIRE(t != nullptr);
        CHECK(t->timeout());
        CHECK(t->temporary());
        CHECK(os::err_deadline_exceeded != context::deadline_exceeded);
        CHECK_FALSE(errors::is(os::err_deadline_exceeded, context::deadline_exceeded));
        error wrapped = errors::wrap("read tcp 127.0.0.1:1->127.0.0.1:2: i/o timeout",
                                     os::err_deadline_exceeded);
        CHECK(errors::is(wrapped, os::err_deadline_exceeded));
        REQUIRE(errors::as<timeout_error>(wrapped) != nullptr);
        CHECK(errors::as<timeout_error>(wrapped)->timeout());
    }

}  // TEST_SUITE("errors")
