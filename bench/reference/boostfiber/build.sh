#!/usr/bin/env bash
# Builds the Boost.Fiber reference benchmark.
#
# Usage: bench/reference/boostfiber/build.sh [OUT_DIR]
#   OUT_DIR  where the binary boostfiber_bench goes (default: build/ next to
#            this script). Rebuilt only when bench.cpp or this script is newer.
# Environment: CXX (default g++).
#
# Boost.Fiber and Boost.Context are linked statically, as gocpp links them:
# with the shared libraries every fiber switch pays __tls_get_addr for
# context::active(), which would make this baseline look slower than it is.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out_dir=${1:-$here/build}
mkdir -p "$out_dir"
bin=$out_dir/boostfiber_bench
if [[ ! -x $bin || $here/bench.cpp -nt $bin || $here/build.sh -nt $bin ]]; then
    "${CXX:-g++}" -std=c++20 -O2 -pthread -o "$bin" "$here/bench.cpp" \
        -Wl,-Bstatic -lboost_fiber -lboost_context -Wl,-Bdynamic
fi
echo "$bin"
