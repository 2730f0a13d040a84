#!/usr/bin/env bash
# drive.sh SERVER HTTP_GET: starts http_server, checks its first line, then
# drives it with curl and with the project's client (the http_get example):
# /hello, /slow finished and /slow abandoned by its client (the handler must
# report "canceled: context canceled"), /deadline through the server's own
# client, and a SIGTERM with a request in flight (it must finish, then the
# server exits 0 after "shut down").
set -u
server=$1
get=$2
out=$(mktemp)
err=$(mktemp)
trap 'rm -f "$out" "$err"; kill $pid 2>/dev/null' EXIT
fail() { echo "FAIL: $*"; echo "-- stdout:"; cat "$out"; echo "-- stderr:"; cat "$err"; exit 1; }

"$server" -addr 127.0.0.1:0 >"$out" 2>"$err" &
pid=$!
for _ in $(seq 100); do
  [ -s "$out" ] && break
  sleep 0.05
done
first=$(head -n 1 "$out")
case $first in
  "listening on 127.0.0.1:"*) ;;
  *) fail "first line: '$first'" ;;
esac
base=http://${first#listening on }

# The http_get example: what it prints, stderr included, and its exit
# status if that is not 0 (the leak check at exit fails with 1).
get_ok() { "$get" "$@" 2>&1 || echo "exit status $?"; }

# expect WHAT GOT WANT
expect() { [ "$2" = "$3" ] || fail "$1: got '$2', want '$3'"; }

expect "curl /hello" "$(curl -sS "$base/hello")" "hello, world"
expect "curl /hello status" "$(curl -sS -o /dev/null -w '%{http_code}' "$base/hello")" "200"
expect "http_get /hello" "$(get_ok "$base/hello")" "$(printf '200 OK\nhello, world')"
expect "curl /nope" "$(curl -sS "$base/nope")" "404 page not found"
expect "curl /nope status" "$(curl -sS -o /dev/null -w '%{http_code}' "$base/nope")" "404"
expect "curl /slow?ms=10" "$(curl -sS "$base/slow?ms=10")" "slept 10ms"
expect "http_get /slow?ms=10" "$(get_ok "$base/slow?ms=10")" "$(printf '200 OK\nslept 10ms')"

# A client that gives up: the handler's context is canceled.
curl -sS -m 0.3 "$base/slow?ms=10000" >/dev/null 2>&1
for _ in $(seq 100); do
  grep -q "canceled: context canceled" "$err" && break
  sleep 0.05
done
expect "stderr after curl gave up" "$(grep -c 'canceled: context canceled' "$err")" "1"
"$get" -timeout-ms 300 "$base/slow?ms=10000" >/dev/null 2>&1
for _ in $(seq 100); do
  [ "$(grep -c 'canceled: context canceled' "$err")" = 2 ] && break
  sleep 0.05
done
expect "stderr after http_get gave up" "$(grep -c 'canceled: context canceled' "$err")" "2"

expect "curl /deadline" "$(curl -sS "$base/deadline")" "upstream said: hello, world"
expect "http_get /deadline" "$(get_ok "$base/deadline")" "$(printf '200 OK\nupstream said: hello, world')"

# Graceful shutdown: a request in flight when SIGTERM arrives still gets its
# answer; the server then exits 0.
inflight=$(mktemp)
curl -sS "$base/slow?ms=700" >"$inflight" 2>&1 &
curl_pid=$!
sleep 0.3
kill -TERM $pid
wait $curl_pid
expect "in-flight request across SIGTERM" "$(cat "$inflight")" "slept 700ms"
rm -f "$inflight"
for _ in $(seq 100); do
  kill -0 $pid 2>/dev/null || break
  sleep 0.05
done
kill -0 $pid 2>/dev/null && fail "server still running after SIGTERM"
wait $pid
status=$?
[ $status -eq 0 ] || fail "exit status $status"
expect "last line" "$(tail -n 1 "$out")" "shut down"
echo ok
