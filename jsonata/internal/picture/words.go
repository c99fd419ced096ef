package picture

import (
	"math"
	"strings"
)

// English number words, title case as jsonata-js builds them ("and" stays
// lower case, so "Ww" gives "Five Hundred and Fifty-Five").
var (
	fewWords = []string{"Zero", "One", "Two", "Three", "Four", "Five", "Six", "Seven", "Eight", "Nine", "Ten",
		"Eleven", "Twelve", "Thirteen", "Fourteen", "Fifteen", "Sixteen", "Seventeen", "Eighteen", "Nineteen"}
	ordinalWords = []string{"Zeroth", "First", "Second", "Third", "Fourth", "Fifth", "Sixth", "Seventh", "Eighth",
		"Ninth", "Tenth", "Eleventh", "Twelfth", "Thirteenth", "Fourteenth", "Fifteenth", "Sixteenth",
		"Seventeenth", "Eighteenth", "Nineteenth"}
	decadeWords    = []string{"Twenty", "Thirty", "Forty", "Fifty", "Sixty", "Seventy", "Eighty", "Ninety"}
	magnitudeWords = []string{"Thousand", "Million", "Billion", "Trillion"}
)

// toWords writes a non-negative integer in English words. Beyond trillions
// the largest word repeats ("ten billion trillion trillion trillion").
func toWords(v float64, ordinal bool) string {
	var b strings.Builder
	writeWords(&b, v, false, ordinal)
	return b.String()
}

func writeWords(b *strings.Builder, num float64, prev, ordinal bool) {
	switch {
	case num <= 19:
		if prev {
			b.WriteString(" and ")
		}
		if ordinal {
			b.WriteString(ordinalWords[int(num)])
		} else {
			b.WriteString(fewWords[int(num)])
		}
	case num < 100:
		if prev {
			b.WriteString(" and ")
		}
		tens, rest := int(num)/10, math.Mod(num, 10)
		decade := decadeWords[tens-2]
		switch {
		case rest > 0:
			b.WriteString(decade)
			b.WriteByte('-')
			writeWords(b, rest, false, ordinal)
		case ordinal:
			b.WriteString(decade[:len(decade)-1] + "ieth")
		default:
			b.WriteString(decade)
		}
	case num < 1000:
		if prev {
			b.WriteString(", ")
		}
		hundreds, rest := int(num)/100, math.Mod(num, 100)
		b.WriteString(fewWords[hundreds])
		b.WriteString(" Hundred")
		if rest > 0 {
			writeWords(b, rest, true, ordinal)
		} else if ordinal {
			b.WriteString("th")
		}
	default:
		if prev {
			b.WriteString(", ")
		}
		// The magnitude is found by comparison, not log10, which is not
		// exact at powers of ten.
		mag := 1
		for mag < len(magnitudeWords) && num >= math.Pow10(3*(mag+1)) {
			mag++
		}
		factor := math.Pow10(3 * mag)
		mant := math.Floor(num / factor)
		rest := num - mant*factor
		writeWords(b, mant, false, false)
		b.WriteByte(' ')
		b.WriteString(magnitudeWords[mag-1])
		if rest > 0 {
			writeWords(b, rest, true, ordinal)
		} else if ordinal {
			b.WriteString("th")
		}
	}
}

// wordValues maps every lower-case word (cardinal and ordinal) to its value.
var wordValues = func() map[string]float64 {
	m := map[string]float64{"hundred": 100, "hundredth": 100}
	for i, w := range fewWords {
		m[strings.ToLower(w)] = float64(i)
	}
	for i, w := range ordinalWords {
		m[strings.ToLower(w)] = float64(i)
	}
	for i, w := range decadeWords {
		lw := strings.ToLower(w)
		m[lw] = float64(i+2) * 10
		m[lw[:len(lw)-1]+"ieth"] = float64(i+2) * 10
	}
	for i, w := range magnitudeWords {
		lw := strings.ToLower(w)
		m[lw] = math.Pow10(3 * (i + 1))
		m[lw+"th"] = math.Pow10(3 * (i + 1))
	}
	return m
}()

// fromWords reads English number words (either case, cardinal or ordinal,
// with "and", commas and hyphens) and reports whether every word was known.
//
// It keeps a stack of groups: words below 100 add to the last group (or
// start one after a group of a thousand or more, so "nineteen hundred and
// eighty-four" is 1900 + 84), "hundred" multiplies the last group, and a
// magnitude multiplies every trailing group smaller than itself, so "one
// thousand, two hundred trillion" is 1200 trillion. A magnitude straight
// after another multiplies the last group, which reads the repeated largest
// word ("ten billion trillion trillion"). jsonata-js multiplies only the
// last group, which misreads the first example's kind.
func fromWords(text string) (float64, bool) {
	words := strings.FieldsFunc(strings.ToLower(text), func(r rune) bool {
		return r == ' ' || r == '-' || r == ',' || r == '\t'
	})
	var groups []float64
	afterMagnitude, seen := false, false
	for _, w := range words {
		if w == "and" {
			continue
		}
		v, ok := wordValues[w]
		if !ok {
			return 0, false
		}
		seen = true
		n := len(groups)
		switch {
		case v < 100:
			if n == 0 || groups[n-1] >= 1000 {
				groups = append(groups, v)
			} else {
				groups[n-1] += v
			}
			afterMagnitude = false
		case v == 100:
			if n == 0 {
				groups = append(groups, v)
			} else {
				groups[n-1] *= v
			}
			afterMagnitude = false
		case afterMagnitude:
			groups[n-1] *= v
		default:
			sum := 0.0
			for n > 0 && groups[n-1] < v {
				sum += groups[n-1]
				n--
			}
			groups = append(groups[:n], sum*v)
			afterMagnitude = true
		}
	}
	total := 0.0
	for _, g := range groups {
		total += g
	}
	return total, seen
}
