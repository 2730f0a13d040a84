// io and bufio: Go's io_test.go (ReadFull, ReadAll, Copy) and bufio_test.go /
// scan_test.go cases (ReadString, ReadLine, ReadByte, Writer, Scanner lines).
#include <gocpp/io.hpp>

#include <doctest/doctest.h>

#include <algorithm>
#include <cstring>
#include <string>
#include <vector>

using namespace gocpp;

namespace {

// Go's strings.Reader, optionally handing out at most `chunk` bytes a call
// (iotest.OneByteReader / HalfReader) and an error at the end instead of eof.
struct string_reader {
    std::string data;
    std::size_t chunk = SIZE_MAX;
    error end = io::eof;
    bool data_with_eof = false;  // return the last bytes together with eof
    std::size_t pos = 0;
    io::result read(std::span<char> buf) {
        if (pos >= data.size()) return {0, end};
        std::size_t n = std::min({buf.size(), chunk, data.size() - pos});
        std::memcpy(buf.data(), data.data() + pos, n);
        pos += n;
        if (data_with_eof && pos == data.size()) return {n, end};
        return {n, nullptr};
    }
};

struct string_writer {
    std::string out;
    std::size_t limit = SIZE_MAX;  // fail after this many bytes
    std::vector<std::size_t> calls;
    io::result write(std::string_view s) {
        calls.push_back(s.size());
        if (out.size() + s.size() > limit) {
            std::size_t n = limit - out.size();
            out.append(s.substr(0, n));
            return {n, errors::new_("disk full")};
        }
        out.append(s);
        return {s.size(), nullptr};
    }
};

static_assert(io::Reader<string_reader>);
static_assert(io::Writer<string_writer>);
static_assert(io::Reader<bufio::Reader>);
static_assert(io::Writer<bufio::Writer>);

}  // namespace

TEST_CASE("io: sentinel errors print Go's text") {
    CHECK(io::eof.error() == "EOF");
    CHECK(io::err_unexpected_eof.error() == "unexpected EOF");
    CHECK(io::err_short_write.error() == "short write");
}

TEST_CASE("io: read_full reads exactly, reports eof and unexpected eof") {
    for (std::size_t chunk : {std::size_t{1}, std::size_t{3}, SIZE_MAX}) {
        string_reader r{"hello world", chunk};
        char buf[5];
        auto [n, err] = io::read_full(r, buf);
        CHECK(n == 5);
        CHECK(!err);
        CHECK(std::string(buf, 5) == "hello");
        auto [n2, err2] = io::read_full(r, buf);
        CHECK(n2 == 5);
        CHECK(std::string(buf, 5) == " worl");
        auto [n3, err3] = io::read_full(r, buf);
        CHECK(n3 == 1);
        CHECK(err3 == io::err_unexpected_eof);
        auto [n4, err4] = io::read_full(r, buf);
        CHECK(n4 == 0);
        CHECK(err4 == io::eof);
    }
    // Data arriving together with eof still fills the buffer.
    string_reader r{"abc", SIZE_MAX, io::eof, true};
    char buf[3];
    auto [n, err] = io::read_full(r, buf);
    CHECK(n == 3);
    CHECK(!err);
}

TEST_CASE("io: read_all returns everything; eof is not an error, other errors are") {
    std::string big(100000, 'x');
    for (std::size_t i = 0; i < big.size(); ++i)
        big[i] = static_cast<char>('a' + i % 26);
    string_reader r{big, 777};
    auto [data, err] = io::read_all(r);
    CHECK(!err);
    CHECK(data == big);

    auto broken = errors::new_("broken");
    string_reader r2{"partial", 4, broken};
    auto [data2, err2] = io::read_all(r2);
    CHECK(data2 == "partial");
    CHECK(err2 == broken);
}

TEST_CASE("io: copy moves everything and reports the writer's error") {
    string_reader r{std::string(70000, 'z'), 1000};
    string_writer w;
    auto [n, err] = io::copy(w, r);
    CHECK(n == 70000);
    CHECK(!err);
    CHECK(w.out == std::string(70000, 'z'));

    string_reader r2{"0123456789"};
    string_writer w2;
    w2.limit = 4;
    auto [n2, err2] = io::copy(w2, r2);
    CHECK(n2 == 4);
    CHECK(err2.error() == "disk full");
}

TEST_CASE("bufio: read_string up to the delimiter, the rest with eof") {
    for (std::size_t chunk : {std::size_t{1}, std::size_t{5}, SIZE_MAX}) {
        string_reader src{"line one\nline two\nlast", chunk};
        bufio::Reader r(&src, 16);
        auto [a, e1] = r.read_string('\n');
        CHECK(a == "line one\n");
        CHECK(!e1);
        auto [b, e2] = r.read_string('\n');
        CHECK(b == "line two\n");
        CHECK(!e2);
        auto [c, e3] = r.read_string('\n');
        CHECK(c == "last");
        CHECK(e3 == io::eof);
        auto [d, e4] = r.read_string('\n');
        CHECK(d.empty());
        CHECK(e4 == io::eof);
    }
    // Longer than the buffer.
    std::string long_line(100, 'q');
    string_reader src{long_line + "\nx"};
    bufio::Reader r(&src, 16);
    CHECK(r.read_string('\n').first == long_line + "\n");
}

TEST_CASE("bufio: read_line strips \\n and \\r\\n and reports prefixes") {
    string_reader src{"abc\r\ndef\nghi"};
    bufio::Reader r(&src);
    auto l1 = r.read_line();
    CHECK(l1.line == "abc");
    CHECK(!l1.is_prefix);
    CHECK(!l1.err);
    auto l2 = r.read_line();
    CHECK(l2.line == "def");
    auto l3 = r.read_line();
    CHECK(l3.line == "ghi");
    CHECK(!l3.err);
    auto l4 = r.read_line();
    CHECK(l4.line.empty());
    CHECK(l4.err == io::eof);

    // Go's TestReadLineTooLong shape: a line longer than the buffer comes in pieces.
    string_reader src2{std::string(40, 'a') + "\n"};
    bufio::Reader r2(&src2, 16);
    std::string got;
    int pieces = 0;
    for (;;) {
        auto l = r2.read_line();
        got += l.line;
        ++pieces;
        if (!l.is_prefix) break;
    }
    CHECK(got == std::string(40, 'a'));
    CHECK(pieces == 3);
}

TEST_CASE("bufio: read_byte, unread_byte and read") {
    string_reader src{"xyz", 1};
    bufio::Reader r(&src);
    auto [c1, e1] = r.read_byte();
    CHECK(c1 == 'x');
    CHECK(!e1);
    CHECK(!r.unread_byte());
    CHECK(r.read_byte().first == 'x');
    CHECK(r.read_byte().first == 'y');
    char buf[8];
    auto [n, err] = r.read(buf);
    CHECK(n == 1);
    CHECK(buf[0] == 'z');
    auto [c2, e2] = r.read_byte();
    CHECK(e2 == io::eof);
    (void)c2;
}

TEST_CASE("bufio: writer buffers until flush and writes large blocks through") {
    string_writer out;
    bufio::Writer w(&out, 8);
    w.write("abc");
    w.write_string("de");
    CHECK(out.out.empty());
    CHECK(w.buffered() == 5);
    CHECK(w.available() == 3);
    CHECK(!w.flush());
    CHECK(out.out == "abcde");
    CHECK(w.buffered() == 0);
    // Filling the buffer writes it out.
    w.write("0123456789");
    CHECK(out.out.substr(0, 13) == "abcde01234567");
    w.flush();
    CHECK(out.out == "abcde0123456789");
    // A large write with an empty buffer goes straight through in one call.
    out.calls.clear();
    w.write(std::string(100, 'L'));
    CHECK(out.calls.size() == 1);
    CHECK(out.calls[0] == 100);
    // Errors stick.
    string_writer bad;
    bad.limit = 2;
    bufio::Writer w2(&bad, 4);
    w2.write("abc");
    auto ferr = w2.flush();
    CHECK(ferr.error() == "disk full");
    CHECK(w2.write("x").second == ferr);
}

TEST_CASE("bufio: scanner yields lines without terminators, the last one unterminated") {
    for (std::size_t chunk : {std::size_t{1}, std::size_t{7}, SIZE_MAX}) {
        string_reader src{"one\ntwo\r\n\nthree", chunk};
        bufio::Scanner sc(&src);
        std::vector<std::string> lines;
        while (sc.scan())
            lines.push_back(sc.text());
        CHECK(lines == std::vector<std::string>{"one", "two", "", "three"});
        CHECK(!sc.err());
    }
    string_reader empty{""};
    bufio::Scanner sc(&empty);
    CHECK(!sc.scan());
    CHECK(!sc.err());
    // A read error is reported by err() after the lines before it.
    auto broken = errors::new_("broken");
    string_reader src{"a\nb\n", SIZE_MAX, broken};
    bufio::Scanner sc2(&src);
    CHECK(sc2.scan());
    CHECK(sc2.text() == "a");
    CHECK(sc2.scan());
    CHECK(!sc2.scan());
    CHECK(sc2.err() == broken);
    // Too long.
    string_reader huge{std::string(100, 'h') + "\n"};
    bufio::Scanner sc3(&huge);
    sc3.buffer(50);
    CHECK(!sc3.scan());
    CHECK(sc3.err() == bufio::err_too_long);
    CHECK(sc3.err().error() == "bufio.Scanner: token too long");
}
