#!/usr/bin/env bash
# run.sh [BUILD_DIR] [RUNS]: gocpp's http_bench against Go's net/http hello
# world (bench/reference/go/http), alternating gocpp and Go, RUNS (5) runs of
# each, medians. Whole-process figures:
#   - wrk -t1 -c100 and -c1000 -d10s --latency pinned to CPU 0, the server
#     with one scheduler thread pinned to CPU 1 (GOMAXPROCS=1 taskset -c 1):
#     req/s, p50, p99, and server CPU per request ((utime+stime) from
#     /proc/PID/stat over the run, divided by the requests wrk completed);
#   - the same at c=100 with the server on two unpinned threads
#     (GOMAXPROCS=2);
#   - 10,000 idle keep-alive connections, each after one request: server
#     RSS per connection and server CPU over 5 s while they idle;
#   - the client: 50,000 GETs one after another on one keep-alive
#     connection to Go's server (GOMAXPROCS=1 taskset -c 1), the client
#     with one thread pinned to CPU 0: ns and client CPU per request.
# PARTS="server client" (the default) picks what runs.
set -u
parts=${PARTS:-server client}
build=${1:-build}
runs=${2:-5}
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"; kill $(jobs -p) 2>/dev/null' EXIT
export GOCACHE=$work/cache GOPATH=$work/gopath GO111MODULE=off GOFLAGS=
go build -o "$work/go_http_bench" "$here/../reference/go/http/main.go" || exit 1
ulimit -n "$(ulimit -Hn)"
clk=$(getconf CLK_TCK)
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
rss_kb() { awk '/VmRSS/ {print $2}' "/proc/$1/status"; }

start_server() {  # start_server IMPL PROCS [taskset-args...] -> srv_pid, srv_addr
  local impl=$1 procs=$2
  shift 2
  local bin=$build/bench/http/http_bench
  [ "$impl" = go ] && bin=$work/go_http_bench
  : >"$work/srv.out"
  GOMAXPROCS=$procs "$@" "$bin" server 127.0.0.1:0 >"$work/srv.out" 2>&1 &
  srv_pid=$!
  for _ in $(seq 100); do [ -s "$work/srv.out" ] && break; sleep 0.05; done
  srv_addr=$(head -n 1 "$work/srv.out" | awk '{print $3}')
}
stop_server() { kill "$srv_pid"; wait "$srv_pid" 2>/dev/null; }

# wrk_run NAME IMPL CONNS PROCS PIN: appends "NAME IMPL rps p50_us p99_us cpu_us" to results
wrk_run() {
  local name=$1 impl=$2 conns=$3 procs=$4 pin=$5
  if [ "$pin" = pin ]; then start_server "$impl" "$procs" taskset -c 1; else start_server "$impl" "$procs"; fi
  local t0 t1
  t0=$(cpu_ticks "$srv_pid")
  taskset -c 0 wrk -t1 -c"$conns" -d10s --latency "http://$srv_addr/" >"$work/wrk.out" 2>&1
  t1=$(cpu_ticks "$srv_pid")
  stop_server
  awk -v name="$name" -v impl="$impl" -v ticks=$((t1 - t0)) -v clk="$clk" '
    function us(v) { if (v ~ /us$/) return v + 0; if (v ~ /ms$/) return v * 1000; if (v ~ /s$/) return v * 1e6; return v }
    / 50%/ { p50 = us($2) } / 99%/ { p99 = us($2) }
    /requests in/ { reqs = $1 }
    /Requests\/sec/ { rps = $2 }
    END { printf "%s %s %.0f %.0f %.0f %.2f\n", name, impl, rps, p50, p99, ticks / clk * 1e6 / reqs }' \
    "$work/wrk.out" >>"$work/results"
}

idle_run() {  # idle_run IMPL: appends "idle10k IMPL rss_per_conn_bytes cpu_percent"
  local impl=$1
  start_server "$impl" 1 taskset -c 1
  local rss0 rss1 t0 t1
  rss0=$(rss_kb "$srv_pid")
  GOMAXPROCS=1 taskset -c 0 "$work/go_http_bench" hold "$srv_addr" 10000 >"$work/hold.out" 2>&1 &
  local cli=$!
  for _ in $(seq 1200); do grep -q idle "$work/hold.out" 2>/dev/null && break; sleep 0.05; done
  sleep 1
  rss1=$(rss_kb "$srv_pid")
  t0=$(cpu_ticks "$srv_pid")
  sleep 5
  t1=$(cpu_ticks "$srv_pid")
  kill $cli; wait $cli 2>/dev/null
  stop_server
  echo "idle10k $impl $(( (rss1 - rss0) * 1024 / 10000 )) $(awk -v t=$((t1 - t0)) -v c="$clk" 'BEGIN {printf "%.2f", 100 * t / c / 5}')" >>"$work/results"
}

client_run() {  # client_run IMPL: appends "client IMPL ns_per_req cpu_us_per_req"
  local impl=$1 bin=$build/bench/http/http_bench
  [ "$impl" = go ] && bin=$work/go_http_bench
  start_server go 1 taskset -c 1
  echo "client $impl $(GOMAXPROCS=1 taskset -c 0 "$bin" client "http://$srv_addr/" 50000)" >>"$work/results"
  stop_server
}

: >"$work/results"
for run in $(seq "$runs"); do
  for impl in gocpp go; do
    case " $parts " in *" server "*)
      wrk_run c100 "$impl" 100 1 pin
      wrk_run c1000 "$impl" 1000 1 pin
      wrk_run c100_2threads "$impl" 100 2 nopin
      idle_run "$impl" ;;
    esac
    case " $parts " in *" client "*) client_run "$impl" ;; esac
  done
  echo "run $run done" >&2
done

echo "# raw (name impl figures...)"
cat "$work/results"
echo
echo "# medians of $runs runs (min..max)"
python3 - "$work/results" <<'PY'
import sys, statistics
rows = [l.split() for l in open(sys.argv[1]) if l.strip()]
def show(name, cols):
    for impl in ("gocpp", "go"):
        vals = [r[2:] for r in rows if r[0] == name and r[1] == impl]
        if not vals: continue
        parts = []
        for i, c in enumerate(cols):
            xs = sorted(float(v[i]) for v in vals)
            parts.append(f"{c} {statistics.median(xs):g} ({xs[0]:g}..{xs[-1]:g})")
        print(f"{name:14} {impl:6} " + ", ".join(parts))
for name in ("c100", "c1000", "c100_2threads"):
    show(name, ["req/s", "p50 us", "p99 us", "server CPU us/req"])
show("idle10k", ["RSS bytes/conn", "idle CPU %"])
show("client", ["ns/req", "client CPU us/req"])
PY
