// ResponseWriter and Handler plumbing, the package's error values, logging.
#include "log.hpp"

#include <gocpp/http/handler.hpp>
#include <gocpp/errors.hpp>
#include <gocpp/panic.hpp>

#include <chrono>
#include <cstdio>
#include <ctime>

namespace gocpp::http {

const gocpp::error err_handler_timeout = errors::new_("http: Handler timeout");
const gocpp::error err_body_not_allowed =
    errors::new_("http: request method or response status code does not allow body");
const gocpp::error err_content_length =
    errors::new_("http: wrote more than the declared Content-Length");

namespace {
[[noreturn]] void nil_deref() {
    panic("runtime error: invalid memory address or nil pointer dereference");
}
}  // namespace

ResponseWriterInterface& ResponseWriter::impl() const {
    if (!w_) nil_deref();
    return *w_;
}

void Handler::serve_http(ResponseWriter w, Request r) const {
    if (!h_) nil_deref();
    h_->serve_http(std::move(w), std::move(r));
}

namespace detail {

void std_logf(const std::string& msg) {
    auto now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    std::tm tm{};
    localtime_r(&now, &tm);
    char stamp[32];
    std::strftime(stamp, sizeof stamp, "%Y/%m/%d %H:%M:%S ", &tm);
    std::string line = stamp + msg;
    if (line.empty() || line.back() != '\n') line += '\n';
    std::fwrite(line.data(), 1, line.size(), stderr);
}

void request_logf(const Request& r, const std::string& msg) {
    if (r) {
        auto v = r.context().value(server_log_key{});
        if (auto p = v.as<shared_log>(); p && *p && **p) {
            (**p)(msg);
            return;
        }
    }
    std_logf(msg);
}

std::string superfluous_write_header_message(const gocpp::detail::call_site& caller) {
    std::string file = caller.file_name();
    if (auto slash = file.rfind('/'); slash != std::string::npos) file = file.substr(slash + 1);
    return "http: superfluous response.WriteHeader call from " +
           std::string(caller.function_name()) + " (" + file + ":" + std::to_string(caller.line()) +
           ")";
}

}  // namespace detail
}  // namespace gocpp::http
