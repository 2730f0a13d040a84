// Go's errors package (New, Is, Join), the wrapping errors that fmt.Errorf's
// %w builds, and os.ErrDeadlineExceeded.
#include <gocpp/errors.hpp>
#include <gocpp/os.hpp>
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

// Go 1.20's *fmt.wrapErrors.
class wrapped_errors final : public error_interface {
  public:
    wrapped_errors(std::string msg, std::vector<error_value> causes)
        : msg_(std::move(msg)), causes_(std::move(causes)) {}
    std::string error() const override { return msg_; }
    std::vector<error_value> unwrap_errors() const override { return causes_; }

  private:
    std::string msg_;
    std::vector<error_value> causes_;
};

// Go 1.20's *errors.joinError.
class join_error final : public error_interface {
  public:
    explicit join_error(std::vector<error_value> errs) : errs_(std::move(errs)) {}
    std::string error() const override {
        std::string s;
        for (std::size_t i = 0; i < errs_.size(); ++i) {
            if (i > 0) s += '\n';
            s += errs_[i].error();
        }
        return s;
    }
    std::vector<error_value> unwrap_errors() const override { return errs_; }

  private:
    std::vector<error_value> errs_;
};

// Go's *poll.DeadlineExceededError.
class deadline_exceeded_error final : public error_interface, public timeout_error {
  public:
    std::string error() const override { return "i/o timeout"; }
    bool timeout() const override { return true; }
    bool temporary() const override { return true; }
};

std::vector<error_value> without_nils(std::vector<error_value> errs) {
    std::erase_if(errs, [](const error_value& e) { return !e; });
    return errs;
}

}  // namespace

std::string error_value::error() const {
    if (!p_) throw panic_error("runtime error: invalid memory address or nil pointer dereference");
    return p_->error();
}

namespace os {
const error err_deadline_exceeded = std::make_shared<deadline_exceeded_error>();
}  // namespace os

namespace errors {

error new_(std::string text) {
    return std::make_shared<error_string>(std::move(text));
}

error wrap(std::string message, error cause) {
    return std::make_shared<wrapped_error>(std::move(message), std::move(cause));
}

error wrap(std::string message, std::vector<error> causes) {
    return std::make_shared<wrapped_errors>(std::move(message), without_nils(std::move(causes)));
}

error join(std::vector<error> errs) {
    errs = without_nils(std::move(errs));
    if (errs.empty()) return nullptr;
    return std::make_shared<join_error>(std::move(errs));
}

bool is(const error& err, const error& target) {
    if (!target) return !err;
    for (error e = err; e;) {
        if (e == target) return true;
        if (e.get()->is(target)) return true;
        if (error next = e.unwrap()) {
            e = std::move(next);
            continue;
        }
        for (const error& branch : e.get()->unwrap_errors()) {
            if (is(branch, target)) return true;
        }
        break;
    }
    return false;
}

}  // namespace errors

}  // namespace gocpp
