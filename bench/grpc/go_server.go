// A quiet grpc-go grpc.health.v1 server for bench/grpc/run.sh: the same
// proto and the same reply as grpc_bench's gocpp server.
package main

import (
	"context"
	"flag"
	"fmt"
	"net"
	"os"

	"google.golang.org/grpc"
	"google.golang.org/grpc/health/grpc_health_v1"
)

type server struct {
	grpc_health_v1.UnimplementedHealthServer
}

func (server) Check(ctx context.Context, req *grpc_health_v1.HealthCheckRequest) (*grpc_health_v1.HealthCheckResponse, error) {
	return &grpc_health_v1.HealthCheckResponse{Status: grpc_health_v1.HealthCheckResponse_SERVING}, nil
}

func main() {
	addr := flag.String("addr", "127.0.0.1:0", "address")
	flag.Parse()
	lis, err := net.Listen("tcp", *addr)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	s := grpc.NewServer()
	grpc_health_v1.RegisterHealthServer(s, server{})
	fmt.Printf("listening on %s\n", lis.Addr())
	s.Serve(lis)
}
