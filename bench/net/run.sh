#!/usr/bin/env bash
# run.sh BUILD_DIR: tcp_pingpong, tcp_echo_1000 and tcp_idle_10k for gocpp
# and Go, server pinned to CPU 1 and client to CPU 0, GOMAXPROCS=1 each.
# Figures are whole-process figures.
set -u
build=${1:-build}
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"; kill $(jobs -p) 2>/dev/null' EXIT
export GOCACHE=$work/cache GOPATH=$work/gopath GO111MODULE=off GOFLAGS=
go build -o "$work/go_net_bench" "$here/../reference/go/net/main.go" || exit 1
ulimit -n "$(ulimit -Hn)"

clk=$(getconf CLK_TCK)
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
rss_kb() { awk '/VmRSS/ {print $2}' "/proc/$1/status"; }

start_server() {  # start_server BINARY -> sets srv_pid, srv_addr
  GOMAXPROCS=1 taskset -c 1 "$1" server 127.0.0.1:0 >"$work/srv.out" 2>&1 &
  srv_pid=$!
  for _ in $(seq 100); do [ -s "$work/srv.out" ] && break; sleep 0.05; done
  srv_addr=$(head -n 1 "$work/srv.out" | awk '{print $3}')
}

for impl in gocpp go; do
  if [ $impl = gocpp ]; then bin=$build/bench/net/net_bench; else bin=$work/go_net_bench; fi
  start_server "$bin"
  echo "== $impl"
  GOMAXPROCS=1 taskset -c 0 "$bin" pingpong "$srv_addr" 200000
  GOMAXPROCS=1 taskset -c 0 "$bin" echo "$srv_addr" 1000 5
  rss0=$(rss_kb $srv_pid)
  GOMAXPROCS=1 taskset -c 0 "$bin" idle "$srv_addr" 10000 8 >"$work/idle.out" &
  cli=$!
  for _ in $(seq 600); do grep -q idle "$work/idle.out" 2>/dev/null && break; sleep 0.05; done
  sleep 1
  rss1=$(rss_kb $srv_pid)
  t0=$(cpu_ticks $srv_pid)
  sleep 5
  t1=$(cpu_ticks $srv_pid)
  echo "tcp_idle_10k server RSS per conn $(( (rss1 - rss0) * 1024 / 10000 )) bytes," \
       "server CPU over 5 s $(awk -v t=$((t1 - t0)) -v c=$clk 'BEGIN {printf "%.2f", 100 * t / c / 5}') % of a core"
  wait $cli
  kill $srv_pid; wait $srv_pid 2>/dev/null
done
