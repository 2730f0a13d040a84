// http: Header, URL, Request, detect_content_type, ServeMux and the small
// handlers, checked without a connection (Go's header_test.go,
// textproto's CanonicalMIMEHeaderKey table, url_test.go's parseTests,
// sniff_test.go, serve_test.go's ServeMux tables).
#include <gocpp/context.hpp>
#include <gocpp/errors.hpp>
#include <gocpp/http.hpp>
#include <gocpp/panic.hpp>
#include <gocpp/time.hpp>

#include <doctest/doctest.h>

#include <string>
#include <vector>

using namespace gocpp;
using namespace std::string_literals;

TEST_CASE("http canonical_header_key follows textproto's table") {
    const std::pair<std::string, std::string> cases[] = {
        {"a-b-c", "A-B-C"},
        {"a-1-c", "A-1-C"},
        {"User-Agent", "User-Agent"},
        {"uSER-aGENT", "User-Agent"},
        {"user-agent", "User-Agent"},
        {"USER-AGENT", "User-Agent"},
        {"foo-bar_baz", "Foo-Bar_baz"},
        {"foo-bar$baz", "Foo-Bar$baz"},
        {"foo-bar~baz", "Foo-Bar~baz"},
        {"foo-bar*baz", "Foo-Bar*baz"},
        {"üser-agenT", "üser-agenT"},
        {"a B", "a B"},
        {"C Ontent-Transfer-Encoding", "C Ontent-Transfer-Encoding"},
        {"foo bar", "foo bar"},
    };
    for (const auto& [in_binding, out] : cases) {
        const std::string& in = in_binding;  // CAPTURE's lambda cannot name a binding in clang 14
        CAPTURE(in);
        CHECK(http::canonical_header_key(in) == out);
    }
}

TEST_CASE("http Header get, set, add, del, values and the wire form") {
    http::Header h;
    CHECK(h.get("X") == "");
    h.set("content-type", "text/plain");
    h.add("x-id", "1");
    h.add("X-ID", "2");
    CHECK(h.get("Content-Type") == "text/plain");
    CHECK(h.get("X-Id") == "1");
    CHECK(h.values("x-id") == std::vector<std::string>{"1", "2"});
    CHECK(h.has("X-Id"));
    CHECK_FALSE(h.has("x-id"));
    h.set("X-Id", "3");
    CHECK(h.values("X-Id") == std::vector<std::string>{"3"});
    h.add("Multi", "a\r\nb ");
    CHECK(h.wire() == "Content-Type: text/plain\r\nMulti: a  b\r\nX-Id: 3\r\n");
    h.del("x-id");
    CHECK(h.values("X-Id").empty());
    CHECK(h.size() == 2);
}

TEST_CASE("url parse_query follows url_test.go's parseTests") {
    struct tc {
        std::string query;
        std::map<std::string, std::vector<std::string>> out;
        bool ok;
    };
    const tc cases[] = {
        {"a=1", {{"a", {"1"}}}, true},
        {"a=1&b=2", {{"a", {"1"}}, {"b", {"2"}}}, true},
        {"a=1&a=2&a=banana", {{"a", {"1", "2", "banana"}}}, true},
        {"ascii=%3Ckey%3A+0x90%3E", {{"ascii", {"<key: 0x90>"}}}, true},
        {"a=1;b=2", {}, false},
        {"a;b=1", {}, false},
        {"a=%3B", {{"a", {";"}}}, true},
        {"a%3Bb=1", {{"a;b", {"1"}}}, true},
        {"a=1&a=2;a=banana", {{"a", {"1"}}}, false},
        {"a;b&c=1", {{"c", {"1"}}}, false},
        {"a=1&b=2;a=3&c=4", {{"a", {"1"}}, {"c", {"4"}}}, false},
        {"a=1&b=2;c=3", {{"a", {"1"}}}, false},
        {";", {}, false},
        {"a=1;", {}, false},
        {"a=1&;", {{"a", {"1"}}}, false},
        {";a=1&b=2", {{"b", {"2"}}}, false},
        {"a=1&b=2;", {{"a", {"1"}}}, false},
    };
    for (const auto& c : cases) {
        CAPTURE(c.query);
        auto [v, err] = url::parse_query(c.query);
        CHECK(v.map() == c.out);
        CHECK((err == nullptr) == c.ok);
        if (!c.ok) CHECK(err.error() == "invalid semicolon separator in query");
    }
    auto [v, err] = url::parse_query("a=%zz&b=1");
    CHECK(err.error() == "invalid URL escape \"%zz\"");
    CHECK(v.get("b") == "1");
    CHECK(url::query_unescape("%4").err.error() == "invalid URL escape \"%4\"");
}

TEST_CASE("url parse splits scheme, host, path, query and fragment as Go") {
    auto [u, err] = url::parse("http://example.com:8080/a%20b/c?q=go+lang&x=1#frag");
    REQUIRE(err == nullptr);
    CHECK(u.scheme == "http");
    CHECK(u.host == "example.com:8080");
    CHECK(u.hostname() == "example.com");
    CHECK(u.port() == "8080");
    CHECK(u.path == "/a b/c");
    CHECK(u.raw_query == "q=go+lang&x=1");
    CHECK(u.fragment == "frag");
    CHECK(u.query().get("q") == "go lang");
    CHECK(u.request_uri() == "/a%20b/c?q=go+lang&x=1");
    CHECK(u.string() == "http://example.com:8080/a%20b/c?q=go+lang&x=1#frag");

    auto rel = url::parse("test/?example.com/test/");
    CHECK(rel.err == nullptr);
    CHECK(rel.url.path == "test/");
    CHECK(url::parse("http://x/%zz").err.error() ==
          "parse \"http://x/%zz\": invalid URL escape \"%zz\"");
    CHECK(url::parse(":foo").err.error() == "parse \":foo\": missing protocol scheme");
    CHECK(url::parse_request_uri("foo").err.error() == "parse \"foo\": invalid URI for request");
    CHECK(url::parse_request_uri("*").url.path == "*");
    CHECK(url::query_escape("a b&c=d/é") == "a+b%26c%3Dd%2F%C3%A9");
    url::Values vals;
    vals.add("b", "2");
    vals.add("a", "x y");
    vals.add("a", "&");
    CHECK(vals.encode() == "a=x+y&a=%26&b=2");
}

TEST_CASE("http detect_content_type follows sniff_test.go") {
    const std::pair<std::string, std::string> cases[] = {
        {"", "text/plain; charset=utf-8"},
        {"\x01\x02\x03"s, "application/octet-stream"},
        {"<HtMl><bOdY>blah blah blah</body></html>", "text/html; charset=utf-8"},
        {"<HTML></HTML>", "text/html; charset=utf-8"},
        {"   <!DOCTYPE HTML>...", "text/html; charset=utf-8"},
        {"\r\n<html>...", "text/html; charset=utf-8"},
        {"This is not HTML. It has ☃ though.", "text/plain; charset=utf-8"},
        {"\n<?xml!", "text/xml; charset=utf-8"},
        {"\x00\x00\x01\x00"s, "image/x-icon"},
        {"\x00\x00\x02\x00"s, "image/x-icon"},
        {"BM...", "image/bmp"},
        {"GIF87a", "image/gif"},
        {"GIF89a...", "image/gif"},
        {"RIFF\x00\x00\x00\x00WEBPVP"s, "image/webp"},
        {"\x89PNG\x0D\x0A\x1A\x0A"s, "image/png"},
        {"\xFF\xD8\xFF"s, "image/jpeg"},
        {"MThd\x00\x00\x00\x06\x00\x01"s, "audio/midi"},
        {"ID3\x03\x00\x00\x00\x00\x0f"s, "audio/mpeg"},
        {"RIFFb\xb8\x00\x00WAVEfmt \x12\x00\x00\x00\x06"s, "audio/wave"},
        {"RIFF,\x00\x00\x00WAVEfmt \x12\x00\x00\x00\x06"s, "audio/wave"},
        {"FORM\x00\x00\x00\x00"
         "AIFFCOMM\x00\x00\x00\x12\x00\x01\x00\x00\x57\x55\x00\x10\x40\x0d\xf3\x34"s,
         "audio/aiff"},
        {"OggS\x00\x02\x00\x00\x00\x00\x00\x00\x00\x00\x7e\x46\x00\x00\x00\x00\x00\x00\x1f\xf6\xb4\xfc\x01\x1e\x01\x76\x6f\x72"s,
         "application/ogg"},
        {"owow\x00"s, "application/octet-stream"},
        {"oooS\x00"s, "application/octet-stream"},
        {"oggS\x00"s, "application/octet-stream"},
        {"\x00\x00\x00\x18"
         "ftypmp42\x00\x00\x00\x00mp42isom<\x06t\xbfmdat"s,
         "video/mp4"},
        {"RIFF,O\n\x00"
         "AVI LISTÀ"s,
         "video/avi"},
        {"RIFF,\n\x00\x00"
         "AVI LISTÀ"s,
         "video/avi"},
        {"\x00\x01\x00\x00\x00\x17\x01\x00\x00\x04\x01\x60\x4f"s, "font/ttf"},
        {"\x00\x01\x00\x00\x00\x0e\x00\x80\x00\x03\x00\x60\x46"s, "font/ttf"},
        {"\x4f\x54\x54\x4f\x00\x0e\x00\x80\x00\x03\x00\x60\x42\x41\x53\x45"s, "font/otf"},
        {"\x77\x4f\x46\x46\x00\x01\x00\x00\x00\x00\x30\x54\x00\x0d\x00\x00"s, "font/woff"},
        {"\x77\x4f\x46\x32\x00\x01\x00\x00\x00"s, "font/woff2"},
        {"\x00\x61\x73\x6d\x01\x00"s, "application/wasm"},
        {"Rar!\x1A\x07\x00"s, "application/x-rar-compressed"},
        {"Rar!\x1A\x07\x01\x00"s, "application/x-rar-compressed"},
        {"Rar \x1A\x07\x00"s, "application/octet-stream"},
        {"Rar \x1A\x07\x01\x00"s, "application/octet-stream"},
    };
    for (const auto& [data_binding, ct] : cases) {
        const std::string& data = data_binding;  // as above
        CAPTURE(data);
        CHECK(http::detect_content_type(data) == ct);
    }
    // Only the first 512 bytes count.
    CHECK(http::detect_content_type(std::string(512, 'a') + "\x01") == "text/plain; charset=utf-8");
    CHECK(http::detect_content_type(std::string(511, 'a') + "\x01") == "application/octet-stream");
}

namespace {
http::Handler code_handler(int code) {
    return http::HandlerFunc(
        [code](http::ResponseWriter w, http::Request) { w.write_header(code); });
}
http::Handler string_handler(std::string s) {
    return http::HandlerFunc(
        [s](http::ResponseWriter w, http::Request) { w.header().set("Result", s); });
}
http::ServeMux register_serve_mux_tests() {
    auto mux = http::new_serve_mux();
    mux.handle("/dir/", code_handler(200));
    mux.handle("/search", code_handler(201));
    mux.handle("codesearch.google.com/search", code_handler(202));
    mux.handle("codesearch.google.com/", code_handler(203));
    // Go's checkQueryStringHandler: 200 when the query names the URL itself.
    mux.handle_func("example.com/", [](http::ResponseWriter w, http::Request r) {
        url::URL u = r.url();
        u.scheme = "http";
        u.host = r.host();
        u.raw_query = "";
        w.write_header("http://" + r.url().raw_query == u.string() ? 200 : 500);
    });
    return mux;
}
http::Request request_for(std::string method, std::string host, std::string path) {
    auto [r, err] = http::new_request(method, "http://placeholder/");
    REQUIRE(err == nullptr);
    r.host() = host;
    r.url() = url::URL{};
    r.url().path = path;
    return r;
}
}  // namespace

TEST_CASE("http ServeMux handler follows serve_test.go's serveMuxTests") {
    auto mux = register_serve_mux_tests();
    struct tc {
        std::string method, host, path;
        int code;
        std::string pattern;
    };
    const tc cases[] = {
        {"GET", "google.com", "/", 404, ""},
        {"GET", "google.com", "/dir", 301, "/dir/"},
        {"GET", "google.com", "/dir/", 200, "/dir/"},
        {"GET", "google.com", "/dir/file", 200, "/dir/"},
        {"GET", "google.com", "/search", 201, "/search"},
        {"GET", "google.com", "/search/", 404, ""},
        {"GET", "google.com", "/search/foo", 404, ""},
        {"GET", "codesearch.google.com", "/search", 202, "codesearch.google.com/search"},
        {"GET", "codesearch.google.com", "/search/", 203, "codesearch.google.com/"},
        {"GET", "codesearch.google.com", "/search/foo", 203, "codesearch.google.com/"},
        {"GET", "codesearch.google.com", "/", 203, "codesearch.google.com/"},
        {"GET", "codesearch.google.com:443", "/", 203, "codesearch.google.com/"},
        {"GET", "images.google.com", "/search", 201, "/search"},
        {"GET", "images.google.com", "/search/", 404, ""},
        {"GET", "images.google.com", "/search/foo", 404, ""},
        {"GET", "google.com", "/../search", 301, "/search"},
        {"GET", "google.com", "/dir/..", 301, ""},
        {"GET", "google.com", "/dir/./file", 301, "/dir/"},
        {"CONNECT", "google.com", "/dir", 301, "/dir/"},
        {"CONNECT", "google.com", "/../search", 404, ""},
        {"CONNECT", "google.com", "/dir/..", 200, "/dir/"},
        {"CONNECT", "google.com", "/dir/./file", 200, "/dir/"},
    };
    for (const auto& c : cases) {
        CAPTURE(c.method);
        CAPTURE(c.host);
        CAPTURE(c.path);
        auto r = request_for(c.method, c.host, c.path);
        auto [h, pattern] = mux.handler(r);
        auto rr = http::httptest::new_recorder();
        h.serve_http(rr, r);
        CHECK(pattern == c.pattern);
        CHECK(rr->code == c.code);
    }
}

TEST_CASE("http ServeMux redirects keep the query (serveMuxTests2, issue 17841)") {
    auto mux = register_serve_mux_tests();
    struct tc {
        std::string host, url;
        int code;
        bool redir_ok;
    };
    const tc cases[] = {
        {"google.com", "/", 404, false},
        {"example.com", "/test/?example.com/test/", 200, false},
        {"example.com", "test/?example.com/test/", 200, true},
    };
    for (const auto& c : cases) {
        CAPTURE(c.url);
        int tries = 1;
        std::string turl = c.url;
        for (;;) {
            auto [u, err] = url::parse(turl);
            REQUIRE(err == nullptr);
            auto r = request_for("GET", c.host, "");
            r.url() = u;
            auto rr = http::httptest::new_recorder();
            mux.handler(r).h.serve_http(rr, r);
            if (rr->code != 301) {
                CHECK(rr->code == c.code);
                break;
            }
            CHECK(c.redir_ok);
            if (!c.redir_ok) break;
            turl = rr->header_map.get("Location");
            tries--;
        }
        CHECK(tries >= 0);
    }
}

TEST_CASE("http ServeMux cleans leading slashes and dot segments (issue 900)") {
    for (std::string path : {"//foo.txt", "///foo.txt", "/../../foo.txt"}) {
        CAPTURE(path);
        auto mux = http::new_serve_mux();
        auto rr = http::httptest::new_recorder();
        mux.serve_http(rr, http::httptest::new_request("GET", path));
        CHECK(rr->header_map.get("Location") == "/foo.txt");
        CHECK(rr->code == 301);
    }
    // The redirect keeps the query, and a GET gets Go's HTML body.
    auto mux = http::new_serve_mux();
    mux.handle_func("/testTwo/", [](http::ResponseWriter, http::Request) {});
    auto rr = http::httptest::new_recorder();
    mux.serve_http(rr, http::httptest::new_request("GET", "/testTwo?a=1&b=2&a=3"));
    CHECK(rr->code == 301);
    CHECK(rr->header_map.get("Location") == "/testTwo/?a=1&b=2&a=3");
    CHECK(rr->header_map.get("Content-Type") == "text/html; charset=utf-8");
    CHECK(rr->body == "<a href=\"/testTwo/?a=1&amp;b=2&amp;a=3\">Moved Permanently</a>.\n\n");
}

TEST_CASE(
    "http ServeMux host patterns and slash redirects (TestServeWithSlashRedirectForHostPatterns)") {
    auto mux = http::new_serve_mux();
    for (std::string p : {"example.com/pkg/foo/", "example.com/pkg/bar", "example.com/pkg/bar/",
                          "example.com:3000/pkg/connect/", "example.com:9000/", "/pkg/baz/"})
        mux.handle(p, string_handler(p));
    struct tc {
        std::string method, url;
        int code;
        std::string loc, want;
    };
    const tc cases[] = {
        {"GET", "http://example.com/", 404, "", ""},
        {"GET", "http://example.com/pkg/foo", 301, "/pkg/foo/", ""},
        {"GET", "http://example.com/pkg/bar", 200, "", "example.com/pkg/bar"},
        {"GET", "http://example.com/pkg/bar/", 200, "", "example.com/pkg/bar/"},
        {"GET", "http://example.com/pkg/baz", 301, "/pkg/baz/", ""},
        {"GET", "http://example.com:3000/pkg/foo", 301, "/pkg/foo/", ""},
        {"CONNECT", "http://example.com/", 404, "", ""},
        {"CONNECT", "http://example.com:3000/", 404, "", ""},
        {"CONNECT", "http://example.com:9000/", 200, "", "example.com:9000/"},
        {"CONNECT", "http://example.com/pkg/foo", 301, "/pkg/foo/", ""},
        {"CONNECT", "http://example.com:3000/pkg/foo", 404, "", ""},
        {"CONNECT", "http://example.com:3000/pkg/baz", 301, "/pkg/baz/", ""},
        {"CONNECT", "http://example.com:3000/pkg/connect", 301, "/pkg/connect/", ""},
    };
    for (const auto& c : cases) {
        CAPTURE(c.method);
        CAPTURE(c.url);
        auto [r, err] = http::new_request(c.method, c.url);
        REQUIRE(err == nullptr);
        auto rr = http::httptest::new_recorder();
        mux.serve_http(rr, r);
        CHECK(rr->code == c.code);
        if (c.code == 301)
            CHECK(rr->header_map.get("Location") == c.loc);
        else
            CHECK(rr->header_map.get("Result") == c.want);
    }
}

TEST_CASE("http ServeMux registration panics as Go's") {
    auto mux = http::new_serve_mux();
    mux.handle_func("/a", [](http::ResponseWriter, http::Request) {});
    CHECK_THROWS_WITH_AS(mux.handle_func("/a", [](http::ResponseWriter, http::Request) {}),
                         "http: multiple registrations for /a", panic_error);
    CHECK_THROWS_WITH_AS(mux.handle_func("/", nullptr), "http: nil handler", panic_error);
    CHECK_THROWS_WITH_AS(mux.handle("", code_handler(200)), "http: invalid pattern", panic_error);
    CHECK_THROWS_WITH_AS(mux.handle("/b", nullptr), "http: nil handler", panic_error);
    // A request for "*" gets 400 with Connection: close.
    auto rr = http::httptest::new_recorder();
    auto r = http::httptest::new_request("OPTIONS", "*");
    mux.serve_http(rr, r);
    CHECK(rr->code == 400);
    CHECK(rr->header_map.get("Connection") == "close");
}

TEST_CASE("http error, not_found and the recorder's implicit 200 with sniffing") {
    auto rr = http::httptest::new_recorder();
    http::error(rr, "nope", 418);
    CHECK(rr->code == 418);
    CHECK(rr->body == "nope\n");
    CHECK(rr->header_map.get("Content-Type") == "text/plain; charset=utf-8");
    CHECK(rr->header_map.get("X-Content-Type-Options") == "nosniff");

    auto nf = http::httptest::new_recorder();
    http::not_found_handler().serve_http(nf, http::httptest::new_request("GET", "/x"));
    CHECK(nf->code == 404);
    CHECK(nf->body == "404 page not found\n");

    auto html = http::httptest::new_recorder();
    http::ResponseWriter(html).write("<html><body>hi</body></html>");
    CHECK(html->code == 200);
    CHECK(html->header_map.get("Content-Type") == "text/html; charset=utf-8");
}

TEST_CASE("http strip_prefix serves a copy and leaves the request alone (TestStripPrefix)") {
    auto h = http::HandlerFunc([](http::ResponseWriter w, http::Request r) {
        w.header().set("X-Path", r.url().path);
        w.header().set("X-RawPath", r.url().raw_path);
    });
    auto sp = http::strip_prefix("/foo/bar", h);
    struct tc {
        std::string req_path, path, raw_path;  // path "": want 404
    };
    const tc cases[] = {
        {"/foo/bar/qux", "/qux", ""},
        {"/foo/bar%2Fqux", "/qux", "%2Fqux"},
        {"/foo%2Fbar/qux", "", ""},  // an escaped prefix does not match
        {"/bar", "", ""},
    };
    for (const auto& c : cases) {
        CAPTURE(c.req_path);
        auto r = http::httptest::new_request("GET", c.req_path);
        auto rr = http::httptest::new_recorder();
        sp.serve_http(rr, r);
        if (c.path.empty()) {
            CHECK(rr->code == 404);
            continue;
        }
        CHECK(rr->code == 200);
        CHECK(rr->header_map.get("X-Path") == c.path);
        CHECK(rr->header_map.get("X-RawPath") == c.raw_path);
        CHECK(r.url().path == url::parse(c.req_path).url.path);  // the original is unchanged
    }
}

TEST_CASE("http redirect resolves relative targets as Go's Redirect") {
    auto r = http::httptest::new_request("GET", "/a/b/c?x=1");
    auto rr = http::httptest::new_recorder();
    http::redirect(rr, r, "../d?y=2", 302);
    CHECK(rr->code == 302);
    CHECK(rr->header_map.get("Location") == "/a/d?y=2");
    auto rr2 = http::httptest::new_recorder();
    http::redirect(rr2, http::httptest::new_request("POST", "/a"), "http://other/x", 307);
    CHECK(rr2->header_map.get("Location") == "http://other/x");
    CHECK(rr2->header_map.get("Content-Type") == "");
    CHECK(rr2->body == "");
}

TEST_CASE("http Request with_context, form_value and parse_form") {
    auto r = http::httptest::new_request("POST", "/p?a=1&b=2&a=3", "a=9&c=%20x");
    r.header().set("Content-Type", "application/x-www-form-urlencoded");
    struct key {
        bool operator==(const key&) const = default;
    };
    auto r2 = r.with_context(context::with_value(r.context(), key{}, "v"));
    CHECK(r2 != r);
    auto [v, ok] = r2.context().value(key{}).get<std::string>();
    CHECK(ok);
    CHECK(v == "v");
    CHECK(r.context().value(key{}).is_nil());
    r2.header().set("X-Shared", "yes");  // the shallow copy shares the header
    CHECK(r.header().get("X-Shared") == "yes");
    CHECK_THROWS_WITH_AS(r.with_context(nullptr), "nil context", panic_error);

    CHECK(r.form_value("a") == "9");  // body values come first
    CHECK(r.form().map().at("a") == std::vector<std::string>{"9", "1", "3"});
    CHECK(r.form_value("c") == " x");
    CHECK(r.post_form_value("b") == "");
    CHECK(r.form_value("b") == "2");
    CHECK(r.parse_form() == nullptr);  // idempotent

    auto bad = http::httptest::new_request("GET", "/p?a=1;b=2&c=3");
    CHECK(bad.parse_form().error() == "invalid semicolon separator in query");
    CHECK(bad.form_value("c") == "3");

    CHECK(http::new_request("BAD METHOD", "http://x/").err.error() ==
          "net/http: invalid method \"BAD METHOD\"");
    CHECK(http::new_request_with_context(nullptr, "GET", "http://x/").err.error() ==
          "net/http: nil Context");
    auto [cr, err] = http::new_request("POST", "http://example.com:/x", "body");
    REQUIRE(err == nullptr);
    CHECK(cr.host() == "example.com");
    CHECK(cr.content_length() == 4);
    CHECK(http::read_all(cr.body()).data == "body");
}

TEST_CASE("http timeout_handler answers 503 when the handler is late, else passes its reply") {
    auto fast = http::timeout_handler(http::HandlerFunc([](http::ResponseWriter w, http::Request) {
                                          w.header().set("X-A", "1");
                                          w.write_header(201);
                                          w.write("made");
                                      }),
                                      std::chrono::seconds(10), "late");
    auto rr = http::httptest::new_recorder();
    fast.serve_http(rr, http::httptest::new_request("GET", "/"));
    CHECK(rr->code == 201);
    CHECK(rr->body == "made");
    CHECK(rr->header_map.get("X-A") == "1");

    auto release = make_chan<void>();
    auto results = make_chan<std::string>(1);
    auto slow =
        http::timeout_handler(http::HandlerFunc([=](http::ResponseWriter w, http::Request r) {
                                  recv_chan<void>(r.context().done()).recv();
                                  release.recv();
                                  auto [n, err] = w.write("too late");
                                  results.send(err.error() + " " + r.context().err().error());
                              }),
                              std::chrono::milliseconds(20), "");
    auto rr2 = http::httptest::new_recorder();
    slow.serve_http(rr2, http::httptest::new_request("GET", "/"));
    CHECK(rr2->code == 503);
    CHECK(rr2->body ==
          "<html><head><title>Timeout</title></head><body><h1>Timeout</h1></body></html>");
    release.close();
    CHECK(results.recv() == "http: Handler timeout context deadline exceeded");

    auto panics = http::timeout_handler(
        http::HandlerFunc([](http::ResponseWriter, http::Request) { panic("boom"); }),
        std::chrono::seconds(10), "");
    auto rr3 = http::httptest::new_recorder();
    CHECK_THROWS_WITH_AS(panics.serve_http(rr3, http::httptest::new_request("GET", "/")), "boom",
                         panic_error);
}

TEST_CASE("http max_bytes_reader stops at the limit with a MaxBytesError") {
    auto rr = http::httptest::new_recorder();
    auto body = http::max_bytes_reader(rr, http::string_body("0123456789"), 4);
    auto [data, err] = http::read_all(body);
    CHECK(data == "0123");
    REQUIRE(err != nullptr);
    CHECK(err.error() == "http: request body too large");
    auto mbe = errors::as<http::MaxBytesError>(err);
    REQUIRE(mbe != nullptr);
    CHECK(mbe->limit == 4);
    auto exact = http::max_bytes_reader(rr, http::string_body("0123"), 4);
    auto all = http::read_all(exact);
    CHECK(all.data == "0123");
    CHECK(all.err == nullptr);
}
