// The in-memory stream pair: a byte queue per direction, guarded by a
// std::mutex that is never held across a park, and a one-slot wake channel
// per direction that writers, closers and deadline changes poke.
#include <gocpp/chan.hpp>
#include <gocpp/errors.hpp>
#include <gocpp/http/body.hpp>
#include <gocpp/http/detail/stream.hpp>
#include <gocpp/select.hpp>
#include <gocpp/time.hpp>

#include <atomic>
#include <cstring>
#include <deque>
#include <mutex>

namespace gocpp::http::detail {
namespace {

class timeout_err final : public error_interface, public timeout_error {
  public:
    std::string error() const override { return "i/o timeout"; }
    bool timeout() const override { return true; }
    bool temporary() const override { return true; }
};

const gocpp::error err_timeout = std::make_shared<timeout_err>();
const gocpp::error err_closed_pipe = errors::new_("io: read/write on closed pipe");

// One direction: bytes written by one end and read by the other.
struct direction {
    std::mutex mu;
    std::string data;
    std::size_t pos = 0;
    bool write_closed = false;  // the writer closed: eof after the data
    bool read_closed = false;   // the reader closed: its reads fail
    time::Time read_deadline{};
    chan<void> wake = make_chan<void>(1);

    void poke() { select(send(wake), default_); }
};

class pipe_end final : public stream {
  public:
    pipe_end(std::shared_ptr<direction> in, std::shared_ptr<direction> out, std::string local,
             std::string remote)
        : in_(std::move(in)),
          out_(std::move(out)),
          local_(std::move(local)),
          remote_(std::move(remote)) {}
    ~pipe_end() override { close(); }

    io_result read(std::span<char> buf) override {
        for (;;) {
            time::Time deadline;
            {
                std::lock_guard lock(in_->mu);
                if (in_->read_closed) return {0, err_closed_pipe};
                deadline = in_->read_deadline;
                if (deadline != time::Time{} && time::now() >= deadline) return {0, err_timeout};
                if (in_->pos < in_->data.size()) {
                    std::size_t n = std::min(buf.size(), in_->data.size() - in_->pos);
                    std::memcpy(buf.data(), in_->data.data() + in_->pos, n);
                    in_->pos += n;
                    if (in_->pos == in_->data.size()) {
                        in_->data.clear();
                        in_->pos = 0;
                    }
                    return {n, nullptr};
                }
                if (in_->write_closed) return {0, eof};
            }
            if (deadline == time::Time{}) {
                in_->wake.recv();
            } else {
                auto timer = time::new_timer(time::until(deadline));
                select(recv(in_->wake), recv(timer.c));
                (void)timer.stop();  // fired or not: the loop looks again
            }
        }
    }

    io_result write(std::span<const char> buf) override {
        {
            std::lock_guard lock(out_->mu);
            if (closed_ || out_->write_closed) return {0, err_closed_pipe};
            if (write_deadline_ != time::Time{} && time::now() >= write_deadline_)
                return {0, err_timeout};
            if (out_->read_closed) return {0, errors::new_("write: broken pipe")};
            out_->data.append(buf.data(), buf.size());
        }
        out_->poke();
        return {buf.size(), nullptr};
    }

    gocpp::error close() override {
        {
            std::lock_guard lock(in_->mu);
            if (closed_.exchange(true)) return nullptr;
            in_->read_closed = true;
        }
        in_->poke();
        close_write();
        return nullptr;
    }

    gocpp::error close_write() override {
        {
            std::lock_guard lock(out_->mu);
            out_->write_closed = true;
        }
        out_->poke();
        return nullptr;
    }

    void set_read_deadline(time::Time t) override {
        {
            std::lock_guard lock(in_->mu);
            in_->read_deadline = t;
        }
        in_->poke();
    }
    void set_write_deadline(time::Time t) override {
        std::lock_guard lock(out_->mu);
        write_deadline_ = t;
    }
    std::string local_addr() const override { return local_; }
    std::string remote_addr() const override { return remote_; }

  private:
    std::shared_ptr<direction> in_, out_;
    std::string local_, remote_;
    std::atomic<bool> closed_{false};
    time::Time write_deadline_{};  // guarded by out_->mu
};

}  // namespace

bool is_timeout(const gocpp::error& err) {
    auto t = errors::as<timeout_error>(err);
    return t && t->timeout();
}

pipe_ends new_pipe(std::string a_addr, std::string b_addr) {
    auto ab = std::make_shared<direction>();
    auto ba = std::make_shared<direction>();
    return {std::make_shared<pipe_end>(ba, ab, a_addr, b_addr),
            std::make_shared<pipe_end>(ab, ba, b_addr, a_addr)};
}

}  // namespace gocpp::http::detail
