#!/usr/bin/env bash
# HTTP interop with Go 1.19's net/http, the other way round from run.sh: a Go
# client (peer.go client mode) against the gocpp server (gocpp_server.cpp).
# Checks, from what both print:
#   - every check of the Go client passes: status and fixed body, a chunked
#     body flushed in three pieces, a request header echoed back, keep-alive
#     reuse (httptrace's GotConn reports the 2nd and 3rd request reused the
#     1st connection), and a 300 ms context that ends the call;
#   - that cancel reached the gocpp handler's context: "slow: context
#     canceled".
# Exits 77 (skipped) when go is not installed.
#   run_server.sh GOCPP_SERVER WORKDIR
set -u
gocpp_server=$1 work=$2
mkdir -p "$work" && work=$(cd "$work" && pwd)
here=$(cd "$(dirname "$0")" && pwd)

if ! command -v go >/dev/null; then
    echo "SKIP: go is not installed"; exit 77
fi
. "$here/../go_peer.sh"
build_go_peer "$here/peer.go" "$work" httppeer

outs=$(mktemp -d -p "$work" run.XXXXXX)
trap 'rm -rf "$outs"; kill $spid 2>/dev/null' EXIT
"$gocpp_server" -addr 127.0.0.1:0 >"$outs/server" 2>"$outs/server.err" &
spid=$!
for _ in $(seq 1 200); do [ -s "$outs/server" ] && break; sleep 0.05; done
first=$(head -n1 "$outs/server")
addr=${first#listening on }
if [ "$addr" = "$first" ]; then
    echo "FAIL: server's first line '$first'"; cat "$outs/server.err"; exit 1
fi
"$go_peer" client -url "http://$addr" >"$outs/client" 2>&1
crc=$?
for _ in $(seq 1 100); do grep -q '^slow: context' "$outs/server" && break; sleep 0.05; done
echo "--- gocpp server:"; cat "$outs/server"
echo "--- Go client (exit $crc):"; cat "$outs/client"
failures=0
[ $crc -eq 0 ] || { echo "FAIL: Go client exit status $crc"; failures=$((failures + 1)); }
for check in hello chunked headers keepalive cancel; do
    grep -q "^PASS $check:" "$outs/client" || { echo "FAIL: check $check did not pass"; failures=$((failures + 1)); }
done
grep -qx 'PASS chunked: chunked "chunk 0\\nchunk 1\\nchunk 2\\n"' "$outs/client" ||
    { echo "FAIL: chunked body"; failures=$((failures + 1)); }
grep -q '^PASS headers: .*X-Request-Id: abc' "$outs/client" ||
    { echo "FAIL: X-Request-ID not echoed"; failures=$((failures + 1)); }
grep -Eqx 'PASS keepalive: reused \[(true|false) true true\]' "$outs/client" ||
    { echo "FAIL: keep-alive reuse"; failures=$((failures + 1)); }
grep -qx 'slow: context canceled' "$outs/server" ||
    { echo "FAIL: the Go client's cancel did not reach the gocpp handler"; failures=$((failures + 1)); }
[ $failures -eq 0 ] || exit 1
echo ok
