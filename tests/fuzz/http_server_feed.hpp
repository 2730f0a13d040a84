// Feeds raw bytes to one live http::Server connection and checks what came
// back; shared by the libFuzzer target (http_server_fuzz.cpp) and the corpus
// replay in the doctest suite (http_fuzz_replay_test.cpp).
//
//     auto r = http_fuzz::feed(bytes);   // must run on a goroutine (main is one)
//     if (!r.failure.empty()) ...        // a property did not hold
//
// feed() starts a Server (handler: fuzz_handler()) on the server end of an
// in-memory pipe, writes the input to the client end in up to four writes
// (split points taken from the input's first three bytes, which are sent
// too, so a corpus file is a plain wire request), half-closes the client end
// and reads the reply until eof. It checks, and reports in `failure`:
//   - the reply ends (eof) within 10 s and the server's goroutine returns
//     within 10 s after that: no hang;
//   - the reply is a sequence of well-framed responses ("HTTP/1.1 " or
//     "HTTP/1.0 ", a 3-digit status, headers, then a body framed by
//     Content-Length, chunked encoding or the end of the connection);
//   - the number of goroutines is back to what it was before, within 10 s:
//     nothing of the connection is left running.
// Blocks the calling goroutine for the exchange; not thread-safe (one feed at
// a time, as both callers do).
#pragma once

#include <gocpp/chan.hpp>
#include <gocpp/http.hpp>
#include <gocpp/http/server.hpp>
#include <gocpp/panic.hpp>
#include <gocpp/runtime.hpp>
#include <gocpp/select.hpp>
#include <gocpp/time.hpp>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace http_fuzz {

using namespace std::chrono_literals;
namespace http = gocpp::http;

// Generous bounds: a fuzz input is a few KiB on an in-memory pipe, so only a
// real hang gets near them, even under sanitizers on a loaded machine.
inline constexpr auto reply_bound = 10s;
inline constexpr auto goroutine_bound = 10s;

// The methods of the requests the handler saw, in order: a response to HEAD
// has no body whatever its header says, so the reply's framing needs them.
struct handler_trace {
    std::mutex mu;
    std::vector<std::string> methods;
};

// The handler the fuzzed server runs: a mux with a path for each way a
// handler uses the connection.
//   /body    reads the whole body, answers its length
//   /form    form_value("q") (parses the query and a url-encoded body)
//   /echo    copies the request's X-Echo header into the response's
//   /big     writes 3000 bytes: over the 2 KiB buffer, so chunked on HTTP/1.1
//   /flush   writes, flushes, writes again: chunked
//   /panic   throws (Go: panics), when with_panic
//   /empty   204 No Content
//   /        (everything else) "hello\n", the body left unread
inline http::Handler fuzz_handler(std::shared_ptr<handler_trace> trace, bool with_panic) {
    auto mux = http::new_serve_mux();
    mux.handle_func("/body", [](http::ResponseWriter w, http::Request r) {
        auto [data, err] = http::read_all(r.body());
        w.write("read " + std::to_string(data.size()) + (err ? " error\n" : "\n"));
    });
    mux.handle_func("/form", [](http::ResponseWriter w, http::Request r) {
        w.write("q=" + std::to_string(r.form_value("q").size()) + "\n");
    });
    mux.handle_func("/echo", [](http::ResponseWriter w, http::Request r) {
        w.header().set("X-Echo", r.header().get("X-Echo"));
        w.write("echo\n");
    });
    mux.handle_func("/big",
                    [](http::ResponseWriter w, http::Request) { w.write(std::string(3000, 'b')); });
    mux.handle_func("/flush", [](http::ResponseWriter w, http::Request) {
        w.write("a");
        w.flush();
        w.write("bc");
    });
    if (with_panic) {
        mux.handle_func("/panic", [](http::ResponseWriter w, http::Request) {
            w.write("partial");
            gocpp::panic("fuzz handler panic");
        });
    }
    mux.handle_func("/empty", [](http::ResponseWriter w, http::Request) { w.write_header(204); });
    mux.handle_func("/", [](http::ResponseWriter w, http::Request) { w.write("hello\n"); });
    return http::HandlerFunc([trace, mux](http::ResponseWriter w, http::Request r) {
        {
            std::lock_guard lock(trace->mu);
            trace->methods.push_back(r.method());
        }
        mux.serve_http(w, r);
    });
}

struct feed_result {
    std::string reply;              // every byte the server wrote
    std::vector<int> statuses;      // the status of each response, interim (1xx) ones included
    std::vector<std::string> logs;  // the server's error_log
    std::string failure;            // empty when every property held
};

namespace detail {

inline bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

inline std::string lower(std::string_view s) {
    std::string out(s);
    for (char& c : out)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
}

// Splits reply into responses and checks their framing. Returns "" or what
// is wrong; fills statuses.
inline std::string check_framing(std::string_view reply, const std::vector<std::string>& methods,
                                 std::vector<int>& statuses) {
    std::size_t pos = 0;
    std::size_t final_responses = 0;
    while (pos < reply.size()) {
        std::string_view rest = reply.substr(pos);
        std::string where = "response at byte " + std::to_string(pos);
        if (rest.size() < 13 || !(rest.starts_with("HTTP/1.1 ") || rest.starts_with("HTTP/1.0 ")))
            return where + ": does not start with \"HTTP/1.1 \" or \"HTTP/1.0 \"";
        if (!is_digit(rest[9]) || !is_digit(rest[10]) || !is_digit(rest[11]) || rest[12] != ' ')
            return where + ": no 3-digit status code";
        int status = (rest[9] - '0') * 100 + (rest[10] - '0') * 10 + (rest[11] - '0');
        statuses.push_back(status);
        std::size_t end = rest.find("\r\n\r\n");
        if (end == std::string_view::npos) return where + ": header does not end";
        // Header fields: framing only.
        std::int64_t content_length = -1;
        bool chunked = false;
        std::size_t line = rest.find("\r\n") + 2;
        while (line < end + 2) {
            std::size_t eol = rest.find("\r\n", line);
            std::string_view field = rest.substr(line, eol - line);
            std::size_t colon = field.find(':');
            if (colon == std::string_view::npos || colon == 0)
                return where + ": malformed header line";
            std::string name = lower(field.substr(0, colon));
            std::string_view value = field.substr(colon + 1);
            while (!value.empty() && value.front() == ' ')
                value.remove_prefix(1);
            if (name == "content-length") {
                if (value.empty() || value.size() > 18 ||
                    !std::all_of(value.begin(), value.end(), is_digit))
                    return where + ": bad Content-Length";
                content_length = std::stoll(std::string(value));
            } else if (name == "transfer-encoding") {
                if (value != "chunked") return where + ": Transfer-Encoding is not chunked";
                chunked = true;
            }
            line = eol + 2;
        }
        pos += end + 4;
        if (status >= 100 && status <= 199) continue;  // interim: no body
        bool head = final_responses < methods.size() && methods[final_responses] == "HEAD";
        ++final_responses;
        if (head || status == 204 || status == 304) {
            if (chunked) return where + ": chunked where no body is allowed";
            continue;
        }
        if (chunked) {
            if (content_length != -1) return where + ": both Content-Length and chunked";
            for (;;) {
                std::size_t eol = reply.find("\r\n", pos);
                if (eol == std::string_view::npos || eol == pos)
                    return where + ": chunk size line does not end";
                std::size_t size = 0;
                for (std::size_t i = pos; i < eol; ++i) {
                    char c = reply[i];
                    int d = is_digit(c) ? c - '0' : (c >= 'a' && c <= 'f') ? c - 'a' + 10 : -1;
                    if (d < 0 || i - pos >= 8) return where + ": bad chunk size";
                    size = size * 16 + static_cast<std::size_t>(d);
                }
                pos = eol + 2;
                if (reply.size() - pos < size + 2 || reply.substr(pos + size, 2) != "\r\n")
                    return where + ": chunk data truncated";
                pos += size + 2;
                if (size == 0) break;
            }
        } else if (content_length >= 0) {
            if (reply.size() - pos < static_cast<std::size_t>(content_length))
                return where + ": body shorter than its Content-Length";
            pos += static_cast<std::size_t>(content_length);
        } else {
            pos = reply.size();  // until the connection closes
        }
    }
    return "";
}

// Waits until done is closed or d passes.
inline bool closed_within(const gocpp::chan<void>& done, gocpp::time::Duration d) {
    auto t = gocpp::time::new_timer(d);
    switch (gocpp::select(gocpp::recv(done), gocpp::recv(t.c))) {
        case 0:
            (void)t.stop();
            return true;
        default:
            return false;
    }
}

}  // namespace detail

// See the top of the file. with_panic: serve /panic (see fuzz_handler).
inline feed_result feed(std::string_view input, bool with_panic = true) {
    namespace hd = gocpp::http::detail;
    feed_result result;
    const int baseline = gocpp::num_goroutine();

    // Split points: the first three bytes, scaled to the input's length.
    std::vector<std::size_t> cuts;
    for (std::size_t i = 0; i < 3 && i < input.size(); ++i)
        cuts.push_back(static_cast<unsigned char>(input[i]) * input.size() / 256);
    cuts.push_back(input.size());
    std::sort(cuts.begin(), cuts.end());

    auto trace = std::make_shared<handler_trace>();
    auto logs = std::make_shared<std::vector<std::string>>();
    auto logs_mu = std::make_shared<std::mutex>();
    {
        http::Server srv;
        srv.handler = fuzz_handler(trace, with_panic);
        // A small header limit so that a few KiB reach the 431 path; Beast's
        // limit is this plus Go's 4096 bytes of slack.
        srv.max_header_bytes = 512;
        srv.error_log = [logs, logs_mu](const std::string& m) {
            std::lock_guard lock(*logs_mu);
            logs->push_back(m);
        };
        auto [client, server] = hd::new_pipe();
        auto done = gocpp::make_chan<void>();
        gocpp::go([&srv, server = server, done] {
            srv.serve_stream(server);
            done.close();
        });

        std::size_t from = 0;
        for (std::size_t cut : cuts) {
            if (cut == from) continue;
            client->write(std::span<const char>(input.data() + from, cut - from));
            from = cut;
            gocpp::gosched();  // let the server read what is there so far
        }
        client->close_write();

        client->set_read_deadline(gocpp::time::now() + reply_bound);
        char buf[4096];
        for (;;) {
            auto [n, err] = client->read(buf);
            result.reply.append(buf, n);
            if (err == http::eof) break;
            if (err) {
                result.failure = hd::is_timeout(err) ? "no end of reply within 10 s (hang)"
                                                     : "client read: " + err.error();
                break;
            }
        }
        if (!detail::closed_within(done, goroutine_bound)) {
            if (result.failure.empty())
                result.failure = "serve_stream did not return within 10 s of the reply's end";
            // The server goroutine uses srv: it must not be destroyed under
            // it. Report, close, and wait for good.
            srv.close();
            client->close();
            done.recv();
        }
        client->close();
    }

    {
        std::lock_guard lock(*logs_mu);
        result.logs = *logs;
    }
    std::vector<std::string> methods;
    {
        std::lock_guard lock(trace->mu);
        methods = trace->methods;
    }
    std::string framing = detail::check_framing(result.reply, methods, result.statuses);
    if (result.failure.empty() && !framing.empty()) result.failure = framing;

    // Nothing of the connection may be left running.
    auto deadline = std::chrono::steady_clock::now() + goroutine_bound;
    int spins = 0;
    while (gocpp::num_goroutine() > baseline) {
        if (std::chrono::steady_clock::now() > deadline) {
            if (result.failure.empty())
                result.failure = std::to_string(gocpp::num_goroutine() - baseline) +
                                 " goroutine(s) left after the connection ended";
            break;
        }
        if (++spins < 1000)
            gocpp::gosched();
        else
            gocpp::time::sleep(1ms);
    }
    return result;
}

}  // namespace http_fuzz
