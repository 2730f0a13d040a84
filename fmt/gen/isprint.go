package main

import (
	"fmt"
	"unicode"
)

// Prints the ranges of runes for which unicode.IsPrint is true.
func main() {
	start := -1
	n := 0
	for r := rune(0); r <= unicode.MaxRune+1; r++ {
		p := r <= unicode.MaxRune && unicode.IsPrint(r)
		if p && start < 0 {
			start = int(r)
		} else if !p && start >= 0 {
			fmt.Printf("{0x%X, 0x%X},", start, int(r)-1)
			n++
			if n%6 == 0 {
				fmt.Println()
			}
			start = -1
		}
	}
	fmt.Println()
}
