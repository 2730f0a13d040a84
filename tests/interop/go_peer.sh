# Sourced by the interop run scripts: builds a Go peer offline, once per
# work directory, and again only when its source is newer.
#
#   build_go_peer SOURCE WORK PACKAGE   -> sets go_peer (exits 1 if go build fails)
#
# GOPATH mode (GO111MODULE=off) with WORK/gopath first and Debian's
# /usr/share/gocode after it, so grpc-go and OpenTelemetry Go come from their
# packages; the Go cache is WORK/gocache. A lock serialises the GOMAXPROCS=1
# and 2 entries, which ctest may run at once.
build_go_peer() {
    local source=$1 work=$2 package=$3
    go_peer=$work/go_peer
    mkdir -p "$work/gopath/src/$package"
    (
        flock 9
        if [ ! -x "$go_peer" ] || [ "$source" -nt "$go_peer" ]; then
            cp "$source" "$work/gopath/src/$package/main.go"
            (cd "$work/gopath/src/$package" &&
                GO111MODULE=off GOPATH="$work/gopath:/usr/share/gocode" GOCACHE="$work/gocache" \
                    GOFLAGS= go build -o "$go_peer" .) || exit 1
        fi
    ) 9>"$work/build.lock" || { echo "FAIL: building the Go peer"; exit 1; }
}
