// Server's listening side, after Go 1.19's net/http/server.go (Serve,
// ListenAndServe, Shutdown, Close, closeIdleConns). The connection loop is
// server_conn.cpp.
#include "server_state.hpp"

#include <gocpp/errors.hpp>
#include <gocpp/http/server.hpp>
#include <gocpp/panic.hpp>
#include <gocpp/rand.hpp>
#include <gocpp/runtime.hpp>
#include <gocpp/select.hpp>
#include <gocpp/time.hpp>

namespace gocpp::http {

const gocpp::error err_server_closed = errors::new_("http: Server closed");

namespace {

// Go's shutdownPollIntervalMax.
constexpr auto shutdown_poll_interval_max = std::chrono::milliseconds(500);
// A connection that has not sent a whole request header in this long counts
// as idle for shutdown (Go's issue 22682).
constexpr auto fresh_conn_grace = std::chrono::seconds(5);

// Closes every listener (Go's closeListenersLocked): the first error.
gocpp::error close_listeners_locked(detail::server_state& st) {
    gocpp::error first;
    for (auto& ln : st.listeners) {
        auto err = ln.close();
        if (err && !first && !errors::is(err, net::err_closed)) first = err;
    }
    st.listeners.clear();
    return first;
}

// Go's closeIdleConns: closes the idle connections; true if every
// connection was idle (nothing left in flight).
bool close_idle_conns(detail::server_state& st) {
    std::lock_guard lock(st.mu);
    bool quiescent = true;
    auto now = time::now();
    for (auto& [key, c] : st.conns) {
        bool idle = c.state == detail::conn_state::idle ||
                    (c.state == detail::conn_state::fresh && now - c.since > fresh_conn_grace);
        if (!idle) {
            quiescent = false;
            continue;
        }
        // The connection's goroutine sees the close and untracks itself.
        c.rwc->close();
    }
    return quiescent;
}

}  // namespace

std::shared_ptr<detail::server_state> Server::state() {
    static std::mutex init_mu;
    std::lock_guard lock(init_mu);
    if (!state_) {
        state_ = std::make_shared<detail::server_state>();
        auto log = error_log;
        state_->log = std::make_shared<const detail::log_func>(
            log ? log : detail::log_func([](const std::string& m) { detail::std_logf(m); }));
    }
    return state_;
}

void Server::serve_stream(std::shared_ptr<detail::stream> rwc) {
    detail::serve_conn(state(), detail::server_config::of(*this), std::move(rwc),
                       context::background());
}

gocpp::error Server::listen_and_serve() {
    if (state()->in_shutdown.load()) return err_server_closed;
    std::string a = addr.empty() ? ":80" : addr;  // Go's ":http"
    auto [ln, err] = net::listen("tcp", a);
    if (err) return err;
    return serve(ln);
}

gocpp::error Server::serve(net::Listener l) {
    auto st = state();
    {
        std::lock_guard lock(st->mu);
        if (st->in_shutdown.load()) {
            l.close();
            return err_server_closed;
        }
        st->listeners.push_back(l);
    }
    const int lfd = l.fd();  // identifies l while it is open
    auto untrack = [&] {
        {
            std::lock_guard lock(st->mu);
            std::erase_if(st->listeners, [&](const net::Listener& x) { return x.fd() == lfd; });
        }
        l.close();
    };
    context::Context base = context::background();
    if (base_context) {
        base = base_context(l);
        if (!base) {
            untrack();
            panic("BaseContext returned a nil context");
        }
    }
    time::Duration temp_delay{0};
    for (;;) {
        auto [c, err] = l.accept();
        if (err) {
            if (st->in_shutdown.load()) {
                untrack();
                return err_server_closed;
            }
            auto t = errors::as<timeout_error>(err);
            if (t && t->temporary()) {
                temp_delay =
                    temp_delay.count() == 0 ? std::chrono::milliseconds(5) : temp_delay * 2;
                if (temp_delay > std::chrono::seconds(1)) temp_delay = std::chrono::seconds(1);
                (*st->log)("http: Accept error: " + err.error() + "; retrying in " +
                           time::duration_string(temp_delay));
                time::sleep(temp_delay);
                continue;
            }
            untrack();
            return err;
        }
        temp_delay = time::Duration{0};
        go([st, cfg = detail::server_config::of(*this), c = c, base] {
            detail::serve_conn(st, cfg, detail::new_conn_stream(c), base);
        });
    }
}

gocpp::error Server::shutdown(context::Context ctx) {
    auto st = state();
    gocpp::error lnerr;
    {
        std::lock_guard lock(st->mu);
        st->in_shutdown.store(true);
        lnerr = close_listeners_locked(*st);
        for (auto& f : st->on_shutdown)
            go(f);
    }
    auto interval_base = time::Duration(std::chrono::milliseconds(1));
    auto next_poll_interval = [&] {
        // Go adds up to 10% jitter so that many servers do not poll in step.
        auto interval = interval_base + time::Duration(rand::int63n(interval_base.count() / 10));
        interval_base = std::min<time::Duration>(interval_base * 2, shutdown_poll_interval_max);
        return interval;
    };
    auto timer = time::new_timer(next_poll_interval());
    for (;;) {
        bool no_listeners;
        {
            std::lock_guard lock(st->mu);
            no_listeners = st->listeners.empty();
        }
        if (close_idle_conns(*st) && no_listeners) {
            (void)timer.stop();
            return lnerr;
        }
        if (select(recv(ctx.done()), recv(timer.c)) == 1) {
            (void)timer.reset(next_poll_interval());
        } else {
            (void)timer.stop();
            // The handlers still running are told to stop through their
            // contexts (canceled outside the lock: cancellation runs callbacks).
            std::vector<context::CancelFunc> cancels;
            {
                std::lock_guard lock(st->mu);
                for (auto& [key, c] : st->conns)
                    cancels.push_back(c.cancel);
            }
            for (auto& cancel : cancels)
                cancel();
            return ctx.err();
        }
    }
}

void Server::register_on_shutdown(std::function<void()> f) {
    auto st = state();
    std::lock_guard lock(st->mu);
    st->on_shutdown.push_back(std::move(f));
}

gocpp::error Server::close() {
    auto st = state();
    std::vector<detail::tracked_conn> conns;
    gocpp::error err;
    {
        std::lock_guard lock(st->mu);
        st->in_shutdown.store(true);
        err = close_listeners_locked(*st);
        for (auto& [key, c] : st->conns)
            conns.push_back(c);
    }
    // Outside the lock: a context's cancellation runs its callbacks.
    for (auto& c : conns) {
        // Closing wakes a handler only through its body or the background
        // read; one that waits on its context alone learns it here.
        c.cancel();
        c.rwc->close();
    }
    return err;
}

gocpp::error serve(net::Listener l, Handler handler) {
    Server srv{.handler = std::move(handler)};
    return srv.serve(std::move(l));
}

gocpp::error listen_and_serve(std::string addr, Handler handler) {
    Server srv{.addr = std::move(addr), .handler = std::move(handler)};
    return srv.listen_and_serve();
}

void Server::set_keep_alives_enabled(bool v) {
    auto st = state();
    st->keep_alives.store(v);
    if (!v) close_idle_conns(*st);  // as Go's: idle connections would never be reused
}

}  // namespace gocpp::http
