// gocpp/io/io.hpp — Go's io.Reader and io.Writer shapes and the helpers
// that accept them.
//
//     auto [n, err] = io::read_full(conn, buf);    // n, err := io.ReadFull(conn, buf)
//     auto [data, err] = io::read_all(conn);       // data, err := io.ReadAll(conn)
//     auto [copied, err] = io::copy(dst, src);     // copied, err := io.Copy(dst, src)
//     if (err == io::eof) { ... }                  // if err == io.EOF
//
// A Reader is anything with `read(std::span<char>)` returning
// std::pair<std::size_t, error> (n bytes read, then the error, as Go's
// Read: n > 0 may come with an error, and io::eof at the end). A Writer is
// anything with `write(std::string_view)` returning std::pair<std::size_t,
// error>; a short write comes with a non-nil error. net::Conn and the bufio
// types are both. Readers and Writers are taken by reference and are not
// copied. The helpers block as long as the reader or writer does; they are
// as thread-safe as the reader and writer given to them.
#pragma once

#include <gocpp/error.hpp>
#include <gocpp/errors.hpp>

#include <concepts>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <utility>

namespace gocpp::io {

// io.EOF: "EOF". Returned by read at the end of the input; compare with ==.
extern const error eof;
// io.ErrUnexpectedEOF: "unexpected EOF", the input ended in the middle of
// something (read_full).
extern const error err_unexpected_eof;
// io.ErrShortWrite: "short write".
extern const error err_short_write;
// io.ErrNoProgress: "multiple Read calls return no data or error".
extern const error err_no_progress;

// The result of Read and Write: bytes moved, then the error.
using result = std::pair<std::size_t, error>;

template <class R>
concept Reader = requires(R& r, std::span<char> buf) {
    { r.read(buf) } -> std::convertible_to<result>;
};

template <class W>
concept Writer = requires(W& w, std::string_view data) {
    { w.write(data) } -> std::convertible_to<result>;
};

// io.ReadFull(r, buf): reads exactly buf.size() bytes. err is eof if none
// were read, err_unexpected_eof if the input ended part way.
template <Reader R>
result read_full(R& r, std::span<char> buf) {
    std::size_t n = 0;
    error err;
    while (n < buf.size() && !err) {
        auto [m, e] = r.read(buf.subspan(n));
        n += m;
        err = e;
    }
    if (n >= buf.size()) {
        err = nullptr;
    } else if (n > 0 && err == eof) {
        err = err_unexpected_eof;
    }
    return {n, err};
}

// io.ReadAll(r): everything up to eof; eof itself is not an error.
template <Reader R>
std::pair<std::string, error> read_all(R& r) {
    std::string out;
    out.resize(512);
    std::size_t len = 0;
    for (;;) {
        if (len == out.size()) out.resize(out.size() * 2);
        auto [n, err] = r.read(std::span<char>(out.data() + len, out.size() - len));
        len += n;
        if (err) {
            out.resize(len);
            return {std::move(out), err == eof ? error() : err};
        }
    }
}

// io.Copy(dst, src): copies until eof on src or an error; returns the bytes
// copied and the first error other than eof.
template <Writer W, Reader R>
std::pair<std::int64_t, error> copy(W& dst, R& src) {
    char buf[32 * 1024];
    std::int64_t written = 0;
    for (;;) {
        auto [nr, er] = src.read(std::span<char>(buf, sizeof buf));
        if (nr > 0) {
            auto [nw, ew] = dst.write(std::string_view(buf, nr));
            written += static_cast<std::int64_t>(nw);
            if (ew) return {written, ew};
            if (nw != nr) return {written, err_short_write};
        }
        if (er) return {written, er == eof ? error() : er};
    }
}

// io.WriteString(w, s).
template <Writer W>
result write_string(W& w, std::string_view s) {
    return w.write(s);
}

}  // namespace gocpp::io
