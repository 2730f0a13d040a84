// Bodies: the error values, a string body, read_all.
#include <gocpp/http/body.hpp>
#include <gocpp/errors.hpp>
#include <gocpp/panic.hpp>

#include <algorithm>
#include <cstring>

namespace gocpp::http {

const gocpp::error err_body_read_after_close = errors::new_("http: invalid Read on closed Body");

namespace {
[[noreturn]] void nil_deref() {
    panic("runtime error: invalid memory address or nil pointer dereference");
}

class string_reader final : public BodyReader {
  public:
    explicit string_reader(std::string s) : s_(std::move(s)) {}
    read_result read(std::span<char> buf) override {
        if (pos_ >= s_.size()) return {0, eof};
        std::size_t n = std::min(buf.size(), s_.size() - pos_);
        std::memcpy(buf.data(), s_.data() + pos_, n);
        pos_ += n;
        return {n, nullptr};
    }

  private:
    std::string s_;
    std::size_t pos_ = 0;
};

class no_body_reader final : public BodyReader {
  public:
    read_result read(std::span<char>) override { return {0, eof}; }
};
}  // namespace

const Body no_body{std::make_shared<no_body_reader>()};

read_result Body::read(std::span<char> buf) const {
    if (!r_) nil_deref();
    return r_->read(buf);
}

error Body::close() const {
    if (!r_) nil_deref();
    return r_->close();
}

Body string_body(std::string s) {
    return Body(std::make_shared<string_reader>(std::move(s)));
}

read_all_result read_all(const Body& b) {
    read_all_result r;
    char buf[4096];
    for (;;) {
        auto [n, err] = b.read(buf);
        r.data.append(buf, n);
        if (err == eof) return r;
        if (err) {
            r.err = err;
            return r;
        }
    }
}

}  // namespace gocpp::http
