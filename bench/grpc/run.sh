#!/usr/bin/env bash
# Unary calls per second and server CPU per call on one proto
# (grpc.health.v1 Check), one load client, three servers:
#   gocpp     grpc_bench server: gocpp::grpc, a goroutine per call
#   grpc-c++  grpc_floor_server: plain gRPC C++ on the same callback API
#             (a registered raw unary method), no gocpp runtime: the floor
#             under the gocpp server
#   grpc-c++-generic (only when named in SERVERS): the same on the generic
#             bidi callback API (CallbackGenericService)
#   grpc-go   go_server.go: grpc-go (Debian's golang-google-grpc-dev)
# Servers run with GOMAXPROCS=1 pinned to CPU 1, the client (grpc_bench
# client, gocpp goroutines calling back to back) pinned to CPU 0. Each run
# measures the three servers in turn, a fresh server each; RUNS runs, then
# the median, min and max of each figure. Server CPU per call is
# (utime + stime) from /proc/PID/stat over the run, divided by the calls the
# client completed.
#   bench/grpc/run.sh BUILD_DIR [SECONDS] [CONCURRENCY] [RUNS] [SERVERS]
# SERVERS: a space-separated list of the names above ("gocpp grpc-c++
# grpc-go" by default).
# Environment: GOCPP_BENCH_SERVER=path replaces the gocpp server binary
# (A/B runs of two builds: SERVERS="gocpp gocpp-b", GOCPP_BENCH_SERVER_B).
set -eu
build=$(cd "$1" && pwd) secs=${2:-5} conc=${3:-32} runs=${4:-1}
servers=${5:-gocpp grpc-c++ grpc-go}
here=$(cd "$(dirname "$0")" && pwd)
bench=$build/bench/grpc/grpc_bench
work=$build/bench/grpc/work
mkdir -p "$work/gopath/src/grpcbenchserver"
cp "$here/go_server.go" "$work/gopath/src/grpcbenchserver/main.go"
(cd "$work/gopath/src/grpcbenchserver" &&
    GO111MODULE=off GOPATH="$work/gopath:/usr/share/gocode" GOCACHE="$work/gocache" GOFLAGS= \
        go build -o "$work/go_server" .)

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
hz=$(getconf CLK_TCK)

server_cmd() {  # name -> the server's command line
    case $1 in
    gocpp) echo "${GOCPP_BENCH_SERVER:-$bench} server" ;;
    gocpp-b) echo "${GOCPP_BENCH_SERVER_B:?} server" ;;
    grpc-c++) echo "$build/bench/grpc/grpc_floor_server -api unary" ;;
    grpc-c++-generic) echo "$build/bench/grpc/grpc_floor_server -api generic" ;;
    grpc-go) echo "$work/go_server" ;;
    *) echo "unknown server $1" >&2; exit 2 ;;
    esac
}

measure() {  # name: prints "name calls/s cpu_us_per_call"
    local name=$1
    : >"$work/$name.out"  # before the server starts: never an old run's address
    # shellcheck disable=SC2046
    GOMAXPROCS=1 taskset -c 1 $(server_cmd "$name") >"$work/$name.out" 2>&1 &
    local pid=$!
    for _ in $(seq 1 600); do grep -q '^listening on ' "$work/$name.out" && break; sleep 0.05; done
    local addr; addr=$(head -n1 "$work/$name.out"); addr=${addr#listening on }
    local before after line
    before=$(cpu_ticks $pid)
    line=$(GOMAXPROCS=1 taskset -c 0 "$bench" client -addr "$addr" -c "$conc" -d "$secs" 2>"$work/client.err") || true
    after=$(cpu_ticks $pid)
    kill $pid; wait $pid 2>/dev/null || true
    if [[ "$line" != calls\ * ]]; then
        echo "$name: the client said: $line $(head -c 500 "$work/client.err"); the server: $(head -c 500 "$work/$name.out")" >&2
        return 1
    fi
    awk -v n="$name" -v l="$line" -v t=$((after - before)) -v hz="$hz" 'BEGIN {
        split(l, f, " "); printf "%s %.0f %.2f\n", n, f[6], t / hz * 1e6 / f[2] }'
}

results=$work/results
: >"$results"
for run in $(seq 1 "$runs"); do
    for name in $servers; do
        r=$(measure "$name") || r=$(measure "$name") || exit 1
        echo "run $run: $r"
        echo "$run $r" >>"$results"
    done
done

median() {  # values on stdin -> "median (min..max)"
    sort -g | awk '{v[NR] = $1} END {
        m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
        printf "%s (%s..%s)\n", m, v[1], v[NR] }'
}
echo
echo "medians of $runs runs (min..max), ${secs}s each, $conc calls in flight:"
printf '%-10s %28s %28s\n' server calls/s "server CPU us/call"
for name in $servers; do
    printf '%-10s %28s %28s\n' "$name" \
        "$(awk -v n="$name" '$2 == n {print $3}' "$results" | median)" \
        "$(awk -v n="$name" '$2 == n {print $4}' "$results" | median)"
done
# Paired: each run's figure over the same run's figure of every other server
# (the machine's load drifts between runs; within one run far less).
echo
echo "per run, server CPU per call of A over B's, median (min..max):"
seen=""
for a in $servers; do
    seen="$seen $a"
    for b in $servers; do
        [[ " $seen " == *" $b "* ]] && continue
        printf '%-10s / %-10s %s\n' "$a" "$b" "$(awk -v a="$a" -v b="$b" '
            $2 == a {x[$1] = $4} $2 == b {y[$1] = $4}
            END {for (r in x) if (r in y) printf "%.3f\n", x[r] / y[r]}' "$results" | median)"
    done
done
