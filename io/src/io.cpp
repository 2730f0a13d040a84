// Go's io sentinel errors.
#include <gocpp/io/io.hpp>

namespace gocpp::io {

const error eof = errors_new("EOF");
const error err_unexpected_eof = errors_new("unexpected EOF");
const error err_short_write = errors_new("short write");
const error err_no_progress = errors_new("multiple Read calls return no data or error");

}  // namespace gocpp::io
