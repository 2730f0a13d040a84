// The Go side of bench/http: net/http's hello world, and the client that
// holds idle keep-alive connections for the RSS measurement.
//
//	main server ADDR       prints "listening on ADDR", serves / with "Hello, World!"
//	main hold ADDR N       opens N connections, one GET on each, keeps them
//	                       open; prints "idle" once all N have been answered
//	main client URL N      N GETs of URL one after another on one keep-alive
//	                       connection, each body read to its end; prints ns
//	                       per request and CPU us per request
package main

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"strconv"
	"syscall"
	"time"
)

func cpuSeconds() float64 {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return float64(ru.Utime.Sec+ru.Stime.Sec) + float64(ru.Utime.Usec+ru.Stime.Usec)/1e6
}

func main() {
	switch os.Args[1] {
	case "server":
		ln, err := net.Listen("tcp", os.Args[2])
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		fmt.Println("listening on", ln.Addr())
		http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
			io.WriteString(w, "Hello, World!")
		})
		fmt.Fprintln(os.Stderr, http.Serve(ln, nil))
	case "client":
		n, _ := strconv.Atoi(os.Args[3])
		c := &http.Client{Transport: &http.Transport{}}
		t0 := time.Now()
		cpu0 := cpuSeconds()
		for i := 0; i < n; i++ {
			resp, err := c.Get(os.Args[2])
			if err != nil {
				fmt.Fprintln(os.Stderr, err)
				os.Exit(1)
			}
			body, err := io.ReadAll(resp.Body)
			resp.Body.Close()
			if err != nil || string(body) != "Hello, World!" {
				fmt.Fprintln(os.Stderr, "bad body:", string(body), err)
				os.Exit(1)
			}
		}
		cpu := cpuSeconds() - cpu0
		ns := float64(time.Since(t0).Nanoseconds())
		c.CloseIdleConnections()
		fmt.Printf("%.0f %.2f\n", ns/float64(n), cpu*1e6/float64(n))
	case "hold":
		n, _ := strconv.Atoi(os.Args[3])
		conns := make([]net.Conn, 0, n)
		for i := 0; i < n; i++ {
			c, err := net.Dial("tcp", os.Args[2])
			if err != nil {
				fmt.Fprintln(os.Stderr, err)
				os.Exit(1)
			}
			fmt.Fprintf(c, "GET / HTTP/1.1\r\nHost: bench\r\n\r\n")
			resp, err := http.ReadResponse(bufio.NewReader(c), nil)
			if err != nil {
				fmt.Fprintln(os.Stderr, err)
				os.Exit(1)
			}
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			conns = append(conns, c)
		}
		fmt.Println("idle")
		time.Sleep(time.Hour)
	}
}
