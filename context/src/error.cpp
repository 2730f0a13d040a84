// Go's errors.New, errors.Is and a wrapping error.
#include <gocpp/error.hpp>
#include <gocpp/panic.hpp>

namespace gocpp {

namespace {

// Go's *errors.errorString.
class error_string final : public error_interface {
  public:
    explicit error_string(std::string s) : s_(std::move(s)) {}
    std::string error() const override { return s_; }

  private:
    std::string s_;
};

// Go's *fmt.wrapError.
class wrapped_error final : public error_interface {
  public:
    wrapped_error(std::string msg, error_value cause)
        : msg_(std::move(msg)), cause_(std::move(cause)) {}
    std::string error() const override { return msg_; }
    error_value unwrap() const override { return cause_; }

  private:
    std::string msg_;
    error_value cause_;
};

}  // namespace

std::string error_value::error() const {
    if (!p_) throw panic_error("runtime error: invalid memory address or nil pointer dereference");
    return p_->error();
}

error errors_new(std::string text) {
    return std::make_shared<error_string>(std::move(text));
}

error errors_wrap(std::string message, error cause) {
    return std::make_shared<wrapped_error>(std::move(message), std::move(cause));
}

bool is(error err, const error& target) {
    if (!target) return !err;
    while (err) {
        if (err == target) return true;
        if (err.get()->is(target)) return true;
        err = err.unwrap();
    }
    return false;
}

}  // namespace gocpp
