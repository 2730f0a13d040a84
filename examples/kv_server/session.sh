#!/usr/bin/env bash
# session.sh SERVER_COMMAND...: starts a kv server, runs a fixed client
# session over two connections and prints the transcript.
set -u
out=$(mktemp)
"$@" -addr 127.0.0.1:0 >"$out" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; rm -f "$out"' EXIT
for _ in $(seq 600); do
  [ -s "$out" ] && break
  sleep 0.05
done
first=$(head -n 1 "$out")
case $first in
  "listening on 127.0.0.1:"*) echo "listening on 127.0.0.1:PORT" ;;
  *) echo "first line: '$first'"; exit 1 ;;
esac
port=${first##*:}
talk() {  # talk FD LINE: send a line, print it and the reply
  printf '%s\n' "$2" >&"$1"
  local reply
  read -r -t 5 reply <&"$1"
  printf '> %s\n%s\n' "$2" "$reply"
}
exec 3<>/dev/tcp/127.0.0.1/$port
exec 4<>/dev/tcp/127.0.0.1/$port
talk 3 "SET color blue"
talk 3 "set size 42"
talk 4 "GET color"
talk 4 "GET missing"
talk 3 "KEYS"
talk 4 "DEL size"
talk 4 "DEL size"
talk 3 "KEYS"
talk 3 "SET onlykey"
talk 3 'FR"OB x'
talk 4 "get color"
talk 3 "QUIT"
# The server closed connection 3 after BYE: reading it now gives eof.
if read -r -t 5 extra <&3; then echo "unexpected: $extra"; else echo "conn 3 closed"; fi
talk 4 "QUIT"
