// gocpp/signal.hpp — Go's os/signal.NotifyContext: a context canceled when
// one of the given signals arrives.
//
//     auto [ctx, stop] = signal::notify_context(context::background(), {SIGINT, SIGTERM});
//     defer _{[&] { stop(); }};
//     ctx.done().recv();            // <-ctx.Done(): shut down gracefully
//
// While at least one notify_context is registered for a signal, the signal
// no longer ends the process: it cancels every registered context (each once;
// later arrivals are dropped, as Go's buffered channel of one drops them).
// stop() unregisters; once nothing is registered for a signal its default
// action is restored, as Go's Reset does. A signal handler does only an
// async-signal-safe write(2) to a pipe; a thread of its own reads the pipe and
// cancels, so nothing here runs inside the handler.
//
// Thread-safety: notify_context and stop may be called from any goroutine or
// thread. Nothing here blocks.
#pragma once

#include <gocpp/context.hpp>

#include <initializer_list>

namespace gocpp::signal {

struct notify_result {
    context::Context ctx;
    context::CancelFunc stop;
};

notify_result notify_context(context::Context parent, std::initializer_list<int> signals);

}  // namespace gocpp::signal
