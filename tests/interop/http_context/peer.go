// The Go side of the HTTP context interop (run.sh): a net/http server and
// client that carry a context across the process boundary the way an
// otelhttp service with grpc-go's deadline header does:
//   - the span as W3C traceparent (go.opentelemetry.io/otel/propagation);
//   - the deadline as grpc-timeout, in grpc-go's encoding.
//
//	peer server -addr HOST:PORT
//	    prints "listening on ADDR"; for GET / prints
//	    "handler ctx: deadline=<time left> traceid=<id>"; for GET /cancel
//	    waits for the request's context and prints
//	    "handler canceled: <ctx.Err()>".
//	peer client -addr ADDR -traceparent TP
//	    GET / with a 1s timeout and the span TP, prints the reply's body;
//	    then GET /cancel, canceled after 300ms, and prints "cancel: <err>".
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"math"
	"net"
	"net/http"
	"os"
	"strconv"
	"time"

	"go.opentelemetry.io/otel/propagation"
	"go.opentelemetry.io/otel/trace"
)

var tc = propagation.TraceContext{}

// encodeTimeout: grpc-go's rule, the finest unit whose value, rounded up,
// fits in 8 digits.
func encodeTimeout(t time.Duration) string {
	if t <= 0 {
		return "0n"
	}
	const maxDigits = 99999999
	for _, u := range []struct {
		d time.Duration
		s string
	}{{time.Nanosecond, "n"}, {time.Microsecond, "u"}, {time.Millisecond, "m"}, {time.Second, "S"}, {time.Minute, "M"}, {time.Hour, "H"}} {
		v := (t + u.d - 1) / u.d
		if v <= maxDigits {
			return strconv.FormatInt(int64(v), 10) + u.s
		}
	}
	return strconv.FormatInt(math.MaxInt32, 10) + "H"
}

// decodeTimeout: the inverse, for the units grpc-go accepts.
func decodeTimeout(s string) (time.Duration, error) {
	if len(s) < 2 || len(s) > 9 {
		return 0, fmt.Errorf("bad grpc-timeout %q", s)
	}
	units := map[byte]time.Duration{'H': time.Hour, 'M': time.Minute, 'S': time.Second, 'm': time.Millisecond, 'u': time.Microsecond, 'n': time.Nanosecond}
	d, ok := units[s[len(s)-1]]
	if !ok {
		return 0, fmt.Errorf("bad grpc-timeout unit %q", s)
	}
	v, err := strconv.ParseInt(s[:len(s)-1], 10, 64)
	if err != nil {
		return 0, err
	}
	return time.Duration(v) * d, nil
}

// contextFrom is what the server middleware does: the remote span and the
// deadline from the headers.
func contextFrom(r *http.Request) (context.Context, context.CancelFunc) {
	ctx := tc.Extract(r.Context(), propagation.HeaderCarrier(r.Header))
	if v := r.Header.Get("grpc-timeout"); v != "" {
		if d, err := decodeTimeout(v); err == nil {
			return context.WithTimeout(ctx, d)
		}
	}
	return context.WithCancel(ctx)
}

func server(addr string) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Println("listening on", ln.Addr())
	http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := contextFrom(r)
		defer cancel()
		deadline, ok := ctx.Deadline()
		left := "none"
		if ok {
			left = time.Until(deadline).String()
		}
		line := fmt.Sprintf("handler ctx: deadline=%s traceid=%s", left, trace.SpanContextFromContext(ctx).TraceID())
		fmt.Println(line)
		io.WriteString(w, line)
	})
	http.HandleFunc("/cancel", func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := contextFrom(r)
		defer cancel()
		<-ctx.Done()
		fmt.Println("handler canceled:", ctx.Err())
	})
	http.Serve(ln, nil)
}

func get(ctx context.Context, url string) (string, error) {
	req, err := http.NewRequestWithContext(ctx, "GET", url, nil)
	if err != nil {
		return "", err
	}
	if deadline, ok := ctx.Deadline(); ok {
		req.Header.Set("grpc-timeout", encodeTimeout(time.Until(deadline)))
	}
	tc.Inject(ctx, propagation.HeaderCarrier(req.Header))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	return string(body), err
}

func client(addr, traceparent string) {
	ctx := tc.Extract(context.Background(), propagation.HeaderCarrier(http.Header{"Traceparent": {traceparent}}))
	tctx, cancel := context.WithTimeout(ctx, time.Second)
	body, err := get(tctx, "http://"+addr+"/")
	cancel()
	if err != nil {
		fmt.Println("error:", err)
		os.Exit(1)
	}
	fmt.Println("reply:", body)
	cctx, cancel2 := context.WithCancel(ctx)
	time.AfterFunc(300*time.Millisecond, cancel2)
	_, err = get(cctx, "http://"+addr+"/cancel")
	fmt.Println("cancel:", err)
}

func main() {
	addr := flag.String("addr", "127.0.0.1:0", "address")
	tp := flag.String("traceparent", "", "the caller's span")
	mode := os.Args[1]
	flag.CommandLine.Parse(os.Args[2:])
	switch mode {
	case "server":
		server(*addr)
	case "client":
		client(*addr, *tp)
	}
}
