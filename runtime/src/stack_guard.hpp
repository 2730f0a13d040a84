// Catching goroutine stack overflow (stack_guard.cpp), and the layout of the
// stack region it shares with the stack pool (stack_pool.cpp).
//
// Every pooled stack is a slot of stack_slot_size() bytes in one reserved
// address range. The lowest page of a slot is never part of the stack Boost
// is given: for the first guarded_slot_count() slots it is a guard page
// (PROT_NONE), for the others a canary zone that must stay zero.
//
//   - A guard-page hit raises SIGSEGV; the handler (on an alternate signal
//     stack) reports "fatal error: stack overflow" as Go does and exits 2.
//     Any other SIGSEGV goes to the previous handler or the default action.
//   - A canary zone is checked when its goroutine parks, yields or ends
//     (check_stack_canary); a written zone is reported the same way.
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
    std::uintptr_t base = 0;  // slot 0; kRegionPad bytes below it are never mapped
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
constexpr std::size_t kRegionPad = 64 * 1024;

// Bytes per stack slot (GOCPP_STACK_KB, default 64 KiB); a goroutine can use
// all but one page of it.
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
// canary zone was found written (not from a signal handler).
[[noreturn]] void report_canary_overwritten(goroutine* g) noexcept;
bool canary_zone_written(const char* stack_bottom) noexcept;

// For a goroutine on a stack without a guard page: ends the program with
// Go's stack overflow report if the canary zone below its stack was
// written. An address compare for guarded stacks and for main. Called by
// the goroutine itself when it parks, yields or ends.
inline void check_stack_canary(goroutine* g) noexcept {
    const auto bottom = reinterpret_cast<std::uintptr_t>(g->stack_bottom);
    const std::uintptr_t base = g_stack_region.base;
    if (bottom == 0 ||
        bottom - base < g_stack_region.guarded_end.load(std::memory_order_relaxed) - base)
        return;
    if (canary_zone_written(g->stack_bottom)) [[unlikely]]
        report_canary_overwritten(g);
}

}  // namespace gocpp::detail
