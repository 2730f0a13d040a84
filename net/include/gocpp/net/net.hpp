// gocpp/net/net.hpp — sockets whose reads and writes park the goroutine.
//
//     auto [ln, err] = net::listen("tcp", "127.0.0.1:0");   // ln, err := net.Listen(...)
//     auto [conn, err2] = ln.accept();                      // conn, err := ln.Accept()
//     auto [c, err3] = net::dial("tcp", ln.addr().string());
//     c.set_read_deadline(time::now() + 1s);               // c.SetReadDeadline(...)
//     auto [n, rerr] = c.read(buf);                         // n, err := c.Read(buf)
//     if (net::is_timeout(rerr)) ...                        // err.(net.Error).Timeout()
//
// Blocking: accept, dial*, read, write, read_from, write_to park the calling
// goroutine (dumped as [IO wait]) until the socket is ready, a deadline
// passes or the socket is closed; never the thread. From a thread that is
// not a goroutine they block that thread.
//
// Thread safety: Conn, Listener and PacketConn are cheap handles sharing one
// socket (copies are the same connection, as Go's interface values). Any
// goroutine may call any method at any time, concurrently: concurrent reads
// are served one at a time, as are concurrent writes; close() wakes every
// goroutine parked on the socket with an error for which
// errors::is(err, net::err_closed) holds, and the fd is closed when the last
// call in flight returns.
//
// Errors print Go's text ("dial tcp 127.0.0.1:1: connect: connection
// refused", "read tcp 127.0.0.1:41000->127.0.0.1:8080: i/o timeout"). A
// method called on a nil (default-constructed) handle returns Go's
// "invalid argument" error. Nothing here throws, except std::bad_alloc.
#pragma once

#include <gocpp/context.hpp>
#include <gocpp/error.hpp>
#include <gocpp/os.hpp>
#include <gocpp/io/io.hpp>
#include <gocpp/time.hpp>

#include <boost/system/error_code.hpp>
#include <boost/system/system_error.hpp>

#include <sys/uio.h>

#include <cstddef>
#include <cstdint>
#include <iterator>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <utility>

namespace gocpp {

namespace net {

// net.ErrClosed: "use of closed network connection".
extern const error err_closed;

// Whether err (or an error it wraps) is a timeout: Go's
// err.(net.Error).Timeout().
bool is_timeout(const error& err);

// net.Addr: the network ("tcp", "udp", "unix") and the address as Go
// prints it ("127.0.0.1:8080", "[::1]:8080", "/tmp/sock"). Empty for nil.
class Addr {
  public:
    Addr() = default;
    Addr(std::string network, std::string address)
        : network_(std::move(network)), address_(std::move(address)) {}
    const std::string& network() const { return network_; }
    const std::string& string() const { return address_; }
    explicit operator bool() const { return !address_.empty() || !network_.empty(); }
    friend bool operator==(const Addr&, const Addr&) = default;

  private:
    std::string network_, address_;
};
std::ostream& operator<<(std::ostream& os, const Addr& a);

// net.OpError: "op net source->addr: err".
class OpError : public error_interface, public timeout_error {
  public:
    OpError(std::string op, std::string net, Addr source, Addr addr, error_value err)
        : op(std::move(op)),
          net(std::move(net)),
          source(std::move(source)),
          addr(std::move(addr)),
          err(std::move(err)) {}
    std::string error() const override;
    error_value unwrap() const override { return err; }
    bool timeout() const override;
    bool temporary() const override;

    std::string op, net;
    Addr source, addr;
    error_value err;
};

// os.SyscallError: "connect: connection refused".
class SyscallError : public error_interface, public timeout_error {
  public:
    SyscallError(std::string syscall, int errnum) : syscall(std::move(syscall)), errnum(errnum) {}
    std::string error() const override;
    bool timeout() const override;
    bool temporary() const override;
    std::string syscall;
    int errnum;
};

// net.AddrError: "address 1.2.3.4: missing port in address".
class AddrError : public error_interface {
  public:
    AddrError(std::string err, std::string addr) : err(std::move(err)), addr(std::move(addr)) {}
    std::string error() const override;
    std::string err, addr;
};

// net.UnknownNetworkError: "unknown network foo".
class UnknownNetworkError : public error_interface {
  public:
    explicit UnknownNetworkError(std::string net) : net(std::move(net)) {}
    std::string error() const override { return "unknown network " + net; }
    std::string net;
};

// net.DNSError: "lookup example.invalid: no such host".
class DNSError : public error_interface, public timeout_error {
  public:
    DNSError(std::string err, std::string name, bool is_not_found)
        : err(std::move(err)), name(std::move(name)), is_not_found(is_not_found) {}
    std::string error() const override { return "lookup " + name + ": " + err; }
    bool timeout() const override { return false; }
    bool temporary() const override { return false; }
    std::string err, name;
    bool is_not_found;
};

namespace detail {
struct net_fd;
}

// net.Conn (a *TCPConn, *UnixConn or connected *UDPConn).
class Conn {
  public:
    Conn() = default;  // nil

    // Read: up to buf.size() bytes; io::eof once the peer has closed its
    // side and everything was read. Blocks until data, eof, an error, the
    // read deadline or close().
    io::result read(std::span<char> buf) const;
    // Write: all of data, or fewer bytes and an error (deadline, close,
    // peer gone). Blocks until written.
    io::result write(std::string_view data) const;
    // Close: the first close returns nil; later ones an error wrapping
    // err_closed. Wakes every goroutine parked on the connection.
    error close() const;
    // CloseWrite (TCP and Unix): shuts down the writing side; the peer
    // reads eof.
    error close_write() const;
    // CloseRead.
    error close_read() const;
    Addr local_addr() const;
    Addr remote_addr() const;
    // Deadlines: an absolute time; time::Time{} clears. A deadline that has
    // passed fails calls at once (and wakes one in progress) with an error
    // for which is_timeout() and errors::is(err, os::err_deadline_exceeded)
    // hold. Moving it later lets the next call succeed.
    error set_deadline(time::Time t) const;
    error set_read_deadline(time::Time t) const;
    error set_write_deadline(time::Time t) const;
    // SetNoDelay (TCP; on by default), SetKeepAlive.
    error set_no_delay(bool on) const;
    error set_keep_alive(bool on) const;

    // Boost.Beast's SyncReadStream / SyncWriteStream: read_some and
    // write_some over Asio buffer sequences (a buffer, or a range of them:
    // anything with data() and size()), with or without an error_code (the
    // throwing forms throw boost::system::system_error). read_some reads at
    // least one byte (eof: boost::asio::error::eof); write_some writes at
    // least one byte with one writev of all the buffers. Deadlines and
    // close() apply as to read and write.
    template <class MutableBufferSequence>
    std::size_t read_some(const MutableBufferSequence& buffers,
                          boost::system::error_code& ec) const;
    template <class MutableBufferSequence>
    std::size_t read_some(const MutableBufferSequence& buffers) const;
    template <class ConstBufferSequence>
    std::size_t write_some(const ConstBufferSequence& buffers, boost::system::error_code& ec) const;
    template <class ConstBufferSequence>
    std::size_t write_some(const ConstBufferSequence& buffers) const;
    // The raw forms under them.
    io::result read_some_iov(const ::iovec* iov, std::size_t count) const;
    io::result write_some_iov(const ::iovec* iov, std::size_t count) const;

    // The file descriptor, for setsockopt and the like; -1 for nil.
    int fd() const;

    explicit operator bool() const { return fd_ != nullptr; }
    friend bool operator==(const Conn& a, const Conn& b) { return a.fd_ == b.fd_; }

    explicit Conn(std::shared_ptr<detail::net_fd> fd) : fd_(std::move(fd)) {}

  private:
    std::shared_ptr<detail::net_fd> fd_;
};

namespace detail {

// The error_code an Asio stream reports for err: eof -> asio::error::eof,
// closed -> operation_aborted, timeout -> timed_out, a syscall's errno as is.
boost::system::error_code to_error_code(const error& err);

// Up to 64 buffers of an Asio buffer sequence as iovecs.
template <class Buffers>
std::size_t to_iovecs(const Buffers& buffers, ::iovec (&iov)[64]) {
    std::size_t n = 0;
    auto add = [&](const auto& b) {
        if (n < 64 && b.size() != 0) {
            iov[n].iov_base = const_cast<void*>(static_cast<const void*>(b.data()));
            iov[n].iov_len = b.size();
            ++n;
        }
    };
    if constexpr (requires {
                      buffers.data();
                      buffers.size();
                  }) {
        add(buffers);
    } else {
        for (auto it = std::begin(buffers); it != std::end(buffers) && n < 64; ++it)
            add(*it);
    }
    return n;
}

}  // namespace detail

template <class MutableBufferSequence>
std::size_t Conn::read_some(const MutableBufferSequence& buffers,
                            boost::system::error_code& ec) const {
    ::iovec iov[64];
    const std::size_t count = detail::to_iovecs(buffers, iov);
    if (count == 0) {
        ec = {};
        return 0;
    }
    auto [n, err] = read_some_iov(iov, count);
    ec = detail::to_error_code(err);
    return n;
}

template <class MutableBufferSequence>
std::size_t Conn::read_some(const MutableBufferSequence& buffers) const {
    boost::system::error_code ec;
    const std::size_t n = read_some(buffers, ec);
    if (ec) throw boost::system::system_error(ec);
    return n;
}

template <class ConstBufferSequence>
std::size_t Conn::write_some(const ConstBufferSequence& buffers,
                             boost::system::error_code& ec) const {
    ::iovec iov[64];
    const std::size_t count = detail::to_iovecs(buffers, iov);
    if (count == 0) {
        ec = {};
        return 0;
    }
    auto [n, err] = write_some_iov(iov, count);
    ec = detail::to_error_code(err);
    return n;
}

template <class ConstBufferSequence>
std::size_t Conn::write_some(const ConstBufferSequence& buffers) const {
    boost::system::error_code ec;
    const std::size_t n = write_some(buffers, ec);
    if (ec) throw boost::system::system_error(ec);
    return n;
}

// net.Listener (a *TCPListener or *UnixListener).
class Listener {
  public:
    Listener() = default;
    // Accept: the next connection. Blocks until one arrives, the listener
    // is closed ("accept tcp ADDR: use of closed network connection") or
    // the deadline passes. Backs off on EMFILE/ENFILE (5 ms doubling to
    // 1 s) rather than spinning.
    std::pair<Conn, error> accept() const;
    error close() const;
    Addr addr() const;
    error set_deadline(time::Time t) const;
    int fd() const;
    explicit operator bool() const { return fd_ != nullptr; }
    explicit Listener(std::shared_ptr<detail::net_fd> fd) : fd_(std::move(fd)) {}

  private:
    std::shared_ptr<detail::net_fd> fd_;
};

// net.PacketConn (a *UDPConn from listen_packet).
class PacketConn {
  public:
    PacketConn() = default;
    // ReadFrom: one datagram (truncated to buf) and its sender.
    std::pair<std::size_t, error> read_from(std::span<char> buf, Addr* from) const;
    struct read_from_result {
        std::size_t n;
        Addr addr;
        error err;
    };
    read_from_result read_from(std::span<char> buf) const;
    // WriteTo: one datagram to addr ("host:port" in an Addr).
    io::result write_to(std::string_view data, const Addr& addr) const;
    error close() const;
    Addr local_addr() const;
    error set_deadline(time::Time t) const;
    error set_read_deadline(time::Time t) const;
    error set_write_deadline(time::Time t) const;
    explicit operator bool() const { return fd_ != nullptr; }
    explicit PacketConn(std::shared_ptr<detail::net_fd> fd) : fd_(std::move(fd)) {}

  private:
    std::shared_ptr<detail::net_fd> fd_;
};

// net.Dialer.
struct Dialer {
    // Timeout: the most a dial may take (0: no limit of its own).
    time::Duration timeout{0};
    // KeepAlive: TCP keep-alive period; 0 means 15 s, negative disables.
    time::Duration keep_alive{0};

    // DialContext: connects to address on network ("tcp", "tcp4", "tcp6",
    // "unix", "udp", "udp4", "udp6"). Canceling ctx or passing its deadline
    // aborts a connect in progress: "dial tcp ADDR: operation was canceled"
    // (errors::is(err, context::canceled)) or "…: i/o timeout".
    std::pair<Conn, error> dial_context(const context::Context& ctx, std::string_view network,
                                        std::string_view address) const;
    std::pair<Conn, error> dial(std::string_view network, std::string_view address) const;
};

// net.Dial, net.DialTimeout.
std::pair<Conn, error> dial(std::string_view network, std::string_view address);
std::pair<Conn, error> dial_timeout(std::string_view network, std::string_view address,
                                    time::Duration timeout);
// net.Listen ("tcp", "tcp4", "tcp6", "unix").
std::pair<Listener, error> listen(std::string_view network, std::string_view address);
// net.ListenPacket ("udp", "udp4", "udp6").
std::pair<PacketConn, error> listen_packet(std::string_view network, std::string_view address);

// net.SplitHostPort, net.JoinHostPort.
struct host_port {
    std::string host, port;
    error err;
};
host_port split_host_port(std::string_view hostport);
std::string join_host_port(std::string_view host, std::string_view port);

}  // namespace net
}  // namespace gocpp
