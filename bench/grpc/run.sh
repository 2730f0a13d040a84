#!/usr/bin/env bash
# Unary calls per second and server CPU per call, gocpp server vs grpc-go
# server, same proto (grpc.health.v1), same load client, one run.
# Servers run with GOMAXPROCS=1 pinned to CPU 1, the client pinned to CPU 0.
#   bench/grpc/run.sh BUILD_DIR [SECONDS] [CONCURRENCY]
set -eu
build=$(cd "$1" && pwd) secs=${2:-5} conc=${3:-32}
here=$(cd "$(dirname "$0")" && pwd)
bench=$build/bench/grpc/grpc_bench
work=$build/bench/grpc/work
mkdir -p "$work/gopath/src/grpcbenchserver"
cp "$here/go_server.go" "$work/gopath/src/grpcbenchserver/main.go"
(cd "$work/gopath/src/grpcbenchserver" &&
    GO111MODULE=off GOPATH="$work/gopath:/usr/share/gocode" GOCACHE="$work/gocache" GOFLAGS= \
        go build -o "$work/go_server" .)

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }

measure() {  # name cmd...
    local name=$1; shift
    GOMAXPROCS=1 taskset -c 1 "$@" >"$work/$name.out" 2>&1 &
    local pid=$!
    for _ in $(seq 1 200); do [ -s "$work/$name.out" ] && break; sleep 0.05; done
    local addr; addr=$(head -n1 "$work/$name.out"); addr=${addr#listening on }
    local before after line calls
    before=$(cpu_ticks $pid)
    line=$(GOMAXPROCS=1 taskset -c 0 "$bench" client -addr "$addr" -c "$conc" -d "$secs")
    after=$(cpu_ticks $pid)
    kill $pid; wait $pid 2>/dev/null || true
    calls=$(awk '{print $2}' <<<"$line")
    local hz; hz=$(getconf CLK_TCK)
    awk -v n="$name" -v l="$line" -v c="$calls" -v t=$((after - before)) -v hz="$hz" \
        'BEGIN { printf "%-12s %s  server CPU/call %.1f us\n", n, l, t / hz * 1e6 / c }'
}

measure gocpp "$bench" server
measure grpc-go "$work/go_server"
