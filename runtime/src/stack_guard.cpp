// Goroutine stack overflow ends the program as Go's does:
//
//     runtime: goroutine stack exceeds 61440-byte limit
//     runtime: sp=0x7f3a5c01f000 stack=[0x7f3a5c020000, 0x7f3a5c02f000]
//     fatal error: stack overflow
//
//     goroutine 7 [running]:
//     created by main in goroutine 1
//     	/src/prog.cpp:12
//
// and exit status 2. Two ways of noticing it (see stack_guard.hpp): a
// SIGSEGV on a guard page, handled on an alternate signal stack, and a
// canary checked at every switch away from a goroutine and when it hands a
// goroutine to another thread. The handler does only what is safe in a
// signal handler: it reads the goroutine's record, formats into a buffer on
// its own stack and writes it with write(2). So the program's
// buffered stdout is not flushed on that path, as after any crash.
#include "stack_guard.hpp"

#include <signal.h>
#include <sys/mman.h>
#include <ucontext.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iostream>

namespace gocpp::detail {

stack_region g_stack_region;

namespace {

constexpr std::size_t kAltStackSize = 64 * 1024;
constexpr std::size_t kMinAltStackSize = 16 * 1024;
// A stack pointer this little above the stack's bottom, or below it, with a
// fault: the frame being pushed did not fit (x86-64 leaf functions may also
// write up to 128 bytes below the stack pointer).
constexpr std::uintptr_t kSpMargin = 256;

std::size_t env_size(const char* name, std::size_t fallback) {
    const char* env = std::getenv(name);
    if (env == nullptr || *env == '\0') return fallback;
    char* end = nullptr;
    const long long v = std::strtoll(env, &end, 10);
    if (end == env || *end != '\0' || v < 0) return fallback;
    return static_cast<std::size_t>(v);
}

// --- formatting without allocating (signal-safe) ------------------------------

struct text {
    char buf[2048];
    std::size_t n = 0;
    void add(const char* s) noexcept {
        while (s != nullptr && *s != '\0' && n < sizeof buf)
            buf[n++] = *s++;
    }
    void add_dec(std::uint64_t v) noexcept {
        char digits[24];
        int k = 0;
        do {
            digits[k++] = static_cast<char>('0' + v % 10);
            v /= 10;
        } while (v != 0);
        while (k > 0 && n < sizeof buf)
            buf[n++] = digits[--k];
    }
    void add_hex(std::uint64_t v) noexcept {
        add("0x");
        char digits[20];
        int k = 0;
        do {
            digits[k++] = "0123456789abcdef"[v & 15];
            v >>= 4;
        } while (v != 0);
        while (k > 0 && n < sizeof buf)
            buf[n++] = digits[--k];
    }
    void write_to(int fd) const noexcept {
        std::size_t done = 0;
        while (done < n) {
            const ssize_t w = ::write(fd, buf + done, n - done);
            if (w <= 0) return;
            done += static_cast<std::size_t>(w);
        }
    }
};

// Go's report, and the goroutine's block as format_goroutine writes it.
[[noreturn]] void report_overflow(goroutine* g, std::uintptr_t sp) noexcept {
    const auto bottom = reinterpret_cast<std::uintptr_t>(g->stack_bottom);
    const std::uintptr_t top = slot_stack_top(bottom - g_stack_region.page);
    text t;
    t.add("runtime: goroutine stack exceeds ");
    t.add_dec(top - bottom);
    t.add("-byte limit\nruntime: sp=");
    t.add_hex(sp);
    t.add(" stack=[");
    t.add_hex(bottom);
    t.add(", ");
    t.add_hex(top);
    t.add("]\nfatal error: stack overflow\n\ngoroutine ");
    t.add_dec(static_cast<std::uint64_t>(g->id));
    t.add(" [running]:\ncreated by ");
    t.add(g->site_function.load(std::memory_order_relaxed));
    t.add(" in goroutine ");
    t.add_dec(static_cast<std::uint64_t>(g->creator_id.load(std::memory_order_relaxed)));
    t.add("\n\t");
    t.add(g->site_file.load(std::memory_order_relaxed));
    t.add(":");
    t.add_dec(g->site_line.load(std::memory_order_relaxed));
    t.add("\n");
    t.write_to(STDERR_FILENO);
    _exit(2);
}

// --- the signal handler -------------------------------------------------------

struct sigaction g_previous;  // what SIGSEGV did before us
std::atomic<bool> g_handler_installed{false};

std::uintptr_t stack_pointer_of(void* uc) noexcept {
    const auto* ctx = static_cast<const ucontext_t*>(uc);
#if defined(__x86_64__)
    return static_cast<std::uintptr_t>(ctx->uc_mcontext.gregs[REG_RSP]);
#elif defined(__aarch64__)
    return static_cast<std::uintptr_t>(ctx->uc_mcontext.sp);
#else
    (void)ctx;
    return 0;
#endif
}

// The goroutine this thread runs, if it runs one on a pooled stack. Only
// thread-local reads: safe in a signal handler.
goroutine* goroutine_on_this_thread() noexcept {
    if (current_processor() == nullptr) return nullptr;  // not a scheduler thread
    goroutine* g = current();
    return g != nullptr && g->stack_bottom != nullptr ? g : nullptr;
}

// A fault is g's stack overflow if the stack pointer has reached the bottom
// of g's stack or gone below it (into a guard page, a lower stack or the
// pad below the region), or if the fault is in the page below g's stack. A fault anywhere else (a null or wild pointer) is not.
bool is_overflow(const goroutine* g, std::uintptr_t addr, std::uintptr_t sp) noexcept {
    const auto bottom = reinterpret_cast<std::uintptr_t>(g->stack_bottom);
    const std::uintptr_t lowest = g_stack_region.base - kRegionPad;
    if (sp >= lowest && sp < bottom + kSpMargin) return true;
    return addr >= bottom - g_stack_region.page && addr < bottom;
}

void on_sigsegv(int sig, siginfo_t* info, void* uc) {
    if (goroutine* g = goroutine_on_this_thread()) {
        const std::uintptr_t sp = stack_pointer_of(uc);
        if (is_overflow(g, reinterpret_cast<std::uintptr_t>(info->si_addr), sp)) {
            begin_dying();
            report_overflow(g, sp);
        }
    }
    // Not ours: as if we were not here.
    if ((g_previous.sa_flags & SA_SIGINFO) != 0) {
        g_previous.sa_sigaction(sig, info, uc);
        return;
    }
    if (g_previous.sa_handler == SIG_DFL || g_previous.sa_handler == SIG_IGN) {
        // Returning re-runs the faulting instruction, which now gets the
        // default action: the process dies of SIGSEGV, with a core dump if
        // enabled.
        struct sigaction dfl;
        std::memset(&dfl, 0, sizeof dfl);
        dfl.sa_handler = SIG_DFL;
        sigemptyset(&dfl.sa_mask);
        sigaction(sig, &dfl, nullptr);
        return;
    }
    g_previous.sa_handler(sig);
}

void install_alt_stack_for_this_thread() noexcept {
    thread_local bool installed = false;
    if (installed) return;
    installed = true;
    stack_t old;
    if (sigaltstack(nullptr, &old) == 0 && (old.ss_flags & SS_DISABLE) == 0 &&
        old.ss_size >= kMinAltStackSize)
        return;  // the thread has one (a sanitizer's, the program's)
    void* mem = mmap(nullptr, kAltStackSize, PROT_READ | PROT_WRITE,
                     MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (mem == MAP_FAILED) return;  // an overflow here will be a plain SIGSEGV
    stack_t ss;
    ss.ss_sp = mem;
    ss.ss_size = kAltStackSize;
    ss.ss_flags = 0;
    if (sigaltstack(&ss, nullptr) != 0) munmap(mem, kAltStackSize);
}

// Main's thread is scheduler thread 0; it gets its alternate stack and the
// handler while the program loads.
__attribute__((constructor)) void install_on_main_thread() {
    install_stack_overflow_handler();
}

}  // namespace

std::size_t stack_slot_size() noexcept {
    static const std::size_t size = [] {
        const std::size_t page = static_cast<std::size_t>(sysconf(_SC_PAGESIZE));
#ifdef GOCPP_ASAN
        // AddressSanitizer's redzones make every frame several times larger:
        // the stacks of before 64 KiB became the default.
        constexpr std::size_t kDefaultKB = 256;
#else
        constexpr std::size_t kDefaultKB = 64;
#endif
        std::size_t bytes = env_size("GOCPP_STACK_KB", kDefaultKB) * 1024;
        if (bytes < 16 * 1024) bytes = kDefaultKB * 1024;
        return (bytes + page - 1) / page * page;
    }();
    return size;
}

std::size_t guarded_slot_count() noexcept {
    static const std::size_t count = [] {
        constexpr std::size_t kNotSet = ~std::size_t{0};
        const std::size_t forced = env_size("GOCPP_STACK_GUARDS", kNotSet);
        if (forced != kNotSet) return forced;
        // Each guard page splits the region once more: two mappings per
        // guarded stack. Half the kernel's limit goes to that; the other
        // half stays for the program (malloc, threads, libraries).
        std::size_t max_maps = 65530;
        if (std::FILE* f = std::fopen("/proc/sys/vm/max_map_count", "r")) {
            unsigned long v = 0;
            if (std::fscanf(f, "%lu", &v) == 1 && v > 0) max_maps = v;
            std::fclose(f);
        }
        return max_maps / 2 / 2;
    }();
    return count;
}

void install_stack_overflow_handler() noexcept {
    install_alt_stack_for_this_thread();
    if (g_handler_installed.exchange(true)) return;
    struct sigaction sa;
    std::memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = &on_sigsegv;
    sa.sa_flags = SA_SIGINFO | SA_ONSTACK;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGSEGV, &sa, &g_previous);
}

[[noreturn]] void report_canary_overwritten(goroutine* g) noexcept {
    begin_dying();
    std::cout.flush();
    std::fflush(stdout);
    report_overflow(g, reinterpret_cast<std::uintptr_t>(__builtin_frame_address(0)));
}

}  // namespace gocpp::detail
