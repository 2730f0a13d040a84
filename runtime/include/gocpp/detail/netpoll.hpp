// gocpp/detail/netpoll.hpp — the netpoller as the net component sees it
// (Go's runtime_poll* functions, internal/poll/fd_poll_runtime.go). Not for
// users.
//
// A non-blocking fd is registered once (poll_open) in one edge-triggered
// epoll set. An operation tries its syscall first and calls poll_wait only on
// EAGAIN; poll_wait parks the goroutine (dumped as [IO wait]) until the fd is
// ready in that direction, its deadline passes or poll_evict is called.
//
// Thread safety: every function may be called from any goroutine or thread.
// At most one goroutine may wait per direction at a time (the caller
// serialises reads and writes, as Go's fdMutex does). poll_close must be the
// last call for a descriptor. Nothing here panics or throws.
#pragma once

#include <cstdint>

namespace gocpp::detail {

struct poll_desc;

// What poll_wait and poll_prepare report (Go's pollNoError, pollErrClosing,
// pollErrTimeout).
enum class poll_status : int { ok = 0, closing = 1, timeout = 2 };

// Direction of an operation.
enum class poll_mode : int { read = 'r', write = 'w', both = 'r' + 'w' };

// Registers fd (already non-blocking) with the poller. nullptr with errno set
// if epoll refused it.
poll_desc* poll_open(int fd) noexcept;

// Deregisters and returns the descriptor to the cache. Call before close(fd),
// after the last operation on it has returned; late events are ignored.
void poll_close(poll_desc* pd) noexcept;

// Before an operation: forgets a stale readiness and reports whether the
// descriptor is closing or the direction's deadline has passed.
poll_status poll_prepare(poll_desc* pd, poll_mode mode) noexcept;

// Parks the calling goroutine until the fd is ready in `mode` (read or
// write), the deadline passes or poll_evict is called. Never parks if the
// readiness already arrived.
poll_status poll_wait(poll_desc* pd, poll_mode mode) noexcept;

// Go's SetDeadline for the descriptor: deadline_ns is 0 for none, < 0 for
// "already passed", else an instant on the timer queue's clock
// (steady_clock, ns). A passed deadline wakes a waiting operation at once.
void poll_set_deadline(poll_desc* pd, std::int64_t deadline_ns, poll_mode mode) noexcept;

// Marks the descriptor closing and wakes both directions' waiters (they
// return poll_status::closing). Go's pollUnblock, called by Close.
void poll_evict(poll_desc* pd) noexcept;

}  // namespace gocpp::detail
