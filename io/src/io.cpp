// Go's io sentinel errors.
#include <gocpp/io/io.hpp>
#include <gocpp/errors.hpp>

namespace gocpp::io {

const error eof = errors::new_("EOF");
const error err_unexpected_eof = errors::new_("unexpected EOF");
const error err_short_write = errors::new_("short write");
const error err_no_progress = errors::new_("multiple Read calls return no data or error");

}  // namespace gocpp::io
