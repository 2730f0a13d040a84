// Go's bufio.Reader, bufio.Writer and bufio.Scanner (ScanLines), following
// src/bufio/bufio.go and scan.go.
#include <gocpp/io/bufio.hpp>
#include <gocpp/errors.hpp>

#include <algorithm>
#include <cstring>

namespace gocpp::bufio {

const error err_buffer_full = errors::new_("bufio: buffer full");
const error err_too_long = errors::new_("bufio.Scanner: token too long");

namespace {
constexpr int max_consecutive_empty_reads = 100;
}

// Reads a new chunk into the buffer (Go's fill).
void Reader::fill() {
    if (r_ > 0) {
        std::memmove(buf_.data(), buf_.data() + r_, w_ - r_);
        w_ -= r_;
        r_ = 0;
    }
    for (int i = max_consecutive_empty_reads; i > 0; --i) {
        auto [n, err] = rd_(std::span<char>(buf_.data() + w_, buf_.size() - w_));
        w_ += n;
        if (err) {
            err_ = err;
            return;
        }
        if (n > 0) return;
    }
    err_ = io::err_no_progress;
}

io::result Reader::read(std::span<char> p) {
    if (p.empty()) {
        if (buffered() > 0) return {0, nullptr};
        return {0, take_err()};
    }
    if (r_ == w_) {
        if (err_) return {0, take_err()};
        if (p.size() >= buf_.size()) {
            // Large read, empty buffer: straight into p.
            auto [n, err] = rd_(p);
            if (n > 0) last_byte_ = static_cast<unsigned char>(p[n - 1]);
            return {n, err};
        }
        r_ = w_ = 0;
        auto [n, err] = rd_(std::span<char>(buf_.data(), buf_.size()));
        if (n == 0) return {0, err};
        w_ += n;
        err_ = err;
    }
    const std::size_t n = std::min(p.size(), w_ - r_);
    std::memcpy(p.data(), buf_.data() + r_, n);
    r_ += n;
    last_byte_ = static_cast<unsigned char>(buf_[r_ - 1]);
    return {n, nullptr};
}

std::pair<char, error> Reader::read_byte() {
    while (r_ == w_) {
        if (err_) return {0, take_err()};
        fill();
    }
    const char c = buf_[r_++];
    last_byte_ = static_cast<unsigned char>(c);
    return {c, nullptr};
}

error Reader::unread_byte() {
    static const error invalid = errors::new_("bufio: invalid use of UnreadByte");
    if (last_byte_ < 0 || (r_ == 0 && w_ > 0)) return invalid;
    if (r_ > 0) {
        --r_;
    } else {
        w_ = 1;  // r_ == w_ == 0
    }
    buf_[r_] = static_cast<char>(last_byte_);
    last_byte_ = -1;
    return nullptr;
}

std::pair<std::string_view, error> Reader::read_slice(char delim) {
    std::size_t search_from = 0;
    for (;;) {
        const char* start = buf_.data() + r_ + search_from;
        const void* hit = std::memchr(start, delim, w_ - r_ - search_from);
        if (hit != nullptr) {
            const std::size_t len = static_cast<const char*>(hit) - (buf_.data() + r_) + 1;
            std::string_view line(buf_.data() + r_, len);
            r_ += len;
            last_byte_ = static_cast<unsigned char>(line.back());
            return {line, nullptr};
        }
        if (err_) {
            std::string_view line(buf_.data() + r_, w_ - r_);
            r_ = w_;
            if (!line.empty()) last_byte_ = static_cast<unsigned char>(line.back());
            return {line, take_err()};
        }
        if (w_ - r_ >= buf_.size()) {
            r_ = w_;
            std::string_view line(buf_.data(), buf_.size());
            last_byte_ = static_cast<unsigned char>(line.back());
            return {line, err_buffer_full};
        }
        search_from = w_ - r_;
        fill();
    }
}

std::pair<std::string, error> Reader::read_string(char delim) {
    std::string out;
    for (;;) {
        auto [frag, err] = read_slice(delim);
        out.append(frag);
        if (err != err_buffer_full) return {std::move(out), err};
    }
}

Reader::line_result Reader::read_line() {
    auto [line, err] = read_slice('\n');
    if (err == err_buffer_full) {
        // A "\r\n" split over the buffer boundary: leave the '\r' for later.
        if (!line.empty() && line.back() == '\r') {
            --r_;
            line.remove_suffix(1);
        }
        return {std::string(line), true, nullptr};
    }
    if (line.empty()) {
        if (err) line = {};
        return {std::string(), false, err};
    }
    err = nullptr;
    if (line.back() == '\n') {
        line.remove_suffix(1);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    }
    return {std::string(line), false, err};
}

std::pair<std::string_view, error> Reader::peek(std::size_t n) {
    last_byte_ = -1;
    while (w_ - r_ < n && w_ - r_ < buf_.size() && !err_)
        fill();
    if (n > buf_.size()) return {std::string_view(buf_.data() + r_, w_ - r_), err_buffer_full};
    error err;
    std::size_t avail = w_ - r_;
    if (avail < n) {
        n = avail;
        err = take_err();
        if (!err) err = err_buffer_full;
    }
    return {std::string_view(buf_.data() + r_, n), err};
}

io::result Writer::write(std::string_view p) {
    std::size_t written = 0;
    while (p.size() > available() && !err_) {
        std::size_t n;
        if (n_ == 0) {
            // Large write, empty buffer: straight through.
            auto [m, e] = wr_(p);
            n = m;
            err_ = e;
        } else {
            n = available();
            std::memcpy(buf_.data() + n_, p.data(), n);
            n_ += n;
            flush();
        }
        written += n;
        p.remove_prefix(n);
    }
    if (err_) return {written, err_};
    std::memcpy(buf_.data() + n_, p.data(), p.size());
    n_ += p.size();
    written += p.size();
    return {written, nullptr};
}

error Writer::flush() {
    if (err_) return err_;
    if (n_ == 0) return nullptr;
    auto [n, err] = wr_(std::string_view(buf_.data(), n_));
    if (n < n_ && !err) err = io::err_short_write;
    if (err) {
        if (n > 0 && n < n_) std::memmove(buf_.data(), buf_.data() + n, n_ - n);
        n_ -= std::min(n, n_);
        err_ = err;
        return err;
    }
    n_ = 0;
    return nullptr;
}

bool Scanner::scan() {
    if (done_) return false;
    for (;;) {
        // A complete line in the buffer?
        const std::size_t nl = buf_.find('\n', start_);
        if (nl != std::string::npos) {
            std::size_t end = nl;
            if (end > start_ && buf_[end - 1] == '\r') --end;
            token_.assign(buf_, start_, end - start_);
            start_ = nl + 1;
            return true;
        }
        if (err_) {
            if (start_ < buf_.size()) {
                // The final, unterminated line.
                std::size_t end = buf_.size();
                if (buf_[end - 1] == '\r') --end;
                token_.assign(buf_, start_, end - start_);
                start_ = buf_.size();
                return true;
            }
            done_ = true;
            token_.clear();
            return false;
        }
        if (start_ > 0) {
            buf_.erase(0, start_);
            start_ = 0;
        }
        if (buf_.size() >= max_) {
            err_ = err_too_long;
            done_ = true;
            token_.clear();
            return false;
        }
        const std::size_t old = buf_.size();
        const std::size_t want =
            std::min<std::size_t>(max_ - old, std::max<std::size_t>(4096, old));
        buf_.resize(old + want);
        auto [n, err] = rd_(std::span<char>(buf_.data() + old, want));
        buf_.resize(old + n);
        if (err) {
            err_ = err;
        } else if (n == 0) {
            if (++empties_ > max_consecutive_empty_reads) err_ = io::err_no_progress;
        } else {
            empties_ = 0;
        }
    }
}

}  // namespace gocpp::bufio
