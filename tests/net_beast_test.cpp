// net::Conn as Boost.Beast's SyncReadStream and SyncWriteStream: an HTTP/1.1
// request and response through boost::beast::http::read/write.
#include "net_test_util.hpp"

#include <gocpp/gocpp.hpp>

#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/stream_traits.hpp>
#include <boost/beast/http.hpp>

#include <doctest/doctest.h>

using namespace gocpp;
using namespace std::chrono_literals;
namespace beast_http = boost::beast::http;

static_assert(boost::beast::is_sync_read_stream<net::Conn>::value);
static_assert(boost::beast::is_sync_write_stream<net::Conn>::value);

TEST_CASE("beast: an HTTP request and response over net::Conn") {
    net_test::leak_check lc;
    auto [ln, err] = net::listen("tcp", "127.0.0.1:0");
    REQUIRE(!err);
    auto served = make_chan<std::string>(1);
    go([ln = ln, served] {
        auto [c, err] = ln.accept();
        if (err) return;
        boost::beast::flat_buffer buf;
        beast_http::request<beast_http::string_body> req;
        boost::system::error_code ec;
        beast_http::read(c, buf, req, ec);
        std::string seen = ec ? ec.message() : std::string(req.target()) + " " + req.body();
        beast_http::response<beast_http::string_body> res{beast_http::status::ok, 11};
        res.set(beast_http::field::content_type, "text/plain");
        res.body() = std::string(100000, 'b');  // several writev calls' worth
        res.prepare_payload();
        beast_http::write(c, res, ec);
        // The next read sees the client's close as Beast's end_of_stream.
        beast_http::request<beast_http::string_body> req2;
        beast_http::read(c, buf, req2, ec);
        seen += ec == beast_http::error::end_of_stream ? " eos" : " " + ec.message();
        c.close();
        served.send(seen);
    });
    auto [c, derr] = net::dial("tcp", ln.addr().string());
    REQUIRE(!derr);
    beast_http::request<beast_http::string_body> req{beast_http::verb::post, "/echo", 11};
    req.set(beast_http::field::host, "localhost");
    req.body() = "payload";
    req.prepare_payload();
    beast_http::write(c, req);  // the throwing forms
    boost::beast::flat_buffer buf;
    beast_http::response<beast_http::string_body> res;
    beast_http::read(c, buf, res);
    CHECK(res.result_int() == 200);
    CHECK(res.body() == std::string(100000, 'b'));
    c.close();
    CHECK(served.recv() == "/echo payload eos");
    ln.close();
}

TEST_CASE("beast: read_some reports timeouts and eof as Asio error codes") {
    net_test::leak_check lc;
    auto [ln, err] = net::listen("tcp", "127.0.0.1:0");
    REQUIRE(!err);
    auto [c, derr] = net::dial("tcp", ln.addr().string());
    REQUIRE(!derr);
    auto [s, aerr] = ln.accept();
    REQUIRE(!aerr);
    char b[4];
    boost::system::error_code ec;
    c.set_read_deadline(time::now() + 10ms);
    CHECK(c.read_some(boost::asio::buffer(b), ec) == 0);
    CHECK(ec == boost::asio::error::timed_out);
    c.set_read_deadline(time::Time{});
    s.close();
    CHECK(c.read_some(boost::asio::buffer(b), ec) == 0);
    CHECK(ec == boost::asio::error::eof);
    c.close();
    CHECK_THROWS_AS(c.read_some(boost::asio::buffer(b)), boost::system::system_error);
    ln.close();
}
