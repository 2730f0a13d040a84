// Catching goroutine stack overflow (stack_guard.cpp), and the layout of the
// stack region it shares with the stack pool (stack_pool.cpp).
//
// Every pooled stack is a slot of stack_slot_size() bytes in one reserved
// address range:
//
//   slot k:  [ lowest page | stack (grows down) ... record | canary of k+1 ]
//
// The lowest page is never part of the stack Boost is given: for the first
// guarded_slot_count() slots it is a guard page (PROT_NONE), for the others
// unused address space. The top kCanaryBytes of slot k are no stack's
// either: they are the canary of slot k+1, which must stay zero. They sit
// in slot k's top page, which is resident while slot k is in use, so that
// reading them costs no page fault.
//
//   - A guard-page hit raises SIGSEGV; the handler (on an alternate signal
//     stack) reports "fatal error: stack overflow" as Go does and exits 2.
//     Any other SIGSEGV goes to the previous handler or the default action.
//   - A canary is checked at every switch away from its goroutine (park,
//     yield, a Boost.Fiber wait, its end) and when it hands a goroutine to
//     another thread (check_canary_before_hand_off); a written canary is
//     reported the same way. An overflow is seen there once it has run
//     through the unused page below the stack and reached the canary (the
//     page absorbs a smaller one harmlessly), and only if one of its frames
//     wrote into the canary's 64 bytes: a best effort where the kernel's
//     budget leaves no guard page.
//
// Guard pages are limited because each one splits the region's mapping in
// two and the kernel caps a process's mappings (vm.max_map_count).
#pragma once

#include "internal.hpp"

#include <atomic>
#include <cstddef>
#include <cstdint>

namespace gocpp::detail {

// The region's layout; set once, before the first stack is handed out.
struct stack_region {
    std::uintptr_t base = 0;  // slot 0; kRegionPad bytes below it are reserved
    std::uintptr_t end = 0;   // end of the reserved range
    // Slots below this address have guard pages. It only ever moves down,
    // and only over slots not yet handed out (the kernel refused a split).
    std::atomic<std::uintptr_t> guarded_end{0};
    std::size_t slot_size = 0;  // bytes per slot, the guard or canary page included
    std::size_t page = 0;
};
extern stack_region g_stack_region;
// Address space left unmapped below slot 0, so that an overflow running off
// the region's low end faults there.
// Its top page is mapped: the canary of slot 0.
constexpr std::size_t kRegionPad = 64 * 1024;
constexpr std::size_t kCanaryBytes = 64;

// Where the stack of the slot starting at `slot` begins (its highest
// address, exclusive).
inline std::uintptr_t slot_stack_top(std::uintptr_t slot) noexcept {
    return slot + g_stack_region.slot_size - kCanaryBytes;
}

// Bytes per stack slot (GOCPP_STACK_KB, default 64 KiB); a goroutine can use
// all but one page and kCanaryBytes of it.
std::size_t stack_slot_size() noexcept;
// How many slots get a guard page: a share of vm.max_map_count, or
// GOCPP_STACK_GUARDS (a count; 0 turns guard pages off).
std::size_t guarded_slot_count() noexcept;

// Installs the SIGSEGV handler (once per process) and an alternate signal
// stack for the calling thread (once per thread; a thread that has one
// already keeps it). Every thread that runs goroutines must call it before
// the first goroutine runs there; main's thread does it at load time.
void install_stack_overflow_handler() noexcept;

// Ends the program with Go's stack overflow report for g, whose stack's
// canary was found written (not from a signal handler).
[[noreturn]] void report_canary_overwritten(goroutine* g) noexcept;
// The canary of the stack whose lowest usable byte is stack_bottom.
inline const volatile std::uint64_t* canary_of(const char* stack_bottom) noexcept {
    return reinterpret_cast<const volatile std::uint64_t*>(stack_bottom - g_stack_region.page -
                                                           kCanaryBytes);
}
inline bool canary_written(const char* stack_bottom) noexcept {
    const volatile std::uint64_t* c = canary_of(stack_bottom);
    return (c[0] | c[1] | c[2] | c[3] | c[4] | c[5] | c[6] | c[7]) != 0;
}

// For a goroutine on a stack without a guard page: ends the program with
// Go's stack overflow report if its canary was written. An address compare
// for guarded stacks and for main. Called on g's own thread: at every switch
// away from g (go_algorithm::pick), when g hands a goroutine to another
// thread (check_canary_before_hand_off) and at g's end.
inline void check_stack_canary(goroutine* g) noexcept {
    const auto bottom = reinterpret_cast<std::uintptr_t>(g->stack_bottom);
    const std::uintptr_t base = g_stack_region.base;
    if (bottom == 0 ||
        bottom - base < g_stack_region.guarded_end.load(std::memory_order_relaxed) - base)
        return;
    if (canary_written(g->stack_bottom)) [[unlikely]]
        report_canary_overwritten(g);
}

// Before a goroutine made runnable can run on another thread while the
// calling goroutine goes on (a hand-off: main woken on its own thread, a
// goroutine in a stealable run queue, a plain thread woken): the caller's
// stack is checked, so that an overflow is not observed there first. A
// goroutine readied into this thread's runnext runs only after the caller
// switches away, which checks it (go_algorithm::pick).
inline void check_canary_before_hand_off() noexcept {
    if (goroutine* g = tls_current_goroutine()) check_stack_canary(g);
}

}  // namespace gocpp::detail
