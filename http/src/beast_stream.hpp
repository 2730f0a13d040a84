// Beast's SyncReadStream and SyncWriteStream over a detail::stream. The
// gocpp error of a failed call is kept in last_err; Beast sees asio's eof or
// a generic I/O error code.
#pragma once

#include <gocpp/http/body.hpp>
#include <gocpp/http/detail/stream.hpp>

#include <boost/asio/buffer.hpp>
#include <boost/asio/error.hpp>
#include <boost/system/system_error.hpp>

#include <iterator>
#include <string>

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

    // Writes the whole sequence. Several buffers of at most kGatherMax bytes
    // in all are copied together and written at once: Beast hands over a
    // request header as a dozen pieces and a chunk as three, each write is a
    // syscall, and Go's bufio.Writer sends a request header in one. Larger
    // sequences are written a buffer at a time.
    template <class ConstBufferSequence>
    std::size_t write_some(const ConstBufferSequence& buffers, boost::system::error_code& ec) {
        ec = {};
        const auto begin = boost::asio::buffer_sequence_begin(buffers);
        const auto end = boost::asio::buffer_sequence_end(buffers);
        const std::size_t size = boost::asio::buffer_size(buffers);
        if (std::distance(begin, end) > 1 && size <= kGatherMax) {
            gathered_.resize(size);
            boost::asio::buffer_copy(boost::asio::buffer(gathered_), buffers);
            return write(gathered_.data(), size, ec);
        }
        std::size_t total = 0;
        for (auto it = begin; it != end; ++it) {
            boost::asio::const_buffer b = *it;
            const std::size_t n = write(static_cast<const char*>(b.data()), b.size(), ec);
            total += n;
            if (ec) return total;
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
    static constexpr std::size_t kGatherMax = 64 * 1024;

    // One write of the stream; an empty buffer costs nothing.
    std::size_t write(const char* data, std::size_t size, boost::system::error_code& ec) {
        if (size == 0) return 0;
        auto [n, err] = s_.write(std::span<const char>(data, size));
        if (err) fail(err, ec);
        return n;
    }

    void fail(const gocpp::error& err, boost::system::error_code& ec) {
        last_err = err;
        ec = err == eof ? boost::asio::error::make_error_code(boost::asio::error::eof)
                        : make_error_code(boost::system::errc::io_error);
    }
    stream& s_;
    std::string gathered_;  // the copy write_some sends at once
};

}  // namespace gocpp::http::detail
