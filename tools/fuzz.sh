#!/usr/bin/env bash
# Builds the libFuzzer target tests/fuzz/chan_select_fuzz.cpp with clang in
# build-fuzz/ (gocpp's libraries compiled with coverage instrumentation so the
# fuzzer is guided by the runtime's own branches) and runs it.
#
#   tools/fuzz.sh                 build, then fuzz for 600 s on 2 threads
#   tools/fuzz.sh 3600            fuzz for an hour
#   tools/fuzz.sh 0 crash-1234    build, then replay one input
#
# The corpus grows in build-fuzz/corpus/chan_select; divergences are saved as
# build-fuzz/crash-*. The programs run with GOMAXPROCS=2.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${GOCPP_FUZZ_BUILD_DIR:-$root/build-fuzz}
seconds=${1:-600}
cxx=${CXX_FUZZ:-clang++-14}

cmake -S "$root" -B "$build" -DCMAKE_CXX_COMPILER="$cxx" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_CXX_FLAGS="-fsanitize=fuzzer-no-link" -DGOCPP_BUILD_FUZZ=ON \
  -DGOCPP_BUILD_EXAMPLES=OFF -DGOCPP_BUILD_BENCH=OFF >/dev/null
cmake --build "$build" -j2 --target chan_select_fuzz

fuzzer=$build/tests/chan_select_fuzz
if [ $# -ge 2 ]; then
  shift
  exec env GOMAXPROCS=2 "$fuzzer" "$@"
fi
mkdir -p "$build/corpus/chan_select"
cd "$build"
exec env GOMAXPROCS=2 "$fuzzer" -max_total_time="$seconds" -timeout=90 -max_len=512 \
  -print_final_stats=1 "$build/corpus/chan_select"
