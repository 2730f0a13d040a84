// gocpp/http/detail/stream.hpp — the byte stream a server connection runs
// over: what http needs of a connection, so that the HTTP layer does not
// depend on sockets. net::Conn gets an adapter; new_pipe() gives two
// connected in-memory ends for tests.
//
// Contract (Go's net.Conn, as http uses it):
//   read(buf)   blocks the calling goroutine (never its thread) until at
//               least one byte is there, then returns {n > 0, nil}; at the
//               peer's end of stream {0, http::eof}; past the read deadline
//               an error that is a timeout (is_timeout); after close() an
//               error. One goroutine reads at a time.
//   write(buf)  writes all of buf or returns an error (write deadline as
//               for read). One goroutine writes at a time.
//   set_read_deadline / set_write_deadline: time::Time{} clears; a
//               deadline in the past fails a blocked call at once. Safe from
//               any goroutine while another reads or writes.
//   close()     wakes blocked calls; safe from any goroutine, idempotent.
#pragma once

#include <gocpp/error.hpp>
#include <gocpp/net/net.hpp>
#include <gocpp/time/clock.hpp>

#include <cstddef>
#include <memory>
#include <span>
#include <string>

namespace gocpp::http::detail {

struct io_result {
    std::size_t n = 0;
    gocpp::error err;
};

class stream {
  public:
    virtual ~stream() = default;
    virtual io_result read(std::span<char> buf) = 0;
    virtual io_result write(std::span<const char> buf) = 0;
    virtual gocpp::error close() = 0;
    // Half-close: the peer reads eof, this end can still read.
    virtual gocpp::error close_write() = 0;
    virtual void set_read_deadline(time::Time t) = 0;
    virtual void set_write_deadline(time::Time t) = 0;
    virtual std::string local_addr() const = 0;
    virtual std::string remote_addr() const = 0;
};

// Whether err says a deadline passed (Go's err.(net.Error).Timeout()).
bool is_timeout(const gocpp::error& err);

// Two connected in-memory ends, buffered without bound in each direction
// (as a socket's kernel buffers, so a writer never waits for its reader).
// Reads park the goroutine on channels. a's remote address is b_addr and
// the other way round. Reads after the local close() fail with "io: read/write on
// closed pipe"; reads after the peer's close() or close_write() drain what
// is buffered, then return eof. A timeout prints "i/o timeout".
struct pipe_ends {
    std::shared_ptr<stream> a, b;
};
pipe_ends new_pipe(std::string a_addr = "192.0.2.10:1000", std::string b_addr = "192.0.2.20:80");

// A stream over a connected socket: the server's accepted connections and
// the Transport's dialed ones. Errors are net's own (net::OpError), so
// is_timeout() and errors::is(err, net::err_closed) hold as for the Conn.
std::shared_ptr<stream> new_conn_stream(net::Conn c);

}  // namespace gocpp::http::detail
