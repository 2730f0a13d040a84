// net_bench's Go reference: the same modes as bench/net/net_bench.cpp.
package main

import (
	"fmt"
	"io"
	"net"
	"os"
	"strconv"
	"sync"
	"sync/atomic"
	"time"
)

func server(addr string) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Println("listening on", ln.Addr())
	for {
		c, err := ln.Accept()
		if err != nil {
			os.Exit(1)
		}
		go func() {
			buf := make([]byte, 4096)
			for {
				n, err := c.Read(buf)
				if n > 0 {
					if _, err := c.Write(buf[:n]); err != nil {
						break
					}
				}
				if err != nil {
					break
				}
			}
			c.Close()
		}()
	}
}

func pingpong(addr string, n int) {
	c, err := net.Dial("tcp", addr)
	if err != nil {
		os.Exit(1)
	}
	msg := make([]byte, 64)
	buf := make([]byte, 64)
	start := time.Now()
	for i := 0; i < n; i++ {
		c.Write(msg)
		if _, err := io.ReadFull(c, buf); err != nil {
			os.Exit(1)
		}
	}
	fmt.Printf("tcp_pingpong %.0f ns/op\n", float64(time.Since(start).Nanoseconds())/float64(n))
}

func echo(addr string, conns, secs int) {
	var msgs int64
	var stop int32
	var wg sync.WaitGroup
	for i := 0; i < conns; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c, err := net.Dial("tcp", addr)
			if err != nil {
				return
			}
			msg := make([]byte, 512)
			buf := make([]byte, 512)
			for atomic.LoadInt32(&stop) == 0 {
				if _, err := c.Write(msg); err != nil {
					break
				}
				if _, err := io.ReadFull(c, buf); err != nil {
					break
				}
				atomic.AddInt64(&msgs, 1)
			}
			c.Close()
		}()
	}
	time.Sleep(time.Second)
	before := atomic.LoadInt64(&msgs)
	start := time.Now()
	time.Sleep(time.Duration(secs) * time.Second)
	done := atomic.LoadInt64(&msgs) - before
	s := time.Since(start).Seconds()
	atomic.StoreInt32(&stop, 1)
	wg.Wait()
	fmt.Printf("tcp_echo_%d %.0f msgs/s\n", conns, float64(done)/s)
}

func idle(addr string, conns, secs int) {
	var cs []net.Conn
	b := make([]byte, 1)
	for i := 0; i < conns; i++ {
		c, err := net.Dial("tcp", addr)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		c.Write([]byte("x"))
		io.ReadFull(c, b)
		cs = append(cs, c)
	}
	fmt.Printf("idle %d connections\n", conns)
	time.Sleep(time.Duration(secs) * time.Second)
	for _, c := range cs {
		c.Close()
	}
}

func arg(i, def int) int {
	if len(os.Args) > i {
		n, _ := strconv.Atoi(os.Args[i])
		return n
	}
	return def
}

func main() {
	if len(os.Args) < 3 {
		fmt.Fprintln(os.Stderr, "usage: net_bench server|pingpong|echo|idle ADDR ...")
		os.Exit(2)
	}
	addr := os.Args[2]
	switch os.Args[1] {
	case "server":
		server(addr)
	case "pingpong":
		pingpong(addr, arg(3, 100000))
	case "echo":
		echo(addr, arg(3, 1000), arg(4, 5))
	case "idle":
		idle(addr, arg(3, 10000), arg(4, 5))
	}
}
