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
    diff -u <(tail -n +2 "$expected") <(head -n "$n" "$err") ;;
  *) echo "unknown mode $mode"; exit 2 ;;
esac
