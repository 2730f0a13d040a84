// The cancel tree: Go's cancelCtx, propagateCancel, parentCancelCtx,
// removeChild, WithCancel(Cause), Cause and AfterFunc. See internal.hpp for
// the locking and ownership rules.
#include "internal.hpp"

#include <gocpp/panic.hpp>
#include <gocpp/runtime.hpp>
#include <gocpp/select.hpp>

#include <mutex>

namespace gocpp::detail {

// Only counts (a test hook): relaxed is enough.
std::atomic<std::int64_t> watcher_count{0};

namespace {

// The locked path of a cancellation: a stack that keeps short paths inline.
class lock_path {
  public:
    lock_path() = default;
    lock_path(const lock_path&) = delete;
    lock_path& operator=(const lock_path&) = delete;
    bool empty() const noexcept { return n_ == 0; }
    cancel_ctx* back() const noexcept { return n_ <= kInline ? inline_[n_ - 1] : more_.back(); }
    void push(cancel_ctx* c) {
        if (n_ < kInline) {
            inline_[n_] = c;
        } else {
            more_.push_back(c);
        }
        ++n_;
    }
    void pop() noexcept {
        if (n_ > kInline) more_.pop_back();
        --n_;
    }

  private:
    static constexpr std::size_t kInline = 16;
    cancel_ctx* inline_[kInline];
    std::vector<cancel_ctx*> more_;
    std::size_t n_ = 0;
};

}  // namespace

cancel_ctx::cancel_ctx(context::Context parent) : context::ContextBase(std::move(parent)) {
    native_access::set_kind(*this, kind_cancel);
}

context::deadline_result cancel_ctx::deadline() const {
    return deadline_of(native_access::parent_of(this));
}

recv_chan<void> cancel_ctx::done() const {
    std::lock_guard lk(mu_);
    if (done_ == nullptr) done_ = make_chan<void>();
    return done_;
}

error cancel_ctx::err() const {
    std::lock_guard lk(mu_);
    return err_;
}

error cancel_ctx::load_cause() const {
    std::lock_guard lk(mu_);
    return cause_;
}

chan<void> cancel_ctx::done_loaded() const {
    std::lock_guard lk(mu_);
    return done_;
}

any cancel_ctx::value(const any& key) const {
    return lookup_value(this, key);
}

std::string cancel_ctx::string() const {
    return context_name(this);
}

any cancel_ctx::self_any() const {
    return any_access::make(immortal_ptr(&self_box_));
}

bool cancel_ctx::canceled_locked() const noexcept {
    return err_ != nullptr;
}

bool cancel_ctx::mark_canceled_locked(const error& err, const error& cause) {
    if (err_) return false;
    err_ = err;
    cause_ = cause;
    if (done_ == nullptr) {
        done_ = closed_chan();
    } else {
        done_.close();
    }
    return true;
}

void cancel_ctx::link_child_locked(std::shared_ptr<cancel_ctx> child) {
    child->link_prev_ = nullptr;
    child->link_next_ = first_child_;
    if (first_child_ != nullptr) first_child_->link_prev_ = child.get();
    first_child_ = child.get();
    child->linked_ = true;
    cancel_ctx* c = child.get();
    c->link_keep_ = std::move(child);
    ++nchildren_;
}

void cancel_ctx::unlink_child_locked(cancel_ctx* child, release_list& rl) {
    if (child->link_prev_ != nullptr) {
        child->link_prev_->link_next_ = child->link_next_;
    } else {
        first_child_ = child->link_next_;
    }
    if (child->link_next_ != nullptr) child->link_next_->link_prev_ = child->link_prev_;
    child->link_prev_ = child->link_next_ = nullptr;
    child->linked_ = false;
    --nchildren_;
    rl.ctxs.push_back(std::move(child->link_keep_));
}

void cancel_ctx::cancel(bool remove_from_parent, const error& err, const error& cause_in) {
    if (!err) throw panic_error("context: internal error: missing cancel error");
    const error& cause = cause_in ? cause_in : err;
    release_list rl;
    std::function<bool()> stop_parent;  // registration through an AfterFuncer
    {
        mu_.lock();
        if (!mark_canceled_locked(err, cause)) {
            mu_.unlock();
            return;  // already canceled: the first cancellation won
        }
        // Nothing sets stop_parent_ once err_ is set, so this is its last
        // value.
        stop_parent = std::move(stop_parent_);
        stop_parent_ = nullptr;
        // Cancel the subtree depth first. Every context on `path` is locked;
        // a child is locked only while its parent is (parent -> child order).
        lock_path path;
        path.push(this);
        while (!path.empty()) {
            cancel_ctx* n = path.back();
            if (cancel_ctx* child = n->first_child_) {
                n->unlink_child_locked(child, rl);
                child->mu_.lock();
                if (child->mark_canceled_locked(err, cause)) {
                    path.push(child);
                } else {
                    child->mu_.unlock();  // it is canceling itself; it found itself unlinked
                }
                continue;
            }
            path.pop();
            n->mu_.unlock();
            if (n != this) n->on_canceled(rl);
        }
    }
    if (remove_from_parent) {
        leave_parent(rl, std::move(stop_parent));
    } else if (stop_parent) {
        rl.fns.push_back(std::move(stop_parent));  // dropped, not called
    }
    on_canceled(rl);
    for (timer* t : rl.timers)
        t->release();
}

void cancel_ctx::leave_parent(release_list& rl, std::function<bool()> stop_parent) {
    if (cancel_ctx* p = link_parent_) {
        std::lock_guard lk(p->mu_);
        if (linked_) p->unlink_child_locked(this, rl);
        return;
    }
    if (stop_parent) {
        stop_parent();
        rl.fns.push_back(std::move(stop_parent));
    }
}

void cancel_ctx::link_to_or_inherit(cancel_ctx* p, const std::shared_ptr<cancel_ctx>& self,
                                    bool make_parent_done) {
    error perr;
    error pcause;
    {
        std::lock_guard lk(p->mu_);
        if (make_parent_done && p->done_ == nullptr) p->done_ = make_chan<void>();
        if (!p->err_) {
            link_parent_ = p;
            p->link_child_locked(self);
            return;
        }
        perr = p->err_;
        pcause = p->cause_;
    }
    cancel(false, perr, pcause);
}

void cancel_ctx::propagate_cancel(const std::shared_ptr<cancel_ctx>& self) {
    const context::Context& parent = this->parent();
    if (const kind k = native_access::kind_of(parent.get()); k == kind_cancel || k == kind_timer) {
        // The parent is one of ours: Go's steps below (parent.Done(), which
        // makes its channel; the closed check; parentCancelCtx finding the
        // parent itself; the check and link under its lock) under one lock.
        auto* p = const_cast<cancel_ctx*>(static_cast<const cancel_ctx*>(parent.get()));
        link_to_or_inherit(p, self, true);
        return;
    }

    recv_chan<void> d = parent.done();
    if (d == nullptr) return;  // the parent is never canceled

    if (select(recv(d), default_) == 0) {
        // The parent is already canceled.
        cancel(false, parent.err(), context::cause(parent));
        return;
    }

    if (cancel_ctx* p = find_parent_cancel_ctx(parent)) {
        link_to_or_inherit(p, self, false);
        return;
    }

    if (const auto* a = dynamic_cast<const context::AfterFuncer*>(parent.get())) {
        std::shared_ptr<cancel_ctx> child = self;
        std::function<bool()> stop = a->after_func(
            [parent, child] { child->cancel(false, parent.err(), context::cause(parent)); });
        std::function<bool()> unused;  // destroyed after the lock is released
        {
            std::lock_guard lk(mu_);
            if (err_) {
                unused = std::move(stop);  // already canceled by f: nobody calls stop now
            } else {
                stop_parent_ = std::move(stop);
            }
        }
        return;
    }

    watcher_count.fetch_add(1, std::memory_order_relaxed);
    go([parent, child = self] {
        switch (select(recv(parent.done()), recv(child->done()))) {
            case 0:
                child->cancel(false, parent.err(), context::cause(parent));
                break;
            default:
                break;
        }
    });
}

std::size_t cancel_ctx::children_count() const {
    std::lock_guard lk(mu_);
    return nchildren_;
}

std::vector<context::Context> cancel_ctx::children() const {
    std::vector<context::Context> out;
    std::lock_guard lk(mu_);
    out.reserve(nchildren_);
    for (cancel_ctx* c = first_child_; c != nullptr; c = c->link_next_) {
        out.emplace_back(c->link_keep_);
    }
    return out;
}

cancel_ctx* find_parent_cancel_ctx(const context::Context& parent) {
    recv_chan<void> d = parent.done();
    if (d == nullptr || d == closed_chan()) return nullptr;
    any v = parent.value(cancel_key());
    const cancel_ctx* const* pp = v.as<const cancel_ctx*>();
    if (pp == nullptr) return nullptr;
    auto* p = const_cast<cancel_ctx*>(*pp);
    if (p->done_loaded() != d) return nullptr;  // a wrapper with a done channel of its own
    return p;
}

after_func_ctx::after_func_ctx(context::Context parent, std::function<void()> f, call_site site)
    : cancel_ctx(std::move(parent)), f_(std::move(f)), site_(site) {}

// once_ is Go's sync.Once: whoever flips it first (stop or the
// cancellation) decides whether f runs. acq_rel orders f's start after the
// flip and the flip after whatever preceded stop().
bool after_func_ctx::stop() {
    if (once_.exchange(true, std::memory_order_acq_rel)) return false;
    cancel(true, context::canceled, nullptr);
    return true;
}

void after_func_ctx::on_canceled(release_list&) {
    if (!once_.exchange(true, std::memory_order_acq_rel)) {
        no_spawn_yield locks_held;  // ancestors' locks, in cancel()
        // go(f_), recorded as created where after_func was called.
        spawn<bound_task<std::function<void()>>>(site_, f_);
    }
}

std::size_t children_count(const context::Context& ctx) {
    const auto* c = dynamic_cast<const cancel_ctx*>(ctx.get());
    return c != nullptr ? c->children_count() : 0;
}

std::vector<context::Context> children(const context::Context& ctx) {
    const auto* c = dynamic_cast<const cancel_ctx*>(ctx.get());
    return c != nullptr ? c->children() : std::vector<context::Context>{};
}

context::Context parent_cancel_ctx(const context::Context& parent) {
    cancel_ctx* p = find_parent_cancel_ctx(parent);
    if (p == nullptr) return {};
    // p is parent or one of its ancestors (unless a custom value() leads
    // elsewhere): hand out the handle that layer's child holds.
    for (const context::Context* c = &parent; *c; c = &c->get()->parent()) {
        if (c->get() == p) return *c;
    }
    return context::Context(immortal_ptr<context::ContextBase>(p));  // valid while parent is
}

std::int64_t watchers_started() noexcept {
    return watcher_count.load(std::memory_order_relaxed);
}

void invoke_cancel(const std::shared_ptr<cancel_ctx>& c, bool remove_from_parent,
                   const error& cause) {
    c->cancel(remove_from_parent, context::canceled, cause);
}

}  // namespace gocpp::detail

namespace gocpp::context {

namespace {
// Go's withCancel, shared by WithCancel and WithCancelCause: a cancel context
// linked below parent.
std::shared_ptr<detail::cancel_ctx> new_linked_cancel_ctx(const Context& parent) {
    if (!parent) detail::panic_nil_parent();
    auto c = std::make_shared<detail::cancel_ctx>(parent);
    c->propagate_cancel(c);
    return c;
}
}  // namespace

cancel_result with_cancel(const Context& parent) {
    auto c = new_linked_cancel_ctx(parent);
    Context ctx(c);
    return {std::move(ctx), detail::native_access::cancel_func(std::move(c), true)};
}

cancel_cause_result with_cancel_cause(const Context& parent) {
    auto c = new_linked_cancel_ctx(parent);
    Context ctx(c);
    return {std::move(ctx), detail::native_access::cancel_cause_func(std::move(c))};
}

error cause(const Context& c) {
    any v = c.value(detail::cancel_key());
    if (const detail::cancel_ctx* const* pp = v.as<const detail::cancel_ctx*>()) {
        return (*pp)->load_cause();
    }
    return c.err();
}

std::function<bool()> after_func(const Context& ctx, std::function<void()> f,
                                 gocpp::detail::call_site site) {
    // Go's AfterFunc calls ctx.Done() on the nil interface: a nil
    // dereference panic (not "cannot create context from nil parent").
    if (ctx.get() == nullptr)
        throw panic_error("runtime error: invalid memory address or nil pointer dereference");
    auto a = std::make_shared<detail::after_func_ctx>(
        ctx, std::move(f), site.with_creator(gocpp::detail::current_goroutine_id()));
    a->propagate_cancel(a);
    return [a] { return a->stop(); };
}

}  // namespace gocpp::context
