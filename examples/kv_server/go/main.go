// kv_server: a line-based key-value server over TCP.
//
//	SET key value | GET key | DEL key | KEYS | QUIT
package main

import (
	"bufio"
	"flag"
	"fmt"
	"net"
	"os"
	"sort"
	"strings"
	"sync"
)

type store struct {
	mu sync.Mutex
	m  map[string]string
}

func (s *store) handle(conn net.Conn) {
	defer conn.Close()
	sc := bufio.NewScanner(conn)
	w := bufio.NewWriter(conn)
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) == 0 {
			continue
		}
		switch strings.ToUpper(f[0]) {
		case "SET":
			if len(f) != 3 {
				fmt.Fprintln(w, "ERR usage: SET key value")
				break
			}
			s.mu.Lock()
			s.m[f[1]] = f[2]
			s.mu.Unlock()
			fmt.Fprintln(w, "OK")
		case "GET":
			if len(f) != 2 {
				fmt.Fprintln(w, "ERR usage: GET key")
				break
			}
			s.mu.Lock()
			v, ok := s.m[f[1]]
			s.mu.Unlock()
			if ok {
				fmt.Fprintln(w, "VALUE", v)
			} else {
				fmt.Fprintln(w, "NOT FOUND")
			}
		case "DEL":
			if len(f) != 2 {
				fmt.Fprintln(w, "ERR usage: DEL key")
				break
			}
			s.mu.Lock()
			_, ok := s.m[f[1]]
			delete(s.m, f[1])
			s.mu.Unlock()
			fmt.Fprintln(w, "DELETED", ok)
		case "KEYS":
			s.mu.Lock()
			keys := make([]string, 0, len(s.m))
			for k := range s.m {
				keys = append(keys, k)
			}
			s.mu.Unlock()
			sort.Strings(keys)
			fmt.Fprintf(w, "KEYS %d %s\n", len(keys), strings.Join(keys, ","))
		case "QUIT":
			fmt.Fprintln(w, "BYE")
			w.Flush()
			return
		default:
			fmt.Fprintf(w, "ERR unknown command %q\n", f[0])
		}
		w.Flush()
	}
}

func main() {
	addr := flag.String("addr", "127.0.0.1:0", "listen address")
	flag.Parse()
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Println("listening on", ln.Addr())
	s := &store{m: map[string]string{}}
	for {
		conn, err := ln.Accept()
		if err != nil {
			return
		}
		go s.handle(conn)
	}
}
