#!/usr/bin/env bash
# Installs what gocpp needs to build and test on Debian 12 (run as root).
# Skips apt-get entirely when everything is already there.
set -euo pipefail
# curl: the http examples are driven by it as well as by the project's client.
# ccache: CMakeLists.txt uses it when present, so a warm rebuild is quick.
packages=(cmake g++ make libboost-fiber1.81-dev libboost-context1.81-dev doctest-dev curl ccache)
# --with-go: Go, grpc-go and OpenTelemetry Go for the interop tests, and gRPC C++ for grpc/.
# --with-clang: clang 14 and its sanitizer runtimes (the tsan preset, the fuzzer),
#   and xz and perl, which tools/build-boost-tsan unpacks and patches Boost with.
for option in "$@"; do
  case "$option" in
    --with-go) packages+=(golang-go golang-google-grpc-dev golang-opentelemetry-otel-dev libgrpc++-dev protobuf-compiler-grpc) ;;
    --with-clang) packages+=(clang-14 libclang-rt-14-dev xz-utils perl) ;;
    *) echo "install-deps.sh: unknown option $option" >&2; exit 2 ;;
  esac
done
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
