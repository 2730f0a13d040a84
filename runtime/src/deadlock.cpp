// The deadlock verdict: Go's checkdead. The program is deadlocked when every
// scheduler thread is idle and nothing can wake a goroutine: no thread has
// been woken, no timer is pending, no goroutine sleeps in Boost.Fiber's own
// sleep queue, none waits for I/O or in a blocking_call, no thread polls,
// and no thread the runtime did not start exists (such a thread may still
// close a channel or cancel a context: Go makes the same exception for
// threads that call in via cgo).
//
// Whether such a thread exists is read from /proc/self/stat. A program whose
// library threads call in (gRPC's) would read it each time its last thread
// goes idle, after every call, so a "yes" is kept for a while and the idle
// thread that relied on it looks again when it expires: a foreign thread's
// exit still leads to the verdict, within kForeignRecheckMax.
#include "internal.hpp"
#include "netpoll.hpp"

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <mutex>
#include <sstream>
#include <string>
#include <sys/syscall.h>
#include <unistd.h>

namespace gocpp::detail {

namespace {

// Threads the runtime started besides the scheduler threads: the SIGQUIT
// watcher and the helpers between runtime_helper_thread_begin and _end.
std::atomic<int> g_helper_threads{1};
// Helpers that called runtime_helper_thread_end and may not have exited yet.
std::mutex g_departed_mu;
std::vector<pid_t> g_departed;

// ThreadSanitizer's background thread, which it starts with the process's
// second thread (in its pthread_create), so before any verdict, and which
// never exits. Not counting it made every deadlock under TSan look like a
// program with a foreign thread, which hangs instead of dying.
#ifdef GOCPP_TSAN
constexpr int kSanitizerThreads = 1;
#else
constexpr int kSanitizerThreads = 0;
#endif

// The threads of this process the runtime started. Read before
// process_thread_count(): a helper that exits in between then makes the
// process's count smaller, never larger, than this one.
int runtime_thread_count() {
    std::lock_guard lk(g_departed_mu);
    const pid_t pid = getpid();
    std::erase_if(g_departed, [pid](pid_t tid) { return syscall(SYS_tgkill, pid, tid, 0) != 0; });
    return g_sched.nprocs + g_helper_threads.load(std::memory_order_seq_cst) +
           static_cast<int>(g_departed.size()) + kSanitizerThreads;
}

// num_threads from /proc/self/stat (field 20); a large number if unreadable,
// which errs on the side of not declaring a deadlock.
int process_thread_count() {
    constexpr int kUnknown = 1 << 20;
    constexpr int kNumThreadsField = 20;
    std::ifstream stat("/proc/self/stat");
    std::string text((std::istreambuf_iterator<char>(stat)), std::istreambuf_iterator<char>());
    auto close_paren = text.rfind(')');  // the command name may hold anything
    if (close_paren == std::string::npos) return kUnknown;
    std::istringstream fields(text.substr(close_paren + 2));  // from field 3
    std::string field;
    for (int i = 3; i <= kNumThreadsField; ++i) {
        if (!(fields >> field)) return kUnknown;
    }
    return std::atoi(field.c_str());
}

bool foreign_threads_exist() {
    const int runtime_threads = runtime_thread_count();  // first: see there
    return process_thread_count() > runtime_threads;
}

// How long a "foreign threads exist" answer is kept: from kForeignRecheckMin,
// doubling each time it is found again, up to kForeignRecheckMax. So a
// short-lived foreign thread's exit is seen soon, and a program that lives
// with foreign threads (a gRPC server) reads /proc and wakes for it rarely.
constexpr std::int64_t kForeignRecheckMin = 50'000'000;     // 50 ms
constexpr std::int64_t kForeignRecheckMax = 5'000'000'000;  // 5 s
// Guarded by sched_mu (every caller of deadlocked() holds it).
std::int64_t g_foreign_until_ns = INT64_MIN;  // the kept answer's expiry
std::int64_t g_foreign_keep_ns = kForeignRecheckMin;

// Whether a thread the runtime did not start exists, and until when the
// caller must look again if so.
bool foreign_threads_alive(clock::time_point& recheck) {
    const std::int64_t now = clock_ns(clock::now());
    if (now >= g_foreign_until_ns) {
        if (!foreign_threads_exist()) return false;
        g_foreign_until_ns = now + g_foreign_keep_ns;
        g_foreign_keep_ns = std::min(2 * g_foreign_keep_ns, kForeignRecheckMax);
    }
    recheck = time_point_of_ns(g_foreign_until_ns);
    return true;
}

}  // namespace

void runtime_helper_thread_begin() noexcept {
    g_helper_threads.fetch_add(1, std::memory_order_seq_cst);
}

void runtime_helper_thread_end() noexcept {
    // Uncounted before listed: in between, the verdict sees one thread it
    // cannot account for and errs on the side of "alive".
    g_helper_threads.fetch_sub(1, std::memory_order_seq_cst);
    try {
        std::lock_guard lk(g_departed_mu);
        g_departed.push_back(gettid());
    } catch (...) {  // out of memory: the thread counts as foreign until it exits
    }
}

bool deadlocked(clock::time_point& recheck) {
    for (int i = 0; i < g_sched.nprocs; ++i) {
        const processor& q = g_sched.procs[i];
        if (!q.idle || q.wake_pending || q.fiber_deadline) return false;
    }
    // The polling thread is alive while goroutines wait on I/O. Once none
    // does (a deadline readied the last one), it is asked to come out so
    // that the next idle wait can give the verdict.
    if (poller_present()) {
        if (netpoll_waiters() == 0) netpoll_break();
        return false;
    }
    return timers_pending() == 0 && netpoll_waiters() == 0 && blocking_calls_in_flight() == 0 &&
           !foreign_threads_alive(recheck);
}

void report_deadlock() noexcept {
    die("fatal error: ", "all goroutines are asleep - deadlock!", nullptr);
}

}  // namespace gocpp::detail
