package picture

import (
	"math"
	"strconv"
	"strings"
)

// roundHalfEven rounds v to places decimal places, ties to even. The shift
// is done on the shortest decimal representation of v rather than by
// multiplying by a power of ten, so 1.005 has the decimal digits the user
// wrote; jsonata-js's $round does the same.
func roundHalfEven(v float64, places int) float64 {
	if places == 0 || math.IsNaN(v) || math.IsInf(v, 0) {
		return math.RoundToEven(v)
	}
	shifted, ok := shiftDecimal(v, places)
	if !ok {
		return v
	}
	r := math.RoundToEven(shifted)
	back, ok := shiftDecimal(r, -places)
	if !ok {
		return v
	}
	return back
}

// shiftDecimal returns v * 10^places computed on v's decimal digits.
func shiftDecimal(v float64, places int) (float64, bool) {
	s := strconv.FormatFloat(v, 'e', -1, 64)
	mant, exp, _ := strings.Cut(s, "e")
	e, err := strconv.Atoi(exp)
	if err != nil {
		return 0, false
	}
	out, err := strconv.ParseFloat(mant+"e"+strconv.Itoa(e+places), 64)
	if err != nil && !math.IsInf(out, 0) {
		return 0, false
	}
	return out, !math.IsInf(out, 0)
}

// formatFixed writes v with exactly places fraction digits, like
// JavaScript's toFixed but without its switch to exponent notation at 1e21.
func formatFixed(v float64, places int) string {
	return strconv.FormatFloat(v, 'f', places, 64)
}
