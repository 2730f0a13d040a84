// Conn, Listener, PacketConn, Dialer: Go's net API over net_fd.
#include "internal.hpp"
#include <gocpp/errors.hpp>

#include <gocpp/net/detail/test_hooks.hpp>

#include <gocpp/panic.hpp>

#include <cstring>
#include <functional>

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <fstream>
#include <mutex>

namespace gocpp::net {

int (*detail::test_hook_connect)(int, const sockaddr*, socklen_t) = nullptr;
std::vector<std::string> (*detail::test_hook_lookup_host)(std::string_view) = nullptr;

using detail::net_fd;
using detail::poll_mode;

namespace {

// Go's syscall.EINVAL, what methods of a nil conn return.
const error& err_invalid() {
    static const error e = std::make_shared<SyscallError>("", EINVAL);
    static const error plain = errors::new_("invalid argument");
    (void)e;
    return plain;
}

// Holds a reference for the duration of a call (Go's incref/decref).
class fd_ref {
  public:
    explicit fd_ref(net_fd* fd) : fd_(fd), ok_(fd->incref()) {}
    ~fd_ref() {
        if (ok_) fd_->decref();
    }
    explicit operator bool() const { return ok_; }

  private:
    net_fd* fd_;
    bool ok_;
};

error op_error(const char* op, const net_fd& fd, const error& err) {
    if (!err || err == io::eof) return err;
    return std::make_shared<OpError>(op, fd.net, fd.laddr, fd.raddr, err);
}

// The Go default: SOMAXCONN as the kernel says.
int listen_backlog() {
    static const int backlog = [] {
        std::ifstream f("/proc/sys/net/core/somaxconn");
        int n = 0;
        if (f >> n && n > 0) return std::min(n, 65535);
        return SOMAXCONN;
    }();
    return backlog;
}

void set_keep_alive_period(int s, time::Duration d) {
    int on = 1;
    setsockopt(s, SOL_SOCKET, SO_KEEPALIVE, &on, sizeof on);
    int secs = static_cast<int>(std::max<std::int64_t>(
        1, std::chrono::duration_cast<std::chrono::seconds>(d + std::chrono::milliseconds(999))
               .count()));
    setsockopt(s, IPPROTO_TCP, TCP_KEEPINTVL, &secs, sizeof secs);
    setsockopt(s, IPPROTO_TCP, TCP_KEEPIDLE, &secs, sizeof secs);
}

// Go's defaults for a new TCP connection: no Nagle, keep-alive 15 s.
void tune_tcp(int s, time::Duration keep_alive) {
    int one = 1;
    setsockopt(s, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    if (keep_alive >= time::Duration::zero())
        set_keep_alive_period(
            s, keep_alive == time::Duration::zero() ? std::chrono::seconds(15) : keep_alive);
}

void fill_addrs(net_fd& fd, const detail::network_kind& kind) {
    sockaddr_storage ss{};
    socklen_t len = sizeof ss;
    if (getsockname(fd.sysfd, reinterpret_cast<sockaddr*>(&ss), &len) == 0)
        fd.laddr = detail::to_addr(kind, reinterpret_cast<sockaddr*>(&ss), len);
    len = sizeof ss;
    if (getpeername(fd.sysfd, reinterpret_cast<sockaddr*>(&ss), &len) == 0)
        fd.raddr = detail::to_addr(kind, reinterpret_cast<sockaddr*>(&ss), len);
}

std::pair<std::shared_ptr<net_fd>, error> new_socket(const detail::network_kind& kind, int family) {
    const int s = ::socket(family, kind.sotype | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (s < 0) return {nullptr, detail::syscall_error("socket", errno)};
    auto fd = std::make_shared<net_fd>();
    fd->family = family;
    fd->sotype = kind.sotype;
    fd->stream = kind.sotype == SOCK_STREAM;
    if (error err = fd->init(s)) return {nullptr, err};
    return {fd, nullptr};
}

}  // namespace

// ---------------------------------------------------------------------------
// Conn

io::result Conn::read(std::span<char> buf) const {
    if (!fd_) return {0, err_invalid()};
    net_fd& fd = *fd_;
    fd_ref ref(&fd);
    if (!ref) return {0, op_error("read", fd, err_closed)};
    std::lock_guard lk(fd.rmu);
    auto [n, err] = fd.read_raw(buf);
    return {n, op_error("read", fd, err)};
}

io::result Conn::write(std::string_view data) const {
    if (!fd_) return {0, err_invalid()};
    net_fd& fd = *fd_;
    fd_ref ref(&fd);
    if (!ref) return {0, op_error("write", fd, err_closed)};
    std::lock_guard lk(fd.wmu);
    auto [n, err] = fd.write_all_raw(data);
    return {n, op_error("write", fd, err)};
}

io::result Conn::read_some_iov(const ::iovec* iov, std::size_t count) const {
    if (!fd_) return {0, err_invalid()};
    net_fd& fd = *fd_;
    fd_ref ref(&fd);
    if (!ref) return {0, op_error("read", fd, err_closed)};
    std::lock_guard lk(fd.rmu);
    auto [n, err] = fd.readv_raw(iov, count);
    return {n, op_error("read", fd, err)};
}

io::result Conn::write_some_iov(const ::iovec* iov, std::size_t count) const {
    if (!fd_) return {0, err_invalid()};
    net_fd& fd = *fd_;
    fd_ref ref(&fd);
    if (!ref) return {0, op_error("write", fd, err_closed)};
    std::lock_guard lk(fd.wmu);
    auto [n, err] = fd.writev_raw(iov, count);
    return {n, op_error("write", fd, err)};
}

error Conn::close() const {
    if (!fd_) return err_invalid();
    if (!fd_->close_and_wake()) return op_error("close", *fd_, err_closed);
    return nullptr;
}

static error shutdown_fd(const std::shared_ptr<net_fd>& fdp, int how) {
    if (!fdp) return err_invalid();
    fd_ref ref(fdp.get());
    if (!ref) return op_error("close", *fdp, err_closed);
    if (::shutdown(fdp->sysfd, how) != 0)
        return op_error("close", *fdp, detail::syscall_error("shutdown", errno));
    return nullptr;
}

error Conn::close_write() const {
    return shutdown_fd(fd_, SHUT_WR);
}
error Conn::close_read() const {
    return shutdown_fd(fd_, SHUT_RD);
}

Addr Conn::local_addr() const {
    return fd_ ? fd_->laddr : Addr();
}
Addr Conn::remote_addr() const {
    return fd_ ? fd_->raddr : Addr();
}
int Conn::fd() const {
    return fd_ ? fd_->sysfd : -1;
}

static error set_deadline_of(const std::shared_ptr<net_fd>& fdp, time::Time t, poll_mode mode) {
    if (!fdp) return err_invalid();
    fd_ref ref(fdp.get());
    if (!ref) return op_error("set", *fdp, err_closed);
    return fdp->set_deadline(t, mode);
}

error Conn::set_deadline(time::Time t) const {
    return set_deadline_of(fd_, t, poll_mode::both);
}
error Conn::set_read_deadline(time::Time t) const {
    return set_deadline_of(fd_, t, poll_mode::read);
}
error Conn::set_write_deadline(time::Time t) const {
    return set_deadline_of(fd_, t, poll_mode::write);
}

static error set_int_opt(const std::shared_ptr<net_fd>& fdp, int level, int opt, int value) {
    if (!fdp) return err_invalid();
    fd_ref ref(fdp.get());
    if (!ref) return op_error("set", *fdp, err_closed);
    if (setsockopt(fdp->sysfd, level, opt, &value, sizeof value) != 0)
        return op_error("set", *fdp, detail::syscall_error("setsockopt", errno));
    return nullptr;
}

error Conn::set_no_delay(bool on) const {
    return set_int_opt(fd_, IPPROTO_TCP, TCP_NODELAY, on ? 1 : 0);
}
error Conn::set_keep_alive(bool on) const {
    return set_int_opt(fd_, SOL_SOCKET, SO_KEEPALIVE, on ? 1 : 0);
}

// ---------------------------------------------------------------------------
// Listener

std::pair<Conn, error> Listener::accept() const {
    if (!fd_) return {Conn(), err_invalid()};
    net_fd& fd = *fd_;
    auto fail = [&](const error& err) {
        return std::pair<Conn, error>{
            Conn(), std::make_shared<OpError>("accept", fd.net, Addr(), fd.laddr, err)};
    };
    fd_ref ref(&fd);
    if (!ref) return fail(err_closed);
    std::lock_guard lk(fd.rmu);
    if (auto st = gocpp::detail::poll_prepare(fd.pd, poll_mode::read);
        st != detail::poll_status::ok)
        return fail(detail::poll_error(st));
    for (;;) {
        sockaddr_storage ss{};
        socklen_t len = sizeof ss;
        const int s = ::accept4(fd.sysfd, reinterpret_cast<sockaddr*>(&ss), &len,
                                SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (s >= 0) {
            static_cast<void>(0);
            auto c = std::make_shared<net_fd>();
            c->net = fd.net;
            c->family = fd.family;
            c->sotype = fd.sotype;
            if (error err = c->init(s)) return fail(err);
            detail::network_kind kind;
            detail::parse_network(fd.net, kind);
            if (!kind.unix) tune_tcp(s, time::Duration::zero());
            fill_addrs(*c, kind);
            return {Conn(std::move(c)), nullptr};
        }
        const int e = errno;
        if (e == EINTR || e == ECONNABORTED) continue;
        if (e == EAGAIN) {
            if (auto st = gocpp::detail::poll_wait(fd.pd, poll_mode::read);
                st != detail::poll_status::ok)
                return fail(detail::poll_error(st));
            continue;
        }
        if (e == EMFILE || e == ENFILE) {
            // Out of descriptors: back off (5 ms doubling to 1 s while it
            // lasts) before reporting, so that a retrying loop cannot spin.
            static std::atomic<std::int64_t> backoff_ns{0};
            std::int64_t d = backoff_ns.load(std::memory_order_relaxed);
            d = d == 0 ? 5'000'000 : std::min<std::int64_t>(d * 2, 1'000'000'000);
            backoff_ns.store(d, std::memory_order_relaxed);
            time::sleep(std::chrono::nanoseconds(d));
            return fail(detail::syscall_error("accept4", e));
        }
        return fail(detail::syscall_error("accept4", e));
    }
}

error Listener::close() const {
    if (!fd_) return err_invalid();
    if (!fd_->close_and_wake())
        return std::make_shared<OpError>("close", fd_->net, Addr(), fd_->laddr, err_closed);
    return nullptr;
}

Addr Listener::addr() const {
    return fd_ ? fd_->laddr : Addr();
}
int Listener::fd() const {
    return fd_ ? fd_->sysfd : -1;
}
error Listener::set_deadline(time::Time t) const {
    return set_deadline_of(fd_, t, poll_mode::both);
}

// ---------------------------------------------------------------------------
// PacketConn

PacketConn::read_from_result PacketConn::read_from(std::span<char> buf) const {
    if (!fd_) return {0, Addr(), err_invalid()};
    net_fd& fd = *fd_;
    auto fail = [&](std::size_t n, const error& err) {
        return read_from_result{n, Addr(),
                                std::make_shared<OpError>("read", fd.net, fd.laddr, Addr(), err)};
    };
    fd_ref ref(&fd);
    if (!ref) return fail(0, err_closed);
    std::lock_guard lk(fd.rmu);
    if (auto st = gocpp::detail::poll_prepare(fd.pd, poll_mode::read);
        st != detail::poll_status::ok)
        return fail(0, detail::poll_error(st));
    for (;;) {
        sockaddr_storage ss{};
        socklen_t len = sizeof ss;
        const ssize_t n =
            ::recvfrom(fd.sysfd, buf.data(), buf.size(), 0, reinterpret_cast<sockaddr*>(&ss), &len);
        if (n >= 0) {
            detail::network_kind kind;
            detail::parse_network(fd.net, kind);
            return {static_cast<std::size_t>(n),
                    detail::to_addr(kind, reinterpret_cast<sockaddr*>(&ss), len), nullptr};
        }
        if (errno == EINTR) continue;
        if (errno != EAGAIN) return fail(0, detail::syscall_error("recvfrom", errno));
        if (auto st = gocpp::detail::poll_wait(fd.pd, poll_mode::read);
            st != detail::poll_status::ok)
            return fail(0, detail::poll_error(st));
    }
}

std::pair<std::size_t, error> PacketConn::read_from(std::span<char> buf, Addr* from) const {
    auto r = read_from(buf);
    if (from != nullptr) *from = r.addr;
    return {r.n, r.err};
}

io::result PacketConn::write_to(std::string_view data, const Addr& addr) const {
    if (!fd_) return {0, err_invalid()};
    net_fd& fd = *fd_;
    auto fail = [&](const error& err) {
        return io::result{0, std::make_shared<OpError>("write", fd.net, fd.laddr, addr, err)};
    };
    detail::network_kind kind;
    detail::parse_network(fd.net, kind);
    if (kind.family == AF_UNSPEC) kind.family = fd.family == AF_INET6 ? AF_UNSPEC : AF_INET;
    detail::sock_addr sa;
    if (error err = detail::resolve(kind, addr.string(), false, sa)) return fail(err);
    if (fd.family == AF_INET6 && sa.ss.ss_family == AF_INET) {
        // A dual-stack socket sends to IPv4 as v4-mapped IPv6.
        const auto* sin = reinterpret_cast<const sockaddr_in*>(&sa.ss);
        sockaddr_in6 sin6{};
        sin6.sin6_family = AF_INET6;
        sin6.sin6_port = sin->sin_port;
        sin6.sin6_addr.s6_addr[10] = 0xff;
        sin6.sin6_addr.s6_addr[11] = 0xff;
        std::memcpy(&sin6.sin6_addr.s6_addr[12], &sin->sin_addr, 4);
        std::memcpy(&sa.ss, &sin6, sizeof sin6);
        sa.len = sizeof sin6;
    }
    fd_ref ref(&fd);
    if (!ref) return fail(err_closed);
    std::lock_guard lk(fd.wmu);
    if (auto st = gocpp::detail::poll_prepare(fd.pd, poll_mode::write);
        st != detail::poll_status::ok)
        return fail(detail::poll_error(st));
    for (;;) {
        const ssize_t n = ::sendto(fd.sysfd, data.data(), data.size(), MSG_NOSIGNAL,
                                   reinterpret_cast<const sockaddr*>(&sa.ss), sa.len);
        if (n >= 0) return {static_cast<std::size_t>(n), nullptr};
        if (errno == EINTR) continue;
        if (errno != EAGAIN) return fail(detail::syscall_error("sendto", errno));
        if (auto st = gocpp::detail::poll_wait(fd.pd, poll_mode::write);
            st != detail::poll_status::ok)
            return fail(detail::poll_error(st));
    }
}

error PacketConn::close() const {
    if (!fd_) return err_invalid();
    if (!fd_->close_and_wake())
        return std::make_shared<OpError>("close", fd_->net, fd_->laddr, Addr(), err_closed);
    return nullptr;
}
Addr PacketConn::local_addr() const {
    return fd_ ? fd_->laddr : Addr();
}
error PacketConn::set_deadline(time::Time t) const {
    return set_deadline_of(fd_, t, poll_mode::both);
}
error PacketConn::set_read_deadline(time::Time t) const {
    return set_deadline_of(fd_, t, poll_mode::read);
}
error PacketConn::set_write_deadline(time::Time t) const {
    return set_deadline_of(fd_, t, poll_mode::write);
}

// ---------------------------------------------------------------------------
// Dial

namespace {

// What the context watcher shares with the connect: the watcher moves the
// write deadline to the past unless the connect has finished.
struct connect_interrupt {
    std::mutex mu;
    bool finished = false;
    bool fired = false;
};

// One connect to one address (Go's dialSingle): the socket's write deadline
// is `deadline` (zero: none) and ctx's watcher moves it to the past.
std::pair<Conn, error> dial_single(const context::Context& ctx, const detail::network_kind& kind,
                                   const std::string& net_name, const detail::sock_addr& sa,
                                   const Addr& raddr, time::Time deadline,
                                   time::Duration keep_alive) {
    auto fail = [&](const error& err) {
        return std::pair<Conn, error>{
            Conn(), std::make_shared<OpError>("dial", net_name, Addr(), raddr, err)};
    };
    auto [fdp, serr] = new_socket(kind, sa.ss.ss_family);
    if (serr) return fail(serr);
    net_fd& fd = *fdp;
    fd.net = net_name;
    if (deadline != time::Time{}) fd.set_deadline(deadline, poll_mode::write);

    std::shared_ptr<connect_interrupt> intr;
    std::function<bool()> stop_watch;
    if (!(ctx.done() == nullptr)) {
        intr = std::make_shared<connect_interrupt>();
        std::weak_ptr<net_fd> weak = fdp;
        stop_watch = context::after_func(ctx, [intr, weak] {
            std::lock_guard lk(intr->mu);
            if (intr->finished) return;
            intr->fired = true;
            if (auto f = weak.lock()) {
                fd_ref ref(f.get());
                if (ref)
                    f->set_deadline(time::now() - std::chrono::hours(24 * 365 * 100),
                                    poll_mode::write);
            }
        });
    }

    error err;
    auto* connect_fn =
        detail::test_hook_connect != nullptr ? detail::test_hook_connect : &::connect;
    if (connect_fn(fd.sysfd, reinterpret_cast<const sockaddr*>(&sa.ss), sa.len) != 0) {
        int e = errno;
        if (e == EINPROGRESS || e == EALREADY || e == EINTR) {
            for (;;) {
                const auto st = gocpp::detail::poll_wait(fd.pd, poll_mode::write);
                if (st != detail::poll_status::ok) {
                    if (error cerr = ctx.err()) {
                        err = detail::map_ctx_err(cerr);
                    } else if (st == detail::poll_status::timeout) {
                        err = detail::err_timeout;
                    } else {
                        err = detail::poll_error(st);
                    }
                    break;
                }
                int so = 0;
                socklen_t len = sizeof so;
                if (getsockopt(fd.sysfd, SOL_SOCKET, SO_ERROR, &so, &len) != 0) so = errno;
                if (so == 0) {
                    // The poller may wake us spuriously (Go issues 14548,
                    // 19289): connected only if the peer is known.
                    sockaddr_storage peer{};
                    socklen_t plen = sizeof peer;
                    if (getpeername(fd.sysfd, reinterpret_cast<sockaddr*>(&peer), &plen) == 0)
                        break;
                    continue;
                }
                if (so == EINPROGRESS || so == EALREADY || so == EINTR) continue;
                err = detail::syscall_error("connect", so);
                break;
            }
        } else if (e != EISCONN) {
            err = detail::syscall_error("connect", e);
        }
    }
    if (intr) {
        {
            std::lock_guard lk(intr->mu);
            intr->finished = true;
        }
        stop_watch();
    }
    if (!err && intr && ctx.err()) err = detail::map_ctx_err(ctx.err());
    if (err) {
        fd.close_and_wake();
        return fail(err);
    }
    fd.set_deadline(time::Time{}, poll_mode::write);
    if (!kind.unix && kind.sotype == SOCK_STREAM) tune_tcp(fd.sysfd, keep_alive);
    fill_addrs(fd, kind);
    if (!fd.raddr) fd.raddr = raddr;
    return {Conn(std::move(fdp)), nullptr};
}

// Go's partialDeadline: the share of the time left that the next of
// `remaining` addresses gets: an equal share, but at least 2 s while that
// much is left. False if no time is left.
bool partial_deadline(time::Time now, time::Time deadline, std::size_t remaining, time::Time& out) {
    if (deadline == time::Time{}) {
        out = deadline;
        return true;
    }
    const time::Duration left = deadline - now;
    if (left <= time::Duration::zero()) return false;
    time::Duration share = left / static_cast<std::int64_t>(remaining);
    const time::Duration sane_minimum = std::chrono::seconds(2);
    if (share < sane_minimum) share = left < sane_minimum ? left : sane_minimum;
    out = now + share;
    return true;
}

}  // namespace

// Go's dialSerial: each address of the name in turn, each with its share of
// the time left, until one connects; else the first address's error.
std::pair<Conn, error> Dialer::dial_context(const context::Context& ctx, std::string_view network,
                                            std::string_view address) const {
    if (!ctx) throw panic_error("nil context");
    const std::string net_name(network);
    detail::network_kind kind;
    if (error err = detail::parse_network(network, kind))
        return {Conn(), std::make_shared<OpError>("dial", net_name, Addr(), Addr(), err)};
    std::vector<detail::sock_addr> addrs;
    if (error err = detail::resolve_list(kind, address, false, addrs))
        return {Conn(), std::make_shared<OpError>("dial", net_name, Addr(), Addr(), err)};

    // The deadline: the earlier of the context's and now + timeout.
    time::Time deadline{};
    if (auto [d, ok] = ctx.deadline(); ok) deadline = d;
    if (timeout > time::Duration::zero()) {
        const time::Time t = time::now() + timeout;
        if (deadline == time::Time{} || t < deadline) deadline = t;
    }

    error first_err;
    for (std::size_t i = 0; i < addrs.size(); ++i) {
        const detail::sock_addr& sa = addrs[i];
        const Addr raddr = detail::to_addr(kind, reinterpret_cast<const sockaddr*>(&sa.ss), sa.len);
        if (error cerr = ctx.err())
            return {Conn(), std::make_shared<OpError>("dial", net_name, Addr(), raddr,
                                                      detail::map_ctx_err(cerr))};
        time::Time attempt_deadline;
        if (!partial_deadline(time::now(), deadline, addrs.size() - i, attempt_deadline)) {
            if (!first_err)
                first_err =
                    std::make_shared<OpError>("dial", net_name, Addr(), raddr, detail::err_timeout);
            break;
        }
        auto [c, err] = dial_single(ctx, kind, net_name, sa, raddr, attempt_deadline, keep_alive);
        if (!err) return {c, nullptr};
        if (!first_err) first_err = err;
    }
    return {Conn(), first_err};
}

std::pair<Conn, error> Dialer::dial(std::string_view network, std::string_view address) const {
    return dial_context(context::background(), network, address);
}

std::pair<Conn, error> dial(std::string_view network, std::string_view address) {
    return Dialer{}.dial(network, address);
}

std::pair<Conn, error> dial_timeout(std::string_view network, std::string_view address,
                                    time::Duration timeout) {
    return Dialer{.timeout = timeout}.dial(network, address);
}

// ---------------------------------------------------------------------------
// Listen

namespace {

std::pair<std::shared_ptr<net_fd>, error> bind_socket(std::string_view network,
                                                      std::string_view address, bool stream,
                                                      const char* op) {
    const std::string net_name(network);
    detail::network_kind kind;
    if (error err = detail::parse_network(network, kind))
        return {nullptr, std::make_shared<OpError>(op, net_name, Addr(), Addr(), err)};
    if ((kind.sotype == SOCK_STREAM) != stream)
        return {nullptr,
                std::make_shared<OpError>(op, net_name, Addr(), Addr(),
                                          std::make_shared<UnknownNetworkError>(net_name))};
    detail::sock_addr sa;
    if (error err = detail::resolve(kind, address, true, sa))
        return {nullptr, std::make_shared<OpError>(op, net_name, Addr(), Addr(), err)};
    const Addr laddr = detail::to_addr(kind, reinterpret_cast<sockaddr*>(&sa.ss), sa.len);
    auto fail = [&](const error& err) {
        return std::pair<std::shared_ptr<net_fd>, error>{
            nullptr, std::make_shared<OpError>(op, net_name, Addr(), laddr, err)};
    };
    auto [fdp, serr] = new_socket(kind, sa.ss.ss_family);
    if (serr) return fail(serr);
    net_fd& fd = *fdp;
    fd.net = net_name;
    const int one = 1, zero = 0;
    if (!kind.unix) setsockopt(fd.sysfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (sa.ss.ss_family == AF_INET6)
        setsockopt(fd.sysfd, IPPROTO_IPV6, IPV6_V6ONLY, kind.family == AF_INET6 ? &one : &zero,
                   sizeof one);
    if (kind.sotype == SOCK_DGRAM) setsockopt(fd.sysfd, SOL_SOCKET, SO_BROADCAST, &one, sizeof one);
    if (::bind(fd.sysfd, reinterpret_cast<sockaddr*>(&sa.ss), sa.len) != 0) {
        const error err = detail::syscall_error("bind", errno);
        fd.close_and_wake();
        return fail(err);
    }
    if (stream && ::listen(fd.sysfd, listen_backlog()) != 0) {
        const error err = detail::syscall_error("listen", errno);
        fd.close_and_wake();
        return fail(err);
    }
    if (kind.unix && !address.empty() && address[0] != '@') fd.unlink_path = std::string(address);
    fill_addrs(fd, kind);
    if (kind.unix) fd.laddr = Addr("unix", std::string(address));
    return {fdp, nullptr};
}

}  // namespace

std::pair<Listener, error> listen(std::string_view network, std::string_view address) {
    auto [fd, err] = bind_socket(network, address, true, "listen");
    if (err) return {Listener(), err};
    return {Listener(std::move(fd)), nullptr};
}

std::pair<PacketConn, error> listen_packet(std::string_view network, std::string_view address) {
    auto [fd, err] = bind_socket(network, address, false, "listen");
    if (err) return {PacketConn(), err};
    return {PacketConn(std::move(fd)), nullptr};
}

}  // namespace gocpp::net
