// httptest: ResponseRecorder and new_request, after Go's
// net/http/httptest/recorder.go and httptest.go.
#include "request_fields.hpp"

#include <gocpp/http/httptest.hpp>
#include <gocpp/http/mux.hpp>
#include <gocpp/panic.hpp>

namespace gocpp::http::httptest {

write_result ResponseRecorder::write(std::string_view data) {
    if (!wrote_header) {
        // Go's writeHeader(b, str): sniff a Content-Type the handler did not set.
        if (!header_map.has("Content-Type") && header_map.get("Transfer-Encoding").empty())
            header_map.set("Content-Type", detect_content_type(data));
        write_header(200, gocpp::detail::call_site::current());
    }
    body.append(data);
    return {data.size(), nullptr};
}

void ResponseRecorder::write_header(int status_code, gocpp::detail::call_site) {
    if (status_code < 100 || status_code > 999)
        panic("invalid WriteHeader code " + std::to_string(status_code));
    if (wrote_header) return;
    code = status_code;
    wrote_header = true;
    snap_header = header_map;
}

void ResponseRecorder::flush() {
    if (!wrote_header) write_header(200, gocpp::detail::call_site::current());
    flushed = true;
}

std::shared_ptr<ResponseRecorder> new_recorder() {
    return std::make_shared<ResponseRecorder>();
}

Request new_request(std::string_view method, std::string_view target, std::string body) {
    std::string m = method.empty() ? "GET" : std::string(method);
    auto [u, err] = url::parse_request_uri(target);
    if (err) panic("invalid NewRequest arguments; " + err.error());
    auto f = std::make_shared<request_fields>();
    f->method = std::move(m);
    f->request_uri = std::string(target);
    f->host = u.host.empty() ? "example.com" : u.host;
    f->url = std::move(u);
    f->remote_addr = "192.0.2.1:1234";
    f->content_length = static_cast<std::int64_t>(body.size());
    f->body = body.empty() ? no_body : string_body(std::move(body));
    f->ctx = context::background();
    return Request(std::move(f));
}

}  // namespace gocpp::http::httptest
