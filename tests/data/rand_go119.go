// Prints the values tests/rand_test.cpp checks, as Go 1.19's math/rand
// gives them. Regenerate with: go run tests/data/rand_go119.go > tests/data/rand_go119.txt
package main

import (
	"fmt"
	"math/rand"
)

func main() {
	// The top-level functions before any Seed call (Go 1.19: seed 1).
	fmt.Println("default", rand.Int63(), rand.Intn(100), rand.Float64())
	for _, seed := range []int64{0, 1, 42, -7, 1 << 40, 2147483647} {
		r := rand.New(rand.NewSource(seed))
		fmt.Print("seed ", seed, ":")
		for i := 0; i < 5; i++ {
			fmt.Print(" ", r.Int63())
		}
		fmt.Print(" |")
		for i := 0; i < 5; i++ {
			fmt.Print(" ", r.Intn(1000))
		}
		fmt.Print(" |")
		for i := 0; i < 3; i++ {
			fmt.Print(" ", r.Int31n(7), " ", r.Int63n(1e12), " ", r.Uint32(), " ", r.Int31())
		}
		fmt.Print(" |")
		for i := 0; i < 3; i++ {
			fmt.Printf(" %.17g %.9g", r.Float64(), r.Float32())
		}
		fmt.Print(" | ", r.Perm(10), " ", r.Uint64(), " ", r.Int())
		s := []int{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}
		r.Shuffle(len(s), func(i, j int) { s[i], s[j] = s[j], s[i] })
		fmt.Println(" |", s)
	}
	rand.Seed(99)
	fmt.Println("seeded", rand.Intn(10), rand.Intn(10), rand.Intn(10), rand.Perm(5))
}
