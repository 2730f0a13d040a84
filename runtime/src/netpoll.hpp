// The scheduler's view of the I/O poller (Go's netpoll): what the idle wait
// and the deadlock verdict call. The poller itself (epoll, poll descriptors,
// per-direction semaphores, deadlines) lives in netpoll_epoll.cpp; the net
// component reaches it through <gocpp/detail/netpoll.hpp>.
//
// Thread safety: every function here may be called from any scheduler
// thread. netpoll() with a non-zero timeout is called by at most one thread
// at a time (the scheduler's idle wait guarantees that); a zero-timeout poll
// may run concurrently with it.
#pragma once

#include <cstdint>
#include <vector>

namespace gocpp::detail {

struct goroutine;

// True once the poller exists (the first descriptor was registered). Until
// then the idle wait has nothing to poll and sleeps as before.
bool netpoll_active() noexcept;

// Waits for I/O readiness for at most timeout_ns (< 0: until readiness or
// netpoll_break(); 0: only looks) and appends the goroutines that the
// readiness unparks to `ready`. They are not queued yet: the caller makes
// them runnable as a batch (ready_batch in the scheduler).
void netpoll(std::int64_t timeout_ns, std::vector<goroutine*>& ready) noexcept;

// Makes a netpoll() blocked in another thread return promptly. Deduplicated:
// any number of calls before that netpoll() returns cost one eventfd write.
void netpoll_break() noexcept;

// Goroutines parked on I/O right now. While it is non-zero the program is
// not deadlocked: the network may still wake them.
std::int64_t netpoll_waiters() noexcept;

// When netpoll() last ran (timer_queue clock, ns), so that a busy thread
// polls with a zero timeout when nobody has for a while (Go's sysmon).
std::int64_t netpoll_last_poll_ns() noexcept;

}  // namespace gocpp::detail
