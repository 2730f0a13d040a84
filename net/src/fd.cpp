// The socket under Conn, Listener and PacketConn: Go's internal/poll FD on
// the runtime's netpoller (fd_unix.go, fd_mutex.go). Operations try the
// syscall first and park only on EAGAIN.
#include "internal.hpp"

#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

#include <cerrno>

namespace gocpp::net::detail {

net_fd::~net_fd() {
    // Dropped without close(): Go's finalizer would close it too.
    if (sysfd >= 0) destroy();
}

error net_fd::init(int s) {
    sysfd = s;
    pd = gocpp::detail::poll_open(s);
    if (pd == nullptr) {
        const int e = errno;
        ::close(s);
        sysfd = -1;
        return syscall_error("epoll_ctl", e);
    }
    return nullptr;
}

bool net_fd::incref() noexcept {
    std::uint64_t old = state.load(std::memory_order_relaxed);
    do {
        if ((old & closed_bit) != 0) return false;
    } while (!state.compare_exchange_weak(old, old + 1, std::memory_order_acq_rel));
    return true;
}

void net_fd::decref() noexcept {
    const std::uint64_t now = state.fetch_sub(1, std::memory_order_acq_rel) - 1;
    // The last call in flight after close() does the real close(2).
    if (now == closed_bit) destroy();
}

bool net_fd::close_and_wake() noexcept {
    std::uint64_t old = state.load(std::memory_order_relaxed);
    do {
        if ((old & closed_bit) != 0) return false;
    } while (!state.compare_exchange_weak(old, (old | closed_bit) + 1, std::memory_order_acq_rel));
    gocpp::detail::poll_evict(pd);
    decref();
    return true;
}

void net_fd::destroy() noexcept {
    if (sysfd < 0) return;
    if (pd != nullptr) gocpp::detail::poll_close(pd);
    pd = nullptr;
    ::close(sysfd);
    sysfd = -1;
    if (!unlink_path.empty()) ::unlink(unlink_path.c_str());
}

io::result net_fd::read_raw(std::span<char> buf) {
    if (auto st = gocpp::detail::poll_prepare(pd, poll_mode::read); st != poll_status::ok)
        return {0, poll_error(st)};
    if (buf.empty() && stream) return {0, nullptr};
    for (;;) {
        const ssize_t n = ::read(sysfd, buf.data(), buf.size());
        if (n >= 0) {
            if (n == 0 && stream) return {0, io::eof};
            return {static_cast<std::size_t>(n), nullptr};
        }
        if (errno == EINTR) continue;
        if (errno != EAGAIN) return {0, syscall_error("read", errno)};
        if (auto st = gocpp::detail::poll_wait(pd, poll_mode::read); st != poll_status::ok)
            return {0, poll_error(st)};
    }
}

io::result net_fd::write_all_raw(std::string_view data) {
    if (auto st = gocpp::detail::poll_prepare(pd, poll_mode::write); st != poll_status::ok)
        return {0, poll_error(st)};
    std::size_t done = 0;
    for (;;) {
        const std::size_t chunk = std::min<std::size_t>(data.size() - done, 1 << 30);
        const ssize_t n = ::send(sysfd, data.data() + done, chunk, MSG_NOSIGNAL);
        if (n > 0) {
            done += static_cast<std::size_t>(n);
            if (done == data.size()) return {done, nullptr};
            continue;
        }
        if (n == 0) {
            if (data.empty()) return {0, nullptr};
            return {done, io::err_unexpected_eof};
        }
        if (errno == EINTR) continue;
        if (errno == ENOTSOCK) {  // not reached for sockets; kept for pipes
            const ssize_t m = ::write(sysfd, data.data() + done, chunk);
            if (m > 0) {
                done += static_cast<std::size_t>(m);
                if (done == data.size()) return {done, nullptr};
                continue;
            }
        }
        if (errno != EAGAIN) return {done, syscall_error("write", errno)};
        if (auto st = gocpp::detail::poll_wait(pd, poll_mode::write); st != poll_status::ok)
            return {done, poll_error(st)};
    }
}

io::result net_fd::readv_raw(const ::iovec* iov, std::size_t count) {
    if (auto st = gocpp::detail::poll_prepare(pd, poll_mode::read); st != poll_status::ok)
        return {0, poll_error(st)};
    std::size_t total = 0;
    for (std::size_t i = 0; i < count; ++i)
        total += iov[i].iov_len;
    if (total == 0) return {0, nullptr};
    for (;;) {
        const ssize_t n =
            ::readv(sysfd, iov, static_cast<int>(std::min<std::size_t>(count, IOV_MAX)));
        if (n >= 0) {
            if (n == 0 && stream) return {0, io::eof};
            return {static_cast<std::size_t>(n), nullptr};
        }
        if (errno == EINTR) continue;
        if (errno != EAGAIN) return {0, syscall_error("readv", errno)};
        if (auto st = gocpp::detail::poll_wait(pd, poll_mode::read); st != poll_status::ok)
            return {0, poll_error(st)};
    }
}

io::result net_fd::writev_raw(const ::iovec* iov, std::size_t count) {
    if (auto st = gocpp::detail::poll_prepare(pd, poll_mode::write); st != poll_status::ok)
        return {0, poll_error(st)};
    std::size_t total = 0;
    for (std::size_t i = 0; i < count; ++i)
        total += iov[i].iov_len;
    if (total == 0) return {0, nullptr};
    ::msghdr msg{};
    msg.msg_iov = const_cast<::iovec*>(iov);
    msg.msg_iovlen = std::min<std::size_t>(count, IOV_MAX);
    for (;;) {
        const ssize_t n = ::sendmsg(sysfd, &msg, MSG_NOSIGNAL);
        if (n > 0) return {static_cast<std::size_t>(n), nullptr};
        if (n == 0) return {0, io::err_unexpected_eof};
        if (errno == EINTR) continue;
        if (errno != EAGAIN) return {0, syscall_error("writev", errno)};
        if (auto st = gocpp::detail::poll_wait(pd, poll_mode::write); st != poll_status::ok)
            return {0, poll_error(st)};
    }
}

error net_fd::set_deadline(time::Time t, poll_mode mode) {
    std::int64_t d = 0;
    if (t != time::Time{}) {
        if (t <= time::now()) {
            d = -1;
        } else {
            d = std::chrono::duration_cast<std::chrono::nanoseconds>(t.time_since_epoch()).count();
        }
    }
    gocpp::detail::poll_set_deadline(pd, d, mode);
    return nullptr;
}

}  // namespace gocpp::net::detail
