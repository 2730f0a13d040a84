// Runs the programs of channel_model.hpp on gocpp's real channels, select
// and scheduler, and checks them:
//
// run_sequential: one goroutine, every step compared with the model: values
//   and ok of each receive, which select cases may run (default only when
//   none is ready), the panics and their messages, len and cap after every
//   step. An operation the model says blocks forever is run as Go's
//   non-blocking form (a select with default), which must take default.
//
// run_concurrent: producers, consumers and closers on shared channels. Checks
//   that every value received was sent, on that channel, exactly once; that
//   each consumer sees each producer's values on a channel in send order
//   (FIFO); that ok is false and sends panic only after a close has begun;
//   that a select takes default only when its case on the goroutine's own
//   ready channel could not have run; that of two racing closes exactly one
//   panics "close of closed channel"; and that the program ends (no
//   deadlock: by construction every blocked operation is eventually matched).
//
// Both return the failures found, each a line; empty means the run agreed.
// They must be called on a goroutine (main is one).
#pragma once

#include "model/channel_model.hpp"

#include <gocpp/gocpp.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <memory>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

namespace channel_model {

// One case of a select assembled at run time.
struct dyn_arm {
    gocpp::chan<int> ch;  // nil: never ready
    bool is_send = false;
    int value = 0;  // send: the value; recv: the value received
    bool ok = false;
};

// Called where a goroutine has caught a panic and goes on. Under
// AddressSanitizer, unwinding a fiber's stack leaves the shadow marks of the
// frames it skipped (the sanitizer ignores its no-return hook on stacks it
// does not know), and a later call that reuses that stack region reports a
// false stack-use-after-scope. The runtime's panic hook clears the marks
// below the calling frame; elsewhere it does nothing.
inline void forget_unwound_frames() noexcept {
    gocpp::detail::on_panic();
}

inline constexpr std::size_t max_arms = 4;

// What the runs exercised, so that a test can show its programs reached
// every kind of outcome.
struct run_stats {
    long steps = 0;            // sequential steps, or values received
    long panics = 0;           // send and close panics seen
    long defaults = 0;         // selects that took default
    long select_cases = 0;     // selects that ran a case
    long closed_receives = 0;  // receives with ok == false
    long rescued = 0;          // blocked steps freed by another goroutine
};

// Values sent by helper goroutines: apart from the program's own (1, 2, ...).
inline constexpr int rescue_value_base = 1'000'000;

namespace detail {

template <class... Built>
int select_with(bool with_default, Built&&... built) {
    if (with_default) return gocpp::select(std::forward<Built>(built)..., gocpp::default_);
    if constexpr (sizeof...(Built) == 0) {
        return -1;  // never asked for: a select with no case would block forever
    } else {
        return gocpp::select(std::forward<Built>(built)...);
    }
}

template <class... Built>
int select_from(std::vector<dyn_arm>& arms, std::size_t i, bool with_default, Built&&... built) {
    if constexpr (sizeof...(Built) >= max_arms) {
        return select_with(with_default, std::forward<Built>(built)...);
    } else {
        if (i == arms.size()) return select_with(with_default, std::forward<Built>(built)...);
        dyn_arm& a = arms[i];
        if (a.is_send) {
            return select_from(arms, i + 1, with_default, std::forward<Built>(built)...,
                               gocpp::send(a.ch, a.value));
        }
        return select_from(arms, i + 1, with_default, std::forward<Built>(built)...,
                           gocpp::recv(a.ch, a.value, a.ok));
    }
}

}  // namespace detail

// Runs Go's select over arms (at most max_arms) and, if with_default, a
// default case (index arms.size()). Returns the index that ran; a chosen
// receive leaves its value and ok in its arm. Panics as Go's select does.
inline int dynamic_select(std::vector<dyn_arm>& arms, bool with_default) {
    return detail::select_from(arms, 0, with_default);
}

namespace detail {

// What the helper goroutine of a rescued step saw.
struct helper_result {
    int value = 0;
    bool ok = false;
    std::string panic;
};

// Starts a goroutine that frees a blocked step on ch: closes it, sends
// value, or receives. The caller then runs its blocking operation and
// collects the helper's result with finish_helper.
inline gocpp::chan<helper_result> start_helper(gocpp::chan<int> ch, step::rescue_kind kind,
                                               bool helper_sends, int value) {
    auto done = gocpp::make_chan<helper_result>(1);
    gocpp::go([ch, kind, helper_sends, value, done] {
        helper_result r;
        try {
            if (kind == step::rescue_close) {
                ch.close();
            } else if (helper_sends) {
                ch.send(value);
            } else {
                auto [v, ok] = ch.recv2();
                r.value = v;
                r.ok = ok;
            }
        } catch (const gocpp::panic_error& e) {
            forget_unwound_frames();
            r.panic = e.what();
        }
        done.send(r);
    });
    return done;
}

}  // namespace detail

inline std::string describe(const program& p) {
    std::ostringstream os;
    os << "chans:";
    for (const chan_state& c : p.chans)
        os << (c.nil ? " nil" : " cap" + std::to_string(c.cap));
    os << " steps:";
    for (const step& s : p.steps) {
        switch (s.kind) {
            case op_kind::send:
                os << " c" << s.chan << "<-" << s.value;
                break;
            case op_kind::recv:
                os << " <-c" << s.chan;
                break;
            case op_kind::close:
                os << " close(c" << s.chan << ")";
                break;
            case op_kind::select:
                os << " select{";
                for (const select_arm& a : s.arms) {
                    if (a.is_send) {
                        os << "c" << a.chan << "<-" << a.value << ";";
                    } else {
                        os << "<-c" << a.chan << ";";
                    }
                }
                os << (s.has_default ? "default}" : "}");
                break;
        }
        // If the step blocks, what frees it (see step::rescue).
        if (s.rescue == step::rescue_partner)
            os << "[partner"
               << (s.kind == op_kind::select ? " arm " + std::to_string(s.rescue_arm) : "") << "]";
        if (s.rescue == step::rescue_close)
            os << "[close"
               << (s.kind == op_kind::select ? " arm " + std::to_string(s.rescue_arm) : "") << "]";
    }
    return os.str();
}

inline std::vector<std::string> run_sequential(const program& p, run_stats* stats = nullptr) {
    run_stats local;
    run_stats& st = stats != nullptr ? *stats : local;
    using gocpp::chan;
    std::vector<std::string> failures;
    std::vector<chan<int>> chans;
    for (const chan_state& c : p.chans)
        chans.push_back(c.nil ? chan<int>{}
                              : gocpp::make_chan<int>(static_cast<std::int64_t>(c.cap)));
    model m(p.chans);

    auto fail = [&](std::size_t k, const std::string& what) {
        failures.push_back("step " + std::to_string(k) + ": " + what);
    };
    auto run_caught = [](auto&& f) -> std::string {
        try {
            f();
        } catch (const gocpp::panic_error& e) {
            forget_unwound_frames();
            return e.what();
        }
        return "";
    };

    for (std::size_t k = 0; k < p.steps.size() && failures.empty(); k++) {
        const step& s = p.steps[k];
        st.steps++;
        switch (s.kind) {
            case op_kind::send: {
                outcome want = m.send(s.chan, s.value);
                chan<int> ch = chans[static_cast<std::size_t>(s.chan)];
                if (want.blocked && s.rescue != step::rescue_none && ch != nullptr) {
                    // Freed by a receive (the oldest buffered value, or ours
                    // when unbuffered; ours then joins the buffer) or by a
                    // close (our send panics).
                    auto helper = detail::start_helper(ch, s.rescue, false, 0);
                    std::string panic = run_caught([&] { ch.send(s.value); });
                    detail::helper_result h = helper.recv();
                    st.rescued++;
                    if (s.rescue == step::rescue_close) {
                        m.close(s.chan);
                        if (panic != "send on closed channel" || !h.panic.empty())
                            fail(k, "send freed by close: panic \"" + panic + "\", close \"" +
                                        h.panic + "\"");
                        break;
                    }
                    int want_helper = s.value;
                    if (m.chan(s.chan).cap > 0) {
                        want_helper = m.recv(s.chan).value;
                        m.send(s.chan, s.value);
                    }
                    if (!panic.empty() || h.value != want_helper || !h.ok)
                        fail(k, "send freed by a receive: panic \"" + panic + "\", receiver got " +
                                    std::to_string(h.value) + "," + std::to_string(h.ok) +
                                    ", want " + std::to_string(want_helper));
                    break;
                }
                if (want.blocked) {
                    int got = gocpp::select(gocpp::send(ch, s.value), gocpp::default_);
                    if (got != 1) fail(k, "a send that cannot proceed did not take default");
                    st.defaults++;
                    break;
                }
                std::string panic = run_caught([&] { ch.send(s.value); });
                if (!panic.empty()) st.panics++;
                if (panic != want.panic)
                    fail(k, "send: panic \"" + panic + "\", want \"" + want.panic + "\"");
                break;
            }
            case op_kind::recv: {
                outcome want = m.recv(s.chan);
                chan<int> ch = chans[static_cast<std::size_t>(s.chan)];
                if (want.blocked && s.rescue != step::rescue_none && ch != nullptr) {
                    // Freed by a send (we get its value) or a close (zero, false).
                    const int sent = rescue_value_base + static_cast<int>(k);
                    auto helper = detail::start_helper(ch, s.rescue, true, sent);
                    auto [v, ok] = ch.recv2();
                    detail::helper_result h = helper.recv();
                    st.rescued++;
                    int want_v = sent;
                    bool want_ok = true;
                    if (s.rescue == step::rescue_close) {
                        m.close(s.chan);
                        want_v = 0;
                        want_ok = false;
                    }
                    if (v != want_v || ok != want_ok || !h.panic.empty())
                        fail(k,
                             "receive freed by " +
                                 std::string(s.rescue == step::rescue_close ? "close" : "a send") +
                                 ": " + std::to_string(v) + "," + std::to_string(ok) + ", want " +
                                 std::to_string(want_v) + "," + std::to_string(want_ok) +
                                 (h.panic.empty() ? "" : ", helper panicked " + h.panic));
                    break;
                }
                if (want.blocked) {
                    int v = 0;
                    bool ok = false;
                    int got = gocpp::select(gocpp::recv(ch, v, ok), gocpp::default_);
                    if (got != 1)
                        fail(k, "a receive that cannot proceed did not take default, got " +
                                    std::to_string(v));
                    st.defaults++;
                    break;
                }
                auto [v, ok] = ch.recv2();
                if (!ok) st.closed_receives++;
                if (v != want.value || ok != want.ok) {
                    fail(k, "recv: " + std::to_string(v) + "," + std::to_string(ok) + ", want " +
                                std::to_string(want.value) + "," + std::to_string(want.ok));
                }
                break;
            }
            case op_kind::close: {
                outcome want = m.close(s.chan);
                std::string panic =
                    run_caught([&] { chans[static_cast<std::size_t>(s.chan)].close(); });
                if (!panic.empty()) st.panics++;
                if (panic != want.panic)
                    fail(k, "close: panic \"" + panic + "\", want \"" + want.panic + "\"");
                break;
            }
            case op_kind::select: {
                std::vector<int> ready = m.ready_arms(s);
                std::vector<dyn_arm> arms;
                for (const select_arm& a : s.arms)
                    arms.push_back(
                        {chans[static_cast<std::size_t>(a.chan)], a.is_send, a.value, false});
                if (!s.has_default && ready.empty() && s.rescue != step::rescue_none) {
                    // A parked select freed from outside, on the channel of
                    // one non-nil arm: by the matching operation (one of the
                    // arms on that channel of the right direction must run)
                    // or by a close (any arm on it: a receive gets zero and
                    // false, a send panics).
                    int r = s.rescue_arm;
                    for (std::size_t t = 0;
                         t < s.arms.size() && m.chan(s.arms[static_cast<std::size_t>(r)].chan).nil;
                         t++)
                        r = (r + 1) % static_cast<int>(s.arms.size());
                    const select_arm& target = s.arms[static_cast<std::size_t>(r)];
                    if (!m.chan(target.chan).nil) {
                        const int sent = rescue_value_base + static_cast<int>(k);
                        auto helper =
                            detail::start_helper(chans[static_cast<std::size_t>(target.chan)],
                                                 s.rescue, !target.is_send, sent);
                        int chosen = -1;
                        std::string panic =
                            run_caught([&] { chosen = dynamic_select(arms, false); });
                        detail::helper_result h = helper.recv();
                        st.rescued++;
                        if (!h.panic.empty()) fail(k, "the helper panicked \"" + h.panic + "\"");
                        if (s.rescue == step::rescue_close) {
                            m.close(target.chan);
                            bool has_send_arm =
                                std::any_of(s.arms.begin(), s.arms.end(), [&](const select_arm& a) {
                                    return a.is_send && a.chan == target.chan;
                                });
                            if (!panic.empty()) {
                                if (panic != "send on closed channel" || !has_send_arm)
                                    fail(k, "select freed by close panicked \"" + panic + "\"");
                                break;
                            }
                            if (chosen < 0 ||
                                s.arms[static_cast<std::size_t>(chosen)].chan != target.chan ||
                                s.arms[static_cast<std::size_t>(chosen)].is_send ||
                                arms[static_cast<std::size_t>(chosen)].ok ||
                                arms[static_cast<std::size_t>(chosen)].value != 0)
                                fail(k, "select freed by close of c" + std::to_string(target.chan) +
                                            " ran case " + std::to_string(chosen));
                            break;
                        }
                        if (!panic.empty() || chosen < 0 ||
                            s.arms[static_cast<std::size_t>(chosen)].chan != target.chan ||
                            s.arms[static_cast<std::size_t>(chosen)].is_send != target.is_send) {
                            fail(k, "select freed on c" + std::to_string(target.chan) +
                                        " ran case " + std::to_string(chosen) + " (panic \"" +
                                        panic + "\")");
                            break;
                        }
                        const dyn_arm& a = arms[static_cast<std::size_t>(chosen)];
                        if (target.is_send) {
                            int want_helper = a.value;
                            if (m.chan(target.chan).cap > 0) {
                                want_helper = m.recv(target.chan).value;
                                m.send(target.chan, a.value);
                            }
                            if (h.value != want_helper || !h.ok)
                                fail(k, "select send freed by a receive: receiver got " +
                                            std::to_string(h.value) + ", want " +
                                            std::to_string(want_helper));
                        } else if (a.value != sent || !a.ok) {
                            fail(k, "select receive freed by a send: got " +
                                        std::to_string(a.value) + "," + std::to_string(a.ok) +
                                        ", want " + std::to_string(sent));
                        }
                        break;
                    }
                }
                // Without default and with nothing ready the select would block
                // forever (alone: a deadlock); run it with default instead.
                bool with_default = s.has_default || ready.empty();
                int chosen = -1;
                std::string panic =
                    run_caught([&] { chosen = dynamic_select(arms, with_default); });
                if (!panic.empty()) {
                    st.panics++;
                    bool may_panic = std::any_of(ready.begin(), ready.end(), [&](int i) {
                        const select_arm& a = s.arms[static_cast<std::size_t>(i)];
                        return a.is_send && m.chan(a.chan).closed;
                    });
                    if (panic != "send on closed channel" || !may_panic)
                        fail(k, "select panicked \"" + panic +
                                    "\" with no ready send on a closed channel");
                    break;  // a send that panics changes nothing
                }
                int default_index = static_cast<int>(s.arms.size());
                if (chosen == default_index) {
                    st.defaults++;
                    if (!ready.empty())
                        fail(k, "select took default with " + std::to_string(ready.size()) +
                                    " cases ready");
                    break;
                }
                if (std::find(ready.begin(), ready.end(), chosen) == ready.end()) {
                    fail(k, "select ran case " + std::to_string(chosen) + ", which is not ready");
                    break;
                }
                st.select_cases++;
                if (!arms[static_cast<std::size_t>(chosen)].is_send &&
                    !arms[static_cast<std::size_t>(chosen)].ok)
                    st.closed_receives++;
                outcome want = m.select(s, chosen);
                if (!want.panic.empty()) {
                    fail(k, "select case " + std::to_string(chosen) + " should have panicked \"" +
                                want.panic + "\"");
                    break;
                }
                const dyn_arm& a = arms[static_cast<std::size_t>(chosen)];
                if (!a.is_send && (a.value != want.value || a.ok != want.ok)) {
                    fail(k, "select recv: " + std::to_string(a.value) + "," + std::to_string(a.ok) +
                                ", want " + std::to_string(want.value) + "," +
                                std::to_string(want.ok));
                }
                break;
            }
        }
        for (std::size_t i = 0; i < chans.size(); i++) {
            const chan_state& c = m.chan(static_cast<int>(i));
            if (chans[i].len() != c.buf.size() || chans[i].cap() != c.cap) {
                fail(k, "c" + std::to_string(i) + ": len " + std::to_string(chans[i].len()) +
                            " cap " + std::to_string(chans[i].cap()) + ", want len " +
                            std::to_string(c.buf.size()) + " cap " + std::to_string(c.cap));
            }
        }
    }
    if (!failures.empty()) failures.push_back("program: " + describe(p));
    return failures;
}

inline std::string describe(const concurrent_program& p) {
    std::ostringstream os;
    os << "chans:";
    for (std::size_t i = 0; i < p.nchans; i++)
        os << " cap" << p.caps[i] << (p.racing_close[i] ? "(racing close)" : "");
    os << " producers " << p.producers << " x " << p.sends_per_producer << " consumers "
       << p.consumers << " choices";
    for (std::uint8_t c : p.choices)
        os << " " << static_cast<int>(c);
    return os.str();
}

namespace detail {

// What the goroutines of a concurrent run share. Values are producer * 2^20
// + sequence + 1, so a value names its producer and its place.
struct concurrent_run {
    const concurrent_program p;  // a copy: a run that hangs outlives its caller's program
    std::vector<gocpp::chan<int>> chans;
    std::unique_ptr<std::atomic<bool>[]> close_begun;  // set just before close()
    std::mutex mu;                                     // guards what follows
    std::vector<std::string> failures;
    std::vector<std::vector<std::pair<int, int>>> sent;      // per producer: (chan, value)
    std::vector<std::vector<std::pair<int, int>>> received;  // per consumer: (chan, value)
    std::vector<int> close_panics;                           // per channel
    std::atomic<long> send_panics{0}, defaults{0}, select_cases{0}, closed_receives{0};

    explicit concurrent_run(const concurrent_program& prog)
        : p(prog),
          close_begun(new std::atomic<bool>[prog.nchans]),
          sent(prog.producers),
          received(prog.consumers),
          close_panics(prog.nchans, 0) {
        for (std::size_t i = 0; i < p.nchans; i++) {
            chans.push_back(gocpp::make_chan<int>(static_cast<std::int64_t>(p.caps[i])));
            close_begun[i] = false;
        }
    }
    std::uint8_t choice(std::size_t i) const { return p.choices[i % p.choices.size()]; }
    void fail(const std::string& what) {
        std::lock_guard lock(mu);
        failures.push_back(what);
    }
    void close_chan(std::size_t i) {
        close_begun[i] = true;
        try {
            chans[i].close();
        } catch (const gocpp::panic_error& e) {
            forget_unwound_frames();
            std::lock_guard lock(mu);
            if (std::string(e.what()) != "close of closed channel") {
                failures.push_back(std::string("close panicked \"") + e.what() + "\"");
            }
            close_panics[i]++;
        }
    }
};

// A goroutine's own buffered channel: a recv case on it is ready exactly
// when the goroutine put a token in, whatever the others do.
struct private_token {
    gocpp::chan<int> ch = gocpp::make_chan<int>(1);
    bool full = false;
    void set(bool want) {
        if (want && !full) ch.send(0);
        if (!want && full) ch.recv();
        full = want;
    }
};

inline void produce(concurrent_run& run, std::size_t id) {
    const concurrent_program& p = run.p;
    private_token token;
    std::vector<bool> known_closed(p.nchans, false);
    std::vector<std::pair<int, int>> sent;
    auto open_chans = [&] {
        std::vector<int> open;
        for (std::size_t i = 0; i < p.nchans; i++)
            if (!known_closed[i]) open.push_back(static_cast<int>(i));
        return open;
    };
    for (std::size_t j = 0; j < p.sends_per_producer; j++) {
        std::vector<int> open = open_chans();
        if (open.empty()) break;
        std::uint8_t c = run.choice(id * 131 + j * 7);
        std::uint8_t c2 = run.choice(id * 131 + j * 7 + 3);
        int value = static_cast<int>((id << 20) + j + 1);
        int first = open[c2 % open.size()];
        try {
            switch (c % 4) {
                case 0:
                    run.chans[static_cast<std::size_t>(first)].send(value);
                    sent.emplace_back(first, value);
                    break;
                case 1:
                case 3: {
                    // A select sending on up to three open channels; case 1 adds
                    // a ready or unready private case and a default.
                    std::vector<dyn_arm> arms;
                    for (std::size_t k = 0; k < std::min<std::size_t>(open.size(), 1 + c2 % 3); k++)
                        arms.push_back(
                            {run.chans[static_cast<std::size_t>(open[(c2 + k) % open.size()])],
                             true, value, false});
                    bool with_default = c % 4 == 1;
                    bool token_ready = with_default && (c & 16) != 0;
                    if (with_default) {
                        token.set(token_ready);
                        arms.push_back({token.ch, false, 0, false});
                    }
                    std::size_t nsend = arms.size() - (with_default ? 1 : 0);
                    int chosen = dynamic_select(arms, with_default);
                    (chosen == static_cast<int>(arms.size()) ? run.defaults : run.select_cases)++;
                    if (chosen < static_cast<int>(nsend)) {
                        int ci =
                            static_cast<int>(std::find(run.chans.begin(), run.chans.end(),
                                                       arms[static_cast<std::size_t>(chosen)].ch) -
                                             run.chans.begin());
                        sent.emplace_back(ci, value);
                    } else if (chosen == static_cast<int>(nsend)) {
                        token.full = false;  // the private case ran
                        gocpp::gosched();    // see consume()
                    } else if (token_ready) {
                        run.fail("producer select took default while its own case was ready");
                    }
                    break;
                }
                case 2:
                    if (gocpp::select(
                            gocpp::send(run.chans[static_cast<std::size_t>(first)], value),
                            gocpp::default_) == 0) {
                        sent.emplace_back(first, value);
                    } else {
                        run.defaults++;
                        gocpp::gosched();  // no preemption: let the receivers run
                    }
                    break;
            }
        } catch (const gocpp::panic_error& e) {
            forget_unwound_frames();
            run.send_panics++;
            if (std::string(e.what()) != "send on closed channel")
                run.fail(std::string("send panicked \"") + e.what() + "\"");
            bool any_begun = false;
            for (std::size_t i = 0; i < p.nchans; i++) {
                if (run.close_begun[i]) {
                    known_closed[i] = true;
                    any_begun = true;
                }
            }
            if (!any_begun)
                run.fail("send panicked \"send on closed channel\" before any close began");
        }
    }
    std::lock_guard lock(run.mu);
    run.sent[id] = std::move(sent);
}

inline void consume(concurrent_run& run, std::size_t id) {
    const concurrent_program& p = run.p;
    private_token token;
    std::vector<bool> seen_closed(p.nchans, false);
    std::vector<std::pair<int, int>> received;
    auto saw_close = [&](int ci) {
        run.closed_receives++;
        if (!run.close_begun[static_cast<std::size_t>(ci)])
            run.fail("receive on c" + std::to_string(ci) + " returned ok == false before close");
        seen_closed[static_cast<std::size_t>(ci)] = true;
    };
    for (std::size_t j = 0;; j++) {
        std::vector<int> open;
        for (std::size_t i = 0; i < p.nchans; i++)
            if (!seen_closed[i]) open.push_back(static_cast<int>(i));
        if (open.empty()) break;
        std::uint8_t c = run.choice(id * 977 + j * 5 + 1);
        int first = open[c % open.size()];
        // A plain receive only on the last open channel: blocking on one
        // channel while a producer blocks sending on another could deadlock.
        switch (open.size() == 1 ? (c >> 2) % 3 : 1 + (c >> 2) % 2) {
            case 0: {
                auto [v, ok] = run.chans[static_cast<std::size_t>(first)].recv2();
                if (ok) {
                    received.emplace_back(first, v);
                } else {
                    saw_close(first);
                }
                break;
            }
            case 1:
            case 2: {
                // A select receiving on every open channel (up to three); case 2
                // adds a private case, ready or not, and a default.
                std::vector<dyn_arm> arms;
                for (std::size_t k = 0; k < std::min<std::size_t>(open.size(), 3); k++)
                    arms.push_back({run.chans[static_cast<std::size_t>(open[k])], false, 0, false});
                bool with_default = (c & 2) != 0;
                bool token_ready = with_default && (c & 1) != 0;
                if (with_default) {
                    token.set(token_ready);
                    arms.push_back({token.ch, false, 0, false});
                }
                std::size_t nrecv = arms.size() - (with_default ? 1 : 0);
                int chosen = dynamic_select(arms, with_default);
                (chosen == static_cast<int>(arms.size()) ? run.defaults : run.select_cases)++;
                if (chosen < static_cast<int>(nrecv)) {
                    int ci = open[static_cast<std::size_t>(chosen)];
                    const dyn_arm& a = arms[static_cast<std::size_t>(chosen)];
                    if (a.ok) {
                        received.emplace_back(ci, a.value);
                    } else {
                        saw_close(ci);
                    }
                } else if (chosen == static_cast<int>(nrecv)) {
                    // The private case ran. Without preemption a goroutine
                    // that never blocks keeps its thread: yield, or two
                    // consumers choosing their own cases starve the rest.
                    token.full = false;
                    gocpp::gosched();
                } else {
                    if (token_ready)
                        run.fail("consumer select took default while its own case was ready");
                    gocpp::gosched();  // no preemption: let the senders run
                }
                break;
            }
        }
    }
    std::lock_guard lock(run.mu);
    run.received[id] = std::move(received);
}

}  // namespace detail

// Runs p on the real scheduler; bound: how long before a run that has not
// ended counts as a deadlock.
inline std::vector<std::string> run_concurrent(
    const concurrent_program& p, run_stats* stats = nullptr,
    std::chrono::milliseconds bound = std::chrono::seconds(30)) {
    auto run = std::make_shared<detail::concurrent_run>(p);
    std::size_t closers = 1 + 2 * static_cast<std::size_t>(std::count(p.racing_close.begin(),
                                                                      p.racing_close.end(), true));
    std::size_t goroutines = p.producers + p.consumers + closers;
    auto finished = gocpp::make_chan<void>(static_cast<std::int64_t>(goroutines));
    auto producers_done = std::make_shared<gocpp::sync::WaitGroup>();
    producers_done->add(static_cast<int>(p.producers));
    for (std::size_t i = 0; i < p.producers; i++) {
        gocpp::go([run, i, finished, producers_done] {
            detail::produce(*run, i);
            producers_done->done();
            finished.send();
        });
    }
    for (std::size_t i = 0; i < p.consumers; i++) {
        gocpp::go([run, i, finished] {
            detail::consume(*run, i);
            finished.send();
        });
    }
    // Racing closes: two goroutines close the channel while producers send;
    // exactly one of them panics. The others are closed once producers end.
    for (std::size_t i = 0; i < p.nchans; i++) {
        if (!p.racing_close[i]) continue;
        for (int twice = 0; twice < 2; twice++) {
            int yields = run->choice(i * 13 + static_cast<std::size_t>(twice)) % 16;
            gocpp::go([run, i, yields, finished] {
                for (int y = 0; y < yields; y++)
                    gocpp::gosched();
                run->close_chan(i);
                finished.send();
            });
        }
    }
    gocpp::go([run, producers_done, finished] {
        producers_done->wait();
        for (std::size_t i = 0; i < run->p.nchans; i++)
            if (!run->p.racing_close[i]) run->close_chan(i);
        finished.send();
    });

    std::vector<std::string> failures;
    auto timer = gocpp::time::new_timer(bound);
    for (std::size_t n = 0; n < goroutines; n++) {
        if (gocpp::select(gocpp::recv(finished), gocpp::recv(timer.c)) == 1) {
            failures.push_back("no progress for " + std::to_string(bound.count()) + " ms: " +
                               std::to_string(goroutines - n) + " goroutines blocked (deadlock)");
            failures.push_back("program: " + describe(p));
            return failures;  // the goroutines stay blocked; run stays alive with them
        }
    }
    (void)timer.stop();

    std::lock_guard lock(run->mu);
    failures = run->failures;
    for (std::size_t i = 0; i < p.nchans; i++) {
        int want = p.racing_close[i] ? 1 : 0;
        if (run->close_panics[i] != want) {
            failures.push_back("c" + std::to_string(i) + ": " +
                               std::to_string(run->close_panics[i]) + " close panics, want " +
                               std::to_string(want));
        }
        if (run->chans[i].len() != 0)
            failures.push_back("c" + std::to_string(i) + ": closed and drained but len " +
                               std::to_string(run->chans[i].len()));
    }
    // Exactly once, on the channel it was sent on.
    std::map<int, int> sent_on;  // value -> chan
    for (const auto& s : run->sent)
        for (auto [ci, v] : s)
            sent_on[v] = ci;
    std::map<int, int> times_received;
    for (const auto& r : run->received) {
        for (auto [ci, v] : r) {
            times_received[v]++;
            auto it = sent_on.find(v);
            if (it == sent_on.end()) {
                failures.push_back("received " + std::to_string(v) + " on c" + std::to_string(ci) +
                                   ", which no completed send sent");
            } else if (it->second != ci) {
                failures.push_back("received " + std::to_string(v) + " on c" + std::to_string(ci) +
                                   ", sent on c" + std::to_string(it->second));
            }
        }
    }
    for (auto [v, ci] : sent_on) {
        int n = times_received.count(v) ? times_received[v] : 0;
        if (n != 1)
            failures.push_back("value " + std::to_string(v) + " sent on c" + std::to_string(ci) +
                               " received " + std::to_string(n) + " times");
    }
    // FIFO: each consumer sees one producer's values on one channel in order.
    for (std::size_t r = 0; r < run->received.size(); r++) {
        std::map<std::pair<int, int>, int> last;  // (chan, producer) -> last value
        for (auto [ci, v] : run->received[r]) {
            auto key = std::make_pair(ci, v >> 20);
            auto it = last.find(key);
            if (it != last.end() && it->second >= v) {
                failures.push_back("consumer " + std::to_string(r) + " received " +
                                   std::to_string(v) + " after " + std::to_string(it->second) +
                                   " on c" + std::to_string(ci) + " (not FIFO)");
            }
            last[key] = v;
        }
    }
    if (stats != nullptr) {
        for (const auto& r : run->received)
            stats->steps += static_cast<long>(r.size());
        stats->panics += run->send_panics;
        for (int n : run->close_panics)
            stats->panics += n;
        stats->defaults += run->defaults;
        stats->select_cases += run->select_cases;
        stats->closed_receives += run->closed_receives;
    }
    if (!failures.empty()) failures.push_back("program: " + describe(p));
    return failures;
}

}  // namespace channel_model
