// The server's per-connection loop, after Go 1.19's net/http/server.go
// (conn.serve, readRequest, response, chunkWriter, connReader). Requests are
// parsed by Beast's request_parser, behind a pre-pass that turns what Go's
// reader accepts and Beast's refuses (bare LF line endings, Transfer-Encoding
// with Content-Length, lenient chunk-size lines) into what Beast takes: see
// conn::read_header and chunk_scan. The response is written by hand because
// Go's exact bytes (sorted handler headers, then Date, Content-Length,
// Content-Type, Connection, Transfer-Encoding; chunking decided after the
// first 2 KiB) are the spec.
#include "deadline.hpp"
#include "log.hpp"
#include "request_fields.hpp"
#include "server_state.hpp"
#include "token.hpp"

#include <gocpp/chan.hpp>
#include <gocpp/errors.hpp>
#include <gocpp/context.hpp>
#include <gocpp/http/mux.hpp>
#include <gocpp/http/server.hpp>
#include <gocpp/panic.hpp>
#include <gocpp/runtime.hpp>
#include <gocpp/time.hpp>

#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/read_size.hpp>
#include <boost/beast/http/buffer_body.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>

#include <atomic>
#include <cstring>
#include <ctime>
#include <limits>
#include <mutex>
#include <optional>
#include <vector>

namespace gocpp::http {

namespace {

namespace beast = boost::beast;
namespace bhttp = boost::beast::http;

constexpr std::size_t buffer_before_chunking = 2048;  // Go's bufferBeforeChunkingSize
constexpr std::size_t conn_buffer_size = 4096;        // Go's 4 KiB bufio sizes
constexpr std::int64_t max_post_handler_read_bytes = 256 << 10;
constexpr int default_max_header_bytes = 1 << 20;

// Beast's SyncReadStream over a detail::stream. A gocpp error is kept in
// last_err; Beast sees asio's eof or a generic error code.
class beast_reader {
  public:
    explicit beast_reader(detail::stream& s) : s_(s) {}

    template <class MutableBufferSequence>
    std::size_t read_some(const MutableBufferSequence& buffers, boost::system::error_code& ec) {
        ec = {};
        auto end = boost::asio::buffer_sequence_end(buffers);
        for (auto it = boost::asio::buffer_sequence_begin(buffers); it != end; ++it) {
            boost::asio::mutable_buffer b = *it;
            if (b.size() == 0) continue;
            if (budget == 0) {
                ec = bhttp::error::header_limit;
                return 0;
            }
            std::size_t want = b.size();
            if (budget > 0) want = std::min(want, static_cast<std::size_t>(budget));
            auto [n, err] = s_.read(std::span<char>(static_cast<char*>(b.data()), want));
            if (budget > 0) budget -= static_cast<std::int64_t>(n);
            if (n == 0 && err) {
                last_err = err;
                ec = err == eof ? boost::asio::error::make_error_code(boost::asio::error::eof)
                                : make_error_code(boost::system::errc::io_error);
            }
            return n;
        }
        return 0;
    }
    template <class MutableBufferSequence>
    std::size_t read_some(const MutableBufferSequence& buffers) {
        boost::system::error_code ec;
        auto n = read_some(buffers, ec);
        if (ec) throw boost::system::system_error(ec);
        return n;
    }

    gocpp::error last_err;
    // Bytes read_some may still return, -1 for no limit; then it fails with
    // header_limit. Go's read limit while a request's header is read: Beast's
    // own header_limit bounds only the part of the header not yet parsed, so
    // a header arriving in pieces would otherwise grow without bound.
    std::int64_t budget = -1;

  private:
    detail::stream& s_;
};

using request_parser = bhttp::request_parser<bhttp::buffer_body>;

bool body_allowed_for_status(int status) {
    if (status >= 100 && status <= 199) return false;
    return status != 204 && status != 304;
}

std::string http_date(std::chrono::system_clock::time_point t) {
    std::time_t tt = std::chrono::system_clock::to_time_t(t);
    std::tm tm{};
    gmtime_r(&tt, &tm);
    static const char* days[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    static const char* months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                   "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    char buf[40];
    std::snprintf(buf, sizeof buf, "%s, %02d %s %04d %02d:%02d:%02d GMT", days[tm.tm_wday],
                  tm.tm_mday, months[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min,
                  tm.tm_sec);
    return buf;
}

std::string status_line(bool is11, int code) {
    std::string text = status_text(code);
    if (text.empty()) text = "status code " + std::to_string(code);
    char num[8];
    std::snprintf(num, sizeof num, "%03d", code);
    return std::string(is11 ? "HTTP/1.1 " : "HTTP/1.0 ") + num + " " + text + "\r\n";
}

// Go's httpguts.ValidHostHeader.
bool valid_host_header(std::string_view h) {
    for (unsigned char c : h) {
        if (detail::is_token_byte(c)) continue;
        switch (c) {
            case '[':
            case ']':
            case ':':
            case '@':
            case '!':
            case '$':
            case '&':
            case '(':
            case ')':
            case ',':
            case ';':
            case '=':
            case '%':
                continue;
            default:
                return false;
        }
    }
    return true;
}

// A Content-Length value as Go reads one (strconv.ParseUint(s, 10, 63) after
// trimming): decimal digits only, below 2^63.
std::optional<std::int64_t> parse_content_length(std::string_view s) {
    s = detail::trim_ows(s);
    if (s.empty()) return std::nullopt;
    std::int64_t v = 0;
    for (char c : s) {
        if (c < '0' || c > '9') return std::nullopt;
        if (v > (std::numeric_limits<std::int64_t>::max() - (c - '0')) / 10) return std::nullopt;
        v = v * 10 + (c - '0');
    }
    return v;
}

// Whether the request line in buf ends in a version Go's ParseHTTPVersion
// accepts ("HTTP/d.d"), though Beast refused it.
bool well_formed_version(const beast::flat_buffer& buf) {
    std::string_view data(static_cast<const char*>(buf.data().data()), buf.size());
    auto eol = data.find("\r\n");
    if (eol == std::string_view::npos) return false;
    std::string_view line = data.substr(0, eol);
    if (line.size() < 8) return false;
    std::string_view v = line.substr(line.size() - 8);
    auto digit = [](char c) { return c >= '0' && c <= '9'; };
    return line.size() > 8 && line[line.size() - 9] == ' ' && v.substr(0, 5) == "HTTP/" &&
           digit(v[5]) && v[6] == '.' && digit(v[7]);
}

// Go's textproto.Reader ends a line at "\n" and drops one "\r" before it;
// Beast's parser takes only "\r\n". line_scan follows the lines of a header
// (or a chunked body's trailer) as its bytes arrive, one memchr per line,
// finds the empty line that ends it, and has scan_lines rewrite each bare LF
// to CRLF before Beast sees the bytes. A header in CRLF costs the scan only.
// Offsets are into the buffer's readable bytes.
struct line_scan {
    std::size_t scanned = 0;   // bytes looked at
    std::size_t line_len = 0;  // bytes of the unfinished line so far
    bool prev_cr = false;      // the last byte looked at is '\r'
    int lines = 0;             // complete lines; an empty one ends the header if not the first
    bool done = false;         // the empty line is seen; `end` is just past it
    std::size_t end = 0;
    std::size_t inserted = 0;  // CRs inserted, for the header size limit

    void consumed(std::size_t n) {
        scanned -= std::min(scanned, n);
        end -= std::min(end, n);
    }
};

// Inserts a '\r' before each offset in `at` (ascending), in place: only the
// bytes from the first offset on move, so a header sent in small pieces is
// not copied whole for each piece.
void insert_crs(beast::flat_buffer& buf, const std::vector<std::size_t>& at) {
    const std::size_t n = buf.size();
    const std::size_t k = at.size();
    buf.prepare(k);
    buf.commit(k);
    char* d = static_cast<char*>(buf.data().data());
    std::size_t seg_end = n;
    for (std::size_t j = k; j-- > 0;) {
        const std::size_t from = at[j];
        std::memmove(d + from + j + 1, d + from, seg_end - from);
        d[from + j] = '\r';
        seg_end = from;
    }
}

// Replaces buf's bytes [from, to) with `with`. When that shrinks them, the
// bytes before `from` move instead of those after `to` (a flat_buffer gives
// back room only at its front); offsets below `from` stay as they were.
void replace_bytes(beast::flat_buffer& buf, std::size_t from, std::size_t to,
                   std::string_view with) {
    const std::size_t n = buf.size();
    if (with.size() >= to - from) {
        const std::size_t grow = with.size() - (to - from);
        buf.prepare(grow);
        buf.commit(grow);
        char* d = static_cast<char*>(buf.data().data());
        std::memmove(d + to + grow, d + to, n - to);
        std::memcpy(d + from, with.data(), with.size());
    } else {
        const std::size_t shrink = (to - from) - with.size();
        char* d = static_cast<char*>(buf.data().data());
        std::memmove(d + shrink, d, from);
        std::memcpy(d + from + shrink, with.data(), with.size());
        buf.consume(shrink);
    }
}

void scan_lines(beast::flat_buffer& buf, line_scan& s) {
    if (s.done) return;
    const char* d = static_cast<const char*>(buf.data().data());
    const std::size_t n = buf.size();
    std::vector<std::size_t> bare;
    std::size_t pos = s.scanned;
    while (pos < n) {
        auto nl = static_cast<const char*>(std::memchr(d + pos, '\n', n - pos));
        if (nl == nullptr) {
            s.line_len += n - pos;
            s.prev_cr = d[n - 1] == '\r';
            pos = n;
            break;
        }
        const auto i = static_cast<std::size_t>(nl - d);
        const bool cr = i > pos ? d[i - 1] == '\r' : s.prev_cr;
        const std::size_t len = s.line_len + (i - pos) - (cr ? 1 : 0);
        if (!cr) bare.push_back(i);
        pos = i + 1;
        s.line_len = 0;
        s.prev_cr = false;
        if (len == 0 && s.lines > 0) {
            s.done = true;
            break;
        }
        ++s.lines;
    }
    s.scanned = pos + bare.size();
    if (s.done) s.end = s.scanned;
    if (!bare.empty()) {
        insert_crs(buf, bare);
        s.inserted += bare.size();
    }
}

// Removes from the header in buf's first `end` bytes (CRLF lines by now)
// the fields named `name`, with their obs-fold continuation lines, as Go
// deletes them from the header map. Returns the bytes removed; `found` says
// whether there was such a field, and `all_empty` (when given) whether every
// one has an empty value. With apply false buf is left as it is.
std::size_t drop_fields(beast::flat_buffer& buf, std::size_t end, std::string_view name,
                        bool& found, bool apply = true, bool* all_empty = nullptr) {
    std::string_view d(static_cast<const char*>(buf.data().data()), buf.size());
    std::string out;
    out.reserve(d.size());
    std::size_t pos = d.find('\n');
    if (pos == std::string_view::npos || pos >= end) return 0;
    ++pos;
    out.append(d.substr(0, pos));  // the request line
    bool dropping = false;
    found = false;
    while (pos < end) {
        auto nl = d.find('\n', pos);
        if (nl == std::string_view::npos || nl >= end) nl = end - 1;
        std::string_view line = d.substr(pos, nl + 1 - pos);
        if (line[0] == ' ' || line[0] == '\t') {
            // a continuation of the previous field
            if (dropping && all_empty) *all_empty = false;
        } else {
            dropping = line.size() > name.size() && line[name.size()] == ':' &&
                       detail::equal_fold(line.substr(0, name.size()), name);
            found = found || dropping;
            if (dropping && all_empty) {
                auto v = line.substr(name.size() + 1);
                while (!v.empty() && (v.back() == '\n' || v.back() == '\r'))
                    v.remove_suffix(1);
                if (!detail::trim_ows(v).empty()) *all_empty = false;
            }
        }
        if (!dropping) out.append(line);
        pos = nl + 1;
    }
    if (!found || !apply) return 0;
    const std::size_t removed = end - out.size();
    out.append(d.substr(end));
    buf.consume(buf.size());
    auto mb = buf.prepare(out.size());
    std::memcpy(mb.data(), out.data(), out.size());
    buf.commit(out.size());
    return removed;
}

// The bytes Go's chunked reader (net/http/internal/chunked.go) and
// body.readTrailer accept beyond Beast's, made into Beast's. Go reads a
// chunk-size line up to "\n" (under 4 KiB), trims trailing spaces, tabs, CRs
// and LFs, drops everything from a ';' (extensions, unchecked) and takes up
// to 16 hex digits, none meaning 0; every such line is given to Beast as
// "<hex>\r\n", and any other is refused here with Go's error. The lines of
// the trailer may end in a bare LF. The CRLF after a chunk's data must be
// exact in both, so it is left to Beast. Go reads a trailer that does not
// start with "\r\n" only once it sees a "\r\n\r\n" within its 4 KiB read
// buffer (seeUpcomingDoubleCRLF); until then Beast is not shown the
// trailer. A chunk-size line is not shown to Beast either until it is whole.
// Offsets are into the connection buffer's readable bytes, moved back as
// Beast consumes them.
struct chunk_scan {
    enum class at { off, size_line, data, trailer_start, trailer };
    at mode = at::off;
    std::size_t pos = 0;          // next byte to look at
    std::size_t line_start = 0;   // of the size line
    std::uint64_t data_left = 0;  // chunk data and its CRLF before the next size line
    line_scan trailer;

    void start() {
        mode = at::size_line;
        pos = line_start = 0;
    }
    void consumed(std::size_t n) {
        pos -= std::min(pos, n);
        line_start -= std::min(line_start, n);
        trailer.consumed(n);
    }
    static gocpp::error line_too_long() { return errors::new_("header line too long"); }

    // Looks at the bytes that arrived; returns how many of buf's bytes
    // Beast may parse, or an error for a chunk-size line or trailer Go
    // refuses.
    std::pair<std::size_t, gocpp::error> run(beast::flat_buffer& buf) {
        for (;;) {
            const char* d = static_cast<const char*>(buf.data().data());
            const std::size_t n = buf.size();
            switch (mode) {
                case at::off:
                    return {n, nullptr};
                case at::data: {
                    const auto take = std::min<std::uint64_t>(data_left, n - pos);
                    pos += static_cast<std::size_t>(take);
                    data_left -= take;
                    if (data_left != 0) return {n, nullptr};
                    mode = at::size_line;
                    line_start = pos;
                    break;
                }
                case at::size_line: {
                    constexpr std::size_t max_line = 4096;  // Go's maxLineLength
                    auto nl = static_cast<const char*>(std::memchr(d + pos, '\n', n - pos));
                    if (nl == nullptr) {
                        pos = n;
                        if (n - line_start >= max_line) return {line_start, line_too_long()};
                        return {line_start, nullptr};
                    }
                    const auto i = static_cast<std::size_t>(nl - d);
                    if (i + 1 - line_start >= max_line) return {line_start, line_too_long()};
                    std::string_view line(d + line_start, i - line_start);
                    while (!line.empty() &&
                           (line.back() == ' ' || line.back() == '\t' || line.back() == '\r'))
                        line.remove_suffix(1);
                    line = line.substr(0, line.find(';'));  // after the trim, as in Go
                    std::uint64_t size = 0;
                    for (std::size_t k = 0; k < line.size(); ++k) {
                        const char c = line[k];
                        int v;
                        if (c >= '0' && c <= '9')
                            v = c - '0';
                        else if (c >= 'a' && c <= 'f')
                            v = c - 'a' + 10;
                        else if (c >= 'A' && c <= 'F')
                            v = c - 'A' + 10;
                        else
                            return {line_start, errors::new_("invalid byte in chunk length")};
                        if (k == 16)
                            return {line_start, errors::new_("http chunk length too large")};
                        size = size << 4 | static_cast<std::uint64_t>(v);
                    }
                    // What Beast takes; a line that is that already stays.
                    const std::size_t end = i + 1;
                    if (line.empty() || end - line_start != line.size() + 2 || d[i - 1] != '\r') {
                        std::string canonical(line.empty() ? std::string_view("0") : line);
                        canonical += "\r\n";
                        replace_bytes(buf, line_start, end, canonical);
                        pos = line_start + canonical.size();
                    } else {
                        pos = end;
                    }
                    if (size != 0) {
                        mode = at::data;
                        data_left = size + 2;
                    } else {
                        mode = at::trailer_start;
                    }
                    break;
                }
                case at::trailer_start: {
                    if (n - pos < 2) return {pos, nullptr};
                    if (d[pos] == '\r' && d[pos + 1] == '\n') {
                        mode = at::off;  // no trailer: the common case
                        break;
                    }
                    constexpr std::size_t window = 4096;  // Go's bufio.Reader size
                    std::string_view ahead(d + pos, std::min(n - pos, window));
                    if (ahead.find("\r\n\r\n") == std::string_view::npos) {
                        if (ahead.size() < window) return {pos, nullptr};
                        mode = at::off;
                        return {pos,
                                errors::new_("http: suspiciously long trailer after chunked body")};
                    }
                    trailer = line_scan{};
                    trailer.scanned = pos;
                    trailer.lines = 1;  // the first empty line ends the trailer
                    mode = at::trailer;
                    break;
                }
                case at::trailer:
                    scan_lines(buf, trailer);
                    if (trailer.done) mode = at::off;
                    return {buf.size(), nullptr};
            }
        }
    }
};

struct conn;

// Go's response: the ResponseWriter of one request.
class response final : public ResponseWriterInterface, public detail::request_too_larger {
  public:
    response(std::shared_ptr<conn> c, Request req, context::CancelFunc cancel)
        : conn_(std::move(c)), req(std::move(req)), cancel_ctx(std::move(cancel)) {}

    Header& header() override { return handler_header; }
    write_result write(std::string_view data) override;
    void write_header(int code, gocpp::detail::call_site caller) override;
    void flush() override;
    void request_too_large() override {
        close_after_reply = true;
        request_body_limit_hit = true;
        if (!wrote_header) handler_header.set("Connection", "close");
    }

    void finish_request();
    bool should_reuse_connection() const;
    bool closed_request_body_early() const;

    std::shared_ptr<conn> conn_;
    Request req;
    context::CancelFunc cancel_ctx;
    Header handler_header;
    Header cw_header;
    int status = 0;
    bool wrote_header = false;
    bool handler_done = false;
    std::int64_t content_length = -1;
    std::int64_t written = 0;
    bool close_after_reply = false;
    bool wants10_keep_alive = false;
    bool request_body_limit_hit = false;
    bool can_write_continue = false;  // the body will send 100 Continue on first read
    bool wrote_continue = false;
    bool expect_continue = false;
    // chunkWriter
    bool cw_wrote_header = false;
    bool chunking = false;
    std::string body_buf;  // Go's w.w: 2 KiB before the header is decided

  private:
    void body_write(std::string_view p);
    void cw_write(std::string_view p);
    void cw_write_header(std::string_view p);
};

// Go's body for a server request: reads through the parser.
class server_body final : public BodyReader {
  public:
    server_body(std::shared_ptr<conn> c, std::int64_t content_length)
        : conn_(std::move(c)), content_length_(content_length) {}

    read_result read(std::span<char> p) override;
    gocpp::error close() override {
        closed = true;
        return nullptr;
    }
    // Reads and drops up to limit bytes; {bytes, err} (err eof at the end).
    std::pair<std::int64_t, gocpp::error> discard(std::int64_t limit);
    std::int64_t unread_known() const {
        return content_length_ < 0 ? -1 : content_length_ - consumed_;
    }

    std::weak_ptr<response> res;
    bool closed = false;
    bool saw_eof = false;
    bool finished = false;  // the handler returned: further reads fail

  private:
    read_result read_locked(std::span<char> p);
    std::shared_ptr<conn> conn_;
    std::int64_t content_length_;
    std::int64_t consumed_ = 0;
    gocpp::error err_;
};

struct conn : std::enable_shared_from_this<conn> {
    detail::server_config cfg;
    std::shared_ptr<detail::server_state> state;
    std::shared_ptr<detail::stream> rwc;
    std::string remote_addr;
    context::Context ctx;
    context::CancelFunc cancel_ctx;
    beast::flat_buffer bufr;
    std::optional<request_parser> parser;
    chunk_scan chunks;  // the pre-pass over a chunked request body
    std::string bufw;
    gocpp::error werr;

    // Go's connReader background read.
    std::mutex bg_mu;  // never held across a park
    bool bg_in_read = false;
    bool bg_aborted = false;
    std::string bg_bytes;
    chan<void> bg_done;

    void logf(const std::string& msg) const { (*state->log)(msg); }

    void conn_write(std::string_view p) {
        bufw.append(p);
        if (bufw.size() >= conn_buffer_size) conn_flush();
    }
    void conn_flush() {
        if (bufw.empty()) return;
        if (!werr) {
            auto [n, err] = rwc->write(bufw);
            if (err) {
                // Go's checkConnErrorWriter: remember and cancel the connection's context.
                werr = err;
                cancel_ctx();
            }
        }
        bufw.clear();
    }
    // Writes straight to the connection (Go's fmt.Fprintf(c.rwc, ...)).
    void write_raw(std::string_view p) { rwc->write(std::span<const char>(p.data(), p.size())); }

    void start_background_read() {
        std::lock_guard lock(bg_mu);
        if (bg_in_read) return;
        bg_in_read = true;
        bg_done = make_chan<void>();
        go([self = shared_from_this(), done = bg_done] {
            char byte;
            auto [n, err] = self->rwc->read(std::span<char>(&byte, 1));
            bool cancel = false;
            {
                std::lock_guard lock(self->bg_mu);
                if (n == 1) self->bg_bytes.push_back(byte);
                // A timeout after abort_pending_read is expected; anything else
                // (eof, close) means the client is gone.
                if (err && !(self->bg_aborted && detail::is_timeout(err))) cancel = true;
                self->bg_aborted = false;
                self->bg_in_read = false;
            }
            if (cancel) self->cancel_ctx();
            done.close();
        });
    }

    void abort_pending_read() {
        chan<void> done;
        {
            std::lock_guard lock(bg_mu);
            if (!bg_in_read) {
                take_bg_bytes_locked();
                return;
            }
            bg_aborted = true;
            done = bg_done;
        }
        rwc->set_read_deadline(detail::a_long_time_ago());
        done.recv();
        rwc->set_read_deadline(time::Time{});
        std::lock_guard lock(bg_mu);
        take_bg_bytes_locked();
    }
    void take_bg_bytes_locked() {
        if (bg_bytes.empty()) return;
        auto mb = bufr.prepare(bg_bytes.size());
        std::memcpy(mb.data(), bg_bytes.data(), bg_bytes.size());
        bufr.commit(bg_bytes.size());
        bg_bytes.clear();
    }

    std::int64_t await_request_bytes();
    bool fill_buffer(beast_reader& reader, boost::system::error_code& ec);
    void read_header(beast_reader& reader, std::uint32_t limit, boost::system::error_code& ec);
    std::size_t parse_body_some(beast_reader& reader, boost::system::error_code& ec,
                                gocpp::error& err);
    std::shared_ptr<response> read_request(bool& reply_written);
    void serve();
};

read_result server_body::read(std::span<char> p) {
    if (closed) return {0, err_body_read_after_close};
    if (finished) return {0, err_body_read_after_close};
    auto r = res.lock();
    if (r && r->can_write_continue && !r->wrote_continue && !r->wrote_header && !conn_->werr) {
        r->wrote_continue = true;
        conn_->conn_write("HTTP/1.1 100 Continue\r\n\r\n");
        conn_->conn_flush();
    }
    return read_locked(p);
}

read_result server_body::read_locked(std::span<char> p) {
    if (saw_eof) return {0, eof};
    if (err_) return {0, err_};
    auto& parser = *conn_->parser;
    if (parser.is_done()) {
        saw_eof = true;
        conn_->start_background_read();
        return {0, eof};
    }
    if (p.empty()) return {0, nullptr};
    parser.get().body().data = p.data();
    parser.get().body().size = p.size();
    beast_reader reader(*conn_->rwc);
    boost::system::error_code ec;
    gocpp::error prepass_err;
    conn_->parse_body_some(reader, ec, prepass_err);
    if (ec == bhttp::error::need_buffer) ec = {};
    std::size_t n = p.size() - parser.get().body().size;
    consumed_ += static_cast<std::int64_t>(n);
    if (prepass_err) {
        err_ = prepass_err;
        return {n, err_};
    }
    if (ec) {
        if (reader.last_err && reader.last_err != eof)
            err_ = reader.last_err;
        else if (ec == bhttp::error::end_of_stream || ec == bhttp::error::partial_message ||
                 reader.last_err == eof)
            err_ = err_unexpected_eof;
        else
            err_ = errors::new_("http: " + ec.message());
        return {n, err_};
    }
    if (parser.is_done()) {
        saw_eof = true;
        conn_->start_background_read();
        return {n, eof};
    }
    return {n, nullptr};
}

std::pair<std::int64_t, gocpp::error> server_body::discard(std::int64_t limit) {
    char buf[4096];
    std::int64_t total = 0;
    while (total < limit) {
        auto want = static_cast<std::size_t>(std::min<std::int64_t>(sizeof buf, limit - total));
        auto [n, err] = read_locked(std::span<char>(buf, want));
        total += static_cast<std::int64_t>(n);
        if (err) return {total, err};
    }
    return {total, nullptr};
}

void response::write_header(int code, gocpp::detail::call_site caller) {
    if (wrote_header) {
        conn_->logf(detail::superfluous_write_header_message(caller));
        return;
    }
    if (code < 100 || code > 999) panic("invalid WriteHeader code " + std::to_string(code));
    if (code >= 100 && code <= 199) {
        // Informational: sent at once, the handler's header without the body fields.
        if (code == 100) can_write_continue = false;
        std::string out = status_line(req.proto_at_least(1, 1), code);
        for (const auto& [k, vs] : handler_header.map()) {
            if (k == "Content-Length" || k == "Transfer-Encoding") continue;
            for (const auto& v : vs)
                out += k + ": " + detail::header_value_for_wire(v) + "\r\n";
        }
        out += "\r\n";
        conn_->conn_write(out);
        conn_->conn_flush();
        return;
    }
    wrote_header = true;
    status = code;
    if (auto cl = handler_header.get("Content-Length"); !cl.empty()) {
        auto v = parse_content_length(cl);
        if (v) {
            content_length = *v;
        } else {
            conn_->logf("http: invalid Content-Length of \"" + cl + "\"");
            handler_header.del("Content-Length");
        }
    }
    cw_header = handler_header;
}

write_result response::write(std::string_view data) {
    can_write_continue = false;
    if (!wrote_header) write_header(200, gocpp::detail::call_site::current());
    if (data.empty()) return {0, nullptr};
    if (!body_allowed_for_status(status)) return {0, err_body_not_allowed};
    written += static_cast<std::int64_t>(data.size());
    if (content_length != -1 && written > content_length) return {0, err_content_length};
    body_write(data);
    if (conn_->werr) return {0, conn_->werr};
    return {data.size(), nullptr};
}

// Go's bufio.Writer of bufferBeforeChunkingSize in front of the chunkWriter.
void response::body_write(std::string_view p) {
    while (p.size() > buffer_before_chunking - body_buf.size()) {
        if (body_buf.empty()) {
            cw_write(p);  // a large write goes straight through
            return;
        }
        std::size_t n = buffer_before_chunking - body_buf.size();
        body_buf.append(p.substr(0, n));
        p.remove_prefix(n);
        cw_write(body_buf);
        body_buf.clear();
    }
    body_buf.append(p);
}

void response::flush() {
    if (!wrote_header) write_header(200, gocpp::detail::call_site::current());
    if (!body_buf.empty()) {
        cw_write(body_buf);
        body_buf.clear();
    }
    if (!cw_wrote_header) cw_write_header({});
    conn_->conn_flush();
}

void response::cw_write(std::string_view p) {
    if (!cw_wrote_header) cw_write_header(p);
    if (req.method() == "HEAD") return;
    if (chunking) {
        char size[24];
        std::snprintf(size, sizeof size, "%zx\r\n", p.size());
        conn_->conn_write(size);
        conn_->conn_write(p);
        conn_->conn_write("\r\n");
    } else {
        conn_->conn_write(p);
    }
}

// Go's chunkWriter.writeHeader: decides the framing and writes the header.
void response::cw_write_header(std::string_view p) {
    if (cw_wrote_header) return;
    cw_wrote_header = true;
    bool keep_alives = conn_->state->do_keep_alives();
    bool is_head = req.method() == "HEAD";
    Header& header = cw_header;
    struct {
        std::string content_length, content_type, connection, transfer_encoding, date;
    } set;

    std::string te = header.get("Transfer-Encoding");
    bool has_te = !te.empty();
    bool trailers = header.has("Trailer");

    if (handler_done && !trailers && !has_te && body_allowed_for_status(status) &&
        header.get("Content-Length").empty() && (!is_head || !p.empty())) {
        content_length = static_cast<std::int64_t>(p.size());
        set.content_length = std::to_string(p.size());
    }
    if (wants10_keep_alive && keep_alives) {
        if (!header.get("Content-Length").empty() && header.get("Connection") == "keep-alive")
            close_after_reply = false;
    }
    bool has_cl = content_length != -1;
    if (wants10_keep_alive && (is_head || has_cl || !body_allowed_for_status(status))) {
        if (!header.has("Connection")) set.connection = "keep-alive";
    } else if (!req.proto_at_least(1, 1) || req.close()) {
        close_after_reply = true;
    }
    if (header.get("Connection") == "close" || !keep_alives) close_after_reply = true;

    auto* sb = dynamic_cast<server_body*>(req.fields().body.get());
    if (expect_continue && sb && !sb->saw_eof) close_after_reply = true;

    // Drain what the handler left of the body, so the connection can be
    // reused; give up (and close) past 256 KiB.
    if (req.content_length() != 0 && !close_after_reply && sb) {
        bool discard = false, too_big = false;
        if (expect_continue) {
            discard = wrote_continue;
        } else if (sb->closed) {
            if (!sb->saw_eof) close_after_reply = true;
        } else if (sb->unread_known() >= max_post_handler_read_bytes) {
            too_big = true;
        } else {
            discard = true;
        }
        if (discard) {
            auto [n, err] = sb->discard(max_post_handler_read_bytes + 1);
            if (!err)
                too_big = true;
            else if (err != eof && err != err_body_read_after_close)
                close_after_reply = true;
        }
        if (too_big) {
            request_too_large();
            header.del("Connection");
            set.connection = "close";
        }
    }

    if (body_allowed_for_status(status)) {
        if (header.get("Content-Encoding").empty() && !header.has("Content-Type") && !has_te &&
            !p.empty())
            set.content_type = detect_content_type(p);
    } else {
        if (status == 304) header.del("Content-Type");
        header.del("Content-Length");
        header.del("Transfer-Encoding");
    }
    if (!header.has("Date")) set.date = http_date(std::chrono::system_clock::now());

    if (has_cl && has_te && te != "identity") {
        conn_->logf("http: WriteHeader called with both Transfer-Encoding of \"" + te +
                    "\" and a Content-Length of " + std::to_string(content_length));
        header.del("Content-Length");
        has_cl = false;
    }
    if (is_head || !body_allowed_for_status(status) || status == 204) {
        header.del("Transfer-Encoding");
    } else if (has_cl) {
        header.del("Transfer-Encoding");
    } else if (req.proto_at_least(1, 1)) {
        if (has_te && te == "identity") {
            chunking = false;
            close_after_reply = true;
            header.del("Transfer-Encoding");
        } else {
            chunking = true;
            set.transfer_encoding = "chunked";
            if (has_te && te == "chunked") header.del("Transfer-Encoding");
        }
    } else {
        close_after_reply = true;
        header.del("Transfer-Encoding");
    }
    if (chunking) header.del("Content-Length");

    bool del_connection =
        close_after_reply &&
        (!keep_alives || !detail::has_token(header.get("Connection"), "close")) &&
        !(status == 101 && detail::has_token(header.get("Connection"), "upgrade"));
    if (del_connection) {
        header.del("Connection");
        if (req.proto_at_least(1, 1)) set.connection = "close";
    }

    std::string out = status_line(req.proto_at_least(1, 1), status);
    out += header.wire();
    if (!set.date.empty()) out += "Date: " + set.date + "\r\n";
    if (!set.content_length.empty()) out += "Content-Length: " + set.content_length + "\r\n";
    if (!set.content_type.empty()) out += "Content-Type: " + set.content_type + "\r\n";
    if (!set.connection.empty()) out += "Connection: " + set.connection + "\r\n";
    if (!set.transfer_encoding.empty())
        out += "Transfer-Encoding: " + set.transfer_encoding + "\r\n";
    out += "\r\n";
    conn_->conn_write(out);
}

void response::finish_request() {
    handler_done = true;
    if (!wrote_header) write_header(200, gocpp::detail::call_site::current());
    if (!body_buf.empty()) {
        cw_write(body_buf);
        body_buf.clear();
    }
    // chunkWriter.close
    if (!cw_wrote_header) cw_write_header({});
    if (chunking) conn_->conn_write("0\r\n\r\n");
    conn_->conn_flush();
    conn_->abort_pending_read();
    if (auto* sb = dynamic_cast<server_body*>(req.fields().body.get())) {
        // Go's body.Close with doEarlyClose: what is left is not read.
        sb->finished = true;
    }
}

bool response::closed_request_body_early() const {
    auto* sb = dynamic_cast<server_body*>(req.fields().body.get());
    return sb && !sb->saw_eof && req.content_length() != 0;
}

bool response::should_reuse_connection() const {
    if (close_after_reply) return false;
    if (req.method() != "HEAD" && content_length != -1 && body_allowed_for_status(status) &&
        content_length != written)
        return false;  // the handler did not write what it declared
    if (conn_->werr) return false;
    if (closed_request_body_early()) return false;
    return true;
}

// Waits for the first bytes of the next request under the read deadline set
// by the caller, holding no read buffer meanwhile: a connection spends most of
// its life idle between requests, and the 4 KiB buffer is a quarter of what an
// idle keep-alive connection costs (Go keeps its bufio.Reader; we take the
// buffer back only once bytes arrive, so idle connections share the buffers of
// the busy ones through the allocator). Returns the bytes it read, or -1 when
// the connection must close without a reply: eof, the deadline or an error
// before any byte, which Go's readRequest also treats as a quiet close.
std::int64_t conn::await_request_bytes() {
    if (bufr.size() != 0) return 0;  // pipelined or background-read bytes
    bufr.shrink_to_fit();
    char first[512];
    beast_reader reader(*rwc);
    boost::system::error_code ec;
    auto n = reader.read_some(boost::asio::buffer(first, sizeof first), ec);
    if (n == 0) return -1;
    bufr.reserve(conn_buffer_size);
    auto mb = bufr.prepare(n);
    std::memcpy(mb.data(), first, n);
    bufr.commit(n);
    return static_cast<std::int64_t>(n);
}

// Reads what the connection has into bufr (up to 64 KiB more). True at the
// end of the stream, with ec cleared; any other error is left in ec.
bool conn::fill_buffer(beast_reader& reader, boost::system::error_code& ec) {
    auto mb = bufr.prepare(beast::read_size(bufr, 65536));
    bufr.commit(reader.read_some(mb, ec));
    if (ec != boost::asio::error::eof) return false;
    ec = {};
    return true;
}

// Beast's read_header, with the pre-pass of line_scan in front of the
// parser: bare LFs in the header become CRLF, counted once against the size
// limit. The header's bytes stay in bufr until it is parsed, so that a
// header Beast refuses only for what Go allows can be parsed again:
//   - Transfer-Encoding with Content-Length, which Beast calls a conflict:
//     on HTTP/1.1 Go drops every Content-Length (parseTransferEncoding; a
//     Transfer-Encoding other than "chunked" still gets its 501 afterwards);
//   - Transfer-Encoding on HTTP/1.0, which Go ignores (Issue 12785).
// Both are rare, so the second parse costs nothing for other requests.
void conn::read_header(beast_reader& reader, std::uint32_t limit, boost::system::error_code& ec) {
    auto new_parser = [&](std::size_t inserted) {
        parser.emplace();
        parser->header_limit(limit + static_cast<std::uint32_t>(inserted));
        parser->body_limit(boost::none);
    };
    new_parser(0);
    chunks.mode = chunk_scan::at::off;
    line_scan scan;
    std::size_t used = 0;  // bytes of bufr the parser has taken
    bool reparsed = false;
    boost::system::error_code conflict;  // Beast's, kept until the header is whole
    auto reparse_without = [&](std::string_view name) {
        bool found = false;
        const auto removed = drop_fields(bufr, scan.end, name, found);
        if (!found) return false;
        scan.end -= removed;
        scan.scanned = scan.end;
        reparsed = true;
        conflict = {};
        new_parser(scan.inserted);
        used = 0;
        return true;
    };
    ec = {};
    for (;;) {
        const std::size_t inserted_before = scan.inserted;
        scan_lines(bufr, scan);
        if (scan.inserted != inserted_before)
            parser->header_limit(limit + static_cast<std::uint32_t>(scan.inserted));
        if (conflict && scan.done) {
            const bool http11 = parser->get().version() >= 11;
            bool has_te = false, has_cl = false, cl_empty = true;
            drop_fields(bufr, scan.end, "Transfer-Encoding", has_te, false);
            bool again = false;
            if (has_te) {
                again = reparse_without(http11 ? "Content-Length" : "Transfer-Encoding");
            } else if (conflict == bhttp::error::bad_content_length) {
                // Go's fixLength drops a Content-Length whose values are all
                // empty (the request has no body); Beast refuses it.
                drop_fields(bufr, scan.end, "Content-Length", has_cl, false, &cl_empty);
                again = has_cl && cl_empty && reparse_without("Content-Length");
            }
            if (!again) {
                ec = conflict;
                return;
            }
        }
        if (!conflict && bufr.size() > used) {
            auto data = static_cast<const char*>(bufr.data().data());
            used += parser->put(boost::asio::buffer(data + used, bufr.size() - used), ec);
            if (!ec && parser->is_header_done()) {
                if (!reparsed && parser->chunked() && parser->get().version() < 11 && scan.done &&
                    reparse_without("Transfer-Encoding"))
                    continue;
                bufr.consume(used);
                if (parser->chunked()) chunks.start();
                return;
            }
            if (!reparsed && (ec == bhttp::error::bad_content_length ||
                              ec == bhttp::error::multiple_content_length ||
                              ec == bhttp::error::bad_transfer_encoding)) {
                conflict = ec;
                ec = {};
                continue;
            }
            if (ec && ec != bhttp::error::need_more) return;
            ec = {};
        }
        if (fill_buffer(reader, ec)) {
            if (conflict)
                ec = bhttp::error::partial_message;
            else if (parser->got_some())
                parser->put_eof(ec);
            else
                ec = bhttp::error::end_of_stream;
            return;
        }
        if (ec) return;
    }
}

// Beast's read_some for the body, with chunk_scan in front of the parser.
std::size_t conn::parse_body_some(beast_reader& reader, boost::system::error_code& ec,
                                  gocpp::error& err) {
    ec = {};
    std::size_t total = 0;
    for (;;) {
        std::size_t visible = bufr.size();
        if (chunks.mode != chunk_scan::at::off) {
            auto [n, perr] = chunks.run(bufr);
            if (perr) {
                err = perr;
                return total;
            }
            visible = n;
        }
        if (visible > 0) {
            auto used = parser->put(boost::asio::buffer(bufr.data().data(), visible), ec);
            bufr.consume(used);
            chunks.consumed(used);
            total += used;
            if (ec != bhttp::error::need_more) return total;
            ec = {};
        }
        if (fill_buffer(reader, ec)) {
            parser->put_eof(ec);
            return total;
        }
        if (ec) return total;
    }
}

// Go's conn.readRequest, with the error replies of conn.serve. Returns nil
// when the connection must close (after any error reply).
std::shared_ptr<response> conn::read_request(bool& reply_written) {
    constexpr std::string_view error_headers =
        "\r\nContent-Type: text/plain; charset=utf-8\r\nConnection: close\r\n\r\n";
    auto t0 = time::now();
    time::Time hdr_deadline{}, whole_deadline{};
    auto rht = cfg.read_header_timeout.count() != 0 ? cfg.read_header_timeout : cfg.read_timeout;
    if (rht.count() > 0) hdr_deadline = t0 + rht;
    if (cfg.read_timeout.count() > 0) whole_deadline = t0 + cfg.read_timeout;
    rwc->set_read_deadline(hdr_deadline);
    auto first_bytes = await_request_bytes();
    if (first_bytes < 0) return nullptr;

    int max_header = cfg.max_header_bytes > 0 ? cfg.max_header_bytes : default_max_header_bytes;
    beast_reader reader(*rwc);
    reader.budget = static_cast<std::int64_t>(max_header) + 4096 - first_bytes;
    boost::system::error_code ec;
    read_header(reader, static_cast<std::uint32_t>(max_header) + 4096, ec);

    if (cfg.write_timeout.count() > 0) rwc->set_write_deadline(time::now() + cfg.write_timeout);

    auto bad = [&](int code, const std::string& text) {
        std::string public_err = std::to_string(code) + " " + status_text(code);
        if (!text.empty()) public_err += ": " + text;
        write_raw("HTTP/1.1 " + public_err + std::string(error_headers) + public_err);
        reply_written = true;
        return nullptr;
    };
    if (ec) {
        if (ec == bhttp::error::header_limit) {
            const std::string public_err = "431 Request Header Fields Too Large";
            write_raw("HTTP/1.1 " + public_err + std::string(error_headers) + public_err);
            rwc->close_write();
            reply_written = true;
            return nullptr;
        }
        // The peer's eof in the middle of a header is Go's
        // io.ErrUnexpectedEOF, which gets a 400; before any byte it is
        // io.EOF, and a read error is isCommonNetReadError: no reply.
        const bool at_eof = reader.last_err == eof || ec == bhttp::error::end_of_stream ||
                            ec == bhttp::error::partial_message;
        if (at_eof && parser->got_some()) return bad(400, "");
        if (reader.last_err || at_eof) return nullptr;
        if (ec == bhttp::error::bad_version && well_formed_version(bufr)) {
            // Beast takes only HTTP/1.x; Go parses any HTTP/d.d and answers
            // the ones it does not serve with 505.
            return bad(505, "unsupported protocol version");
        }
        if (ec == bhttp::error::bad_transfer_encoding) {
            write_raw("HTTP/1.1 501 Not Implemented" + std::string(error_headers) +
                      "Unsupported transfer encoding");
            reply_written = true;
            return nullptr;
        }
        return bad(400, "");
    }

    auto& msg = parser->get();
    auto f = std::make_shared<request_fields>();
    f->method = std::string(msg.method_string());
    f->request_uri = std::string(msg.target());
    f->proto_major = msg.version() / 10;
    f->proto_minor = msg.version() % 10;
    f->proto = "HTTP/" + std::to_string(f->proto_major) + "." + std::to_string(f->proto_minor);
    auto [u, uerr] = url::parse_request_uri(f->request_uri);
    if (uerr) return bad(400, "");
    f->url = std::move(u);
    for (const auto& field : msg)
        f->header->add(std::string(field.name_string()), std::string(field.value()));
    auto& h = *f->header;

    // Go's http1ServerSupportsRequest: HTTP/1.x (HTTP/2's preface aside).
    if (f->proto_major != 1) return bad(505, "unsupported protocol version");
    bool at_least_11 = f->proto_major > 1 || (f->proto_major == 1 && f->proto_minor >= 1);
    auto hosts = h.values("Host");
    if (at_least_11 && hosts.empty() && f->method != "CONNECT")
        return bad(400, "missing required Host header");
    if (hosts.size() > 1) return bad(400, "too many Host headers");
    if (hosts.size() == 1 && !valid_host_header(hosts[0])) return bad(400, "malformed Host header");
    h.del("Host");
    f->host = f->url.host.empty() ? (hosts.empty() ? "" : hosts[0]) : f->url.host;

    // Go's parseTransferEncoding: only "chunked", alone, on HTTP/1.1.
    bool chunked = false;
    if (h.has("Transfer-Encoding")) {
        auto te = h.values("Transfer-Encoding");
        h.del("Transfer-Encoding");
        if (at_least_11) {
            if (te.size() != 1 || !detail::equal_fold(detail::trim_ows(te[0]), "chunked")) {
                write_raw("HTTP/1.1 501 Not Implemented" + std::string(error_headers) +
                          "Unsupported transfer encoding");
                reply_written = true;
                return nullptr;
            }
            chunked = true;
            h.del("Content-Length");
        }
    }
    if (!chunked && !parser->chunked()) {
        // Go's fixLength compares repeated Content-Lengths as text, where
        // Beast compares their numbers ("3" and "03").
        auto cls = h.values("Content-Length");
        for (std::size_t i = 1; i < cls.size(); ++i)
            if (detail::trim_ows(cls[i]) != detail::trim_ows(cls[0])) return bad(400, "");
        // And parses it as Go does, where Beast takes a list of equal
        // numbers ("3, 3") and any 64-bit one. (An empty value never gets
        // here: read_header drops it, as Go's fixLength does.)
        if (!cls.empty() && !parse_content_length(cls[0])) return bad(400, "");
    }
    if (chunked || parser->chunked()) {
        f->content_length = -1;
    } else if (auto cl = parser->content_length()) {
        f->content_length = static_cast<std::int64_t>(*cl);
    }
    // Go's shouldClose.
    auto conn_hdr = h.values("Connection");
    bool has_close = false, has_keep_alive = false;
    for (const auto& v : conn_hdr) {
        has_close = has_close || detail::has_token(v, "close");
        has_keep_alive = has_keep_alive || detail::has_token(v, "keep-alive");
    }
    f->close =
        f->proto_major < 1 ||
        (f->proto_major == 1 && f->proto_minor == 0 ? has_close || !has_keep_alive : has_close);
    f->remote_addr = remote_addr;

    auto [rctx, rcancel] = context::with_cancel(ctx);
    f->ctx = rctx;
    auto body = std::make_shared<server_body>(shared_from_this(), f->content_length);
    f->body = Body(body);
    if (f->content_length == 0) body->saw_eof = parser->is_done();

    if (hdr_deadline != whole_deadline) rwc->set_read_deadline(whole_deadline);

    auto w = std::make_shared<response>(shared_from_this(), Request(f), rcancel);
    body->res = w;
    w->wants10_keep_alive = !at_least_11 && has_keep_alive;
    return w;
}

void conn::serve() {
    std::shared_ptr<response> in_flight;
    try {
        for (;;) {
            bool reply_written = false;
            auto w = read_request(reply_written);
            if (!w) {
                if (reply_written) conn_flush();
                return;
            }
            state->set_state(rwc.get(), detail::conn_state::active);
            auto& req = w->req;
            auto* sb = dynamic_cast<server_body*>(req.fields().body.get());
            auto expect = req.header().get("Expect");
            if (detail::equal_fold(expect, "100-continue")) {
                if (req.proto_at_least(1, 1) && req.content_length() != 0) {
                    w->expect_continue = true;
                    w->can_write_continue = true;
                }
            } else if (!expect.empty()) {
                // Go's sendExpectationFailed.
                w->handler_header.set("Connection", "close");
                w->write_header(417, gocpp::detail::call_site::current());
                w->finish_request();
                return;
            }
            if (sb == nullptr || sb->saw_eof || parser->is_done()) start_background_read();

            in_flight = w;
            Handler h = cfg.handler ? cfg.handler : Handler(default_serve_mux());
            h.serve_http(ResponseWriter(w), req);
            in_flight = nullptr;
            w->cancel_ctx();
            w->finish_request();
            if (!w->should_reuse_connection()) {
                if (w->request_body_limit_hit || w->closed_request_body_early()) rwc->close_write();
                return;
            }
            if (!state->do_keep_alives()) return;
            state->set_state(rwc.get(), detail::conn_state::idle);
            // The finished request's parsed header is not needed while the
            // connection idles (the body refuses reads once finished).
            parser.reset();
            auto idle = cfg.idle_timeout.count() != 0 ? cfg.idle_timeout : cfg.read_timeout;
            if (idle.count() > 0) {
                rwc->set_read_deadline(time::now() + idle);
                if (await_request_bytes() < 0) return;
            }
            rwc->set_read_deadline(time::Time{});
        }
    } catch (const std::exception& e) {
        logf("http: panic serving " + remote_addr + ": " + e.what());
    } catch (...) {
        logf("http: panic serving " + remote_addr + ": unknown exception");
    }
    if (in_flight) {
        in_flight->cancel_ctx();
        abort_pending_read();
        if (auto* sb = dynamic_cast<server_body*>(in_flight->req.fields().body.get()))
            sb->finished = true;
    }
}

}  // namespace

}  // namespace gocpp::http

namespace gocpp::http::detail {

void serve_conn(std::shared_ptr<server_state> st, server_config cfg, std::shared_ptr<stream> rwc,
                const context::Context& base) {
    auto c = std::make_shared<conn>();
    c->cfg = std::move(cfg);
    c->state = st;
    c->rwc = rwc;
    c->remote_addr = rwc->remote_addr();
    auto [cctx, ccancel] =
        context::with_cancel(context::with_value(base, detail::server_log_key{}, st->log));
    c->ctx = cctx;
    c->cancel_ctx = ccancel;
    if (!st->track(rwc, ccancel)) {
        rwc->close();
        ccancel();
        return;
    }
    c->serve();
    c->cancel_ctx();
    c->conn_flush();
    rwc->close();
    st->untrack(rwc.get());
    // Break the cycles through the parser's body and the background read.
    c->abort_pending_read();
    c->parser.reset();
}

}  // namespace gocpp::http::detail
