// new_context_transport and new_context_handler: grpc-timeout and
// traceparent on the way out and on the way in.
#include <gocpp/defer.hpp>
#include <gocpp/grpc_timeout.hpp>
#include <gocpp/http/mux.hpp>
#include <gocpp/http/propagation.hpp>
#include <gocpp/time.hpp>
#include <gocpp/trace.hpp>

namespace gocpp::http {

namespace {

class context_transport final : public RoundTripper {
  public:
    explicit context_transport(std::shared_ptr<RoundTripper> base) : base_(std::move(base)) {}

    response_result round_trip(const Request& req) override {
        auto ctx = req.context();
        if (auto err = ctx.err()) return {nullptr, err};
        auto [sctx, span] = trace::start(ctx, "HTTP " + req.method());
        // An init-capture: clang 14 cannot capture a structured binding.
        defer end_span{[&span = span] { span.end(); }};
        // A RoundTripper must not change the caller's request: send a clone.
        auto out = req.clone(sctx);
        if (auto [deadline, ok] = sctx.deadline(); ok) {
            out.header().set("grpc-timeout", grpcutil::encode_duration(deadline - time::now()));
        }
        propagation::TraceContext{}.inject(sctx, out.header());
        return base_->round_trip(out);
    }

  private:
    std::shared_ptr<RoundTripper> base_;
};

}  // namespace

std::shared_ptr<RoundTripper> new_context_transport(std::shared_ptr<RoundTripper> base) {
    if (!base) base = default_transport();
    return std::make_shared<context_transport>(std::move(base));
}

Handler new_context_handler(Handler next, std::string operation) {
    return HandlerFunc(
        [next = std::move(next), operation = std::move(operation)](ResponseWriter w, Request r) {
            auto ctx = propagation::TraceContext{}.extract(r.context(), r.header());
            context::CancelFunc cancel;
            if (auto value = r.header().get("grpc-timeout"); !value.empty()) {
                auto [d, err] = grpcutil::decode_timeout(value);
                if (err) {
                    error(w, "malformed grpc-timeout: " + err.error(), 400);
                    return;
                }
                std::tie(ctx, cancel) = context::with_timeout(ctx, d);
            }
            defer cancel_timeout{[&] {
                if (cancel) cancel();
            }};
            auto [sctx, span] = trace::start(ctx, operation);
            defer end_span{[&span = span] { span.end(); }};
            next.serve_http(w, r.with_context(sctx));
        });
}

}  // namespace gocpp::http
