#!/usr/bin/env bash
# drive.sh SERVER HTTP_GET: starts http_request_id, checks its first line,
# then asks / with and without X-Request-ID, through curl and through the
# project's client (the http_get example): the id must come back from the
# request's context.
set -u
server=$1
get=$2
out=$(mktemp)
trap 'rm -f "$out"; kill $pid 2>/dev/null' EXIT
fail() { echo "FAIL: $*"; cat "$out"; exit 1; }

# The http_get example: what it prints, stderr included, and its exit
# status if that is not 0 (the leak check at exit fails with 1).
get_ok() { "$get" "$@" 2>&1 || echo "exit status $?"; }

"$server" -addr 127.0.0.1:0 >"$out" 2>&1 &
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
expect() { [ "$2" = "$3" ] || fail "$1: got '$2', want '$3'"; }

expect "curl with the header" "$(curl -sS -H 'X-Request-ID: abc' "$base/")" 'request id: "abc"'
expect "curl without" "$(curl -sS "$base/")" 'request id: ""'
expect "http_get with the header" "$(get_ok -H 'X-Request-ID: abc' "$base/")" \
  "$(printf '200 OK\nrequest id: "abc"')"
expect "http_get, another id" "$(get_ok -H 'X-Request-ID: 7f3e-42' "$base/any/path")" \
  "$(printf '200 OK\nrequest id: "7f3e-42"')"
echo ok
