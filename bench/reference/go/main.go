// Command gocpp_reference runs gocpp's benchmark workloads on the real Go
// runtime, so that gocpp_bench (C++) can be compared with the original.
//
// Every workload exists three times with the same name, size and output:
// here, in ../boostfiber/bench.cpp (Boost.Fiber's own primitives) and in
// gocpp's bench/ directory. bench/compare.sh runs them side by side.
//
// Output, one line per workload on stdout, tab separated:
//
//	name<TAB>ns_per_op<TAB>extra
//
// extra is ops_per_s=... unless the workload says otherwise. Metadata goes to
// stderr.
//
// Method: plain timing loops on the monotonic clock. Each workload is first
// calibrated so that one repetition takes about 0.6 s (workloads of a fixed
// size, such as "spawn 100,000 goroutines", are repeated as whole batches),
// then run 3 times; the best ns/op of the 3 is printed. runtime.GC() runs
// before each repetition, outside the timed region.
//
// Usage:
//
//	GOMAXPROCS=N gocpp_reference [-only name,name]
//
// Environment:
//
//	GOMAXPROCS  number of Ps (read by the Go runtime itself)
//	ONLY        comma-separated workload names, used when -only is not given
//	SMOKE=1     tiny sizes (100 goroutines, 1,000 messages...), no
//	            calibration, one repetition: checks that everything runs,
//	            in well under a second. The figures mean nothing.
package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"math"
	"os"
	"os/exec"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
)

// sizes holds every size a workload uses, so that SMOKE=1 can shrink them all
// in one place.
type sizes struct {
	// goroutines per batch in spawn_join, spawn_mem, ctx_tree_* and
	// timers_100k. 100,000 is large enough that per-goroutine costs (stack
	// allocation, memory) dominate fixed costs, and is the scale at which
	// Go programs start to care (one goroutine per connection or request).
	spawn int
	// goroutines in daisy_chain_100k and in spawn_park_1m.
	daisy, park int
	// messages (or lock acquisitions) per batch in throughput_buffered128,
	// fanin_4to1, select2_recv and mutex_contended: 1,000,000 makes one
	// batch last tens of milliseconds, so spawning the handful of
	// goroutines involved is noise.
	items int
	// create+cancel pairs per batch in ctx_withcancel_cancel and
	// ctx_withtimeout_cancel.
	ctxPairs int
	// goroutines parked during idle_cpu, and how long the idle window lasts.
	idleG      int
	idleWindow time.Duration
	// iteration count used without calibration for the workloads that are
	// timed per iteration (ping-pong, select_default_poll, ctx_value_depth100).
	smokeIters int

	reps      int           // repetitions; the best is reported
	calibrate bool          // false: one batch (or smokeIters iterations)
	target    time.Duration // wall time aimed at per repetition
	calibMin  time.Duration // a calibration run must last this long to be trusted
}

var full = sizes{
	spawn: 100_000, daisy: 100_000, park: 1_000_000, items: 1_000_000, ctxPairs: 1_000_000,
	idleG: 100_000, idleWindow: 5 * time.Second,
	reps: 3, calibrate: true,
	target: 600 * time.Millisecond, calibMin: 60 * time.Millisecond,
}

var smoke = sizes{
	spawn: 100, daisy: 1_000, park: 1_000, items: 1_000, ctxPairs: 1_000,
	idleG: 100, idleWindow: 50 * time.Millisecond, smokeIters: 1_000,
	reps: 1, calibrate: false,
}

var sz = full

// sink defeats dead-code elimination of loop results.
var sink int64

// ---------------------------------------------------------------------------
// Measurement

// runFunc performs n batches (or n iterations, for per-iteration workloads)
// and returns how many operations that was and how long it took.
type runFunc func(n int) (ops int64, elapsed time.Duration)

// calibrate finds the n for which run(n) takes about sz.target.
func calibrate(run runFunc) int {
	n := 1
	for {
		runtime.GC()
		_, d := run(n)
		if d >= sz.calibMin {
			return int(math.Max(1, math.Round(float64(n)*float64(sz.target)/float64(d))))
		}
		// Grow towards twice the minimum; at least x2, at most x100 per step.
		f := 100.0
		if d > 0 {
			f = math.Min(100, math.Max(2, 2*float64(sz.calibMin)/float64(d)))
		}
		n = int(math.Ceil(float64(n) * f))
	}
}

// measure returns the best ns/op over sz.reps repetitions of run.
// perIter says whether n counts iterations (true) or batches (false); it only
// matters without calibration.
func measure(run runFunc, perIter bool) float64 {
	n := 1
	if sz.calibrate {
		n = calibrate(run)
	} else if perIter {
		n = sz.smokeIters
	}
	best := math.Inf(1)
	for r := 0; r < sz.reps; r++ {
		runtime.GC()
		ops, d := run(n)
		best = math.Min(best, float64(d.Nanoseconds())/float64(ops))
	}
	return best
}

func emit(name string, ns float64, extra string) {
	fmt.Printf("%s\t%.1f\t%s\n", name, ns, extra)
}

func opsPerSec(ns float64) string { return fmt.Sprintf("ops_per_s=%.0f", 1e9/ns) }

// ---------------------------------------------------------------------------
// spawn_join: cost of starting a goroutine and having it finish. One op is one
// goroutine: spawn sz.spawn goroutines with an empty body (each calls
// wg.Done), then wg.Wait for all of them.

func spawnJoin(n int) (int64, time.Duration) {
	t0 := time.Now()
	for b := 0; b < n; b++ {
		var wg sync.WaitGroup
		wg.Add(sz.spawn)
		for i := 0; i < sz.spawn; i++ {
			go func() { wg.Done() }()
		}
		wg.Wait()
	}
	return int64(n) * int64(sz.spawn), time.Since(t0)
}

// ---------------------------------------------------------------------------
// spawn_mem: memory held by a blocked goroutine. Each measurement runs in a
// fresh child process (this program re-executed with -spawn-mem-child) so
// that the RSS is not polluted by earlier workloads: read VmRSS, start
// sz.spawn goroutines that each mark themselves ready and block receiving
// from one unbuffered channel, wait until all are ready, read VmRSS again.
// ns/op = creation until all are ready, per goroutine (best child);
// extra bytes_per_g = delta VmRSS / sz.spawn (median child).

func vmRSSBytes() int64 {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return -1
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		// The line reads "VmRSS:   123456 kB".
		if fields := strings.Fields(sc.Text()); len(fields) >= 2 && fields[0] == "VmRSS:" {
			kib, _ := strconv.ParseInt(fields[1], 10, 64)
			return kib * 1024
		}
	}
	return -1
}

// spawnMemChild prints "<ns per goroutine> <bytes per goroutine>".
func spawnMemChild() {
	runtime.GC()
	rss0 := vmRSSBytes()
	block := make(chan struct{})
	var ready, exited sync.WaitGroup
	ready.Add(sz.spawn)
	exited.Add(sz.spawn)
	t0 := time.Now()
	for i := 0; i < sz.spawn; i++ {
		go func() {
			ready.Done()
			<-block
			exited.Done()
		}()
	}
	ready.Wait()
	d := time.Since(t0)
	rss1 := vmRSSBytes()
	close(block)
	exited.Wait()
	fmt.Printf("%.1f %.1f\n", float64(d.Nanoseconds())/float64(sz.spawn), float64(rss1-rss0)/float64(sz.spawn))
}

func spawnMem() {
	fail := func(err error) { fmt.Printf("spawn_mem\tNA\terror=%q\n", err.Error()) }
	exe, err := os.Executable()
	if err != nil {
		fail(err)
		return
	}
	var nss, bytes []float64
	for r := 0; r < sz.reps; r++ {
		out, err := exec.Command(exe, "-spawn-mem-child").Output()
		if err != nil {
			fail(err)
			return
		}
		var ns, b float64
		if _, err := fmt.Sscan(string(out), &ns, &b); err != nil {
			fail(err)
			return
		}
		nss, bytes = append(nss, ns), append(bytes, b)
	}
	sort.Float64s(nss)
	sort.Float64s(bytes)
	emit("spawn_mem", nss[0], fmt.Sprintf("bytes_per_g=%.0f", bytes[len(bytes)/2]))
}

// ---------------------------------------------------------------------------
// Whole-process workloads: this program re-executed with a flag runs one
// workload and prints its figures; the parent measures the child's wall
// time and, from the operating system's accounting, its CPU time.

type childRun struct {
	out             string
	wall, user, sys time.Duration
}

func runChild(flag string) (childRun, error) {
	exe, err := os.Executable()
	if err != nil {
		return childRun{}, err
	}
	cmd := exec.Command(exe, flag)
	t0 := time.Now()
	out, err := cmd.Output()
	wall := time.Since(t0)
	if err != nil {
		return childRun{}, err
	}
	return childRun{string(out), wall, cmd.ProcessState.UserTime(), cmd.ProcessState.SystemTime()}, nil
}

func medianOf(v []float64) float64 {
	sort.Float64s(v)
	return v[len(v)/2]
}

// daisy_chain_100k: Pike's daisy chain, the whole program. sz.daisy
// goroutines each wait for a value from their right neighbour and pass it
// on, plus one; main receives the leftmost value. ns/op = best wall time of
// the child process per goroutine; wall_ms the best wall time, cpu_ms the
// median CPU time (user + system; also given separately).

func daisyChainChild() {
	f := func(left, right chan int) { left <- 1 + <-right }
	leftmost := make(chan int)
	left, right := leftmost, leftmost
	for i := 0; i < sz.daisy; i++ {
		right = make(chan int)
		go f(left, right)
		left = right
	}
	go func(c chan int) { c <- 1 }(right)
	fmt.Println(<-leftmost)
}

func daisyChain() {
	fail := func(err error) { fmt.Printf("daisy_chain_100k\tNA\terror=%q\n", err.Error()) }
	var walls, cpus, users, syss []float64
	for r := 0; r < sz.reps; r++ {
		c, err := runChild("-daisy-child")
		if err != nil {
			fail(err)
			return
		}
		if v, _ := strconv.Atoi(strings.TrimSpace(c.out)); v != sz.daisy+1 {
			fail(fmt.Errorf("child printed %q", c.out))
			return
		}
		walls = append(walls, float64(c.wall.Nanoseconds()))
		cpus = append(cpus, float64((c.user + c.sys).Nanoseconds()))
		users = append(users, float64(c.user.Nanoseconds()))
		syss = append(syss, float64(c.sys.Nanoseconds()))
	}
	sort.Float64s(walls)
	emit("daisy_chain_100k", walls[0]/float64(sz.daisy),
		fmt.Sprintf("wall_ms=%.0f cpu_ms=%.0f user_ms=%.0f sys_ms=%.0f", walls[0]/1e6,
			medianOf(cpus)/1e6, medianOf(users)/1e6, medianOf(syss)/1e6))
}

// spawn_park_1m: sz.park goroutines started to park on one channel, then
// released by closing it. The child prints ns per goroutine from the first
// go statement until all have exited (ns/op, best child), ns per goroutine
// until all are parked (park_ns), and VmRSS growth per parked goroutine
// (bytes_per_g, median child).

func spawnParkChild() {
	runtime.GC()
	rss0 := vmRSSBytes()
	block := make(chan struct{})
	var parked, exited sync.WaitGroup
	parked.Add(sz.park)
	exited.Add(sz.park)
	t0 := time.Now()
	for i := 0; i < sz.park; i++ {
		go func() {
			parked.Done()
			<-block
			exited.Done()
		}()
	}
	parked.Wait()
	t1 := time.Now()
	rss1 := vmRSSBytes()
	close(block)
	exited.Wait()
	t2 := time.Now()
	n := float64(sz.park)
	fmt.Printf("%.1f %.1f %.1f\n", float64(t2.Sub(t0).Nanoseconds())/n,
		float64(t1.Sub(t0).Nanoseconds())/n, float64(rss1-rss0)/n)
}

func spawnPark() {
	fail := func(err error) { fmt.Printf("spawn_park_1m\tNA\terror=%q\n", err.Error()) }
	var totals, parks, bytes []float64
	for r := 0; r < sz.reps; r++ {
		c, err := runChild("-spawn-park-child")
		if err != nil {
			fail(err)
			return
		}
		var total, park, b float64
		if _, err := fmt.Sscan(c.out, &total, &park, &b); err != nil {
			fail(err)
			return
		}
		totals, parks, bytes = append(totals, total), append(parks, park), append(bytes, b)
	}
	sort.Float64s(totals)
	sort.Float64s(parks)
	emit("spawn_park_1m", totals[0], fmt.Sprintf("park_ns=%.0f bytes_per_g=%.0f", parks[0], medianOf(bytes)))
}

// ---------------------------------------------------------------------------
// pingpong_unbuffered / pingpong_buffered1: latency of one hand-off between
// two goroutines, i.e. the cost of blocking and waking. One op is a round
// trip: the driver sends i on channel a, the echo goroutine receives it and
// sends it back on channel b, the driver receives it.

func pingpong(capacity int) runFunc {
	return func(n int) (int64, time.Duration) {
		a, b := make(chan int, capacity), make(chan int, capacity)
		var wg sync.WaitGroup
		wg.Add(2)
		t0 := time.Now()
		go func() { // echo
			defer wg.Done()
			for v := range a {
				b <- v
			}
		}()
		go func() { // driver
			defer wg.Done()
			for i := 0; i < n; i++ {
				a <- i
				<-b
			}
			close(a)
		}()
		wg.Wait()
		return int64(n), time.Since(t0)
	}
}

// ---------------------------------------------------------------------------
// throughput_buffered128: streaming cost per item through a buffered channel,
// where most operations find room / an item and never block. One producer
// sends sz.items ints on a cap-128 channel and closes it; one consumer
// ranges over it until closed.

func throughput(n int) (int64, time.Duration) {
	t0 := time.Now()
	for b := 0; b < n; b++ {
		ch := make(chan int, 128)
		var wg sync.WaitGroup
		wg.Add(2)
		go func() {
			defer wg.Done()
			for i := 0; i < sz.items; i++ {
				ch <- i
			}
			close(ch)
		}()
		go func() {
			defer wg.Done()
			sum := 0
			for v := range ch {
				sum += v
			}
			atomic.AddInt64(&sink, int64(sum))
		}()
		wg.Wait()
	}
	return int64(n) * int64(sz.items), time.Since(t0)
}

// ---------------------------------------------------------------------------
// fanin_4to1: like throughput, with 4 producers contending for the send side.
// Each producer sends sz.items/4 ints into one cap-128 channel; one consumer
// receives exactly sz.items.

func fanin(n int) (int64, time.Duration) {
	const producers = 4
	per := sz.items / producers
	t0 := time.Now()
	for b := 0; b < n; b++ {
		ch := make(chan int, 128)
		var wg sync.WaitGroup
		wg.Add(producers + 1)
		for p := 0; p < producers; p++ {
			go func() {
				defer wg.Done()
				for i := 0; i < per; i++ {
					ch <- i
				}
			}()
		}
		go func() {
			defer wg.Done()
			sum := 0
			for i := 0; i < producers*per; i++ {
				sum += <-ch
			}
			atomic.AddInt64(&sink, int64(sum))
		}()
		wg.Wait()
	}
	return int64(n) * int64(producers*per), time.Since(t0)
}

// ---------------------------------------------------------------------------
// select2_recv: cost of a two-way blocking select. Two producers each send
// sz.items/2 ints into their own cap-128 channel; one consumer loops
// select { case <-c1: case <-c2: } until it has received sz.items.

func select2(n int) (int64, time.Duration) {
	per := sz.items / 2
	t0 := time.Now()
	for b := 0; b < n; b++ {
		c1, c2 := make(chan int, 128), make(chan int, 128)
		var wg sync.WaitGroup
		wg.Add(3)
		produce := func(c chan<- int) {
			defer wg.Done()
			for i := 0; i < per; i++ {
				c <- i
			}
		}
		go produce(c1)
		go produce(c2)
		go func() {
			defer wg.Done()
			sum := 0
			for got := 0; got < 2*per; got++ {
				select {
				case v := <-c1:
					sum += v
				case v := <-c2:
					sum += v
				}
			}
			atomic.AddInt64(&sink, int64(sum))
		}()
		wg.Wait()
	}
	return int64(n) * int64(2*per), time.Since(t0)
}

// ---------------------------------------------------------------------------
// select_default_poll: a non-blocking receive that finds nothing, i.e. the
// floor cost of polling a channel. select { case <-ch: default: } on an empty
// unbuffered channel (Go compiles it to the selectnbrecv fast path).

func selectDefault(n int) (int64, time.Duration) {
	ch := make(chan int)
	hits := 0
	t0 := time.Now()
	for i := 0; i < n; i++ {
		select {
		case <-ch:
			hits++
		default:
		}
	}
	d := time.Since(t0)
	sink += int64(hits)
	return int64(n), d
}

// ---------------------------------------------------------------------------
// ctx_withcancel_cancel: creating and cancelling a cancelable context with a
// parent that can never be cancelled (no propagation goroutine, no parent
// registration). Batches of sz.ctxPairs pairs.

func ctxWithCancel(n int) (int64, time.Duration) {
	bg := context.Background()
	t0 := time.Now()
	for b := 0; b < n; b++ {
		for i := 0; i < sz.ctxPairs; i++ {
			_, cancel := context.WithCancel(bg)
			cancel()
		}
	}
	return int64(n) * int64(sz.ctxPairs), time.Since(t0)
}

// ---------------------------------------------------------------------------
// ctx_tree_build / ctx_tree_cancel: a cancellation tree with many waiters,
// as a server cancelling all requests of a closed connection would have.
// build: root := WithCancel(Background), then sz.spawn times
// (WithCancel(root) + one goroutine blocked in <-child.Done()), until every
// goroutine has started. cancel: from cancelRoot() until every goroutine has
// seen Done() and exited. Both are per child.

// ctxTree runs n trees and returns the summed time of each phase.
func ctxTree(n int) (build, cancel time.Duration) {
	cancels := make([]context.CancelFunc, sz.spawn)
	for b := 0; b < n; b++ {
		runtime.GC() // each tree starts from a clean heap; not timed
		var started, exited sync.WaitGroup
		started.Add(sz.spawn)
		exited.Add(sz.spawn)
		t0 := time.Now()
		root, cancelRoot := context.WithCancel(context.Background())
		for i := range cancels {
			child, c := context.WithCancel(root)
			cancels[i] = c
			go func() {
				started.Done()
				<-child.Done()
				exited.Done()
			}()
		}
		started.Wait()
		t1 := time.Now()
		cancelRoot()
		exited.Wait()
		t2 := time.Now()
		build += t1.Sub(t0)
		cancel += t2.Sub(t1)
		for _, c := range cancels {
			c() // already cancelled through root: a no-op that go vet wants
		}
	}
	return build, cancel
}

// measureCtxTree calibrates on the two phases together, then reports the best
// of sz.reps for each phase separately.
func measureCtxTree(want func(string) bool) {
	n := 1
	if sz.calibrate {
		b, c := ctxTree(1)
		n = int(math.Max(1, math.Round(float64(sz.target)/float64(b+c))))
	}
	bestB, bestC := math.Inf(1), math.Inf(1)
	for r := 0; r < sz.reps; r++ {
		b, c := ctxTree(n)
		per := float64(n * sz.spawn)
		bestB = math.Min(bestB, float64(b.Nanoseconds())/per)
		bestC = math.Min(bestC, float64(c.Nanoseconds())/per)
	}
	if want("ctx_tree_build") {
		emit("ctx_tree_build", bestB, opsPerSec(bestB))
	}
	if want("ctx_tree_cancel") {
		emit("ctx_tree_cancel", bestC, opsPerSec(bestC))
	}
}

// ---------------------------------------------------------------------------
// ctx_value_depth100: worst-case Value lookup in a realistic chain. 100
// WithValue contexts with distinct keys 0..99 of a private key type; look up
// key 0 (added first, so deepest) from the top: 100 comparisons per lookup.

type ctxKey int

func ctxValue() runFunc {
	ctx := context.Background()
	for k := 0; k < 100; k++ {
		ctx = context.WithValue(ctx, ctxKey(k), k)
	}
	return func(n int) (int64, time.Duration) {
		sum := 0
		t0 := time.Now()
		for i := 0; i < n; i++ {
			sum += ctx.Value(ctxKey(0)).(int)
		}
		d := time.Since(t0)
		sink += int64(sum)
		return int64(n), d
	}
}

// ---------------------------------------------------------------------------
// ctx_withtimeout_cancel: like ctx_withcancel_cancel, plus starting and
// stopping a (1 hour) timer. Batches of sz.ctxPairs pairs.

func ctxWithTimeout(n int) (int64, time.Duration) {
	bg := context.Background()
	t0 := time.Now()
	for b := 0; b < n; b++ {
		for i := 0; i < sz.ctxPairs; i++ {
			_, cancel := context.WithTimeout(bg, time.Hour)
			cancel()
		}
	}
	return int64(n) * int64(sz.ctxPairs), time.Since(t0)
}

// ---------------------------------------------------------------------------
// timers_100k: many concurrent sleeping goroutines, i.e. the timer queue plus
// spawning. sz.spawn goroutines each sleep a pseudo-random 0-10 ms, then
// signal a WaitGroup. One op is one goroutine (batch wall time / sz.spawn);
// extra wall_ns = the batch's wall time. The durations are the same on every
// side: splitmix64 seeded with 42, modulo 10,000, in microseconds.

func sleepDurations() []time.Duration {
	ds := make([]time.Duration, sz.spawn)
	state := uint64(42)
	for i := range ds {
		state += 0x9E3779B97F4A7C15
		z := state
		z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9
		z = (z ^ (z >> 27)) * 0x94D049BB133111EB
		z ^= z >> 31
		ds[i] = time.Duration(z%10_000) * time.Microsecond
	}
	return ds
}

func timers(ds []time.Duration) runFunc {
	return func(n int) (int64, time.Duration) {
		t0 := time.Now()
		for b := 0; b < n; b++ {
			var wg sync.WaitGroup
			wg.Add(len(ds))
			for _, d := range ds {
				go func(d time.Duration) {
					time.Sleep(d)
					wg.Done()
				}(d)
			}
			wg.Wait()
		}
		return int64(n) * int64(len(ds)), time.Since(t0)
	}
}

// ---------------------------------------------------------------------------
// mutex_contended: 4 goroutines each lock a shared sync.Mutex, increment a
// counter and unlock, sz.items/4 times. One op is one lock/unlock.

func mutexContended(n int) (int64, time.Duration) {
	const workers = 4
	per := sz.items / workers
	t0 := time.Now()
	for b := 0; b < n; b++ {
		var mu sync.Mutex
		counter := 0
		var wg sync.WaitGroup
		wg.Add(workers)
		for w := 0; w < workers; w++ {
			go func() {
				defer wg.Done()
				for i := 0; i < per; i++ {
					mu.Lock()
					counter++
					mu.Unlock()
				}
			}()
		}
		wg.Wait()
		if counter != workers*per {
			panic("mutex_contended: lost updates")
		}
	}
	return int64(n) * int64(workers*per), time.Since(t0)
}

// ---------------------------------------------------------------------------
// idle_cpu: what a process with many parked goroutines costs while nothing
// happens (a server between requests). Park sz.idleG goroutines, half
// receiving from a channel nobody sends on, half waiting for their own 1-hour
// timer; then measure the process CPU time (user+sys over all threads,
// getrusage) consumed during sz.idleWindow of wall time. Not calibrated or
// repeated: one window. ns/op = CPU ns used per wall second; extra
// cpu_percent = the same as a percentage of one core, and switches = the
// context switches of all threads in the window (getrusage's nvcsw +
// nivcsw): each is a thread that went to sleep or was preempted, so it
// counts wake-ups whatever a virtual machine charges for each.

func cpuTime() (time.Duration, int64) {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0, 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()), ru.Nvcsw + ru.Nivcsw
}

func idleCPU() {
	never := make(chan struct{})
	timers := make([]*time.Timer, 0, sz.idleG/2)
	var parked, exited sync.WaitGroup
	parked.Add(sz.idleG)
	exited.Add(sz.idleG)
	for i := 0; i < sz.idleG; i++ {
		if i%2 == 0 {
			go func() {
				parked.Done()
				<-never
				exited.Done()
			}()
		} else {
			t := time.NewTimer(time.Hour)
			timers = append(timers, t)
			go func() {
				parked.Done()
				<-t.C
				exited.Done()
			}()
		}
	}
	parked.Wait()
	// Let the last goroutines park and the GC that the setup triggered finish
	// before the window opens, so that only the idle state is measured.
	runtime.GC()
	time.Sleep(100 * time.Millisecond)

	cpu0, switches0 := cpuTime()
	wall0 := time.Now()
	time.Sleep(sz.idleWindow)
	cpu1, switches1 := cpuTime()
	cpu, wall := cpu1-cpu0, time.Since(wall0)

	close(never)
	for _, t := range timers {
		if t.Stop() {
			t.Reset(0) // fire now so that the waiting goroutine exits
		}
	}
	exited.Wait()

	frac := float64(cpu) / float64(wall)
	emit("idle_cpu", frac*1e9,
		fmt.Sprintf("cpu_percent=%.3f switches=%d", frac*100, switches1-switches0))
}

// ---------------------------------------------------------------------------

// workload is one entry of the suite. names lists the output lines it can
// produce (ctx_tree produces two from one run); run prints them, skipping the
// names that were not selected.
type workload struct {
	names []string
	run   func(want func(string) bool)
}

// simple wraps a workload that prints one ops_per_s line.
func simple(name string, run runFunc, perIter bool) workload {
	return workload{[]string{name}, func(func(string) bool) {
		ns := measure(run, perIter)
		emit(name, ns, opsPerSec(ns))
	}}
}

func suite() []workload {
	const batch, perIter = false, true
	return []workload{
		simple("spawn_join", spawnJoin, batch),
		{[]string{"spawn_mem"}, func(func(string) bool) { spawnMem() }},
		simple("pingpong_unbuffered", pingpong(0), perIter),
		simple("pingpong_buffered1", pingpong(1), perIter),
		simple("throughput_buffered128", throughput, batch),
		simple("fanin_4to1", fanin, batch),
		simple("select2_recv", select2, batch),
		simple("select_default_poll", selectDefault, perIter),
		simple("ctx_withcancel_cancel", ctxWithCancel, batch),
		{[]string{"ctx_tree_build", "ctx_tree_cancel"}, measureCtxTree},
		simple("ctx_value_depth100", ctxValue(), perIter),
		simple("ctx_withtimeout_cancel", ctxWithTimeout, batch),
		{[]string{"timers_100k"}, func(func(string) bool) {
			ns := measure(timers(sleepDurations()), batch)
			emit("timers_100k", ns, fmt.Sprintf("wall_ns=%.0f", ns*float64(sz.spawn)))
		}},
		simple("mutex_contended", mutexContended, batch),
		{[]string{"idle_cpu"}, func(func(string) bool) { idleCPU() }},
		{[]string{"daisy_chain_100k"}, func(func(string) bool) { daisyChain() }},
		{[]string{"spawn_park_1m"}, func(func(string) bool) { spawnPark() }},
	}
}

func main() {
	only := flag.String("only", os.Getenv("ONLY"), "comma-separated workload names (default: $ONLY, else all)")
	child := flag.Bool("spawn-mem-child", false, "internal: one spawn_mem measurement")
	daisyChild := flag.Bool("daisy-child", false, "internal: one daisy_chain_100k run")
	parkChild := flag.Bool("spawn-park-child", false, "internal: one spawn_park_1m run")
	flag.Parse()

	isSmoke := os.Getenv("SMOKE") != "" && os.Getenv("SMOKE") != "0"
	if isSmoke {
		sz = smoke
	}
	if *child {
		spawnMemChild()
		return
	}
	if *daisyChild {
		daisyChainChild()
		return
	}
	if *parkChild {
		spawnParkChild()
		return
	}

	selected := map[string]bool{}
	for _, name := range strings.Split(*only, ",") {
		if name = strings.TrimSpace(name); name != "" {
			selected[name] = true
		}
	}
	want := func(name string) bool { return len(selected) == 0 || selected[name] }

	workloads := suite()
	known := map[string]bool{}
	for _, w := range workloads {
		for _, name := range w.names {
			known[name] = true
		}
	}
	for name := range selected {
		if !known[name] {
			fmt.Fprintf(os.Stderr, "warning: unknown workload %q\n", name)
		}
	}

	fmt.Fprintf(os.Stderr, "# %s GOMAXPROCS=%d NumCPU=%d smoke=%v\n",
		runtime.Version(), runtime.GOMAXPROCS(0), runtime.NumCPU(), isSmoke)
	for _, w := range workloads {
		for _, name := range w.names {
			if want(name) {
				w.run(want)
				break
			}
		}
	}
}
