// gocpp::grpc: metadata in contexts, status errors, the health messages'
// wire form, and calls between a gocpp client and a gocpp server in one
// process (deadline, metadata, span, cancellation, errors). Compiled only
// when the grpc component is built (gRPC C++ found).
#if __has_include(<gocpp/grpc.hpp>)

#include <gocpp/chan.hpp>
#include <gocpp/context.hpp>
#include <gocpp/grpc.hpp>
#include <gocpp/panic.hpp>
#include <gocpp/runtime.hpp>
#include <gocpp/select.hpp>
#include <gocpp/time.hpp>
#include <gocpp/trace.hpp>

#include <doctest/doctest.h>

#include <chrono>
#include <string>

using namespace gocpp;
using namespace std::chrono_literals;

TEST_SUITE("grpc") {
    TEST_CASE("grpc metadata: append_to_outgoing_context appends, lowercases, and stays outgoing") {
        auto ctx = grpc::append_to_outgoing_context(context::background(), "WebURL", "a", "k", "1");
        ctx = grpc::append_to_outgoing_context(ctx, "weburl", "b");
        auto [md, ok] = grpc::from_outgoing_context(ctx);
        CHECK(ok);
        CHECK(md["weburl"] == std::vector<std::string>{"a", "b"});
        CHECK(md["k"] == std::vector<std::string>{"1"});
        auto [in, in_ok] = grpc::from_incoming_context(ctx);
        CHECK_FALSE(in_ok);
        CHECK(in.empty());
        auto [none, none_ok] = grpc::from_outgoing_context(context::background());
        CHECK_FALSE(none_ok);
    }

    TEST_CASE("grpc metadata: an odd number of strings panics with grpc-go's message") {
        CHECK_THROWS_WITH(
            grpc::append_to_outgoing_context(context::background(), "k"),
            "metadata: AppendToOutgoingContext got an odd number of input pairs for metadata: 1");
    }

    TEST_CASE("grpc status: errors print grpc-go's text and codes read back") {
        auto err = grpc::status_error(grpc::Code::Unavailable, "connection refused");
        CHECK(err.error() == "rpc error: code = Unavailable desc = connection refused");
        CHECK(grpc::code(err) == grpc::Code::Unavailable);
        CHECK(grpc::message(err) == "connection refused");
        CHECK_FALSE(grpc::status_error(grpc::Code::OK, "x"));
        CHECK(grpc::code(nullptr) == grpc::Code::OK);
        CHECK(grpc::code(context::canceled) == grpc::Code::Canceled);
        CHECK(grpc::code(context::deadline_exceeded) == grpc::Code::DeadlineExceeded);
        CHECK(grpc::code_string(static_cast<grpc::Code>(17)) == "Code(17)");
    }

    TEST_CASE("grpc health: the messages' protobuf wire form") {
        CHECK(grpc::health::encode_request("") == "");
        CHECK(grpc::health::encode_request("abc") == std::string("\x0a\x03"
                                                                 "abc",
                                                                 5));
        CHECK(grpc::health::decode_request(std::string("\x0a\x03"
                                                       "abc",
                                                       5)) ==
              std::pair<std::string, bool>{"abc", true});
        CHECK(grpc::health::encode_response(grpc::health::ServingStatus::SERVING) == "\x08\x01");
        CHECK(grpc::health::decode_response("\x08\x02").first ==
              grpc::health::ServingStatus::NOT_SERVING);
        CHECK(grpc::health::decode_response("").first == grpc::health::ServingStatus::UNKNOWN);
        CHECK_FALSE(grpc::health::decode_request("\x0a\x05"
                                                 "ab")
                        .second);  // truncated
    }

    namespace {

    // What the server's handler saw for one call.
    struct seen {
        bool has_deadline = false;
        time::Duration remaining{};
        grpc::MD md;
        trace::SpanContext parent;
        std::string service;
        error end_err;
    };

    }  // namespace

    TEST_CASE("grpc calls: deadline, metadata, span and cancellation reach the handler") {
        auto seen_ch = make_chan<seen>(8);
        auto blocked = make_chan<void>(8);  // a "block" call has reached its handler
        grpc::Server srv;
        grpc::health::register_check(
            srv,
            [seen_ch, blocked](context::Context ctx,
                               std::string service) -> grpc::health::check_result {
                seen s;
                s.service = service;
                if (auto [d, ok] = ctx.deadline(); ok) {
                    s.has_deadline = true;
                    s.remaining = time::until(d);
                }
                s.md = grpc::from_incoming_context(ctx).first;
                s.parent = trace::span_context_from_context(ctx);
                if (service == "block") {
                    blocked.send();
                    auto t = time::after(20s);
                    select(recv(ctx.done()), recv(t));
                    s.end_err = ctx.err();
                    seen_ch.send(s);
                    return {grpc::health::ServingStatus::UNKNOWN, ctx.err()};
                }
                seen_ch.send(s);
                if (service == "missing") {
                    return {grpc::health::ServingStatus::UNKNOWN,
                            grpc::status_error(grpc::Code::NotFound, "unknown service")};
                }
                return {grpc::health::ServingStatus::SERVING, nullptr};
            });
        auto [addr, err] = srv.listen("127.0.0.1:0");
        REQUIRE_FALSE(err);
        REQUIRE(addr.rfind("127.0.0.1:", 0) == 0);
        auto conn = grpc::dial(addr);

        SUBCASE("a reply, with the deadline, metadata and span carried") {
            auto [ctx, cancel] = context::with_timeout(context::background(), 5s);
            auto [span_ctx, span] = trace::start(ctx, "caller");
            auto call_ctx =
                grpc::append_to_outgoing_context(span_ctx, "weburl", "https://wlbcoder.com");
            auto [status, call_err] = grpc::health::check(call_ctx, conn, "svc");
            CHECK_FALSE(call_err);
            CHECK(status == grpc::health::ServingStatus::SERVING);
            auto s = seen_ch.recv();
            CHECK(s.service == "svc");
            CHECK(s.has_deadline);
            CHECK(s.remaining <= 5s);
            CHECK(s.remaining > 3s);  // generous: the call crossed loopback
            CHECK(s.md["weburl"] == std::vector<std::string>{"https://wlbcoder.com"});
            CHECK(s.parent.is_remote());
            CHECK(s.parent.trace_id() == span.span_context().trace_id());
            CHECK(s.parent.span_id() == span.span_context().span_id());
            cancel();
        }

        SUBCASE("no deadline on the caller, none on the handler") {
            auto [status, call_err] = grpc::health::check(context::background(), conn, "svc");
            CHECK_FALSE(call_err);
            auto s = seen_ch.recv();
            CHECK_FALSE(s.has_deadline);
            CHECK_FALSE(s.parent.is_valid());
        }

        SUBCASE("a handler's status error reaches the caller with its code") {
            auto [status, call_err] = grpc::health::check(context::background(), conn, "missing");
            seen_ch.recv();
            CHECK(call_err.error() == "rpc error: code = NotFound desc = unknown service");
            CHECK(grpc::code(call_err) == grpc::Code::NotFound);
        }

        SUBCASE("canceling the caller's context cancels the call and the handler's context") {
            auto [ctx, cancel] = context::with_cancel(context::background());
            auto t = time::after_func(200ms, [cancel = cancel] { cancel(); });
            auto [status, call_err] = grpc::health::check(ctx, conn, "block");
            CHECK(call_err == context::canceled);
            auto s = seen_ch.recv();
            CHECK(s.end_err == context::canceled);
        }

        SUBCASE("the caller's deadline ends the call with deadline_exceeded on both sides") {
            auto [ctx, cancel] = context::with_timeout(context::background(), 300ms);
            auto [status, call_err] = grpc::health::check(ctx, conn, "block");
            CHECK(call_err == context::deadline_exceeded);
            auto s = seen_ch.recv();
            // The server's timer or gRPC's own cancel may fire first.
            CHECK((s.end_err == context::deadline_exceeded || s.end_err == context::canceled));
            cancel();
        }

        SUBCASE("a context already done fails at once with its error") {
            auto [ctx, cancel] = context::with_cancel(context::background());
            cancel();
            auto [status, call_err] = grpc::health::check(ctx, conn, "svc");
            CHECK(call_err == context::canceled);
        }

        SUBCASE("an unregistered method is Unimplemented") {
            auto [reply, call_err] =
                grpc::invoke(context::background(), conn, "/no.Such/Method", "");
            CHECK(grpc::code(call_err) == grpc::Code::Unimplemented);
        }

        SUBCASE("dial_block connects before it returns; a canceled call leaves no call behind") {
            auto [dctx, dcancel] = context::with_timeout(context::background(), 10s);
            auto [c2, dial_err] = grpc::dial_block(dctx, addr);
            dcancel();
            REQUIRE_FALSE(dial_err);
            REQUIRE(c2);
            auto [ctx, cancel] = context::with_timeout(context::background(), 5s);
            auto [status, call_err] = grpc::health::check(ctx, c2, "");
            cancel();
            CHECK_FALSE(call_err);
            CHECK(status == grpc::health::ServingStatus::SERVING);
            seen_ch.recv();
        }

        SUBCASE("stop() cancels handlers in flight and ends serve()") {
            auto served = make_chan<void>(1);
            go([&srv, served] {
                srv.serve();
                served.close();
            });
            auto call_done = make_chan<error>(1);
            go([conn, call_done] {
                call_done.send(grpc::health::check(context::background(), conn, "block").second);
            });
            blocked.recv();  // stop only once the call is in its handler
            srv.stop();
            auto s = seen_ch.recv();
            CHECK(s.end_err == context::canceled);
            served.recv();
            CHECK(call_done.recv());
        }

        srv.stop();
    }

    TEST_CASE("grpc dial_block: nothing listening, ctx's deadline ends the wait") {
        // A port just bound and released: nothing listens there.
        grpc::Server probe;
        auto [addr, err] = probe.listen("127.0.0.1:0");
        REQUIRE_FALSE(err);
        probe.stop();
        auto [ctx, cancel] = context::with_timeout(context::background(), 300ms);
        auto start = time::now();
        auto [conn, dial_err] = grpc::dial_block(ctx, addr);
        cancel();
        CHECK(dial_err == context::deadline_exceeded);
        CHECK_FALSE(conn);
        CHECK(time::since(start) < 5s);
    }

}  // TEST_SUITE

#endif  // __has_include(<gocpp/grpc.hpp>)
