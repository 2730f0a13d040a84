// gocpp/http/httptest.hpp — Go's net/http/httptest: a ResponseWriter that
// records, and server-side requests made from a string, for testing
// handlers without a connection.
//
//     auto rr = httptest::new_recorder();
//     mux.serve_http(rr, httptest::new_request("GET", "/hello"));
//     CHECK(rr->code == 200);
//     CHECK(rr->body == "hello, world\n");
//
// Not safe for concurrent use (neither is Go's recorder).
#pragma once

#include <gocpp/http/handler.hpp>

#include <memory>
#include <string>
#include <string_view>

namespace gocpp::http::httptest {

class ResponseRecorder : public ResponseWriterInterface {
  public:
    int code = 200;        // rr.Code
    Header header_map;     // rr.HeaderMap: the header as the handler left it
    std::string body;      // rr.Body
    bool flushed = false;  // rr.Flushed
    Header snap_header;    // the header as it was when the status was written
    bool wrote_header = false;

    Header& header() override { return header_map; }
    write_result write(std::string_view data) override;
    void write_header(int status_code, gocpp::detail::call_site caller) override;
    void flush() override;
};

// httptest.NewRecorder().
std::shared_ptr<ResponseRecorder> new_recorder();

// httptest.NewRequest(method, target, body): an incoming server request for
// target ("/path?q" or "http://host/path"), Host "example.com" unless the
// target names one, RemoteAddr "192.0.2.1:1234", proto HTTP/1.1. Panics on a
// target that does not parse, as Go's does.
Request new_request(std::string_view method, std::string_view target, std::string body = "");

}  // namespace gocpp::http::httptest
