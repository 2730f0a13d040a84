#!/usr/bin/env bash
# Runs gocpp's benchmarks next to the same workloads on the Go runtime and on
# plain Boost.Fiber, and prints one Markdown table (one row per workload).
#
# Usage: bench/compare.sh THREADS [RUNS]
#   THREADS  gocpp and Go: GOMAXPROCS=THREADS. Boost.Fiber: round_robin when
#            1, work_stealing on THREADS threads otherwise.
#   RUNS     how many times each side runs (default 3), sides alternating so
#            that a noisy period hits all of them. Each run already reports
#            the best of 3 repetitions per workload; the table shows the
#            median over the runs.
#
# Environment:
#   SIDES="gocpp go boostfiber"  which sides to run; add "base" to run a
#                                gocpp_bench of an earlier commit as well
#   BASE_BENCH=path              the base side's gocpp_bench (required with
#                                "base"); BASE_LABEL names it in the table
#                                (default: the path)
#   ONLY=name,name               subset of workloads (passed to every side)
#   OUT_DIR                      raw output, build logs and the table
#                                (default bench/results/latest)
#   BENCH_TIMEOUT                seconds allowed per run of one side (default
#                                600); a run that times out keeps its partial
#                                output and the script goes on
#   GOCPP_BENCH=path             use this gocpp_bench binary instead of
#                                building build-bench/bench/gocpp_bench
#   SMOKE=1                      passed through: every side runs tiny sizes
#                                once (checks the plumbing, figures mean nothing)
#
# Sides that cannot be built (no gocpp_bench target yet, no go toolchain) are
# reported and skipped; the others still run.
#
# Raw files: $OUT_DIR/<side>_t<THREADS>_r<run>.tsv (stdout: name, ns/op,
# extra) and .tsv.err (stderr). Table: $OUT_DIR/summary_t<THREADS>.md.
set -euo pipefail

usage() {
    echo "usage: $0 THREADS [RUNS]   (env: SIDES, ONLY, OUT_DIR, BENCH_TIMEOUT, GOCPP_BENCH, SMOKE)" >&2
    exit 2
}
THREADS=${1:-}
RUNS=${2:-3}
[[ $THREADS =~ ^[1-9][0-9]*$ && $RUNS =~ ^[1-9][0-9]*$ ]] || usage

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
OUT_DIR=${OUT_DIR:-bench/results/latest}
BENCH_TIMEOUT=${BENCH_TIMEOUT:-600}
SIDES=${SIDES:-gocpp go boostfiber}
ONLY=${ONLY:-}
for side in $SIDES; do
    case $side in
    gocpp | base | go | boostfiber) ;;
    *) echo "unknown side '$side' in SIDES (known: gocpp base go boostfiber)" >&2 && exit 2 ;;
    esac
done
mkdir -p "$OUT_DIR"

say() { echo "compare.sh: $*" >&2; }
notes=() # problems worth repeating under the table

# --- build --------------------------------------------------------------------
# Each build_<side> sets bin[<side>] or explains why the side is skipped.
declare -A bin=()

build_gocpp() {
    if [[ -n ${GOCPP_BENCH:-} ]]; then
        [[ -x $GOCPP_BENCH ]] || { notes+=("gocpp: GOCPP_BENCH=$GOCPP_BENCH is not executable; skipped"); return; }
        bin[gocpp]=$GOCPP_BENCH
        return
    fi
    local log=$OUT_DIR/build_gocpp.log
    if [[ ! -f CMakeLists.txt ]]; then
        notes+=("gocpp: no CMakeLists.txt at the repository root yet; skipped")
        return
    fi
    say "building gocpp_bench (log: $log)"
    if ! cmake -S . -B build-bench -DCMAKE_BUILD_TYPE=Release >"$log" 2>&1; then
        notes+=("gocpp: CMake configuration failed (see $log); skipped")
        tail -n 20 "$log" >&2
        return
    fi
    if ! cmake --build build-bench --target gocpp_bench -j2 >>"$log" 2>&1; then
        # make says "No rule to make target 'x'", ninja "unknown target 'x'".
        if grep -Eq "(No rule to make target|unknown target) .gocpp_bench" "$log"; then
            notes+=("gocpp: the CMake target gocpp_bench does not exist yet; skipped")
        else
            notes+=("gocpp: building gocpp_bench failed (see $log); skipped")
            tail -n 20 "$log" >&2
        fi
        return
    fi
    if [[ ! -x build-bench/bench/gocpp_bench ]]; then
        notes+=("gocpp: target gocpp_bench built, but build-bench/bench/gocpp_bench is missing; skipped")
        return
    fi
    bin[gocpp]=$root/build-bench/bench/gocpp_bench
}

# A before/after comparison: the same workloads built from an earlier commit
# (for instance a worktree's build-bench/bench/gocpp_bench), run in turn with
# the others so that a noisy period hits both.
build_base() {
    if [[ -z ${BASE_BENCH:-} || ! -x $BASE_BENCH ]]; then
        notes+=("base: BASE_BENCH='${BASE_BENCH:-}' is not an executable gocpp_bench; skipped")
        return
    fi
    bin[base]=$BASE_BENCH
}

build_go() {
    if ! command -v go >/dev/null 2>&1; then
        notes+=("go: no go toolchain on PATH; skipped. Install one with: apt-get install golang-go")
        return
    fi
    local log=$OUT_DIR/build_go.log
    # go needs a build cache; without HOME it cannot pick a default one.
    if [[ -z ${HOME:-} && -z ${GOCACHE:-} ]]; then export GOCACHE=${TMPDIR:-/tmp}/gocpp-gocache; fi
    say "building the Go reference (log: $log)"
    if ! (cd bench/reference/go && go build -o build/gocpp_reference .) >"$log" 2>&1; then
        notes+=("go: build failed (see $log); skipped")
        tail -n 20 "$log" >&2
        return
    fi
    bin[go]=$root/bench/reference/go/build/gocpp_reference
}

build_boostfiber() {
    local log=$OUT_DIR/build_boostfiber.log
    say "building the Boost.Fiber reference (log: $log)"
    if ! bench/reference/boostfiber/build.sh >"$log" 2>&1; then
        notes+=("boostfiber: build failed (see $log); skipped")
        tail -n 20 "$log" >&2
        return
    fi
    bin[boostfiber]=$root/bench/reference/boostfiber/build/boostfiber_bench
}

sides=() # the sides that will actually run, in the order of SIDES
for side in $SIDES; do
    "build_$side"
    if [[ -n ${bin[$side]:-} ]]; then sides+=("$side"); fi
done
for n in "${notes[@]}"; do say "$n"; done
if [[ ${#sides[@]} -eq 0 ]]; then
    say "nothing to run"
    exit 1
fi

# --- run ----------------------------------------------------------------------
tag=t$THREADS
for side in "${sides[@]}"; do rm -f "$OUT_DIR/${side}_${tag}"_r*.tsv "$OUT_DIR/${side}_${tag}"_r*.tsv.err; done

only_env=()
if [[ -n $ONLY ]]; then only_env=("ONLY=$ONLY"); fi

for ((r = 1; r <= RUNS; r++)); do
    for side in "${sides[@]}"; do
        out=$OUT_DIR/${side}_${tag}_r$r.tsv
        case $side in
        gocpp | base | go) cmd=(env GOMAXPROCS="$THREADS" "${only_env[@]}" "${bin[$side]}") ;;
        boostfiber) cmd=(env "${only_env[@]}" "${bin[$side]}" "$THREADS") ;;
        esac
        say "run $r/$RUNS: $side, $THREADS thread(s)"
        rc=0
        timeout -k 10 "$BENCH_TIMEOUT" "${cmd[@]}" >"$out" 2>"$out.err" || rc=$?
        if [[ $rc -ne 0 ]]; then
            what="exited with status $rc"
            [[ $rc -eq 124 || $rc -eq 137 ]] && what="timed out after ${BENCH_TIMEOUT}s"
            notes+=("$side run $r $what; its partial output is in $out")
            say "${notes[-1]}"
        fi
    done
done

# --- report -------------------------------------------------------------------
version_of() { # side: one line describing the implementation
    case $1 in
    gocpp) echo "gocpp $(git rev-parse --short HEAD 2>/dev/null || echo '(no commit)')$([[ -n $(git status --porcelain 2>/dev/null) ]] && echo '+changes')" ;;
    base) echo "${BASE_LABEL:-$BASE_BENCH}" ;;
    go) go version 2>/dev/null | awk '{print $3}' ;;
    boostfiber) head -n 1 "$OUT_DIR/boostfiber_${tag}_r1.tsv.err" 2>/dev/null | sed 's/^# //' ;;
    esac
}

summary=$OUT_DIR/summary_$tag.md
raw=()
for side in "${sides[@]}"; do
    for ((r = 1; r <= RUNS; r++)); do raw+=("$OUT_DIR/${side}_${tag}_r$r.tsv"); done
done
{
    echo "## gocpp vs Go vs Boost.Fiber, $THREADS thread(s)"
    echo
    echo "- $(date -u +%Y-%m-%dT%H:%MZ), nproc=$(nproc), $(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo)"
    echo "- median of $RUNS run(s) per side, each run the best of 3 repetitions$([[ -n ${SMOKE:-} && ${SMOKE:-} != 0 ]] && echo ' (SMOKE: sizes shrunk, 1 repetition)')"
    for side in "${sides[@]}"; do echo "- $side: $(version_of "$side")"; done
    echo "- ns/op: lower is better; gocpp/go > 1 means gocpp is slower; ops_per_s extras are left out (1e9 / ns/op)"
    echo

    has_base=0
    for side in "${sides[@]}"; do [[ $side == base ]] && has_base=1; done
    awk -F'\t' -v has_base="$has_base" '
    # Median of the n values a[1..n] (insertion sort; n is small).
    function median(a, n,    i, j, t) {
        for (i = 2; i <= n; i++) { t = a[i]; for (j = i - 1; j >= 1 && a[j] > t; j--) a[j + 1] = a[j]; a[j + 1] = t }
        return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
    }
    function num(v) { return v ~ /^-?[0-9]+(\.[0-9]*)?([eE][-+]?[0-9]+)?$/ }
    function fmt(v) { return (v >= 1000 || v <= -1000 || v == int(v)) ? sprintf("%.0f", v) : sprintf("%.4g", v) }
    # Median ns/op of one side for workload w: a number, "NA" or "" (not run).
    function ns_median(s, w,    k, a) {
        if (nsn[s, w] == 0) return na[s, w] ? "NA" : ""
        for (k = 1; k <= nsn[s, w]; k++) a[k] = nsv[s, w, k]
        return median(a, nsn[s, w])
    }
    # Median of every key=value extra of one side for workload w.
    function extras(s, w,    i, key, k, a, out) {
        out = ""
        for (i = 1; i <= nkeys[s, w]; i++) {
            key = keys[s, w, i]
            if (xn[s, w, key] > 0) {
                for (k = 1; k <= xn[s, w, key]; k++) a[k] = xv[s, w, key, k]
                out = out (out == "" ? "" : " ") key "=" fmt(median(a, xn[s, w, key]))
            } else {
                out = out (out == "" ? "" : " ") key "=" xs[s, w, key]
            }
        }
        return out
    }
    function cell(v) { return v == "" ? "-" : v == "NA" ? "NA" : sprintf("%.1f", v) }
    function ratio(a, b) { return (a == "" || a == "NA" || b == "" || b == "NA" || b == 0) ? "" : sprintf("%.2f", a / b) }
    BEGIN {
        # Canonical order; workloads only one side knows are appended as met.
        nw = split("spawn_join spawn_mem pingpong_unbuffered pingpong_buffered1 throughput_buffered128 " \
                   "fanin_4to1 select2_recv select_default_poll ctx_withcancel_cancel ctx_tree_build " \
                   "ctx_tree_cancel ctx_value_depth100 ctx_withtimeout_cancel timers_100k mutex_contended idle_cpu " \
                   "daisy_chain_100k spawn_park_1m", order, " ")
        for (i = 1; i <= nw; i++) known[order[i]] = 1
    }
    FNR == 1 { side = FILENAME; sub(/.*\//, "", side); sub(/_t[0-9]+_r[0-9]+\.tsv$/, "", side) }
    /^#/ || NF < 2 { next }
    {
        w = $1
        if (!(w in known)) { known[w] = 1; order[++nw] = w }
        if ($2 == "NA") na[side, w] = 1
        else if (num($2)) nsv[side, w, ++nsn[side, w]] = $2 + 0
        extra = $3; for (i = 4; i <= NF; i++) extra = extra " " $i
        nt = split(extra, tok, /[ ,]+/)
        for (i = 1; i <= nt; i++) {
            eq = index(tok[i], "="); if (eq == 0) continue
            key = substr(tok[i], 1, eq - 1); val = substr(tok[i], eq + 1)
            if (key == "ops_per_s") continue
            if (!((side, w, key) in seenkey)) { seenkey[side, w, key] = 1; keys[side, w, ++nkeys[side, w]] = key }
            if (num(val)) xv[side, w, key, ++xn[side, w, key]] = val + 0; else xs[side, w, key] = val
        }
    }
    END {
        # With a base side: its ns/op and gocpp/base after gocpp'"'"'s column.
        bh = has_base ? " base ns/op | gocpp/base |" : ""
        bs = has_base ? "---:|---:|" : ""
        print "| workload | gocpp ns/op |" bh " go ns/op | boost.fiber ns/op | gocpp/go | gocpp/bf | extra gocpp | extra go | extra boost.fiber |"
        print "|---|---:|" bs "---:|---:|---:|---:|---|---|---|"
        for (i = 1; i <= nw; i++) {
            w = order[i]
            g = ns_median("gocpp", w); o = ns_median("go", w); b = ns_median("boostfiber", w)
            base = ns_median("base", w)
            if (g == "" && o == "" && b == "" && base == "" && !na["gocpp", w] && !na["go", w] && !na["boostfiber", w]) continue
            bc = has_base ? sprintf(" %s | %s |", cell(base), ratio(g, base)) : ""
            printf "| %s | %s |%s %s | %s | %s | %s | %s | %s | %s |\n", w, cell(g), bc, cell(o), cell(b),
                ratio(g, o), ratio(g, b), extras("gocpp", w), extras("go", w), extras("boostfiber", w)
        }
    }' "${raw[@]}" /dev/null # /dev/null: never read stdin, even with no files

    if [[ ${#notes[@]} -gt 0 ]]; then
        echo
        for n in "${notes[@]}"; do echo "- note: $n"; done
    fi
} | tee "$summary"
say "raw output and this table: $OUT_DIR"
