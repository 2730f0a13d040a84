// A Tour of Go, "Exercise: Errors": Sqrt returns a non-nil error value
// when given a negative number.
package main

import (
	"fmt"
)

type ErrNegativeSqrt float64

func (e ErrNegativeSqrt) Error() string {
	return fmt.Sprint("cannot Sqrt negative number: ", float64(e))
}

func Sqrt(x float64) (float64, error) {
	if x < 0 {
		return 0, ErrNegativeSqrt(x)
	}
	z := 1.0
	for i := 0; i < 10; i++ {
		z -= (z*z - x) / (2 * z)
	}
	return z, nil
}

func main() {
	fmt.Println(Sqrt(2))
	fmt.Println(Sqrt(-2))
	for _, v := range []float64{4, 9, 1e6, 0.25} {
		r, err := Sqrt(v)
		fmt.Printf("sqrt(%v) = %.6f, err: %v\n", v, r, err)
	}
}
