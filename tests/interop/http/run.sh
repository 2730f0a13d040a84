#!/usr/bin/env bash
# HTTP interop with Go 1.19's net/http: the gocpp client (gocpp_client)
# against the Go server (peer.go server mode). Checks, from what both print:
#   - every check of gocpp_client passes (status, headers both ways, fixed
#     and chunked bodies in both directions, a gzip body from Go's
#     compress/gzip, the 300 ms context);
#   - the Go server saw exactly one connection for the whole run (keep-alive
#     reuse, counted with http.Server.ConnState);
#   - the client's cancel reached the Go handler: "slow: context canceled".
# The Go peer is built offline (GO111MODULE=off, its own GOCACHE). Exits 77
# (skipped) when go is not installed.
#   run.sh GOCPP_CLIENT WORKDIR
set -u
gocpp_client=$1 work=$2
mkdir -p "$work" && work=$(cd "$work" && pwd)
here=$(cd "$(dirname "$0")" && pwd)

if ! command -v go >/dev/null; then
    echo "SKIP: go is not installed"; exit 77
fi

. "$here/../go_peer.sh"
build_go_peer "$here/peer.go" "$work" httppeer

out=$work/server.$$ err=$work/server.$$.err cout=$work/client.$$
"$go_peer" server -addr 127.0.0.1:0 >"$out" 2>"$err" &
spid=$!
for _ in $(seq 1 400); do [ -s "$out" ] && break; sleep 0.05; done
first=$(head -n1 "$out")
addr=${first#listening on }
if [ "$addr" = "$first" ]; then
    echo "FAIL: Go server's first line '$first'"; cat "$err"
    kill $spid; wait $spid 2>/dev/null; exit 1
fi

timeout 60 "$gocpp_client" -url "http://$addr" >"$cout" 2>&1
crc=$?
for _ in $(seq 1 100); do grep -q '^slow: context canceled' "$out" && break; sleep 0.05; done
kill $spid; wait $spid 2>/dev/null
echo "--- Go server:"; cat "$out"; echo "--- gocpp client (exit $crc):"; cat "$cout"

fail=0
for check in hello chunked headers post gzip keepalive cancel; do
    grep -q "^PASS $check: " "$cout" || { echo "FAIL: client check $check"; fail=1; }
done
[ $crc -eq 0 ] || { echo "FAIL: client exit $crc"; fail=1; }
conns=$(grep -c '^conn new ' "$out")
[ "$conns" -eq 1 ] || { echo "FAIL: the Go server saw $conns connections, want 1"; fail=1; }
grep -qx 'slow: context canceled' "$out" ||
    { echo "FAIL: the client's cancel did not reach the Go handler's context"; fail=1; }
rm -f "$out" "$err" "$cout"
[ $fail -eq 0 ] && echo "PASS gocpp_client_to_go_server"
exit $fail
