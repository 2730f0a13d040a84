#!/usr/bin/env bash
# gRPC interop with grpc-go: gocpp client -> Go server and Go client -> gocpp
# server. For each pair it checks, from what the server and client print:
#   - the 1s deadline arrives within 50 ms of what was sent (gRPC C++ rounds
#     its grpc-timeout up to a coarser unit, so a little over 1s can arrive);
#   - the weburl metadata arrives intact;
#   - the traceparent's trace id reaches the server;
#   - a client cancel reaches the server handler's context, and the client's
#     call fails as canceled.
# The Go peer (peer.go) is built offline against Debian's golang-google-grpc-dev
# in GOPATH mode. Exits 77 (skipped) when go or grpc-go is not installed.
#   run.sh GOCPP_PEER WORKDIR
set -u
gocpp_peer=$1 work=$2
mkdir -p "$work" && work=$(cd "$work" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
gocode=/usr/share/gocode

if ! command -v go >/dev/null; then
    echo "SKIP: go is not installed"; exit 77
fi
if [ ! -d "$gocode/src/google.golang.org/grpc/health/grpc_health_v1" ]; then
    echo "SKIP: grpc-go (golang-google-grpc-dev) is not installed"; exit 77
fi

. "$here/../go_peer.sh"
build_go_peer "$here/peer.go" "$work" grpcpeer

# The GOMAXPROCS=1 and 2 entries may run at once: the Go peer is shared, the
# outputs are each run's own.
out_dir=$work/run-gomaxprocs-${GOMAXPROCS:-default}
rm -rf "$out_dir" && mkdir -p "$out_dir"

trace_id=4bf92f3577b34da6a3ce929d0e0e4736
traceparent=00-$trace_id-00f067aa0ba902b7-01
failures=0

run_pair() {  # name server-binary client-binary
    local name=$1 server=$2 client=$3
    local out=$out_dir/$name.server err=$out_dir/$name.server.err cout=$out_dir/$name.client
    "$server" server -addr 127.0.0.1:0 >"$out" 2>"$err" &
    local spid=$!
    for _ in $(seq 1 400); do [ -s "$out" ] && break; sleep 0.05; done
    local first addr
    first=$(head -n1 "$out")
    addr=${first#listening on }
    if [ "$addr" = "$first" ]; then
        echo "FAIL $name: server's first line '$first'"; cat "$err"
        kill $spid; wait $spid 2>/dev/null; failures=$((failures + 1)); return
    fi
    "$client" client -addr "$addr" -traceparent "$traceparent" >"$cout" 2>&1
    local crc=$?
    for _ in $(seq 1 100); do grep -q '^handler ctx:' "$out" && break; sleep 0.05; done
    kill $spid; wait $spid 2>/dev/null
    echo "--- $name server:"; cat "$out"; echo "--- $name client (exit $crc):"; cat "$cout"

    local fail=0 line ns
    line=$(grep '^call service=deadline ' "$out")
    ns=$(sed -n 's/.*remaining_ns=\([0-9]*\).*/\1/p' <<<"$line")
    if [ -z "$ns" ] || [ "$ns" -lt 950000000 ] || [ "$ns" -gt 1050000000 ]; then
        echo "FAIL $name: deadline arrived with '$ns' ns left, want 1s +- 50ms"; fail=1
    fi
    [[ "$line" == *" weburl=[https://wlbcoder.com] "* ]] || { echo "FAIL $name: metadata"; fail=1; }
    [[ "$line" == *" traceid=$trace_id" ]] || { echo "FAIL $name: trace id not kept"; fail=1; }
    grep -qx 'handler ctx: context canceled' "$out" ||
        { echo "FAIL $name: the client's cancel did not reach the server's context"; fail=1; }
    grep -qx 'status: SERVING' "$cout" || { echo "FAIL $name: no SERVING reply"; fail=1; }
    grep -q '^cancel call: .*context canceled$' "$cout" ||
        { echo "FAIL $name: the canceled call did not fail as canceled"; fail=1; }
    [ $crc -eq 0 ] || { echo "FAIL $name: client exit $crc"; fail=1; }
    [ $fail -eq 0 ] && echo "PASS $name"
    failures=$((failures + fail))
}

run_pair gocpp_client_to_go_server "$go_peer" "$gocpp_peer"
run_pair go_client_to_gocpp_server "$gocpp_peer" "$go_peer"
[ $failures -eq 0 ]
