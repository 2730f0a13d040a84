#!/usr/bin/env bash
# compare_output.sh MODE EXPECTED PROGRAM [ARGS...]
# Runs PROGRAM and compares what it printed with EXPECTED (what Go printed).
#   exact  stdout equals EXPECTED byte for byte
#   set    stdout has the same lines as EXPECTED, in any order
#   fatal  EXPECTED's first line is the exit status; the rest are the first
#          lines of stderr
set -u
mode=$1 expected=$2
shift 2
out=$(mktemp) err=$(mktemp)
trap 'rm -f "$out" "$err"' EXIT
timeout 60 "$@" >"$out" 2>"$err"
status=$?
case $mode in
  exact)
    if [ $status -ne 0 ]; then echo "exit status $status"; cat "$err"; exit 1; fi
    diff -u "$expected" "$out" ;;
  set)
    if [ $status -ne 0 ]; then echo "exit status $status"; cat "$err"; exit 1; fi
    diff -u <(sort "$expected") <(sort "$out") ;;
  fatal)
    want_status=$(head -n 1 "$expected")
    if [ "$status" != "$want_status" ]; then
      echo "exit status $status, want $want_status"; cat "$err"; exit 1
    fi
    n=$(($(wc -l <"$expected") - 1))
    # Under ASan, the note it prints once about a fiber stack switch (three
    # lines) is not the program's output.
    diff -u <(tail -n +2 "$expected") <(grep -v -E \
      -e '^==[0-9]+==WARNING: ASan is ignoring requested __asan_handle_no_return: ' \
      -e '^False positive error reports may follow$' \
      -e '^For details see https://github.com/google/sanitizers/issues/189$' "$err" |
      head -n "$n") ;;
  *) echo "unknown mode $mode"; exit 2 ;;
esac
