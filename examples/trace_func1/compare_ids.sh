#!/usr/bin/env bash
# compare_ids.sh GO_OUTPUT PROGRAM
# Ids are random, so the port's output is compared in shape with what Go
# printed: the same lines once every id is replaced by a name (the first
# trace id seen is T1, the first span id S1, …); one trace id throughout, and
# every span id different. GO_OUTPUT is checked the same way.
set -u
go_output=$1
shift
out=$(mktemp)
trap 'rm -f "$out"' EXIT
timeout 60 "$@" >"$out" || { echo "exit status $?"; exit 1; }
normalize() {
  awk '
    {
      # no interval expressions: the default awk on Debian is mawk
      if (!match($0, /^span context [0-9]+, traceID: [0-9a-f]+, spanID: [0-9a-f]+$/)) {
        print "unexpected line: " $0; bad = 1; next
      }
      t = substr($0, index($0, "traceID: ") + 9); sub(/,.*/, "", t)
      s = substr($0, index($0, "spanID: ") + 8)
      if (length(t) != 32 || length(s) != 16) { print "bad id length: " $0; bad = 1; next }
      if (!(t in traces)) traces[t] = "T" (++nt)
      if (!(s in spans)) spans[s] = "S" (++ns); else { print "span id repeated: " s; bad = 1 }
      sub(t, traces[t]); sub(s, spans[s]); print
    }
    END {
      if (nt != 1) { print "trace ids seen: " nt ", want 1"; bad = 1 }
      exit bad
    }' "$1"
}
want=$(normalize "$go_output") || { echo "Go's output is not of the expected shape:"; echo "$want"; exit 1; }
got=$(normalize "$out") || { echo "the port's output is not of the expected shape:"; echo "$got"; exit 1; }
diff -u <(echo "$want") <(echo "$got")
