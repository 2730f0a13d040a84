// The Go blog, "Go Concurrency Patterns: Pipelines and cancellation":
// gen and sq, then fan-out/fan-in with merge, then explicit cancellation
// with a done channel.
package main

import (
	"fmt"
	"sync"
)

func gen(nums ...int) <-chan int {
	out := make(chan int)
	go func() {
		for _, n := range nums {
			out <- n
		}
		close(out)
	}()
	return out
}

func sq(done <-chan struct{}, in <-chan int) <-chan int {
	out := make(chan int)
	go func() {
		defer close(out)
		for n := range in {
			select {
			case out <- n * n:
			case <-done:
				return
			}
		}
	}()
	return out
}

func merge(done <-chan struct{}, cs ...<-chan int) <-chan int {
	var wg sync.WaitGroup
	out := make(chan int)

	output := func(c <-chan int) {
		defer wg.Done()
		for n := range c {
			select {
			case out <- n:
			case <-done:
				return
			}
		}
	}
	wg.Add(len(cs))
	for _, c := range cs {
		go output(c)
	}

	go func() {
		wg.Wait()
		close(out)
	}()
	return out
}

func main() {
	done := make(chan struct{})
	// Set up the pipeline and consume the output.
	for n := range sq(done, sq(done, gen(2, 3))) {
		fmt.Println(n) // 16 then 81
	}

	in := gen(2, 3, 4)
	c1 := sq(done, in)
	c2 := sq(done, in)
	sum := 0
	for n := range merge(done, c1, c2) {
		sum += n
	}
	fmt.Println("sum of squares:", sum)

	// Consume only the first value, then tell the senders we're leaving.
	in = gen(5, 6)
	out := merge(done, sq(done, in), sq(done, in))
	v := <-out
	fmt.Println("first:", v == 25 || v == 36)
	close(done)
}
