// Go's net and os error values and their texts.
#include "internal.hpp"

#include <gocpp/detail/immortal.hpp>
#include <gocpp/errors.hpp>

#include <cerrno>
#include <cstring>
#include <ostream>

namespace gocpp {

namespace {

// Go's poll.errNetClosing.
class net_closing_error final : public error_interface, public timeout_error {
  public:
    std::string error() const override { return "use of closed network connection"; }
    bool timeout() const override { return false; }
    bool temporary() const override { return false; }
};

// Go's net.timeoutError: "i/o timeout", is context.DeadlineExceeded.
class dial_timeout_error final : public error_interface, public timeout_error {
  public:
    std::string error() const override { return "i/o timeout"; }
    bool timeout() const override { return true; }
    bool temporary() const override { return true; }
    bool is(const error_value& target) const override {
        return target == context::deadline_exceeded;
    }
};

// Go's net.canceledError.
class canceled_error final : public error_interface {
  public:
    std::string error() const override { return "operation was canceled"; }
    bool is(const error_value& target) const override { return target == context::canceled; }
};

}  // namespace

namespace net {

const error err_closed = gocpp::detail::immortal_ptr(new net_closing_error);

bool is_timeout(const error& err) {
    if (!err) return false;
    if (auto t = err.as<timeout_error>()) return t->timeout();
    // Wrapped by something that is not a net error: look through it.
    if (auto t = errors::as<timeout_error>(err)) return t->timeout();
    return false;
}

std::ostream& operator<<(std::ostream& os, const Addr& a) {
    return os << (a ? a.string() : std::string("<nil>"));
}

std::string OpError::error() const {
    std::string s = op;
    if (!net.empty()) s += " " + net;
    if (source) s += " " + source.string();
    if (addr) {
        s += source ? "->" : " ";
        s += addr.string();
    }
    s += ": ";
    s += err ? err.error() : std::string("<nil>");
    return s;
}

bool OpError::timeout() const {
    if (auto t = err.as<timeout_error>()) return t->timeout();
    return false;
}
bool OpError::temporary() const {
    if (auto t = err.as<timeout_error>()) return t->temporary();
    return false;
}

std::string SyscallError::error() const {
    return syscall + ": " + detail::errno_text(errnum);
}
bool SyscallError::timeout() const {
    return errnum == EAGAIN || errnum == ETIMEDOUT;
}
bool SyscallError::temporary() const {
    return errnum == EINTR || errnum == EMFILE || errnum == ENFILE || errnum == ECONNRESET ||
           errnum == ECONNABORTED || timeout();
}

std::string AddrError::error() const {
    if (addr.empty()) return err;
    return "address " + addr + ": " + err;
}

namespace detail {

const error err_timeout = gocpp::detail::immortal_ptr(new dial_timeout_error);
const error err_canceled = gocpp::detail::immortal_ptr(new canceled_error);

error map_ctx_err(const error& ctx_err) {
    if (ctx_err == context::canceled) return err_canceled;
    if (ctx_err == context::deadline_exceeded) return err_timeout;
    return ctx_err;
}

// Go's syscall error table is glibc's text with a lower-case first letter.
std::string errno_text(int errnum) {
    char buf[256];
    const char* s = strerror_r(errnum, buf, sizeof buf);
    std::string text = s;
    if (!text.empty() && text[0] >= 'A' && text[0] <= 'Z' &&
        !(text.size() > 1 && text[1] >= 'A' && text[1] <= 'Z')) {
        text[0] = static_cast<char>(text[0] - 'A' + 'a');
    }
    return text;
}

error syscall_error(const char* syscall, int errnum) {
    return std::make_shared<SyscallError>(syscall, errnum);
}

error poll_error(poll_status st) {
    switch (st) {
        case poll_status::ok:
            return nullptr;
        case poll_status::closing:
            return err_closed;
        case poll_status::timeout:
            return os::err_deadline_exceeded;
    }
    return nullptr;
}

}  // namespace detail
}  // namespace net
}  // namespace gocpp

#include <boost/asio/error.hpp>

namespace gocpp::net::detail {

boost::system::error_code to_error_code(const error& err) {
    namespace ae = boost::asio::error;
    if (!err) return {};
    if (err == io::eof) return ae::eof;
    if (errors::is(err, err_closed)) return ae::operation_aborted;
    if (errors::is(err, os::err_deadline_exceeded)) return ae::timed_out;
    if (auto se = errors::as<SyscallError>(err))
        return boost::system::error_code(se->errnum, boost::system::system_category());
    return boost::system::error_code(EIO, boost::system::system_category());
}

}  // namespace gocpp::net::detail
