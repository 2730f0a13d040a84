// A sequential model of Go's channels and select, written from the Go
// specification ("Channel types", "Send statements", "Receive operator",
// "Close", "Select statements"), against which the randomized channel
// programs of channel_model_test.cpp and fuzz/chan_select_fuzz.cpp are checked.
//
// The model knows one goroutine's view of channels nobody else touches, so
// readiness is exact:
//
//   operation | nil channel   | open, len < cap   | open, len == cap | closed
//   ----------+---------------+-------------------+------------------+--------------------------
//   send      | never ready   | ready: appends    | not ready        | ready: panics "send on
//             |               |                   |                  | closed channel"
//   recv      | never ready   | ready if len > 0: takes the oldest   | ready: buffered values
//             |               | (unbuffered: never ready alone)      | first, then zero, ok false
//   close     | panics "close of nil channel"   | closes           | panics "close of closed
//             |               |                   |                  | channel"
//
// A select is ready when any case is; it then runs one ready case (the
// caller says which: the real runtime chooses at random); with no ready case
// it runs default if present, otherwise the goroutine blocks forever (alone,
// a deadlock).
//
// Also the program format shared by the test and the fuzzer: a random
// program is a list of steps over a few int channels, decoded from bytes so
// that a seed and a fuzzer input produce the same kind of program.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <vector>

namespace channel_model {

// One channel as the spec describes it.
struct chan_state {
    bool nil = false;
    bool closed = false;
    std::size_t cap = 0;
    std::deque<int> buf;

    bool send_ready() const { return !nil && (closed || buf.size() < cap); }
    bool recv_ready() const { return !nil && (closed || !buf.empty()); }
};

// What an operation did, in the model or in the runtime.
struct outcome {
    bool blocked = false;  // the model: the op can never complete (alone)
    std::string panic;     // Go's panic message, or empty
    int value = 0;         // recv: the value (0 once closed and drained)
    bool ok = false;       // recv: false once closed and drained
    int chosen = -1;       // select: the case index (cases.size() = default)

    bool operator==(const outcome&) const = default;
};

enum class op_kind : std::uint8_t { send, recv, close, select };

struct select_arm {
    bool is_send = false;
    int chan = 0;
    int value = 0;  // send only
};

struct step {
    op_kind kind = op_kind::send;
    int chan = 0;                  // send, recv, close
    int value = 0;                 // send
    std::vector<select_arm> arms;  // select
    bool has_default = false;      // select
    // When the model says the step blocks forever (alone): what frees it.
    //   rescue_none:    run Go's non-blocking form instead (must take default)
    //   rescue_partner: another goroutine does the matching receive or send
    //                   (for a select, on the channel of arm rescue_arm)
    //   rescue_close:   another goroutine closes that channel
    // Either order of the two goroutines gives the same result, so the
    // model still knows it exactly.
    enum rescue_kind : std::uint8_t { rescue_none, rescue_partner, rescue_close };
    rescue_kind rescue = rescue_none;
    int rescue_arm = 0;
};

// A single-goroutine program: channels (cap; nil ones marked) and steps.
struct program {
    std::vector<chan_state> chans;  // the initial states
    std::vector<step> steps;
};

// The model: runs steps in order on its own copy of the channels.
class model {
  public:
    explicit model(std::vector<chan_state> chans) : chans_(std::move(chans)) {}

    const chan_state& chan(int i) const { return chans_[static_cast<std::size_t>(i)]; }

    outcome send(int c, int v) {
        chan_state& ch = chans_[static_cast<std::size_t>(c)];
        outcome o;
        if (ch.nil) {
            o.blocked = true;
        } else if (ch.closed) {
            o.panic = "send on closed channel";
        } else if (ch.buf.size() < ch.cap) {
            ch.buf.push_back(v);
        } else {
            o.blocked = true;
        }
        return o;
    }

    outcome recv(int c) {
        chan_state& ch = chans_[static_cast<std::size_t>(c)];
        outcome o;
        if (!ch.recv_ready()) {
            o.blocked = true;
        } else if (!ch.buf.empty()) {
            o.value = ch.buf.front();
            o.ok = true;
            ch.buf.pop_front();
        }
        return o;
    }

    outcome close(int c) {
        chan_state& ch = chans_[static_cast<std::size_t>(c)];
        outcome o;
        if (ch.nil) {
            o.panic = "close of nil channel";
        } else if (ch.closed) {
            o.panic = "close of closed channel";
        } else {
            ch.closed = true;
        }
        return o;
    }

    // The indices of the select's ready cases, in order.
    std::vector<int> ready_arms(const step& s) const {
        std::vector<int> ready;
        for (std::size_t i = 0; i < s.arms.size(); i++) {
            const select_arm& a = s.arms[i];
            const chan_state& ch = chan(a.chan);
            if (a.is_send ? ch.send_ready() : ch.recv_ready()) ready.push_back(static_cast<int>(i));
        }
        return ready;
    }

    // Runs the select taking case `chosen` (which must be ready, or the
    // default index arms.size() when none is).
    outcome select(const step& s, int chosen) {
        outcome o;
        if (chosen == static_cast<int>(s.arms.size())) {
            o.chosen = chosen;
            return o;
        }
        const select_arm& a = s.arms[static_cast<std::size_t>(chosen)];
        o = a.is_send ? send(a.chan, a.value) : recv(a.chan);
        o.chosen = chosen;
        return o;
    }

  private:
    std::vector<chan_state> chans_;
};

// Reads a program's shape from bytes; past the end every read returns 0, so
// every byte string is a valid (possibly short) program.
class byte_source {
  public:
    byte_source(const std::uint8_t* data, std::size_t size) : data_(data), size_(size) {}
    bool empty() const { return pos_ >= size_; }
    unsigned next(unsigned bound) {
        if (bound == 0) return 0;
        unsigned b = pos_ < size_ ? data_[pos_] : 0;
        pos_++;
        return b % bound;
    }

  private:
    const std::uint8_t* data_;
    std::size_t size_;
    std::size_t pos_ = 0;
};

// The sequential program a byte string describes: 2..4 channels (one may be
// nil, capacities 0..3), up to max_steps steps. Sent values are 1, 2, 3, ...
// in program order, so every value is distinct.
inline program decode_program(byte_source& in, std::size_t max_steps = 64) {
    program p;
    std::size_t nchans = 2 + in.next(3);
    for (std::size_t i = 0; i < nchans; i++) {
        chan_state c;
        unsigned shape = in.next(6);
        c.nil = shape == 5;
        c.cap = c.nil ? 0 : shape % 4;
        p.chans.push_back(c);
    }
    int next_value = 1;
    while (!in.empty() && p.steps.size() < max_steps) {
        step s;
        unsigned k = in.next(8);
        if (k < 2) {
            s.kind = op_kind::send;
            s.chan = static_cast<int>(in.next(static_cast<unsigned>(nchans)));
            s.value = next_value++;
            s.rescue = static_cast<step::rescue_kind>(in.next(3));
        } else if (k < 4) {
            s.kind = op_kind::recv;
            s.chan = static_cast<int>(in.next(static_cast<unsigned>(nchans)));
            s.rescue = static_cast<step::rescue_kind>(in.next(3));
        } else if (k == 4) {
            s.kind = op_kind::close;
            s.chan = static_cast<int>(in.next(static_cast<unsigned>(nchans)));
        } else {
            s.kind = op_kind::select;
            std::size_t narms = 1 + in.next(4);
            for (std::size_t i = 0; i < narms; i++) {
                select_arm a;
                a.is_send = in.next(2) == 1;
                a.chan = static_cast<int>(in.next(static_cast<unsigned>(nchans)));
                if (a.is_send) a.value = next_value++;
                s.arms.push_back(a);
            }
            s.has_default = in.next(4) != 0;
            s.rescue = static_cast<step::rescue_kind>(in.next(3));
            s.rescue_arm = static_cast<int>(in.next(static_cast<unsigned>(narms)));
        }
        p.steps.push_back(std::move(s));
    }
    return p;
}

// A concurrent program: producers send distinct values on shared channels
// (plain sends and selects over several channels), consumers receive with
// plain receives and selects until every channel is closed, and closers
// close channels either after the producers finish or racing with them.
// Each goroutine also owns a private buffered channel whose readiness it
// alone decides, mixed into its selects, so that "default only when no case
// was ready" can be checked under contention.
struct concurrent_program {
    std::size_t nchans = 2;
    std::vector<std::size_t> caps;   // per shared channel
    std::vector<bool> racing_close;  // closed while producers still send
    std::size_t producers = 1;
    std::size_t consumers = 1;
    std::size_t sends_per_producer = 10;  // attempts; a send may panic on a racing close
    std::vector<std::uint8_t> choices;    // per-op choices the goroutines draw from
};

inline concurrent_program decode_concurrent(byte_source& in) {
    concurrent_program p;
    p.nchans = 1 + in.next(3);
    for (std::size_t i = 0; i < p.nchans; i++) {
        p.caps.push_back(in.next(4));
        p.racing_close.push_back(in.next(4) == 0);
    }
    p.producers = 1 + in.next(3);
    p.consumers = 1 + in.next(3);
    p.sends_per_producer = 1 + in.next(64) * (1 + in.next(8));
    while (!in.empty() && p.choices.size() < 256)
        p.choices.push_back(static_cast<std::uint8_t>(in.next(256)));
    if (p.choices.empty()) p.choices.push_back(0);
    return p;
}

}  // namespace channel_model
