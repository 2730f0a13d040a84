// flagship: what gocpp is for, in one small service-style program.
//
// A request is fanned out to several backends, each in its own goroutine,
// under one context deadline. The first good answer wins; the other backends
// see ctx.done() close and stop at once; nothing is left running. A second
// request, to backends that are all too slow, ends with the deadline.
//
// The Go it is modelled on:
//
//     ctx, cancel := context.WithTimeout(ctx, 300*time.Millisecond)
//     defer cancel()
//     results := make(chan result, len(backends))
//     for _, b := range backends { go query(ctx, b, results) }
//     ...
#include <gocpp/gocpp.hpp>

#include <chrono>
#include <iostream>
#include <map>
#include <string>
#include <vector>

using namespace gocpp;
using namespace std::chrono_literals;

struct backend {
    std::string name;
    std::chrono::milliseconds latency;  // how long it takes to answer
    bool fails;                         // answers with an error
};

struct result {
    std::string backend;
    std::string answer;  // empty when err is set
    error err;
};

// query asks one backend. It returns as soon as either the backend answers
// or ctx is done, and always reports exactly one result.
void query(context::Context ctx, backend b, send_chan<result> results) {
    switch (select(recv(time::after(b.latency)), recv(ctx.done()))) {
        case 0:
            if (b.fails) {
                results.send({b.name, "", errors::new_("503 service unavailable")});
            } else {
                results.send({b.name, "42 (from " + b.name + ")", nullptr});
            }
            return;
        case 1:
            results.send({b.name, "", ctx.err()});  // canceled: stop working
            return;
    }
}

// fan_out sends the request to every backend and returns the first good
// answer, or the error that ended the wait. It waits for every backend's
// goroutine to report before it returns, so nothing outlives the request.
std::string fan_out(context::Context parent, const std::vector<backend>& backends,
                    std::chrono::milliseconds timeout) {
    auto [ctx, cancel] = context::with_timeout(parent, timeout);
    defer cancel_on_return{cancel};

    auto results = make_chan<result>(backends.size());
    for (const backend& b : backends)
        go(query, ctx, b, results);

    std::string answer;
    std::map<std::string, std::string> outcome;  // sorted, for a stable report
    for (size_t i = 0; i < backends.size(); i++) {
        result r = results.recv();
        if (r.err == nullptr) {
            outcome[r.backend] = "answered";
            if (answer.empty()) {
                answer = r.answer;
                cancel();  // the first good answer wins: stop the others
            }
        } else if (r.err == context::canceled) {
            outcome[r.backend] = "canceled";
        } else if (r.err == context::deadline_exceeded) {
            outcome[r.backend] = "gave up at the deadline";
        } else {
            outcome[r.backend] = "failed: " + r.err.error();
        }
    }
    for (const auto& [name, what] : outcome)
        std::cout << "  " << name << ": " << what << '\n';
    if (answer.empty()) return "no answer: " + ctx.err().error();
    return answer;
}

int main() {
    auto before = debug::checkpoint();
    std::cout << "goroutines before: " << num_goroutine() << '\n';

    std::cout << "request 1 (deadline 300ms):\n";
    std::string a = fan_out(context::background(),
                            {{"eu-central", 800ms, false},
                             {"us-east", 60ms, false},
                             {"ap-south", 10ms, true},
                             {"sa-east", 1500ms, false}},
                            300ms);
    std::cout << "answer: " << a << '\n';

    std::cout << "request 2 (deadline 50ms):\n";
    std::string b = fan_out(context::background(),
                            {{"eu-central", 800ms, false}, {"us-east", 900ms, false}}, 50ms);
    std::cout << "answer: " << b << '\n';

    // Every backend goroutine has reported; wait (briefly) for them to have
    // exited too, and name any that has not.
    auto leaks = debug::verify_no_leaks(before);
    std::cout << "leaked goroutines: " << leaks.leaked.size() << '\n';
    if (!leaks.ok()) std::cout << leaks.report();
    std::cout << "goroutines after: " << num_goroutine() << '\n';
}
