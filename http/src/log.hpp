// Where the package logs: the serving Server's error_log, found through the
// request's context, or Go's standard logger format on stderr.
#pragma once

#include <gocpp/http/request.hpp>

#include <functional>
#include <memory>
#include <gocpp/detail/call_site.hpp>
#include <string>

namespace gocpp::http::detail {

using log_func = std::function<void(const std::string&)>;

// The context key under which a server connection stores its logger.
struct server_log_key {
    friend bool operator==(const server_log_key&, const server_log_key&) = default;
    static constexpr std::string_view go_type_name = "http.contextKey";
};
using shared_log = std::shared_ptr<const log_func>;

// Go's log.Printf on the standard logger: "2009/11/10 23:00:00 msg\n" on
// stderr.
void std_logf(const std::string& msg);
// The server's logf for r (its error_log, else std_logf).
void request_logf(const Request& r, const std::string& msg);
// "http: superfluous response.WriteHeader call from FUNC (FILE:LINE)".
std::string superfluous_write_header_message(const gocpp::detail::call_site& caller);

}  // namespace gocpp::http::detail
