#!/usr/bin/env bash
# drive.sh SERVER: starts the echo server, checks its first line, echoes over
# TCP, sends SIGTERM with a connection open and checks it exits 0.
set -u
server=$1
out=$(mktemp)
trap 'rm -f "$out"; kill $pid 2>/dev/null' EXIT
"$server" -addr 127.0.0.1:0 >"$out" 2>&1 &
pid=$!
for _ in $(seq 100); do
  [ -s "$out" ] && break
  sleep 0.05
done
first=$(head -n 1 "$out")
case $first in
  "listening on 127.0.0.1:"*) ;;
  *) echo "first line: '$first'"; exit 1 ;;
esac
port=${first##*:}
for msg in hello "second line"; do
  exec 3<>/dev/tcp/127.0.0.1/$port
  printf '%s\n' "$msg" >&3
  read -r -t 5 reply <&3
  if [ "$reply" != "$msg" ]; then echo "echo: got '$reply', want '$msg'"; exit 1; fi
  exec 3>&-
done
# One connection stays open through the shutdown.
exec 4<>/dev/tcp/127.0.0.1/$port
printf 'x\n' >&4
read -r -t 5 reply <&4
kill -TERM $pid
for _ in $(seq 100); do
  kill -0 $pid 2>/dev/null || break
  sleep 0.05
done
if kill -0 $pid 2>/dev/null; then echo "server still running after SIGTERM"; exit 1; fi
wait $pid
status=$?
if [ $status -ne 0 ]; then echo "exit status $status"; cat "$out"; exit 1; fi
if [ "$(tail -n 1 "$out")" != "shut down" ]; then echo "output:"; cat "$out"; exit 1; fi
echo ok
