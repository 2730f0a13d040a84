// The Context handle, ContextBase's forwarding defaults, background/todo,
// the package's errors, value contexts, and the walks up chains of the
// library's contexts.
#include "internal.hpp"

#include <gocpp/panic.hpp>
#include <gocpp/time/format.hpp>

#include <typeinfo>

namespace gocpp::detail {

namespace {

// Go's emptyCtx (backgroundCtx and todoCtx in later Go).
class empty_ctx final : public context::ContextBase {
  public:
    explicit empty_ctx(const char* name) : name_(name) {
        native_access::set_kind(*this, kind_empty);
    }
    context::deadline_result deadline() const override { return {}; }
    recv_chan<void> done() const override { return {}; }
    error err() const override { return {}; }
    any value(const any&) const override { return {}; }
    std::string string() const override { return name_; }

  private:
    const char* name_;
};

// Go's *errors.errorString behind Canceled.
class canceled_error final : public error_interface {
  public:
    std::string error() const override { return "context canceled"; }
};

// Go's deadlineExceededError.
class deadline_exceeded_error final : public error_interface, public timeout_error {
  public:
    std::string error() const override { return "context deadline exceeded"; }
    bool timeout() const override { return true; }
    bool temporary() const override { return true; }
};

std::string stringify(const any& v) {
    std::string out;
    if (const any_holder* h = any_access::holder(v); h != nullptr && h->stringify(out)) {
        return out;
    }
    return "<not Stringer>";
}

}  // namespace

void panic_nil_parent() {
    throw panic_error("cannot create context from nil parent");
}

const any& cancel_key() {
    static const any* key = new any(cancel_key_t{});
    return *key;
}

const chan<void>& closed_chan() {
    static const chan<void>* c = [] {
        auto* ch = new chan<void>(make_immortal_chan<void>());
        ch->close();
        return ch;
    }();
    return *c;
}

any lookup_value(const context::ContextBase* c, const any& key) {
    const bool internal_key = is_cancel_key(key);
    for (;;) {
        switch (native_access::kind_of(c)) {
            case kind_value: {
                const auto* v = static_cast<const value_ctx*>(c);
                if (!internal_key && v->key == key) return v->val;
                break;
            }
            case kind_cancel:
            case kind_timer:
                if (internal_key) return static_cast<const cancel_ctx*>(c)->self_any();
                break;
            case kind_without_cancel:
                if (internal_key) return {};
                break;
            case kind_empty:
                return {};
            case kind_custom:
                return c->value(key);
        }
        c = native_access::parent_of(c);
    }
}

context::deadline_result deadline_of(const context::ContextBase* c) {
    for (;;) {
        switch (native_access::kind_of(c)) {
            case kind_value:
            case kind_cancel:
                break;
            case kind_timer:
                return static_cast<const timer_ctx*>(c)->timer_ctx::deadline();
            case kind_without_cancel:
            case kind_empty:
                return {};
            case kind_custom:
                return c->deadline();
        }
        c = native_access::parent_of(c);
    }
}

// done() and err() walk the same way: value layers defer to their parent,
// cancel contexts answer themselves, background/without_cancel have none,
// a user's context answers through its own override.
template <class R>
R walk_to_canceler(const context::ContextBase* c, R (cancel_ctx::*own)() const,
                   R (context::ContextBase::*custom)() const) {
    for (;;) {
        switch (native_access::kind_of(c)) {
            case kind_value:
                break;
            case kind_cancel:
            case kind_timer:
                return (static_cast<const cancel_ctx*>(c)->*own)();
            case kind_without_cancel:
            case kind_empty:
                return {};
            case kind_custom:
                return (c->*custom)();
        }
        c = native_access::parent_of(c);
    }
}

recv_chan<void> done_of(const context::ContextBase* c) {
    return walk_to_canceler<recv_chan<void>>(c, &cancel_ctx::done_own, &context::ContextBase::done);
}

error err_of(const context::ContextBase* c) {
    return walk_to_canceler<error>(c, &cancel_ctx::err_own, &context::ContextBase::err);
}

// Go's contextName(c) + the String() suffixes of the library's layers
// below it, built without recursion.
std::string context_name(const context::ContextBase* c) {
    std::vector<const context::ContextBase*> layers;
    for (;;) {
        const kind k = native_access::kind_of(c);
        if (k == kind_empty || k == kind_custom) break;
        layers.push_back(c);
        c = native_access::parent_of(c);
    }
    std::string s = c->string();
    for (auto it = layers.rbegin(); it != layers.rend(); ++it) {
        const context::ContextBase* l = *it;
        switch (native_access::kind_of(l)) {
            case kind_cancel:
                s += ".WithCancel";
                break;
            case kind_timer: {
                const time::Time d = static_cast<const timer_ctx*>(l)->when();
                s += ".WithDeadline(" + time::time_string(d) + " [" +
                     time::duration_string(time::until(d)) + "])";
                break;
            }
            case kind_value: {
                const auto* v = static_cast<const value_ctx*>(l);
                s += ".WithValue(type " + v->key.type_name() + ", val " + stringify(v->val) + ")";
                break;
            }
            case kind_without_cancel:
                s += ".WithoutCancel";
                break;
            case kind_empty:
            case kind_custom:
                break;
        }
    }
    return s;
}

value_ctx::value_ctx(context::Context parent, any k, any v)
    : context::ContextBase(std::move(parent)), key(std::move(k)), val(std::move(v)) {
    native_access::set_kind(*this, kind_value);
}
context::deadline_result value_ctx::deadline() const {
    return deadline_of(this);
}
recv_chan<void> value_ctx::done() const {
    return done_of(this);
}
error value_ctx::err() const {
    return err_of(this);
}
any value_ctx::value(const any& k) const {
    return lookup_value(this, k);
}
std::string value_ctx::string() const {
    return context_name(this);
}

without_cancel_ctx::without_cancel_ctx(context::Context parent)
    : context::ContextBase(std::move(parent)) {
    native_access::set_kind(*this, kind_without_cancel);
}
any without_cancel_ctx::value(const any& key) const {
    return lookup_value(this, key);
}
std::string without_cancel_ctx::string() const {
    return context_name(this);
}

}  // namespace gocpp::detail

namespace gocpp::context {

const ContextBase& Context::impl() const {
    if (!impl_)
        throw panic_error("runtime error: invalid memory address or nil pointer dereference");
    return *impl_;
}

std::ostream& operator<<(std::ostream& os, const Context& c) {
    if (!c) return os << "<nil>";
    return os << c.string();
}

ContextBase::~ContextBase() {
    // Unhook the parent chain layer by layer while this destructor holds its
    // last reference, so that dropping a chain of thousands of contexts does
    // not nest thousands of destructors on a fixed-size goroutine stack.
    // Only the library's own layers are unhooked (a user type's destructor
    // may still look at its parent).
    std::shared_ptr<ContextBase> p = std::move(parent_.impl_);
    while (p && p.use_count() == 1 && native_kind_ != detail::kind_custom &&
           p->native_kind_ != detail::kind_custom) {
        std::shared_ptr<ContextBase> next = std::move(p->parent_.impl_);
        p.reset();
        p = std::move(next);
    }
}

deadline_result ContextBase::deadline() const {
    return parent_ ? parent_.deadline() : deadline_result{};
}
recv_chan<void> ContextBase::done() const {
    return parent_ ? parent_.done() : recv_chan<void>{};
}
error ContextBase::err() const {
    return parent_ ? parent_.err() : error{};
}
any ContextBase::value(const any& key) const {
    return parent_ ? parent_.value(key) : any{};
}
std::string ContextBase::string() const {
    return gocpp::detail::demangle(typeid(*this).name());
}

// The roots and the two errors are immortal (gocpp/detail/immortal.hpp):
// every context holds its parent and every canceled context its error, so
// shared reference counts here would be written by every goroutine.
Context background() {
    static const Context* c =
        new Context(gocpp::detail::immortal_ptr(new detail::empty_ctx("context.Background")));
    return *c;
}

Context todo() {
    static const Context* c =
        new Context(gocpp::detail::immortal_ptr(new detail::empty_ctx("context.TODO")));
    return *c;
}

const error canceled = gocpp::detail::immortal_ptr(new detail::canceled_error);
const error deadline_exceeded = gocpp::detail::immortal_ptr(new detail::deadline_exceeded_error);

Context with_value(const Context& parent, any key, any val) {
    if (!parent) detail::panic_nil_parent();
    if (key.is_nil()) throw panic_error("nil key");
    if (!key.comparable()) throw panic_error("key is not comparable");
    return Context(std::make_shared<detail::value_ctx>(parent, std::move(key), std::move(val)));
}

Context without_cancel(const Context& parent) {
    if (!parent) detail::panic_nil_parent();
    return Context(std::make_shared<detail::without_cancel_ctx>(parent));
}

}  // namespace gocpp::context
