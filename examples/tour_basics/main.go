// A Tour of Go, the Basics pages: packages, imports, functions, multiple and
// named results, variables, basic types, zero values, type conversion and
// inference, constants.
package main

import (
	"fmt"
	"math"
	"math/cmplx"
	"math/rand"
)

func add(x, y int) int { return x + y }

func swap(x, y string) (string, string) { return y, x }

func split(sum int) (x, y int) {
	x = sum * 4 / 9
	y = sum - x
	return
}

var c, python, java bool

var (
	ToBe   bool       = false
	MaxInt uint64     = 1<<64 - 1
	z      complex128 = cmplx.Sqrt(-5 + 12i)
)

const Pi = 3.14

const (
	Big   = 1 << 100
	Small = Big >> 99
)

func needInt(x int) int           { return x*10 + 1 }
func needFloat(x float64) float64 { return x * 0.1 }

func main() {
	fmt.Println("My favorite number is", rand.Intn(10))
	fmt.Printf("Now you have %g problems.\n", math.Sqrt(7))
	fmt.Println(math.Pi)
	fmt.Println(add(42, 13))
	a, b := swap("hello", "world")
	fmt.Println(a, b)
	fmt.Println(split(17))
	var i int
	fmt.Println(i, c, python, java)
	var k, j int = 1, 2
	var cc, py, jv = true, false, "no!"
	fmt.Println(k, j, cc, py, jv)
	fmt.Printf("Type: %T Value: %v\n", ToBe, ToBe)
	fmt.Printf("Type: %T Value: %v\n", MaxInt, MaxInt)
	_ = z
	var f float64
	var s string
	var bb bool
	fmt.Printf("%v %v %v %q\n", i, f, bb, s)
	x, y := 3, 4
	ff := math.Sqrt(float64(x*x + y*y))
	var zz uint = uint(ff)
	fmt.Println(x, y, zz)
	v := 42.5
	fmt.Printf("v is of type %T\n", v)
	const World = "世界"
	fmt.Println("Hello", World)
	fmt.Println("Happy", Pi, "Day")
	fmt.Println(needInt(Small))
	fmt.Println(needFloat(Small))
	fmt.Println(needFloat(Big))
	sum := 0
	for i := 0; i < 10; i++ {
		sum += i
	}
	fmt.Println(sum)
	fmt.Println(math.Sqrt(2), math.Pow(3, 3), math.Inf(1), -0.000012)
	fmt.Printf("%6.2f|%-8v|%08.3f|%x|%X|%o|%b|%c|%U\n", math.Pi, "go", -math.E, 255, "hi", 8, 5, 'G', '⌘')
	fmt.Println([]string{"a", "b"}, map[string]int{"z": 1, "a": 2}, [3]bool{true})
}
