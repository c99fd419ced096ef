package picture

import (
	"math"
	"strconv"
	"strings"
	"unicode/utf8"
)

// numbering is the primary format token of an integer picture (F&O 4.6.1).
type numbering int

const (
	decimalNumbering numbering = iota
	lettersNumbering
	romanNumbering
	wordsNumbering
	// sequenceNumbering is any other token; the spec leaves those
	// implementation-defined and, like jsonata-js, none is supported.
	sequenceNumbering
)

// letterCase selects upper, lower or title case for letters, roman numerals,
// words and names.
type letterCase int

const (
	lowerCase letterCase = iota
	upperCase
	titleCase
)

// groupSep is a grouping separator at a position counted in digits from the
// right.
type groupSep struct {
	pos int
	ch  string
}

// integerFormat is an analysed integer picture ($formatInteger, and the
// integer-valued date/time components).
type integerFormat struct {
	kind     numbering
	letters  letterCase
	ordinal  bool
	zero     rune // zero of the decimal digit family
	required int  // mandatory digits
	optional int  // optional '#' digits
	// regular is the group size when every separator is the same character
	// at equal intervals (then it repeats to the left); 0 otherwise.
	regular    int
	regularSep string
	separators []groupSep // ascending pos; used when regular == 0
	token      string     // the unsupported token, for sequenceNumbering
	// parseWidth, when > 0, is the exact number of digits to read when
	// parsing (a date component directly followed by another number).
	parseWidth int
}

// maxWidth bounds padding widths taken from pictures so that a tiny picture
// such as "[Y,999999999]" cannot make the formatter allocate gigabytes.
const maxWidth = 1000

// digitFamilies are the zero code points of the decimal digit families that
// jsonata-js recognises in pictures.
var digitFamilies = []rune{0x30, 0x0660, 0x06F0, 0x07C0, 0x0966, 0x09E6, 0x0A66, 0x0AE6, 0x0B66, 0x0BE6,
	0x0C66, 0x0CE6, 0x0D66, 0x0DE6, 0x0E50, 0x0ED0, 0x0F20, 0x1040, 0x1090, 0x17E0, 0x1810, 0x1946, 0x19D0,
	0x1A80, 0x1A90, 0x1B50, 0x1BB0, 0x1C40, 0x1C50, 0xA620, 0xA8D0, 0xA900, 0xA9D0, 0xA9F0, 0xAA50, 0xABF0, 0xFF10}

// digitZero returns the zero of r's decimal digit family, or -1.
func digitZero(r rune) rune {
	for _, z := range digitFamilies {
		if r >= z && r <= z+9 {
			return z
		}
	}
	return -1
}

// analyseInteger parses an integer picture: a primary token optionally
// followed by ";" and a modifier whose first letter "o" asks for ordinals.
func analyseInteger(picture string) (*integerFormat, error) {
	f := &integerFormat{kind: decimalNumbering, zero: '0'}
	primary := picture
	if i := strings.LastIndexByte(picture, ';'); i >= 0 {
		primary = picture[:i]
		f.ordinal = strings.HasPrefix(picture[i+1:], "o")
	}
	switch primary {
	case "A", "a":
		f.kind = lettersNumbering
	case "I", "i":
		f.kind = romanNumbering
	case "W", "w", "Ww":
		f.kind = wordsNumbering
	default:
		return f, analyseDecimal(f, primary)
	}
	switch primary {
	case "A", "I", "W":
		f.letters = upperCase
	case "Ww":
		f.letters = titleCase
	}
	return f, nil
}

// analyseDecimal reads a decimal-digit-pattern; anything that is neither a
// digit nor '#' is a grouping separator. Without any digit the token is an
// (unsupported) numbering sequence.
func analyseDecimal(f *integerFormat, primary string) error {
	zero := rune(-1)
	pos := 0
	var seps []groupSep
	for s := primary; s != ""; {
		r, size := utf8.DecodeLastRuneInString(s)
		s = s[:len(s)-size]
		if z := digitZero(r); z >= 0 {
			if zero >= 0 && z != zero {
				return errorf("D3131", nil, "a decimal-digit-pattern mixes digits from different families")
			}
			zero = z
			f.required++
			pos++
			continue
		}
		if r == '#' {
			f.optional++
			pos++
			continue
		}
		seps = append(seps, groupSep{pos: pos, ch: string(r)})
	}
	if f.required == 0 {
		f.kind = sequenceNumbering
		f.token = primary
		return nil
	}
	f.zero = zero
	if n := regularGroup(seps); n > 0 {
		f.regular, f.regularSep = n, seps[0].ch
	} else {
		f.separators = seps
	}
	return nil
}

// regularGroup returns the group size if the separators are one character
// at positions n, 2n, 3n..., else 0 (F&O 4.6.1 "regular" grouping).
func regularGroup(seps []groupSep) int {
	if len(seps) == 0 {
		return 0
	}
	g := 0
	for _, s := range seps {
		if s.ch != seps[0].ch {
			return 0
		}
		g = gcd(g, s.pos)
	}
	if g == 0 {
		return 0
	}
	for k := 1; k <= len(seps); k++ {
		found := false
		for _, s := range seps {
			if s.pos == k*g {
				found = true
				break
			}
		}
		if !found {
			return 0
		}
	}
	return g
}

func gcd(a, b int) int {
	for b != 0 {
		a, b = b, a%b
	}
	return a
}

// format renders value (already an integer) with the analysed picture.
func (f *integerFormat) format(value float64) (string, error) {
	var out string
	negative := value < 0
	v := math.Abs(value)
	switch f.kind {
	case lettersNumbering:
		if math.IsInf(v, 0) || math.IsNaN(v) {
			out = f.decimal(v)
			break
		}
		a := 'a'
		if f.letters == upperCase {
			a = 'A'
		}
		out = toLetters(v, a)
	case romanNumbering:
		// Roman numerals repeat "m" for every thousand; past maxRoman they
		// stop being readable, so fall back to decimal digits as the F&O
		// spec allows for numbers a sequence cannot represent.
		if !(v < maxRoman) {
			out = f.decimal(v)
			break
		}
		out = toRoman(int(v))
		if f.letters == upperCase {
			out = strings.ToUpper(out)
		}
	case wordsNumbering:
		if math.IsInf(v, 0) || math.IsNaN(v) {
			out = f.decimal(v)
			break
		}
		out = toWords(v, f.ordinal)
		switch f.letters {
		case upperCase:
			out = strings.ToUpper(out)
		case lowerCase:
			out = strings.ToLower(out)
		}
	case decimalNumbering:
		out = f.decimal(v)
	default:
		return "", errorf("D3130", f.token, "the numbering sequence %q is not supported", f.token)
	}
	if negative {
		out = "-" + out
	}
	return out, nil
}

// decimal renders a non-negative integer with padding, digit family,
// grouping separators and the ordinal suffix.
func (f *integerFormat) decimal(v float64) string {
	digits := []rune(jsNumber(v))
	if pad := min(f.required, maxWidth) - len(digits); pad > 0 {
		padded := make([]rune, pad, pad+len(digits))
		for i := range padded {
			padded[i] = '0'
		}
		digits = append(padded, digits...)
	}
	if f.zero != '0' {
		for i, r := range digits {
			if r >= '0' && r <= '9' {
				digits[i] = r - '0' + f.zero
			}
		}
	}
	var b strings.Builder
	b.Grow(len(digits) * 2)
	n := len(digits)
	if f.regular > 0 {
		for i, r := range digits {
			if i > 0 && (n-i)%f.regular == 0 {
				b.WriteString(f.regularSep)
			}
			b.WriteRune(r)
		}
	} else {
		// Separators sit at fixed positions from the right; one beyond the
		// number's digits is dropped rather than put in front of it.
		k := len(f.separators) - 1
		for k >= 0 && f.separators[k].pos >= n {
			k--
		}
		for i, r := range digits {
			for k >= 0 && f.separators[k].pos == n-i {
				b.WriteString(f.separators[k].ch)
				k--
			}
			b.WriteRune(r)
		}
	}
	if f.ordinal {
		b.WriteString(ordinalSuffix(digits))
	}
	return b.String()
}

// ordinalSuffix returns the English suffix for the number whose digits end
// digits ("st", "nd", "rd" or "th"; 11, 12 and 13 take "th").
func ordinalSuffix(digits []rune) string {
	n := len(digits)
	if n == 0 || (n > 1 && digits[n-2] == '1') {
		return "th"
	}
	switch digits[n-1] {
	case '1':
		return "st"
	case '2':
		return "nd"
	case '3':
		return "rd"
	}
	return "th"
}

// jsNumber renders a number the way JavaScript's Number#toString does, which
// is what jsonata-js pads and groups.
func jsNumber(v float64) string {
	switch {
	case math.IsNaN(v):
		return "NaN"
	case math.IsInf(v, 1):
		return "Infinity"
	case math.IsInf(v, -1):
		return "-Infinity"
	}
	a := math.Abs(v)
	if a != 0 && (a >= 1e21 || a < 1e-6) {
		s := strconv.FormatFloat(v, 'e', -1, 64)
		// Go writes at least two exponent digits ("e-07"); JavaScript does not.
		mant, exp, _ := strings.Cut(s, "e")
		sign, digits := exp[:1], strings.TrimLeft(exp[1:], "0")
		return mant + "e" + sign + digits
	}
	return strconv.FormatFloat(v, 'f', -1, 64)
}
