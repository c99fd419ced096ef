package picture

import (
	"math"
	"strings"
)

const maxRoman = 100000

var romanTable = []struct {
	value int
	text  string
}{
	{1000, "m"}, {900, "cm"}, {500, "d"}, {400, "cd"}, {100, "c"}, {90, "xc"},
	{50, "l"}, {40, "xl"}, {10, "x"}, {9, "ix"}, {5, "v"}, {4, "iv"}, {1, "i"},
}

// toRoman writes v in lower-case roman numerals; 0 is the empty string.
func toRoman(v int) string {
	var b strings.Builder
	for _, e := range romanTable {
		for v >= e.value {
			b.WriteString(e.text)
			v -= e.value
		}
	}
	return b.String()
}

// fromRoman reads roman numerals of either case, subtracting a numeral that
// is smaller than one to its right.
func fromRoman(s string) float64 {
	total, largest := 0.0, 0.0
	for i := len(s) - 1; i >= 0; i-- {
		v := romanValue(s[i])
		if v < largest {
			total -= v
		} else {
			largest = v
			total += v
		}
	}
	return total
}

func romanValue(c byte) float64 {
	switch c | 0x20 {
	case 'm':
		return 1000
	case 'd':
		return 500
	case 'c':
		return 100
	case 'l':
		return 50
	case 'x':
		return 10
	case 'v':
		return 5
	case 'i':
		return 1
	}
	return 0
}

// toLetters writes v in spreadsheet-column style: a..z, aa..az, ba...
func toLetters(v float64, a rune) string {
	var rev []rune
	for v > 0 {
		rev = append(rev, rune(math.Mod(v-1, 26))+a)
		v = math.Floor((v - 1) / 26)
	}
	for i, j := 0, len(rev)-1; i < j; i, j = i+1, j-1 {
		rev[i], rev[j] = rev[j], rev[i]
	}
	return string(rev)
}

// fromLetters reads spreadsheet-column letters (either case).
func fromLetters(s string) float64 {
	total := 0.0
	for i := 0; i < len(s); i++ {
		total = total*26 + float64(s[i]|0x20-'a'+1)
	}
	return total
}
