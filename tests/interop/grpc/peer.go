// The Go side of the gRPC interop test: a grpc.health.v1 server and client
// that report what crossed the wire (deadline, metadata, traceparent,
// cancellation) in the same line format as gocpp_peer.cpp.
//
//	peer server -addr 127.0.0.1:0
//	peer client -addr HOST:PORT -traceparent TP
package main

import (
	"context"
	"flag"
	"fmt"
	"net"
	"os"
	"strings"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/health/grpc_health_v1"
	"google.golang.org/grpc/metadata"
)

type healthServer struct {
	grpc_health_v1.UnimplementedHealthServer
}

func (healthServer) Check(ctx context.Context, req *grpc_health_v1.HealthCheckRequest) (*grpc_health_v1.HealthCheckResponse, error) {
	remaining := "none"
	if d, ok := ctx.Deadline(); ok {
		remaining = fmt.Sprint(time.Until(d).Nanoseconds())
	}
	md, _ := metadata.FromIncomingContext(ctx)
	traceID := "none"
	if tp := md.Get("traceparent"); len(tp) > 0 {
		if parts := strings.Split(tp[0], "-"); len(parts) == 4 {
			traceID = parts[1]
		}
	}
	fmt.Printf("call service=%s remaining_ns=%s weburl=%v traceid=%s\n", req.Service, remaining, md.Get("weburl"), traceID)
	if req.Service == "block" {
		select {
		case <-ctx.Done():
			fmt.Printf("handler ctx: %v\n", ctx.Err())
		case <-time.After(10 * time.Second):
			fmt.Printf("handler ctx: never canceled\n")
		}
		return nil, ctx.Err()
	}
	return &grpc_health_v1.HealthCheckResponse{Status: grpc_health_v1.HealthCheckResponse_SERVING}, nil
}

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: peer server|client -addr ADDR [-traceparent TP]")
		os.Exit(2)
	}
	fs := flag.NewFlagSet(os.Args[1], flag.ExitOnError)
	addr := fs.String("addr", "127.0.0.1:0", "address")
	tp := fs.String("traceparent", "", "traceparent to send")
	fs.Parse(os.Args[2:])

	switch os.Args[1] {
	case "server":
		lis, err := net.Listen("tcp", *addr)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		s := grpc.NewServer()
		grpc_health_v1.RegisterHealthServer(s, healthServer{})
		fmt.Printf("listening on %s\n", lis.Addr())
		s.Serve(lis)
	case "client":
		conn, err := grpc.Dial(*addr, grpc.WithInsecure())
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		defer conn.Close()
		client := grpc_health_v1.NewHealthClient(conn)
		// Warm the connection up, so the measured call's deadline is not
		// spent on connection setup.
		if _, err := client.Check(context.Background(), &grpc_health_v1.HealthCheckRequest{Service: "warmup"}); err != nil {
			fmt.Println("warmup:", err)
			os.Exit(1)
		}
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		defer cancel()
		ctx = metadata.AppendToOutgoingContext(ctx, "weburl", "https://wlbcoder.com", "traceparent", *tp)
		resp, err := client.Check(ctx, &grpc_health_v1.HealthCheckRequest{Service: "deadline"})
		if err != nil {
			fmt.Println("check:", err)
			os.Exit(1)
		}
		fmt.Println("status:", resp.Status)

		ctx2, cancel2 := context.WithCancel(context.Background())
		time.AfterFunc(300*time.Millisecond, cancel2)
		_, err = client.Check(ctx2, &grpc_health_v1.HealthCheckRequest{Service: "block"})
		fmt.Println("cancel call:", err)
		// Give the server time to print what its handler saw.
		time.Sleep(200 * time.Millisecond)
	}
}
