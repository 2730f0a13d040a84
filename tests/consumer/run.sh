#!/usr/bin/env bash
# run.sh BUILD_DIR WORK_DIR: installs the gocpp build in BUILD_DIR to a
# scratch prefix, then configures, builds and runs the consumer project
# against it with find_package(gocpp).
set -euo pipefail
build=$1 work=$2
rm -rf "$work"
cmake --install "$build" --prefix "$work/prefix" >/dev/null
cmake -S "$(dirname "$0")" -B "$work/build" -DCMAKE_PREFIX_PATH="$work/prefix" \
  -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$work/build" -j2 >/dev/null
out=$("$work/build/consumer")
[ "$out" = "42" ] || { echo "consumer printed: $out"; exit 1; }
echo "consumer OK"
