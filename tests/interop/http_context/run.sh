#!/usr/bin/env bash
# HTTP context interop with Go: gocpp client -> Go server, Go client -> gocpp
# server, and gocpp -> gocpp. The Go peer (peer.go) reads and writes the
# headers as an otelhttp service with grpc-go's deadline header does
# (go.opentelemetry.io/otel/propagation from Debian's
# golang-opentelemetry-otel-dev, GOPATH mode, offline). For each pair it
# checks, from what the server and client print:
#   - the client's 1s deadline arrives with between 900 ms and 1 s left;
#   - the traceparent's trace id reaches the server's handler context;
#   - a client cancel after 300 ms reaches the server handler's context, and
#     the client's call fails with Go's text:
#     cancel: Get "http://ADDR/cancel": context canceled
#   run.sh GOCPP_PEER WORKDIR     (exits 77, skipped, without go or otel)
set -u
gocpp_peer=$1 work=$2
mkdir -p "$work" && work=$(cd "$work" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
gocode=/usr/share/gocode

if ! command -v go >/dev/null; then
    echo "SKIP: go is not installed"; exit 77
fi
if [ ! -d "$gocode/src/go.opentelemetry.io/otel/propagation" ]; then
    echo "SKIP: golang-opentelemetry-otel-dev is not installed"; exit 77
fi
. "$here/../go_peer.sh"
build_go_peer "$here/peer.go" "$work" httpctxpeer

# This run's outputs: ctest may run the GOMAXPROCS=1 and 2 entries at once.
outs=$(mktemp -d -p "$work" run.XXXXXX)
trap 'rm -rf "$outs"' EXIT
trace_id=4bf92f3577b34da6a3ce929d0e0e4736
traceparent=00-$trace_id-00f067aa0ba902b7-01
failures=0
fail() { echo "FAIL $1: $2"; failures=$((failures + 1)); }

# Milliseconds in a Go duration string ("999.570709ms", "1s").
millis() {
    awk -v d="$1" 'BEGIN {
        if (d ~ /ms$/) { sub(/ms$/, "", d); print d + 0; exit }
        if (d ~ /µs$/) { sub(/µs$/, "", d); print d / 1000; exit }
        if (d ~ /s$/) { sub(/s$/, "", d); print d * 1000; exit }
        print -1 }'
}

run_pair() {  # name server-binary client-binary
    local name=$1 server=$2 client=$3
    local out=$outs/$name.server err=$outs/$name.server.err cout=$outs/$name.client
    "$server" server -addr 127.0.0.1:0 >"$out" 2>"$err" &
    local spid=$!
    for _ in $(seq 1 400); do [ -s "$out" ] && break; sleep 0.05; done
    local first addr
    first=$(head -n1 "$out")
    addr=${first#listening on }
    if [ "$addr" = "$first" ]; then
        fail "$name" "server's first line '$first'"; cat "$err"
        kill $spid; wait $spid 2>/dev/null; return
    fi
    "$client" client -addr "$addr" -traceparent "$traceparent" >"$cout" 2>&1
    local crc=$?
    for _ in $(seq 1 100); do grep -q '^handler canceled:' "$out" && break; sleep 0.05; done
    kill $spid; wait $spid 2>/dev/null
    echo "--- $name server:"; cat "$out"; echo "--- $name client (exit $crc):"; cat "$cout"

    [ $crc -eq 0 ] || fail "$name" "client exit status $crc"
    local line deadline tid ms
    line=$(grep '^handler ctx:' "$out" | head -n1)
    deadline=$(sed -n 's/.*deadline=\([^ ]*\).*/\1/p' <<<"$line")
    tid=$(sed -n 's/.*traceid=\([0-9a-f]*\).*/\1/p' <<<"$line")
    ms=$(millis "$deadline")
    awk -v m="$ms" 'BEGIN { exit !(m >= 900 && m <= 1000) }' ||
        fail "$name" "deadline left at the server '$deadline', want 900ms..1s"
    [ "$tid" = "$trace_id" ] || fail "$name" "server trace id '$tid', want $trace_id"
    grep -qx "reply: $line" "$cout" || fail "$name" "client's reply is not the server's line"
    grep -qx 'handler canceled: context canceled' "$out" ||
        fail "$name" "the cancel did not reach the server's handler"
    grep -qx "cancel: Get \"http://$addr/cancel\": context canceled" "$cout" ||
        fail "$name" "client's cancel error: $(grep '^cancel:' "$cout")"
}

run_pair gocpp-client-go-server "$go_peer" "$gocpp_peer"
run_pair go-client-gocpp-server "$gocpp_peer" "$go_peer"
run_pair gocpp-client-gocpp-server "$gocpp_peer" "$gocpp_peer"
if [ $failures -ne 0 ]; then echo "$failures failure(s)"; exit 1; fi
echo ok
