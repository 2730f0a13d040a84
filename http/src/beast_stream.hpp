// Beast's SyncReadStream and SyncWriteStream over a detail::stream. The
// gocpp error of a failed call is kept in last_err; Beast sees asio's eof or
// a generic I/O error code.
#pragma once

#include <gocpp/http/body.hpp>
#include <gocpp/http/detail/stream.hpp>

#include <boost/asio/buffer.hpp>
#include <boost/asio/error.hpp>
#include <boost/system/system_error.hpp>

namespace gocpp::http::detail {

class beast_stream {
  public:
    explicit beast_stream(stream& s) : s_(s) {}

    template <class MutableBufferSequence>
    std::size_t read_some(const MutableBufferSequence& buffers, boost::system::error_code& ec) {
        ec = {};
        auto end = boost::asio::buffer_sequence_end(buffers);
        for (auto it = boost::asio::buffer_sequence_begin(buffers); it != end; ++it) {
            boost::asio::mutable_buffer b = *it;
            if (b.size() == 0) continue;
            auto [n, err] = s_.read(std::span<char>(static_cast<char*>(b.data()), b.size()));
            if (n == 0 && err) fail(err, ec);
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

    // Writes the whole sequence (as one write per buffer; the stream's own
    // buffering is the caller's business).
    template <class ConstBufferSequence>
    std::size_t write_some(const ConstBufferSequence& buffers, boost::system::error_code& ec) {
        ec = {};
        std::size_t total = 0;
        auto end = boost::asio::buffer_sequence_end(buffers);
        for (auto it = boost::asio::buffer_sequence_begin(buffers); it != end; ++it) {
            boost::asio::const_buffer b = *it;
            if (b.size() == 0) continue;
            auto [n, err] =
                s_.write(std::span<const char>(static_cast<const char*>(b.data()), b.size()));
            total += n;
            if (err) {
                fail(err, ec);
                return total;
            }
        }
        return total;
    }
    template <class ConstBufferSequence>
    std::size_t write_some(const ConstBufferSequence& buffers) {
        boost::system::error_code ec;
        auto n = write_some(buffers, ec);
        if (ec) throw boost::system::system_error(ec);
        return n;
    }

    gocpp::error last_err;

  private:
    void fail(const gocpp::error& err, boost::system::error_code& ec) {
        last_err = err;
        ec = err == eof ? boost::asio::error::make_error_code(boost::asio::error::eof)
                        : make_error_code(boost::system::errc::io_error);
    }
    stream& s_;
};

}  // namespace gocpp::http::detail
