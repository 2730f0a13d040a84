// Transport: Go's transport.go for HTTP/1.1 — the idle connection pool
// keyed by scheme and host:port, dialing, the retry of a request that met a
// reused connection the server had already closed, the rules for returning
// a connection to the pool once its response body is done, the watch that
// drops an idle connection as soon as its server closes it, and the
// transparent gzip decoding of a response the Transport asked gzip for.
#include "deadline.hpp"
#include "log.hpp"
#include "request_fields.hpp"
#include "token.hpp"

#include <gocpp/chan.hpp>
#include <gocpp/errors.hpp>
#include <gocpp/fmt.hpp>
#include <gocpp/http/client.hpp>
#include <gocpp/http/detail/client_conn.hpp>
#include <gocpp/http/detail/stream.hpp>
#include <gocpp/runtime.hpp>
#include <gocpp/time.hpp>

#include <boost/beast/zlib/inflate_stream.hpp>
#include <boost/crc.hpp>

#include <sys/socket.h>

#include <cerrno>
#include <cstdint>
#include <deque>
#include <map>
#include <mutex>
#include <vector>

namespace gocpp::http {
namespace detail {

// One connection and what the pool knows of it.
struct persist_conn {
    net::Conn nc;  // the socket under cc, for the liveness check
    std::shared_ptr<client_conn> cc;
    std::string key;
    bool reused = false;
    time::Timer idle_timer;  // the zero Timer when none runs
    time::Time idle_since{};
    // The idle watch (watch_idle): closed by the watching goroutine as it
    // returns; nil while none runs. Whoever takes the connection from the
    // pool stops the watch first (stop_idle_watch).
    chan<void> watch_done;
    // Set by the watch before it closes watch_done: the connection saw eof,
    // an error or unasked bytes while idle, but someone had taken it from
    // the pool meanwhile, so the taker must close it.
    bool broken = false;
    // What the watch reads into: Go's bufio.Reader size, which is what its
    // log of unasked bytes shows. Allocated by the first watch.
    std::string watch_buf;

    // Called by whoever takes the connection out of the idle list. If the
    // timer already fired, its goroutine finds the connection gone from the
    // list and leaves it alone.
    void stop_idle_timer() {
        if (idle_timer == time::Timer{}) return;
        (void)idle_timer.stop();
        idle_timer = time::Timer{};
    }
};

struct transport_pool {
    std::mutex mu;  // guards the fields below; never held while blocking
    // Per key, the idle connections, the most recently returned last (Go
    // hands out the most recently used one first).
    std::map<std::string, std::deque<std::shared_ptr<persist_conn>>> idle;
    std::size_t idle_count = 0;
    bool closed = false;  // the Transport is gone: returned connections close

    // Takes out pc if it is still idle; false if someone else took it.
    bool remove_idle_locked(const std::shared_ptr<persist_conn>& pc) {
        auto it = idle.find(pc->key);
        if (it == idle.end()) return false;
        for (auto i = it->second.begin(); i != it->second.end(); ++i) {
            if (*i == pc) {
                it->second.erase(i);
                if (it->second.empty()) idle.erase(it);
                --idle_count;
                pc->stop_idle_timer();
                return true;
            }
        }
        return false;
    }

    std::shared_ptr<persist_conn> get_idle(const std::string& key) {
        std::lock_guard lock(mu);
        auto it = idle.find(key);
        if (it == idle.end()) return nullptr;
        auto pc = std::move(it->second.back());
        it->second.pop_back();
        if (it->second.empty()) idle.erase(it);
        --idle_count;
        pc->stop_idle_timer();
        pc->reused = true;
        return pc;
    }
};

namespace {

void close_conn(const std::shared_ptr<persist_conn>& pc) {
    pc->cc->conn()->close();
}

// Takes pc out of the pool and closes it, if it is still idle there (the
// pool still exists and nobody took pc first); reports whether it did.
bool drop_idle(const std::weak_ptr<transport_pool>& wpool,
               const std::shared_ptr<persist_conn>& pc) {
    auto pool = wpool.lock();
    if (!pool) return false;
    {
        std::lock_guard lock(pool->mu);
        if (!pool->remove_idle_locked(pc)) return false;
    }
    close_conn(pc);
    return true;
}

// Go's is408Message: the prefix of an HTTP 408 Request Timeout response,
// which a server may send before it closes an idle connection.
bool is_408_message(std::string_view buf) {
    return buf.size() >= 12 && buf.substr(0, 7) == "HTTP/1." && buf.substr(8, 4) == " 408";
}

// Go's persistConn.readLoop while the connection is idle: a read that
// returns when the server closes the connection (the common case), sends
// bytes nobody asked for, or the taker stops the watch. A connection the
// watch finds dead leaves the pool and closes at once, so the pool never
// holds a connection to a server that is gone (nor its idle timer).
void watch_idle(std::weak_ptr<transport_pool> wpool, std::shared_ptr<persist_conn> pc) {
    // Its own handle: the taker drops pc->watch_done as soon as the close
    // wakes it, maybe while close() still runs.
    const chan<void> done = pc->watch_done;
    pc->watch_buf.resize(4096);
    auto [n, err] = pc->nc.read(std::span<char>(pc->watch_buf.data(), pc->watch_buf.size()));
    if (n == 0 && net::is_timeout(err)) {  // stopped by the taker
        done.close();
        return;
    }
    const std::string_view unasked(pc->watch_buf.data(), n);
    if (n > 0 && !is_408_message(unasked))  // (Go's err here is Peek's: nil once a byte came)
        std_logf(fmt::sprintf(
            "Unsolicited response received on idle HTTP channel starting with %q; err=<nil>",
            unasked));
    if (!drop_idle(wpool, pc)) pc->broken = true;
    done.close();
}

// For whoever took pc from the pool (under the pool's lock, so no one else
// can): ends the watch, and reports whether the connection is still usable.
// The watch's read is woken by a deadline in the past, which is then
// cleared; nothing of the connection's data has been consumed unless the
// watch found it dead.
bool stop_idle_watch(const std::shared_ptr<persist_conn>& pc) {
    if (pc->watch_done == nullptr) return true;
    (void)pc->nc.set_read_deadline(a_long_time_ago());
    (void)pc->watch_done.recv();
    pc->watch_done = nullptr;
    (void)pc->nc.set_read_deadline(time::Time{});
    return !pc->broken;
}

// Whether a connection just taken from the pool is still usable: the server
// has not closed it (a read would see eof) nor sent anything unasked. The
// idle watch learns this while the connection waits; this one non-blocking
// peek covers what arrived as the watch was being stopped.
bool still_open(const std::shared_ptr<persist_conn>& pc) {
    char c;
    ssize_t n = ::recv(pc->nc.fd(), &c, 1, MSG_PEEK | MSG_DONTWAIT);
    return n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK);
}

// Go's tryPutIdleConn: keeps pc unless the host has enough idle
// connections already (then pc closes) or the whole pool is over
// max_idle_conns (then the oldest idle connection closes).
void put_idle(const std::shared_ptr<transport_pool>& pool, std::shared_ptr<persist_conn> pc,
              int per_host, int max_total, time::Duration idle_timeout) {
    std::shared_ptr<persist_conn> evicted;
    // pc once it is in the pool. Its watch starts then, outside the lock
    // (go() may run the watch first); a taker that comes first stops it
    // before it reads.
    std::shared_ptr<persist_conn> watched;
    pc->watch_done = make_chan<void>();
    {
        std::lock_guard lock(pool->mu);
        auto& list = pool->idle[pc->key];
        if (pool->closed || per_host <= 0 || list.size() >= static_cast<std::size_t>(per_host)) {
            if (list.empty()) pool->idle.erase(pc->key);
            evicted = std::move(pc);
        } else {
            pc->idle_since = time::now();
            if (idle_timeout > time::Duration::zero()) {
                std::weak_ptr<transport_pool> wpool = pool;
                std::weak_ptr<persist_conn> wpc = pc;
                pc->idle_timer = time::after_func(idle_timeout, [wpool, wpc] {
                    if (auto c = wpc.lock()) (void)drop_idle(wpool, c);
                });
            }
            watched = pc;
            list.push_back(std::move(pc));
            ++pool->idle_count;
            if (max_total > 0 && pool->idle_count > static_cast<std::size_t>(max_total)) {
                // The least recently returned connection of any host.
                std::shared_ptr<persist_conn> oldest;
                for (auto& [k, l] : pool->idle)
                    if (!l.empty() && (!oldest || l.front()->idle_since < oldest->idle_since))
                        oldest = l.front();
                pool->remove_idle_locked(oldest);
                evicted = std::move(oldest);
            }
        }
    }
    if (evicted) close_conn(evicted);
    if (watched) go([wpool = std::weak_ptr(pool), watched] { watch_idle(wpool, watched); });
}

const gocpp::error err_gzip_header = errors::new_("gzip: invalid header");
const gocpp::error err_gzip_checksum = errors::new_("gzip: invalid checksum");

// Go's gzipReader over compress/gzip: decodes a gzip body (RFC 1952, with
// several members one after another, as Go's multistream reader) as it is
// read. The deflate data goes through Beast's inflate_stream; the header
// and the CRC-32/size trailer are read here. Reading the source to its eof
// is what returns the connection to the pool, so the reader looks for a
// next member (and finds eof) before it reports eof itself.
class gzip_reader final : public BodyReader {
  public:
    explicit gzip_reader(Body src) : src_(std::move(src)) {}

    read_result read(std::span<char> p) override {
        if (err_) return {0, err_};
        for (;;) {
            if (in_header_) {
                if (auto e = read_header()) {
                    // eof before a member starts: the end (an empty body
                    // included, which Go's gzip.NewReader reports as EOF).
                    err_ = e;
                    return {0, e};
                }
                in_header_ = false;
            }
            if (p.empty()) return {0, nullptr};
            if (auto e = fill()) {
                err_ = e == eof ? err_unexpected_eof : e;
                return {0, err_};
            }
            boost::beast::zlib::z_params zp;
            zp.next_in = in_.data() + in_pos_;
            zp.avail_in = in_len_ - in_pos_;
            zp.next_out = p.data();
            zp.avail_out = p.size();
            boost::system::error_code ec;
            zs_.write(zp, boost::beast::zlib::Flush::sync, ec);
            std::size_t consumed = (in_len_ - in_pos_) - zp.avail_in;
            in_pos_ += consumed;
            offset_ += consumed;
            std::size_t produced = p.size() - zp.avail_out;
            crc_.process_bytes(p.data(), produced);
            size_ += static_cast<std::uint32_t>(produced);
            if (ec == boost::beast::zlib::error::end_of_stream) {
                unsigned char t[8];
                if (auto e = read_bytes(t, 8)) {
                    err_ = e;
                    return {produced, e};
                }
                std::uint32_t sum = le32(t), isize = le32(t + 4);
                if (sum != crc_.checksum() || isize != size_) {
                    err_ = err_gzip_checksum;
                    return {produced, err_};
                }
                in_header_ = true;
                if (produced > 0) return {produced, nullptr};
                continue;
            }
            if (ec && ec != boost::beast::zlib::error::need_buffers) {
                err_ =
                    errors::new_("flate: corrupt input before offset " + std::to_string(offset_));
                return {produced, err_};
            }
            if (produced > 0) return {produced, nullptr};
        }
    }
    gocpp::error close() override { return src_.close(); }

  private:
    static std::uint32_t le32(const unsigned char* b) {
        return std::uint32_t(b[0]) | std::uint32_t(b[1]) << 8 | std::uint32_t(b[2]) << 16 |
               std::uint32_t(b[3]) << 24;
    }
    // At least one unread byte in in_, or the source's error (eof at its end).
    gocpp::error fill() {
        while (in_pos_ >= in_len_) {
            if (src_eof_) return eof;
            auto [n, err] = src_.read(std::span<char>(in_.data(), in_.size()));
            in_pos_ = 0;
            in_len_ = n;
            if (err == eof)
                src_eof_ = true;
            else if (err)
                return err;
        }
        return nullptr;
    }
    gocpp::error read_bytes(unsigned char* out, std::size_t k) {
        for (std::size_t i = 0; i < k; i++) {
            if (auto e = fill()) return e == eof ? err_unexpected_eof : e;
            out[i] = static_cast<unsigned char>(in_[in_pos_++]);
            offset_++;
        }
        return nullptr;
    }
    gocpp::error skip_zero_terminated() {
        unsigned char c = 1;
        while (c != 0)
            if (auto e = read_bytes(&c, 1)) return e;
        return nullptr;
    }
    gocpp::error read_header() {
        if (auto e = fill()) return e;
        unsigned char h[10];
        if (auto e = read_bytes(h, 10)) return e;
        if (h[0] != 0x1f || h[1] != 0x8b || h[2] != 8) return err_gzip_header;
        const unsigned flags = h[3];
        if (flags & 0x04) {  // FEXTRA
            unsigned char x[2];
            if (auto e = read_bytes(x, 2)) return e;
            for (unsigned n = x[0] | unsigned(x[1]) << 8; n > 0; n--) {
                unsigned char c;
                if (auto e = read_bytes(&c, 1)) return e;
            }
        }
        if (flags & 0x08)  // FNAME
            if (auto e = skip_zero_terminated()) return e;
        if (flags & 0x10)  // FCOMMENT
            if (auto e = skip_zero_terminated()) return e;
        if (flags & 0x02) {  // FHCRC
            unsigned char x[2];
            if (auto e = read_bytes(x, 2)) return e;
        }
        zs_.reset();
        crc_.reset();
        size_ = 0;
        return nullptr;
    }

    Body src_;
    std::vector<char> in_ = std::vector<char>(4096);
    std::size_t in_pos_ = 0, in_len_ = 0;
    std::size_t offset_ = 0;
    bool src_eof_ = false;
    bool in_header_ = true;
    gocpp::error err_;
    boost::beast::zlib::inflate_stream zs_;
    boost::crc_32_type crc_;
    std::uint32_t size_ = 0;
};

// strconv.Quote, for Go's badStringError.
std::string quoted(std::string_view s) {
    std::string out = "\"";
    for (char c : s) {
        if (c == '"' || c == '\\') out += '\\';
        out += c;
    }
    return out + "\"";
}

// Go's Request.isReplayable: no body (or one that can be made again) and an
// idempotent method.
bool replayable(const Request& req) {
    const auto& f = req.fields();
    bool body_ok = !f.body || f.body == no_body || f.get_body;
    if (!body_ok) return false;
    const std::string& m = f.method.empty() ? std::string("GET") : f.method;
    return m == "GET" || m == "HEAD" || m == "OPTIONS" || m == "TRACE" ||
           f.header->has("Idempotency-Key") || f.header->has("X-Idempotency-Key");
}

}  // namespace
}  // namespace detail

Transport::Transport() : pool_(std::make_shared<detail::transport_pool>()) {}

Transport::~Transport() {
    {
        std::lock_guard lock(pool_->mu);
        pool_->closed = true;
    }
    close_idle_connections();
}

void Transport::close_idle_connections() {
    std::vector<std::shared_ptr<detail::persist_conn>> all;
    {
        std::lock_guard lock(pool_->mu);
        for (auto& [k, list] : pool_->idle)
            for (auto& pc : list)
                all.push_back(std::move(pc));
        pool_->idle.clear();
        pool_->idle_count = 0;
    }
    for (auto& pc : all) {
        pc->stop_idle_timer();
        detail::close_conn(pc);
    }
}

response_result Transport::round_trip(const Request& req) {
    auto close_body = [&] {
        if (const Body& b = req.body()) b.close();
    };
    const url::URL& u = req.url();
    if (u.scheme != "http") {
        close_body();
        return {nullptr, errors::new_("unsupported protocol scheme " + detail::quoted(u.scheme))};
    }
    if (u.host.empty()) {
        close_body();
        return {nullptr, errors::new_("http: no Host in request URL")};
    }
    std::string port = u.port().empty() ? "80" : u.port();
    const std::string addr = net::join_host_port(u.hostname(), port);
    const std::string key = u.scheme + "|" + addr;
    context::Context ctx = req.context();

    const int per_host =
        max_idle_conns_per_host == 0 ? default_max_idle_conns_per_host : max_idle_conns_per_host;
    detail::round_trip_options opts;
    opts.response_header_timeout = response_header_timeout;
    // Go asks for gzip (and decodes it) unless the caller chose an encoding
    // or a range itself.
    const bool requested_gzip = !disable_compression &&
                                req.header().get("Accept-Encoding").empty() &&
                                req.header().get("Range").empty() && req.method() != "HEAD";
    if (requested_gzip) opts.extra_headers.emplace_back("Accept-Encoding", "gzip");
    bool wants_close = req.close() || detail::has_token(req.header().get("Connection"), "close");
    if (disable_keep_alives && !wants_close) opts.extra_headers.emplace_back("Connection", "close");
    const bool keep = !disable_keep_alives && !wants_close;

    Request r = req;
    for (;;) {
        if (auto e = ctx.err()) {
            close_body();
            return {nullptr, e};
        }
        auto pc = pool_->get_idle(key);
        while (pc && !(detail::stop_idle_watch(pc) && detail::still_open(pc))) {
            detail::close_conn(pc);
            pc = pool_->get_idle(key);
        }
        if (!pc) {
            auto [conn, err] = dial_context ? dial_context(ctx, "tcp", addr)
                                            : net::Dialer{}.dial_context(ctx, "tcp", addr);
            if (err || !conn) {
                close_body();
                if (auto e = ctx.err()) return {nullptr, e};
                return {nullptr, err ? err : errors::new_("net/http: dial returned a nil Conn")};
            }
            pc = std::make_shared<detail::persist_conn>();
            pc->nc = conn;
            pc->cc = detail::new_client_conn(detail::new_conn_stream(std::move(conn)));
            pc->key = key;
        }
        // Where the connection goes once this response's body is done (or
        // at once for a response without a body, or a failed call). The
        // callback is stored in the connection and holds pc until it runs,
        // so an unread body keeps its connection as Go's does; the pool is
        // held weakly.
        std::weak_ptr<detail::transport_pool> wpool = pool_;
        pc->cc->on_body_done([wpool, holder = pc, keep, per_host, max_total = max_idle_conns,
                              idle_timeout = idle_conn_timeout](bool ok) mutable {
            auto c = std::move(holder);
            if (!c) return;
            auto p = wpool.lock();
            if (ok && keep && p)
                detail::put_idle(p, std::move(c), per_host, max_total, idle_timeout);
            else
                detail::close_conn(c);
        });
        auto [resp, err] = pc->cc->round_trip(r, opts);
        if (!err) {
            if (requested_gzip && resp.body() != no_body &&
                detail::equal_fold(resp.header().get("Content-Encoding"), "gzip")) {
                resp.header().del("Content-Encoding");
                resp.header().del("Content-Length");
                resp.content_length() = -1;
                resp.body() = Body(std::make_shared<detail::gzip_reader>(resp.body()));
            }
            return {resp, nullptr};
        }
        detail::close_conn(pc);
        const bool retry =
            pc->reused && !ctx.err() && pc->cc->failed_before_response() && detail::replayable(r);
        if (!retry) {
            close_body();
            return {nullptr, err};
        }
        if (auto get_body = r.fields().get_body) {
            r = r.with_context(ctx);
            r.body() = get_body();
        }
    }
}

std::shared_ptr<Transport> default_transport() {
    // Never destroyed, as Go's DefaultTransport lives as long as the
    // program: no socket is closed during static destruction.
    static const auto* t = new std::shared_ptr<Transport>([] {
        auto tr = std::make_shared<Transport>();
        tr->max_idle_conns = 100;
        tr->idle_conn_timeout = 90 * time::second;
        tr->dial_context = [](const context::Context& ctx, std::string_view network,
                              std::string_view addr) {
            net::Dialer d{.timeout = 30 * time::second, .keep_alive = 30 * time::second};
            return d.dial_context(ctx, network, addr);
        };
        return tr;
    }());
    return *t;
}

}  // namespace gocpp::http
