#!/usr/bin/env bash
# run.sh [BUILD_DIR] [RUNS]: tcp_pingpong, tcp_echo_1000 and tcp_idle_10k for
# gocpp (BUILD_DIR/bench/net/net_bench) and Go (bench/reference/go/net),
# alternating gocpp and Go, RUNS runs each (default 5), then the median, min
# and max of every figure and gocpp's median over Go's.
#
# Each benchmark runs a server and a client as two processes, the server
# pinned to CPU 1 and the client to CPU 0, GOMAXPROCS=1 in each. Every
# benchmark gets a fresh server. Figures are whole-process figures:
#   pingpong   ns per 64-byte round trip, one connection (client's clock);
#   echo       512-byte messages per second, 1,000 connections, 5 s after a
#              1 s warm-up (client's count);
#   idle RSS   the server's VmRSS with 10,000 idle connections (each has
#              made one round trip) less its VmRSS before the first dial,
#              divided by 10,000;
#   idle CPU   the server's CPU time over 5 s with those connections idle
#              (sum of its threads' /proc/PID/task/*/schedstat run time),
#              as % of one core.
set -u
build=${1:-build}
runs=${2:-5}
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"; kill $(jobs -p) 2>/dev/null' EXIT
export GOCACHE=$work/cache GOPATH=$work/gopath GO111MODULE=off GOFLAGS=
go build -o "$work/go_net_bench" "$here/../reference/go/net/main.go" || exit 1
ulimit -n "$(ulimit -Hn)"
results=$work/results
: >"$results"

rss_kb() { awk '/VmRSS/ {print $2}' "/proc/$1/status"; }
run_ns() { cat /proc/"$1"/task/*/schedstat 2>/dev/null | awk '{s += $1} END {printf "%d", s}'; }

start_server() {  # start_server BINARY -> sets srv_pid, srv_addr
  : >"$work/srv.out"
  GOMAXPROCS=1 taskset -c 1 "$1" server 127.0.0.1:0 >"$work/srv.out" 2>&1 &
  srv_pid=$!
  for _ in $(seq 200); do [ -s "$work/srv.out" ] && break; sleep 0.05; done
  srv_addr=$(head -n 1 "$work/srv.out" | awk '{print $3}')
}

stop_server() {
  kill "$srv_pid"
  wait "$srv_pid" 2>/dev/null
}

record() { echo "$1 $2 $3" >>"$results"; }  # record IMPL METRIC VALUE

run_once() {  # run_once IMPL BINARY
  local impl=$1 bin=$2
  start_server "$bin"
  local pp ec
  pp=$(GOMAXPROCS=1 taskset -c 0 "$bin" pingpong "$srv_addr" 200000 | awk '{print $2}')
  ec=$(GOMAXPROCS=1 taskset -c 0 "$bin" echo "$srv_addr" 1000 5 | awk '{print $2}')
  stop_server

  start_server "$bin"
  local rss0 rss1 t0 t1 cli
  rss0=$(rss_kb "$srv_pid")
  : >"$work/idle.out"
  GOMAXPROCS=1 taskset -c 0 "$bin" idle "$srv_addr" 10000 9 >"$work/idle.out" &
  cli=$!
  for _ in $(seq 1200); do grep -q idle "$work/idle.out" 2>/dev/null && break; sleep 0.05; done
  sleep 1
  rss1=$(rss_kb "$srv_pid")
  t0=$(run_ns "$srv_pid")
  sleep 5
  t1=$(run_ns "$srv_pid")
  wait "$cli"
  stop_server

  local rss_per cpu
  rss_per=$(((rss1 - rss0) * 1024 / 10000))
  cpu=$(awk -v t=$((t1 - t0)) 'BEGIN {printf "%.3f", 100 * t / 5e9}')
  record "$impl" pingpong_ns "$pp"
  record "$impl" echo_msgs_per_s "$ec"
  record "$impl" idle_rss_bytes_per_conn "$rss_per"
  record "$impl" idle_cpu_percent "$cpu"
  printf '%-5s tcp_pingpong %s ns/op, tcp_echo_1000 %s msgs/s, tcp_idle_10k %s B/conn, %s %% CPU   (load %s)\n' \
    "$impl" "$pp" "$ec" "$rss_per" "$cpu" "$(cut -d' ' -f1-3 /proc/loadavg)"
}

echo "machine: $(nproc) CPUs, $(uname -sr), load $(cut -d' ' -f1-3 /proc/loadavg)"
if awk '{exit !($1 > 1)}' /proc/loadavg; then
  echo "warning: load average above 1: other processes share the pinned CPUs, and the" \
       "timing figures will measure CPU share more than the cost of the I/O path"
fi
for i in $(seq "$runs"); do
  echo "== run $i"
  run_once gocpp "$build/bench/net/net_bench"
  run_once go "$work/go_net_bench"
done

echo "== summary over $runs runs: median (min .. max)"
printf '%-26s %-30s %-30s %s\n' metric gocpp go "gocpp/go (medians)"
for metric in pingpong_ns echo_msgs_per_s idle_rss_bytes_per_conn idle_cpu_percent; do
  stats() {
    awk -v i="$1" -v m="$metric" '$1 == i && $2 == m {print $3}' "$results" | sort -g |
      awk '{v[NR] = $1} END {
        if (NR == 0) { print "- - -"; exit }
        med = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
        print med, v[1], v[NR] }'
  }
  read -r gm gmin gmax <<<"$(stats gocpp)"
  read -r om omin omax <<<"$(stats go)"
  ratio=$(awk -v a="$gm" -v b="$om" 'BEGIN {if (b + 0 == 0) print "-"; else printf "%.2f", a / b}')
  printf '%-26s %-30s %-30s %s\n' "$metric" "$gm ($gmin .. $gmax)" "$om ($omin .. $omax)" "$ratio"
done
