// timeout_handler: Go's TimeoutHandler. The handler runs in its own
// goroutine and writes into a buffer; whichever of "handler done" and
// "context done" comes first decides what the client gets.
#include "log.hpp"

#include <gocpp/chan.hpp>
#include <gocpp/context.hpp>
#include <gocpp/defer.hpp>
#include <gocpp/http/mux.hpp>
#include <gocpp/panic.hpp>
#include <gocpp/runtime.hpp>
#include <gocpp/select.hpp>

#include <exception>
#include <mutex>

namespace gocpp::http {
namespace {

// The writer the inner handler sees. Shared with its goroutine, which may
// outlive the serving call after a timeout.
class timeout_writer final : public ResponseWriterInterface {
  public:
    explicit timeout_writer(Request r) : req(std::move(r)) {}

    Header& header() override { return h; }
    write_result write(std::string_view p) override {
        std::lock_guard lock(mu);
        if (err) return {0, err};
        if (!wrote_header) write_header_locked(200, gocpp::detail::call_site::current());
        buf.append(p);
        return {p.size(), nullptr};
    }
    void write_header(int code, gocpp::detail::call_site caller) override {
        if (code < 100 || code > 999) panic("invalid WriteHeader code " + std::to_string(code));
        std::lock_guard lock(mu);
        write_header_locked(code, caller);
    }

    void write_header_locked(int c, const gocpp::detail::call_site& caller) {
        if (err) return;
        if (wrote_header) {
            detail::request_logf(req, detail::superfluous_write_header_message(caller));
            return;
        }
        wrote_header = true;
        code = c;
    }

    std::mutex mu;  // never held across a blocking call
    Header h;
    std::string buf;
    Request req;
    gocpp::error err;
    bool wrote_header = false;
    int code = 0;
};

class timeout_handler_impl final : public HandlerInterface {
  public:
    timeout_handler_impl(Handler h, time::Duration dt, std::string body)
        : handler_(std::move(h)), dt_(dt), body_(std::move(body)) {}

    void serve_http(ResponseWriter w, Request r) const override {
        auto [ctx, cancel] = context::with_timeout(r.context(), dt_);
        defer _{cancel};
        r = r.with_context(ctx);
        auto done = make_chan<void>();
        auto panics = make_chan<std::exception_ptr>(1);
        auto tw = std::make_shared<timeout_writer>(r);
        go([handler = handler_, tw, r, done, panics] {
            std::exception_ptr caught;
            try {
                handler.serve_http(ResponseWriter(tw), r);
            } catch (...) {
                caught = std::current_exception();
            }
            // Sent after the catch block has let go of the exception, so
            // that the only reference travels on the channel and the caller
            // alone destroys the exception: its reference count lives in
            // the C++ runtime, which ThreadSanitizer cannot see, so a
            // destruction here after the caller read what() was reported as
            // a race.
            if (caught) {
                panics.send(std::move(caught));
                return;
            }
            done.close();
        });
        std::exception_ptr p;
        switch (select(recv(panics, p), recv(done), recv(ctx.done()))) {
            case 0:
                std::rethrow_exception(p);
            case 1: {
                std::lock_guard lock(tw->mu);
                auto& dst = w.header();
                for (auto& [k, vs] : tw->h.map())
                    dst.map()[k] = vs;
                if (!tw->wrote_header) tw->code = 200;
                w.write_header(tw->code);
                w.write(tw->buf);
                break;
            }
            default: {
                std::lock_guard lock(tw->mu);
                auto err = ctx.err();
                w.write_header(503);
                if (err == context::deadline_exceeded) {
                    w.write(body_.empty() ? "<html><head><title>Timeout</title></"
                                            "head><body><h1>Timeout</h1></body></html>"
                                          : body_);
                    tw->err = err_handler_timeout;
                } else {
                    tw->err = err;
                }
            }
        }
    }

  private:
    Handler handler_;
    time::Duration dt_;
    std::string body_;
};

}  // namespace

Handler timeout_handler(Handler h, std::chrono::nanoseconds dt, std::string msg) {
    return Handler(std::make_shared<timeout_handler_impl>(std::move(h), dt, std::move(msg)));
}

}  // namespace gocpp::http
