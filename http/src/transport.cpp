// Transport: Go's transport.go for HTTP/1.1 — the idle connection pool
// keyed by scheme and host:port, dialing, the retry of a request that met a
// reused connection the server had already closed, and the rules for
// returning a connection to the pool once its response body is done.
#include "request_fields.hpp"
#include "token.hpp"

#include <gocpp/errors.hpp>
#include <gocpp/http/client.hpp>
#include <gocpp/http/detail/client_conn.hpp>
#include <gocpp/http/detail/stream.hpp>
#include <gocpp/time.hpp>

#include <deque>
#include <map>
#include <mutex>

namespace gocpp::http {
namespace detail {

// One connection and what the pool knows of it.
struct persist_conn {
    std::shared_ptr<client_conn> cc;
    std::string key;
    bool reused = false;
    time::Timer idle_timer;  // the zero Timer when there is no idle timeout
    bool has_idle_timer = false;
    time::Time idle_since{};
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
        if (pc->has_idle_timer) {
            // If the timer already fired, its goroutine finds pc gone from
            // the list and leaves it alone.
            (void)pc->idle_timer.stop();
            pc->has_idle_timer = false;
        }
        pc->reused = true;
        return pc;
    }
};

namespace {

void close_conn(const std::shared_ptr<persist_conn>& pc) {
    pc->cc->conn()->close();
}

// Go's tryPutIdleConn: keeps pc unless the host has enough idle
// connections already (then pc closes) or the whole pool is over
// max_idle_conns (then the oldest idle connection closes).
void put_idle(const std::shared_ptr<transport_pool>& pool, std::shared_ptr<persist_conn> pc,
              int per_host, int max_total, time::Duration idle_timeout) {
    std::shared_ptr<persist_conn> evicted;
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
                    auto p = wpool.lock();
                    auto c = wpc.lock();
                    if (!p || !c) return;
                    bool removed;
                    {
                        std::lock_guard l(p->mu);
                        removed = p->remove_idle_locked(c);
                    }
                    if (removed) close_conn(c);
                });
                pc->has_idle_timer = true;
            }
            list.push_back(std::move(pc));
            ++pool->idle_count;
            if (max_total > 0 && pool->idle_count > static_cast<std::size_t>(max_total)) {
                // The least recently returned connection of any host.
                std::shared_ptr<persist_conn> oldest;
                for (auto& [k, l] : pool->idle)
                    if (!l.empty() && (!oldest || l.front()->idle_since < oldest->idle_since))
                        oldest = l.front();
                pool->remove_idle_locked(oldest);
                if (oldest->has_idle_timer) (void)oldest->idle_timer.stop();
                evicted = std::move(oldest);
            }
        }
    }
    if (evicted) close_conn(evicted);
}

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
        if (pc->has_idle_timer) (void)pc->idle_timer.stop();
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
        if (!pc) {
            auto [conn, err] = dial_context ? dial_context(ctx, "tcp", addr)
                                            : net::Dialer{}.dial_context(ctx, "tcp", addr);
            if (err || !conn) {
                close_body();
                if (auto e = ctx.err()) return {nullptr, e};
                return {nullptr, err ? err : errors::new_("net/http: dial returned a nil Conn")};
            }
            pc = std::make_shared<detail::persist_conn>();
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
        if (!err) return {resp, nullptr};
        detail::close_conn(pc);
        const bool retry =
            pc->reused && !ctx.err() && pc->cc->failed_before_response() && detail::replayable(r);
        if (!retry) {
            close_body();
            return {nullptr, err};
        }
        if (auto& get_body = r.fields().get_body) {
            r = r.with_context(ctx);
            r.body() = get_body();
        }
    }
}

std::shared_ptr<Transport> default_transport() {
    static const std::shared_ptr<Transport> t = [] {
        auto tr = std::make_shared<Transport>();
        tr->max_idle_conns = 100;
        tr->idle_conn_timeout = 90 * time::second;
        tr->dial_context = [](const context::Context& ctx, std::string_view network,
                              std::string_view addr) {
            net::Dialer d{.timeout = 30 * time::second, .keep_alive = 30 * time::second};
            return d.dial_context(ctx, network, addr);
        };
        return tr;
    }();
    return t;
}

}  // namespace gocpp::http
