package picture

import (
	"math"
	"math/big"
	"strings"
)

// FormatInteger implements $formatInteger: n rounded down to an integer (as
// jsonata-js does) and written with an F&O 4.6 integer picture: a decimal
// digit pattern ("#,##0", "0001", digits of any Unicode decimal family), "a"
// or "A" letters, "i" or "I" roman numerals, "w", "W" or "Ww" English words,
// optionally followed by ";o" for ordinals ("1st", "first") or ";c".
//
// Roman numerals are used below 100000 and letters and words for any finite
// value; numbers those cannot show are written in decimal digits instead.
func FormatInteger(n float64, picture string) (string, error) {
	f, err := cachedInteger(picture)
	if err != nil {
		return "", err
	}
	return f.format(math.Floor(n))
}

// ParseInteger implements $parseInteger, the inverse of FormatInteger. ok is
// false when s is not written in the picture's format (JSONata undefined);
// err reports a picture that cannot be used.
func ParseInteger(s, picture string) (value float64, ok bool, err error) {
	f, err := cachedInteger(picture)
	if err != nil {
		return 0, false, err
	}
	if f.kind == sequenceNumbering {
		return 0, false, errorf("D3130", f.token, "the numbering sequence %q is not supported", f.token)
	}
	neg := strings.HasPrefix(s, "-")
	if neg {
		s = s[1:]
	}
	v, ok := f.parse(s)
	if !ok {
		return 0, false, nil
	}
	if neg {
		v = -v
	}
	return v, true, nil
}

// parse reads an unsigned integer written in format f; case is ignored for
// letters and words only as far as the picture's case allows.
func (f *integerFormat) parse(s string) (float64, bool) {
	if s == "" {
		// Letters and roman numerals write zero as nothing.
		return 0, f.kind == lettersNumbering || f.kind == romanNumbering
	}
	switch f.kind {
	case lettersNumbering:
		lo, hi := byte('a'), byte('z')
		if f.letters == upperCase {
			lo, hi = 'A', 'Z'
		}
		for i := 0; i < len(s); i++ {
			if s[i] < lo || s[i] > hi {
				return 0, false
			}
		}
		return fromLetters(s), true
	case romanNumbering:
		if s[0] >= '0' && s[0] <= '9' {
			// FormatInteger writes large numbers in digits.
			return f.parseDecimal(s)
		}
		set := "mdclxvi"
		if f.letters == upperCase {
			set = "MDCLXVI"
		}
		for i := 0; i < len(s); i++ {
			if strings.IndexByte(set, s[i]) < 0 {
				return 0, false
			}
		}
		return fromRoman(s), true
	case wordsNumbering:
		return fromWords(s)
	default:
		return f.parseDecimal(s)
	}
}

// parseDecimal reads digits of the picture's family (or ASCII digits),
// skipping the picture's grouping separators and an ordinal suffix.
func (f *integerFormat) parseDecimal(s string) (float64, bool) {
	if f.ordinal {
		for _, suf := range []string{"st", "nd", "rd", "th"} {
			if t, ok := strings.CutSuffix(s, suf); ok {
				s = t
				break
			}
		}
	}
	v, digits := 0.0, 0
	for _, r := range s {
		switch {
		case r >= f.zero && r <= f.zero+9:
			v = v*10 + float64(r-f.zero)
		case r >= '0' && r <= '9':
			v = v*10 + float64(r-'0')
		case f.isSeparator(r):
			continue
		default:
			return 0, false
		}
		digits++
	}
	return v, digits > 0
}

func (f *integerFormat) isSeparator(r rune) bool {
	if f.regular > 0 {
		return f.regularSep == string(r)
	}
	for _, s := range f.separators {
		if s.ch == string(r) {
			return true
		}
	}
	return false
}

// FormatBase implements $formatBase: x rounded half-to-even and written in
// radix 2..36 (radix also rounded) with lower-case digits.
func FormatBase(x, radix float64) (string, error) {
	radix = math.RoundToEven(radix)
	if !(radix >= 2 && radix <= 36) {
		return "", errorf("D3100", radix, "the radix of $formatBase must be between 2 and 36")
	}
	x = math.RoundToEven(x)
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return jsNumber(x), nil
	}
	i, _ := big.NewFloat(x).Int(nil)
	return i.Text(int(radix)), nil
}
