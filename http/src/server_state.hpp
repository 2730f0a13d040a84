// The state a Server shares with its connections: which listeners and
// connections are open, each connection's Go ConnState (new, active, idle),
// and whether the server is shutting down. Every field is guarded by mu,
// which is never held across a park.
#pragma once

#include "log.hpp"

#include <gocpp/context.hpp>
#include <gocpp/http/detail/stream.hpp>
#include <gocpp/http/server.hpp>
#include <gocpp/net/net.hpp>
#include <gocpp/time.hpp>

#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <unordered_map>
#include <vector>

namespace gocpp::http::detail {

enum class conn_state { fresh, active, idle };

// What a connection needs of its Server, copied when the connection starts,
// so that a connection still winding down after close() never reads a
// Server that its owner has destroyed.
struct server_config {
    Handler handler;
    time::Duration read_header_timeout{0};
    time::Duration read_timeout{0};
    time::Duration write_timeout{0};
    time::Duration idle_timeout{0};
    int max_header_bytes = 0;

    static server_config of(const Server& s) {
        return {s.handler,       s.read_header_timeout, s.read_timeout,
                s.write_timeout, s.idle_timeout,        s.max_header_bytes};
    }
};

struct tracked_conn {
    std::shared_ptr<stream> rwc;
    context::CancelFunc cancel;  // the connection's context, parent of its requests'
    conn_state state = conn_state::fresh;
    time::Time since;  // when it entered state
};

struct server_state {
    std::mutex mu;
    std::unordered_map<const stream*, tracked_conn> conns;
    std::vector<net::Listener> listeners;
    std::vector<std::function<void()>> on_shutdown;
    // Go's inShutdown: set by shutdown() and close(); serve returns
    // err_server_closed and new connections are refused.
    std::atomic<bool> in_shutdown{false};
    std::atomic<bool> keep_alives{true};
    shared_log log;

    // Go's doKeepAlives: a shutting-down server answers with
    // "Connection: close" and ends each connection after its request.
    bool do_keep_alives() const { return keep_alives.load() && !in_shutdown.load(); }

    // Registers a connection; false if the server is shutting down.
    bool track(std::shared_ptr<stream> rwc, context::CancelFunc cancel) {
        std::lock_guard lock(mu);
        if (in_shutdown.load()) return false;
        auto* key = rwc.get();
        conns[key] =
            tracked_conn{std::move(rwc), std::move(cancel), conn_state::fresh, time::now()};
        return true;
    }
    void untrack(const stream* rwc) {
        std::lock_guard lock(mu);
        conns.erase(rwc);
    }
    void set_state(const stream* rwc, conn_state st) {
        std::lock_guard lock(mu);
        if (auto it = conns.find(rwc); it != conns.end()) {
            it->second.state = st;
            it->second.since = time::now();
        }
    }
};

// One connection's loop (server_conn.cpp): serves rwc until it closes or the
// server is closed; contexts derive from base.
void serve_conn(std::shared_ptr<server_state> st, server_config cfg, std::shared_ptr<stream> rwc,
                const context::Context& base);

}  // namespace gocpp::http::detail
