// The fields behind a Request handle.
#pragma once

#include <gocpp/http/request.hpp>

#include <functional>
#include <memory>

namespace gocpp::http {

struct request_fields {
    std::string method;
    url::URL url;
    std::string proto = "HTTP/1.1";
    int proto_major = 1;
    int proto_minor = 1;
    // Shared by with_context copies, as Go's shallow copy shares the map.
    std::shared_ptr<Header> header = std::make_shared<Header>();
    Body body;
    std::int64_t content_length = 0;
    // Go's GetBody: a fresh copy of the body, for a client that must send it
    // again (307/308 redirects, a retry on a new connection). Set for string
    // bodies by new_request_with_context; empty otherwise.
    std::function<Body()> get_body;
    bool close = false;
    std::string host;
    std::string remote_addr;
    std::string request_uri;
    url::Values form;
    url::Values post_form;
    bool form_parsed = false;       // Form != nil
    bool post_form_parsed = false;  // PostForm != nil
    context::Context ctx;
};

}  // namespace gocpp::http
