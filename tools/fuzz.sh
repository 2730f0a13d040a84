#!/usr/bin/env bash
# Builds one libFuzzer target of tests/fuzz/ with clang and runs it. gocpp's
# libraries are compiled with coverage instrumentation (-fsanitize=fuzzer-no-link)
# so the fuzzer is guided by the project's own branches.
#
#   tools/fuzz.sh [TARGET] [SECONDS] [LIBFUZZER ARGS...]
#
# TARGET (default chan_select):
#   chan_select   tests/fuzz/chan_select_fuzz.cpp, channel programs against
#                 the model of Go's spec; built in build-fuzz/ without
#                 sanitizers.
#   http_server   tests/fuzz/http_server_fuzz.cpp, arbitrary bytes on a live
#                 http::Server connection; built in build-fuzz-asan/ with
#                 AddressSanitizer (leak checking on) and UBSan, as the asan
#                 preset builds (GOCPP_SANITIZE=address,undefined).
# GOCPP_FUZZ_SANITIZE overrides the target's sanitizers ("" for none,
# "address,undefined"); the build directory follows (build-fuzz or
# build-fuzz-asan unless GOCPP_FUZZ_BUILD_DIR is set).
#
#   tools/fuzz.sh                          build, then fuzz chan_select for 600 s
#   tools/fuzz.sh 3600                     fuzz chan_select for an hour
#   tools/fuzz.sh 0 crash-1234             build, then replay one input
#   tools/fuzz.sh http_server 600          fuzz the http server for 600 s
#   tools/fuzz.sh http_server 0 -runs=1000000   a million inputs
#   tools/fuzz.sh http_server 0 crash-1234 replay one input
#
# With extra arguments they are passed to the fuzzer as they are (no corpus
# directory is added); -runs=N alone also fuzzes the corpus. The corpus grows
# in BUILD/corpus/TARGET (seeded from tests/fuzz/TARGET's corpus folder when
# there is one, e.g. tests/fuzz/http_corpus); crashes are saved as
# BUILD/crash-*. The programs run with GOMAXPROCS=2.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)

target=chan_select
if [ $# -ge 1 ] && ! [[ $1 =~ ^[0-9]+$ ]]; then
  target=$1
  shift
fi
case $target in
  chan_select) default_sanitize="" seed="" max_len=512 ;;
  http_server) default_sanitize="address,undefined" seed="$root/tests/fuzz/http_corpus" max_len=8192 ;;
  *) echo "fuzz.sh: unknown target '$target' (chan_select, http_server)" >&2; exit 2 ;;
esac
sanitize=${GOCPP_FUZZ_SANITIZE-$default_sanitize}
if [ -n "$sanitize" ]; then
  build=${GOCPP_FUZZ_BUILD_DIR:-$root/build-fuzz-asan}
else
  build=${GOCPP_FUZZ_BUILD_DIR:-$root/build-fuzz}
fi
seconds=${1:-600}
cxx=${CXX_FUZZ:-clang++-14}

cmake -S "$root" -B "$build" -DCMAKE_CXX_COMPILER="$cxx" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_CXX_FLAGS="-fsanitize=fuzzer-no-link" -DGOCPP_SANITIZE="$sanitize" \
  -DGOCPP_BUILD_FUZZ=ON -DGOCPP_BUILD_EXAMPLES=OFF -DGOCPP_BUILD_BENCH=OFF >/dev/null
cmake --build "$build" -j2 --target "${target}_fuzz"

# As the asan test preset: leaks are reported, UBSan stops at the first
# finding so that libFuzzer keeps the input.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_stack_use_after_return=0:detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

fuzzer=$build/tests/${target}_fuzz
time_args=()
[ "$seconds" != 0 ] && time_args=(-max_total_time="$seconds")
shift $(($# > 0 ? 1 : 0))  # SECONDS
if [ $# -ge 1 ] && ! [[ $* =~ ^-runs=[0-9]+$ ]]; then
  exec env GOMAXPROCS=2 "$fuzzer" "${time_args[@]}" "$@"
fi
mkdir -p "$build/corpus/$target"
cd "$build"  # crash-* files land here
seeds=()
[ -n "$seed" ] && [ -d "$seed" ] && seeds=("$seed")
exec env GOMAXPROCS=2 "$fuzzer" "${time_args[@]}" -timeout=90 -max_len="$max_len" \
  -print_final_stats=1 "$@" "$build/corpus/$target" "${seeds[@]}"
