// gocpp/io/bufio.hpp — Go's bufio: buffered Reader and Writer, and a line
// Scanner, over any io Reader or Writer.
//
//     bufio::Reader r(conn);                       // r := bufio.NewReader(conn)
//     auto [line, err] = r.read_string('\n');      // line, err := r.ReadString('\n')
//     bufio::Writer w(conn);                       // w := bufio.NewWriter(conn)
//     w.write("hello\n"); w.flush();               // w.WriteString("hello\n"); w.Flush()
//     bufio::Scanner sc(conn);                     // sc := bufio.NewScanner(conn)
//     while (sc.scan()) use(sc.text());            // for sc.Scan() { use(sc.Text()) }
//     if (sc.err()) ...
//
// The underlying reader or writer is held by value: pass a handle such as
// net::Conn (copies share the connection, as Go's interface values do) or a
// pointer to anything else, which must outlive the bufio object. These
// objects are not thread-safe (neither are Go's); they block as long as the
// underlying read or write does.
#pragma once

#include <gocpp/io/io.hpp>

#include <cstddef>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace gocpp::bufio {

// bufio.ErrBufferFull, ErrNegativeCount, ErrTooLong.
extern const error err_buffer_full;
extern const error err_too_long;

inline constexpr std::size_t default_buf_size = 4096;

namespace detail {
using read_fn = std::function<io::result(std::span<char>)>;
using write_fn = std::function<io::result(std::string_view)>;

template <class R>
read_fn make_read_fn(R r) {
    if constexpr (std::is_pointer_v<R>) {
        return [r](std::span<char> b) { return io::result(r->read(b)); };
    } else {
        return [r = std::move(r)](std::span<char> b) mutable { return io::result(r.read(b)); };
    }
}
template <class W>
write_fn make_write_fn(W w) {
    if constexpr (std::is_pointer_v<W>) {
        return [w](std::string_view s) { return io::result(w->write(s)); };
    } else {
        return [w = std::move(w)](std::string_view s) mutable { return io::result(w.write(s)); };
    }
}
}  // namespace detail

// bufio.Reader.
class Reader {
  public:
    // bufio.NewReaderSize(r, size) (size at least 16).
    template <class R>
    explicit Reader(R r, std::size_t size = default_buf_size)
        : rd_(detail::make_read_fn(std::move(r))), buf_(size < 16 ? 16 : size) {}

    // Reader is an io Reader: from the buffer, or straight from the source
    // when the buffer is empty and buf is at least as large.
    io::result read(std::span<char> buf);
    // ReadByte: the next byte; err (eof at the end) if none.
    std::pair<char, error> read_byte();
    // UnreadByte.
    error unread_byte();
    // ReadString(delim): up to and including delim; at the end of input the
    // rest and eof.
    std::pair<std::string, error> read_string(char delim);
    // ReadLine: a line without its "\n" or "\r\n". is_prefix is true when
    // the line did not fit the buffer (the rest comes in later calls).
    struct line_result {
        std::string line;
        bool is_prefix;
        error err;
    };
    line_result read_line();
    // Peek(n): the next n bytes without consuming them.
    std::pair<std::string_view, error> peek(std::size_t n);
    // Buffered: bytes readable from the buffer without a read.
    std::size_t buffered() const { return w_ - r_; }

  private:
    void fill();
    error take_err() { return std::exchange(err_, error()); }
    // ReadSlice: a view into the buffer up to and including delim.
    std::pair<std::string_view, error> read_slice(char delim);

    detail::read_fn rd_;
    std::vector<char> buf_;
    std::size_t r_ = 0, w_ = 0;
    error err_;
    int last_byte_ = -1;
};

// bufio.Writer.
class Writer {
  public:
    template <class W>
    explicit Writer(W w, std::size_t size = default_buf_size)
        : wr_(detail::make_write_fn(std::move(w))), buf_(size == 0 ? default_buf_size : size) {}

    // Write / WriteString: buffers, writing through when the buffer fills.
    // After an error every call returns it.
    io::result write(std::string_view data);
    io::result write_string(std::string_view s) { return write(s); }
    error write_byte(char c) { return write(std::string_view(&c, 1)).second; }
    // Flush: writes out the buffer.
    error flush();
    std::size_t buffered() const { return n_; }
    std::size_t available() const { return buf_.size() - n_; }

  private:
    detail::write_fn wr_;
    std::vector<char> buf_;
    std::size_t n_ = 0;
    error err_;
};

// bufio.Scanner with ScanLines: each token is a line without "\n" or
// "\r\n"; the last line need not end in a newline. Lines longer than
// max_token_size (64 KiB, Go's MaxScanTokenSize) stop the scan with
// err_too_long.
class Scanner {
  public:
    static constexpr std::size_t max_token_size = 64 * 1024;

    template <class R>
    explicit Scanner(R r) : rd_(detail::make_read_fn(std::move(r))) {}

    // Scan: advances to the next line; false at the end or on error.
    bool scan();
    // Text: the current line.
    const std::string& text() const { return token_; }
    // Err: the first error other than eof, or nil.
    error err() const { return err_ == io::eof ? error() : err_; }
    // Buffer(buf, max): the largest line accepted.
    void buffer(std::size_t max) { max_ = max; }

  private:
    detail::read_fn rd_;
    std::string buf_;
    std::size_t start_ = 0;
    std::string token_;
    error err_;
    std::size_t max_ = max_token_size;
    bool done_ = false;
    int empties_ = 0;
};

}  // namespace gocpp::bufio
