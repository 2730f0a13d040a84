// net internals: the socket with its poll descriptor and Go's fdMutex,
// address parsing and formatting.
#pragma once

#include <gocpp/detail/netpoll.hpp>
#include <gocpp/net/net.hpp>
#include <gocpp/sync/mutex.hpp>

#include <sys/socket.h>

#include <atomic>
#include <cstdint>
#include <string>
#include <vector>

namespace gocpp::net::detail {

using gocpp::detail::poll_desc;
using gocpp::detail::poll_mode;
using gocpp::detail::poll_status;

// Go's errTimeout ("i/o timeout", is(context::deadline_exceeded)) and
// errCanceled ("operation was canceled", is(context::canceled)): what a dial
// aborted by its context fails with.
extern const error err_timeout;
extern const error err_canceled;
error map_ctx_err(const error& ctx_err);

error syscall_error(const char* syscall, int errnum);
// poll_status::closing -> err_closed, timeout -> os::err_deadline_exceeded.
error poll_error(poll_status st);
std::string errno_text(int errnum);

// A socket registered with the netpoller (Go's netFD + poll.FD).
struct net_fd {
    int sysfd = -1;
    poll_desc* pd = nullptr;
    std::string net;  // "tcp", "tcp4", "udp", "unix", … as given
    int family = 0, sotype = 0;
    Addr laddr, raddr;
    std::string unlink_path;  // a Unix listener's socket file, removed on close
    bool stream = true;       // a zero-byte read is eof

    // Go's fdMutex, simplified: references (bits 0-61) and a closed flag.
    // Reads and writes are serialised by rmu and wmu.
    static constexpr std::uint64_t closed_bit = std::uint64_t{1} << 62;
    std::atomic<std::uint64_t> state{0};
    sync::Mutex rmu, wmu;

    net_fd() = default;
    net_fd(const net_fd&) = delete;
    ~net_fd();

    // Takes ownership of s (non-blocking): registers it with the poller.
    // On failure closes s and returns the error.
    error init(int s);

    bool incref() noexcept;
    void decref() noexcept;
    // Marks closed and wakes every waiter; false if already closed.
    bool close_and_wake() noexcept;
    bool closed() const noexcept { return (state.load() & closed_bit) != 0; }

    // Raw operations: the caller holds a reference (and rmu/wmu).
    // They return the syscall's errno as an error (SyscallError), or the
    // poll error (err_closed, os::err_deadline_exceeded).
    io::result read_raw(std::span<char> buf);
    io::result write_all_raw(std::string_view data);
    io::result readv_raw(const ::iovec* iov, std::size_t count);
    io::result writev_raw(const ::iovec* iov, std::size_t count);
    error set_deadline(time::Time t, poll_mode mode);

  private:
    void destroy() noexcept;
};

// A parsed and resolved socket address.
struct sock_addr {
    sockaddr_storage ss{};
    socklen_t len = 0;
};

// "tcp" -> (AF_UNSPEC, SOCK_STREAM), "udp6" -> (AF_INET6, SOCK_DGRAM), …
struct network_kind {
    int family = 0;  // AF_UNSPEC for "tcp"/"udp"
    int sotype = 0;
    bool unix = false;
    std::string base;  // "tcp", "udp", "unix"
};
// nil error and the kind, or UnknownNetworkError.
error parse_network(std::string_view network, network_kind& out);

// Resolves "host:port" for network into every address of the host, in the
// resolver's order (getaddrinfo's: RFC 6724 and /etc/gai.conf), of the
// network's family; a literal or an empty host gives one. for_listen: an
// empty host is the wildcard, "localhost" the loopback address. The error is
// an AddrError or DNSError. Names are looked up in blocking_call.
error resolve_list(const network_kind& kind, std::string_view address, bool for_listen,
                   std::vector<sock_addr>& out);
// resolve_list's first IPv4 address, else its first (what Go listens on).
error resolve(const network_kind& kind, std::string_view address, bool for_listen, sock_addr& out);
Addr to_addr(const network_kind& kind, const sockaddr* sa, socklen_t len);
std::string sockaddr_string(const sockaddr* sa, socklen_t len);

}  // namespace gocpp::net::detail
