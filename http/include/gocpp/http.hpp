// gocpp/http.hpp — Go's net/http for gocpp: Header, Request,
// ResponseWriter, Handler, ServeMux, the helpers, httptest, and the
// HTTP/1.1 server connection (server.hpp). `namespace gocpp::http`.
#pragma once

#include <gocpp/http/body.hpp>
#include <gocpp/http/client.hpp>
#include <gocpp/http/handler.hpp>
#include <gocpp/http/header.hpp>
#include <gocpp/http/httptest.hpp>
#include <gocpp/http/mux.hpp>
#include <gocpp/http/request.hpp>
#include <gocpp/http/response.hpp>
#include <gocpp/http/server.hpp>
#include <gocpp/http/status.hpp>
#include <gocpp/http/propagation.hpp>
#include <gocpp/url.hpp>
