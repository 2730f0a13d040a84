// The Go net/http peer for gocpp's HTTP interop test (Go 1.19, standard
// library only; build with GO111MODULE=off).
//
// Server mode:
//
//	peer server [-addr 127.0.0.1:0]
//
// prints "listening on ADDR" as its first line, then one line per event:
// "conn new N" when connection N opens (http.Server.ConnState), "slow:
// started" and "slow: <ctx.Err()>" around /slow. Paths:
//
//	/hello    "hello, world\n" with Content-Length
//	/chunked  "chunk 0\n" .. "chunk 2\n", flushed one by one (chunked)
//	/slow     blocks until the request's context ends, then prints
//	          "slow: context canceled" on stdout (the client went away)
//	/headers  the request's header as "Key: value" lines, sorted; sets
//	          the response header "X-Peer: go"
//	/echo     "METHOD len=N chunked=BOOL body=BODY"
//	/gzip     "line 0\n" .. "line 19999\n", gzip-compressed
//	          (Content-Encoding: gzip)
//	/conns    the number of connections accepted so far
//
// Client mode (drives a gocpp server):
//
//	peer client -url http://127.0.0.1:PORT [-checks hello,chunked,headers,keepalive,cancel]
//	            [-slow /slow?ms=10000] [-cancel-after 300ms]
//
// runs each check in order against -url and prints "PASS name: detail" or
// "FAIL name: detail"; exits 1 if any failed. The checks:
//
//	hello      GET /hello: 200 and body "hello, world\n"
//	chunked    GET /chunked: a chunked response, its body printed
//	headers    GET /headers with X-Request-ID: abc: 200 and "abc" in the body
//	keepalive  three GET /hello on one Transport: the 2nd and 3rd reuse the
//	           1st connection (httptrace GotConn Reused)
//	cancel     GET -slow under a context that ends after -cancel-after: the
//	           call fails with "context deadline exceeded"
package main

import (
	"compress/gzip"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptrace"
	"os"
	"sort"
	"strings"
	"sync"
	"time"
)

var out sync.Mutex

func say(format string, args ...interface{}) {
	out.Lock()
	defer out.Unlock()
	fmt.Printf(format+"\n", args...)
}

func serve(addr string) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	var mu sync.Mutex
	conns := 0
	mux := http.NewServeMux()
	mux.HandleFunc("/hello", func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, "hello, world\n")
	})
	mux.HandleFunc("/chunked", func(w http.ResponseWriter, r *http.Request) {
		for i := 0; i < 3; i++ {
			fmt.Fprintf(w, "chunk %d\n", i)
			w.(http.Flusher).Flush()
		}
	})
	mux.HandleFunc("/slow", func(w http.ResponseWriter, r *http.Request) {
		say("slow: started")
		<-r.Context().Done()
		say("slow: %v", r.Context().Err())
	})
	mux.HandleFunc("/headers", func(w http.ResponseWriter, r *http.Request) {
		keys := make([]string, 0, len(r.Header))
		for k := range r.Header {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		w.Header().Set("X-Peer", "go")
		for _, k := range keys {
			fmt.Fprintf(w, "%s: %s\n", k, strings.Join(r.Header[k], ","))
		}
	})
	mux.HandleFunc("/echo", func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		chunked := len(r.TransferEncoding) > 0 && r.TransferEncoding[0] == "chunked"
		fmt.Fprintf(w, "%s len=%d chunked=%v body=%s", r.Method, r.ContentLength, chunked, body)
	})
	mux.HandleFunc("/gzip", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Encoding", "gzip")
		zw := gzip.NewWriter(w)
		for i := 0; i < 20000; i++ {
			fmt.Fprintf(zw, "line %d\n", i)
		}
		zw.Close()
	})
	mux.HandleFunc("/conns", func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		fmt.Fprintf(w, "%d", conns)
	})
	srv := &http.Server{Handler: mux, ConnState: func(c net.Conn, s http.ConnState) {
		if s == http.StateNew {
			mu.Lock()
			conns++
			n := conns
			mu.Unlock()
			say("conn new %d", n)
		}
	}}
	say("listening on %s", ln.Addr())
	if err := srv.Serve(ln); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

func client(base, checks, slow string, cancelAfter time.Duration) {
	tr := &http.Transport{}
	c := &http.Client{Transport: tr}
	failed := false
	result := func(name string, err error, detail string) {
		if err != nil {
			failed = true
			say("FAIL %s: %v", name, err)
			return
		}
		say("PASS %s: %s", name, detail)
	}
	get := func(path string, hdr map[string]string) (*http.Response, string, error) {
		req, err := http.NewRequest("GET", base+path, nil)
		if err != nil {
			return nil, "", err
		}
		for k, v := range hdr {
			req.Header.Set(k, v)
		}
		resp, err := c.Do(req)
		if err != nil {
			return nil, "", err
		}
		defer resp.Body.Close()
		body, err := io.ReadAll(resp.Body)
		return resp, string(body), err
	}
	for _, check := range strings.Split(checks, ",") {
		switch check {
		case "hello":
			resp, body, err := get("/hello", nil)
			if err == nil && (resp.StatusCode != 200 || body != "hello, world\n") {
				err = fmt.Errorf("got %d %q", resp.StatusCode, body)
			}
			result(check, err, fmt.Sprintf("%d %q", 200, body))
		case "chunked":
			resp, body, err := get("/chunked", nil)
			if err == nil && (len(resp.TransferEncoding) != 1 || resp.TransferEncoding[0] != "chunked") {
				err = fmt.Errorf("transfer encoding %v, body %q", resp.TransferEncoding, body)
			}
			result(check, err, fmt.Sprintf("chunked %q", body))
		case "headers":
			resp, body, err := get("/headers", map[string]string{"X-Request-ID": "abc"})
			if err == nil && (resp.StatusCode != 200 || !strings.Contains(body, "abc")) {
				err = fmt.Errorf("got %d %q", resp.StatusCode, body)
			}
			result(check, err, fmt.Sprintf("%q", body))
		case "keepalive":
			var reused []bool
			var err error
			for i := 0; i < 3 && err == nil; i++ {
				trace := &httptrace.ClientTrace{GotConn: func(info httptrace.GotConnInfo) {
					reused = append(reused, info.Reused)
				}}
				req, _ := http.NewRequestWithContext(
					httptrace.WithClientTrace(context.Background(), trace), "GET", base+"/hello", nil)
				var resp *http.Response
				if resp, err = c.Do(req); err == nil {
					io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
				}
			}
			if err == nil && (len(reused) != 3 || !reused[1] || !reused[2]) {
				err = fmt.Errorf("reused %v", reused)
			}
			result(check, err, fmt.Sprintf("reused %v", reused))
		case "cancel":
			ctx, cancel := context.WithTimeout(context.Background(), cancelAfter)
			req, _ := http.NewRequestWithContext(ctx, "GET", base+slow, nil)
			resp, err := c.Do(req)
			cancel()
			if err == nil {
				resp.Body.Close()
				result(check, errors.New("the call succeeded"), "")
			} else if !errors.Is(err, context.DeadlineExceeded) {
				result(check, fmt.Errorf("error %v", err), "")
			} else {
				result(check, nil, err.Error())
			}
		default:
			result(check, errors.New("unknown check"), "")
		}
	}
	if failed {
		os.Exit(1)
	}
}

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: peer server|client [flags]")
		os.Exit(2)
	}
	fs := flag.NewFlagSet(os.Args[1], flag.ExitOnError)
	addr := fs.String("addr", "127.0.0.1:0", "server: listen address")
	url := fs.String("url", "", "client: the server's base URL")
	checks := fs.String("checks", "hello,chunked,headers,keepalive,cancel", "client: checks to run")
	slow := fs.String("slow", "/slow?ms=10000", "client: the path that blocks until canceled")
	cancelAfter := fs.Duration("cancel-after", 300*time.Millisecond, "client: the cancel check's timeout")
	fs.Parse(os.Args[2:])
	switch os.Args[1] {
	case "server":
		serve(*addr)
	case "client":
		client(*url, *checks, *slow, *cancelAfter)
	default:
		fmt.Fprintln(os.Stderr, "usage: peer server|client [flags]")
		os.Exit(2)
	}
}
