package picture

import (
	"math"
	"strings"
	"unicode/utf8"
)

// numberPicture is one analysed sub-picture of a format-number picture
// (F&O 4.7.4).
type numberPicture struct {
	prefix, suffix    string
	percent, perMille bool
	groups            []int // integer-part separator positions, digits to their right
	regular           int   // repeating group size, or 0
	fracGroups        []int // fractional-part separator positions, digits to their left
	minInt, scaling   int
	minFrac, maxFrac  int
	exponent          bool
	minExp            int
}

// numberFormat is an analysed picture with its decimal-format properties.
type numberFormat struct {
	df       DecimalFormat
	zero     rune
	pos, neg numberPicture
}

// numberChars classifies picture characters for one DecimalFormat. A
// property longer than one character never matches a single character,
// which is how jsonata-js treats it too.
type numberChars struct {
	df                             DecimalFormat
	zero, decimal, group, exp, dig rune
	pattern                        rune
}

func singleRune(s string) rune {
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 || n != len(s) {
		return -2
	}
	return r
}

func newNumberChars(df DecimalFormat) numberChars {
	zero, _ := utf8.DecodeRuneInString(df.ZeroDigit)
	return numberChars{df: df, zero: zero, decimal: singleRune(df.DecimalSeparator),
		group: singleRune(df.GroupingSeparator), exp: singleRune(df.ExponentSeparator),
		dig: singleRune(df.Digit), pattern: singleRune(df.PatternSeparator)}
}

func (c *numberChars) isDigit(r rune) bool { return r >= c.zero && r <= c.zero+9 }

func (c *numberChars) isActive(r rune) bool {
	return c.isDigit(r) || r == c.decimal || r == c.exp || r == c.group || r == c.dig || r == c.pattern
}

// boundary reports whether r ends the prefix or starts the suffix: any
// active character except the exponent separator, which may be a letter of
// ordinary text.
func (c *numberChars) boundary(r rune) bool { return r != c.exp && c.isActive(r) }

func (c *numberChars) countDigits(s string, optionalToo bool) int {
	n := 0
	for _, r := range s {
		if c.isDigit(r) || (optionalToo && r == c.dig) {
			n++
		}
	}
	return n
}

// analyseNumber parses and validates a format-number picture.
func analyseNumber(picture string, df DecimalFormat) (*numberFormat, error) {
	c := newNumberChars(df)
	subs := strings.Split(picture, df.PatternSeparator)
	if len(subs) > 2 {
		return nil, errorf("D3080", nil, "the picture has more than one pattern separator")
	}
	f := &numberFormat{df: df, zero: c.zero}
	var err error
	if f.pos, err = c.analyse(subs[0]); err != nil {
		return nil, err
	}
	if len(subs) == 2 {
		if f.neg, err = c.analyse(subs[1]); err != nil {
			return nil, err
		}
	} else {
		f.neg = f.pos
		f.neg.prefix = df.MinusSign + f.pos.prefix
	}
	return f, nil
}

// analyse splits a sub-picture into prefix, integer, fraction, exponent and
// suffix, validates it (F&O 4.7.3) and derives the sizes (4.7.4). Like
// jsonata-js it reports the last rule that the picture breaks.
func (c *numberChars) analyse(sub string) (numberPicture, error) {
	var p numberPicture
	start, end := c.activeBounds(sub)
	p.prefix, p.suffix = sub[:start], sub[end:]
	active := sub[start:end]
	mantissa, expPart := active, ""
	// As in jsonata-js, the exponent separator is the first one after the
	// prefix, inside the active part or at the very start of the suffix;
	// in the latter case the exponent is empty, which D3093 reports.
	if i := strings.Index(sub[start:], c.df.ExponentSeparator); i >= 0 && start+i <= end {
		p.exponent = true
		mantissa = sub[start : start+i]
		if from := start + i + len(c.df.ExponentSeparator); from < end {
			expPart = sub[from:end]
		}
	}
	intPart, fracPart := mantissa, ""
	if i := strings.Index(mantissa, c.df.DecimalSeparator); i >= 0 {
		intPart, fracPart = mantissa[:i], mantissa[i+len(c.df.DecimalSeparator):]
	}

	code := c.validate(sub, active, mantissa, intPart, fracPart, expPart, p.exponent)
	if code != "" {
		return p, errorf(code, nil, "invalid format-number picture %q", sub)
	}

	p.percent = strings.Contains(sub, c.df.Percent)
	p.perMille = strings.Contains(sub, c.df.PerMille)
	p.groups = c.groupPositions(intPart, false)
	p.regular = regularPositions(p.groups)
	p.fracGroups = c.groupPositions(fracPart, true)
	p.minInt = c.countDigits(intPart, false)
	p.scaling = p.minInt
	p.minFrac = c.countDigits(fracPart, false)
	p.maxFrac = c.countDigits(fracPart, true)
	if p.minInt == 0 && p.maxFrac == 0 {
		if p.exponent {
			p.minFrac, p.maxFrac = 1, 1
		} else {
			p.minInt = 1
		}
	}
	if p.exponent && p.minInt == 0 && strings.ContainsRune(intPart, c.dig) {
		p.minInt = 1
	}
	if p.minInt == 0 && p.minFrac == 0 {
		p.minFrac = 1
	}
	if p.exponent {
		p.minExp = c.countDigits(expPart, false)
	}
	return p, nil
}

// activeBounds returns where the active part of sub starts and ends: from
// its first to its last boundary character. A sub-picture with no boundary
// character at all (no digit, no separator: "%%", "---") has neither prefix
// nor suffix and is active as a whole, as in jsonata-js since its fix for
// such pictures (jsonata-js #786): validation then reports the passive
// characters in it (D3086) rather than only the missing digit (D3085).
func (c *numberChars) activeBounds(sub string) (start, end int) {
	start = -1
	for i, r := range sub {
		if c.boundary(r) {
			start = i
			break
		}
	}
	if start < 0 {
		return 0, len(sub)
	}
	for end = len(sub); end > start; {
		r, n := utf8.DecodeLastRuneInString(sub[:end])
		if c.boundary(r) {
			break
		}
		end -= n
	}
	return start, end
}

func (c *numberChars) validate(sub, active, mantissa, intPart, fracPart, expPart string, exponent bool) string {
	df := c.df
	code := ""
	if strings.Count(sub, df.DecimalSeparator) > 1 {
		code = "D3081"
	}
	if strings.Count(sub, df.Percent) > 1 {
		code = "D3082"
	}
	if strings.Count(sub, df.PerMille) > 1 {
		code = "D3083"
	}
	if strings.Contains(sub, df.Percent) && strings.Contains(sub, df.PerMille) {
		code = "D3084"
	}
	if c.countDigits(mantissa, true) == 0 {
		code = "D3085"
	}
	for _, r := range active {
		if !c.isActive(r) {
			code = "D3086"
			break
		}
	}
	if i := strings.Index(sub, df.DecimalSeparator); i >= 0 {
		before, _ := utf8.DecodeLastRuneInString(sub[:i])
		after, _ := utf8.DecodeRuneInString(sub[i+len(df.DecimalSeparator):])
		if before == c.group || after == c.group {
			code = "D3087"
		}
	} else if last, _ := utf8.DecodeLastRuneInString(intPart); last == c.group {
		code = "D3088"
	}
	if strings.Contains(sub, df.GroupingSeparator+df.GroupingSeparator) {
		code = "D3089"
	}
	if i := strings.IndexRune(intPart, c.dig); i >= 0 && c.countDigits(intPart[:i], false) > 0 {
		code = "D3090"
	}
	if i := strings.LastIndex(fracPart, df.Digit); i >= 0 && c.countDigits(fracPart[i:], false) > 0 {
		code = "D3091"
	}
	if exponent && expPart != "" && (strings.Contains(sub, df.Percent) || strings.Contains(sub, df.PerMille)) {
		code = "D3092"
	}
	if exponent && (expPart == "" || c.countDigits(expPart, false) != utf8.RuneCountInString(expPart)) {
		code = "D3093"
	}
	return code
}

// groupPositions lists where grouping separators sit in part, counted in
// digits to the right of each (or to the left, for a fractional part).
func (c *numberChars) groupPositions(part string, fromLeft bool) []int {
	var out []int
	for i, r := range part {
		if r != c.group {
			continue
		}
		if fromLeft {
			out = append(out, c.countDigits(part[:i], true))
		} else {
			out = append(out, c.countDigits(part[i:], true))
		}
	}
	return out
}

// regularPositions returns the group size if positions are n, 2n, 3n...
func regularPositions(pos []int) int {
	seps := make([]groupSep, len(pos))
	for i, p := range pos {
		seps[i] = groupSep{pos: p}
	}
	return regularGroup(seps)
}

// maxScale bounds the mantissa-scaling loops; a float64 spans fewer than
// 700 decimal orders of magnitude.
const maxScale = 700

// format renders x (F&O 4.7.5).
func (f *numberFormat) format(x float64) string {
	p := &f.pos
	if x < 0 {
		p = &f.neg
	}
	if math.IsNaN(x) {
		return f.df.NaN
	}
	if math.IsInf(x, 0) {
		return p.prefix + f.df.Infinity + p.suffix
	}
	v := x
	switch {
	case p.percent:
		v *= 100
	case p.perMille:
		v *= 1000
	}
	v = math.Abs(v)
	exponent := 0
	if p.minExp > 0 && v != 0 {
		// The mantissa lies in [10^(scaling-1), 10^scaling), also after
		// rounding (jsonata-js allows 10^scaling itself and so writes
		// 99.99 with "0.0e0" as "10.0e1"; F&O requires "1.0e2").
		hi, lo := math.Pow10(p.scaling), math.Pow10(p.scaling-1)
		for i := 0; v < lo && i < maxScale; i++ {
			v *= 10
			exponent--
		}
		for i := 0; v >= hi && i < maxScale; i++ {
			v /= 10
			exponent++
		}
		v = roundHalfEven(v, p.maxFrac)
		if v >= hi && !math.IsInf(v, 0) {
			v = roundHalfEven(v/10, p.maxFrac)
			exponent++
		}
	} else {
		v = roundHalfEven(v, p.maxFrac)
	}
	if math.IsInf(v, 0) {
		return p.prefix + f.df.Infinity + p.suffix
	}
	var b strings.Builder
	b.WriteString(p.prefix)
	f.writeMantissa(&b, p, v)
	if p.minExp > 0 {
		b.WriteString(f.df.ExponentSeparator)
		if exponent < 0 {
			b.WriteString(f.df.MinusSign)
		}
		digits := f.digits(jsNumber(math.Abs(float64(exponent))))
		for i := len(digits); i < p.minExp; i++ {
			b.WriteRune(f.zero)
		}
		b.WriteString(string(digits))
	}
	b.WriteString(p.suffix)
	return b.String()
}

// digits maps ASCII digits to the picture's digit family.
func (f *numberFormat) digits(s string) []rune {
	out := []rune(s)
	for i, r := range out {
		if r >= '0' && r <= '9' {
			out[i] = r - '0' + f.zero
		}
	}
	return out
}

// writeMantissa writes the rounded, non-negative mantissa with padding and
// grouping (F&O 4.7.5 bullets 7 to 12).
func (f *numberFormat) writeMantissa(b *strings.Builder, p *numberPicture, v float64) {
	fixed := formatFixed(v, p.maxFrac)
	intDigits, fracDigits, _ := strings.Cut(fixed, ".")
	intDigits = strings.TrimLeft(intDigits, "0")
	fracDigits = strings.TrimRight(fracDigits, "0")
	if pad := p.minInt - len(intDigits); pad > 0 {
		intDigits = strings.Repeat("0", pad) + intDigits
	}
	if pad := p.minFrac - len(fracDigits); pad > 0 {
		fracDigits += strings.Repeat("0", pad)
	}
	in, fr := f.digits(intDigits), f.digits(fracDigits)
	n := len(in)
	k := 0
	for i, r := range in {
		left := n - i
		if p.regular > 0 {
			if i > 0 && left%p.regular == 0 {
				b.WriteString(f.df.GroupingSeparator)
			}
		} else {
			for ; k < len(p.groups) && p.groups[k] > left; k++ {
			}
			for ; k < len(p.groups) && p.groups[k] == left; k++ {
				if i > 0 {
					b.WriteString(f.df.GroupingSeparator)
				}
			}
		}
		b.WriteRune(r)
	}
	// Unlike jsonata-js, which drops the last character when the picture
	// has no decimal separator, fraction digits are kept whole.
	if len(fr) == 0 {
		return
	}
	b.WriteString(f.df.DecimalSeparator)
	k = 0
	for i, r := range fr {
		for ; k < len(p.fracGroups) && p.fracGroups[k] == i; k++ {
			if i > 0 {
				b.WriteString(f.df.GroupingSeparator)
			}
		}
		b.WriteRune(r)
	}
}
