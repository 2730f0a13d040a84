// detail::stream over a net::Conn: the one place http meets sockets.
#include <gocpp/http/detail/stream.hpp>

namespace gocpp::http::detail {

namespace {

class conn_stream final : public stream {
  public:
    explicit conn_stream(net::Conn c) : c_(std::move(c)) {}

    io_result read(std::span<char> buf) override {
        auto [n, err] = c_.read(buf);
        return {n, std::move(err)};
    }
    io_result write(std::span<const char> buf) override {
        auto [n, err] = c_.write(std::string_view(buf.data(), buf.size()));
        return {n, std::move(err)};
    }
    gocpp::error close() override { return c_.close(); }
    gocpp::error close_write() override { return c_.close_write(); }
    void set_read_deadline(time::Time t) override { c_.set_read_deadline(t); }
    void set_write_deadline(time::Time t) override { c_.set_write_deadline(t); }
    std::string local_addr() const override { return c_.local_addr().string(); }
    std::string remote_addr() const override { return c_.remote_addr().string(); }

  private:
    net::Conn c_;
};

}  // namespace

std::shared_ptr<stream> new_conn_stream(net::Conn c) {
    return std::make_shared<conn_stream>(std::move(c));
}

}  // namespace gocpp::http::detail
