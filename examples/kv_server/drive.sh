#!/usr/bin/env bash
# drive.sh PORT_BINARY EXPECTED GO_SOURCE: the port's session transcript must
# equal EXPECTED (recorded from Go) and, when go is installed, Go's own.
set -u
port_bin=$1 expected=$2 go_src=$3
here=$(dirname "$0")
got=$(bash "$here/session.sh" "$port_bin") || { echo "$got"; exit 1; }
diff -u "$expected" <(printf '%s\n' "$got") || exit 1
if ! command -v go >/dev/null; then
  echo "go not installed: comparison with the Go original skipped"
  exit 0
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export GOCACHE=$work/cache GOPATH=$work/gopath GO111MODULE=off GOFLAGS=
go build -o "$work/kv_server_go" "$go_src" || exit 1
want=$(bash "$here/session.sh" "$work/kv_server_go") || { echo "$want"; exit 1; }
diff -u <(printf '%s\n' "$want") <(printf '%s\n' "$got") || exit 1
echo ok
