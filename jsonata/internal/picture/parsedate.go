package picture

import (
	"regexp"
	"strconv"
	"strings"
)

// dateTimeParser matches a whole string against a date/time picture. Like
// jsonata-js it compiles the picture to one anchored, case-insensitive
// regular expression with a group per part; Go's RE2 prefers the same
// (leftmost-first) submatches as JavaScript's backtracking engine for these
// expressions, without its exponential worst case.
type dateTimeParser struct {
	re    *regexp.Regexp
	parts []dtPart
}

// ParseDateTime implements $toMillis: s read with an F&O 9.8 date/time
// picture, or as ISO 8601 when picture is empty. ok is false when s does
// not match the picture (JSONata undefined). Components the picture leaves
// out are taken from now (epoch milliseconds, the evaluation's $now()) when
// they are more significant than every given one, and are zero (or 1 for
// month and day) when less significant; a gap in between fails with D3136.
//
// Decisions where jsonata-js has quirks: month, day and am/pm names match
// in any case, as the rest of the picture does; an unknown name is no match
// rather than a missing component; "[f]" reads a decimal fraction of a
// second ("01987" is 19 ms); a two-digit year is year 18, not 1918; a
// negative timezone like "-05:30" is -5h30m; components too large for a
// date are no match. ISO week dates ({X, W, F}) and week-of-month dates
// ({Y, x, w, F}) fail with D3136, as in jsonata-js, which cannot parse them.
func ParseDateTime(s, picture string, now int64) (millis int64, ok bool, err error) {
	if picture == "" {
		return parseISO(s)
	}
	p, err := cachedParser(picture)
	if err != nil {
		return 0, false, err
	}
	return p.parse(s, now)
}

// wordsPattern matches English number words, built in the order jsonata-js
// lists them so that ambiguous splits resolve the same way.
var wordsPattern = func() string {
	var alts []string
	for _, w := range fewWords {
		alts = append(alts, strings.ToLower(w))
	}
	for _, w := range ordinalWords {
		alts = append(alts, strings.ToLower(w))
	}
	for _, w := range decadeWords {
		lw := strings.ToLower(w)
		alts = append(alts, lw, lw[:len(lw)-1]+"ieth")
	}
	alts = append(alts, "hundred", "hundredth")
	for _, w := range magnitudeWords {
		lw := strings.ToLower(w)
		alts = append(alts, lw, lw+"th")
	}
	alts = append(alts, "and", `[\-, ]`)
	return "(?:" + strings.Join(alts, "|") + ")+"
}()

func newDateTimeParser(picture string) (*dateTimeParser, error) {
	f, err := analyseDateTime(picture)
	if err != nil {
		return nil, err
	}
	var re strings.Builder
	re.WriteString("(?i)^")
	for i := range f.parts {
		pat, err := f.parts[i].pattern()
		if err != nil {
			return nil, err
		}
		re.WriteByte('(')
		re.WriteString(pat)
		re.WriteByte(')')
	}
	re.WriteByte('$')
	compiled, err := regexp.Compile(re.String())
	if err != nil {
		return nil, errorf("D3135", picture, "the date/time picture cannot be parsed: %v", err)
	}
	return &dateTimeParser{re: compiled, parts: f.parts}, nil
}

// pattern returns the regular expression for one part.
func (p *dtPart) pattern() (string, error) {
	switch {
	case p.component == 0:
		return regexp.QuoteMeta(p.literal), nil
	case p.component == 'Z' || p.component == 'z':
		pat := `[-+][0-9]+`
		if p.integer.regular > 0 {
			pat += regexp.QuoteMeta(p.integer.regularSep) + `[0-9]+`
		} else {
			// "[Z0]" writes "+5:30" when there are minutes.
			pat += `(?::[0-9]{2})?`
		}
		if p.component == 'z' {
			pat = "GMT" + pat
		}
		if p.pres2 == 't' {
			pat = "Z|" + pat // the "t" modifier writes UTC as "Z"
		}
		return "(?:" + pat + ")", nil
	case p.names || p.integer == nil:
		switch p.component {
		case 'M', 'x', 'F', 'P':
			return `[a-zA-Z]+`, nil
		}
		return "", errorf("D3133", string(p.component), "the component %q cannot be read as a name", string(p.component))
	}
	f := p.integer
	switch f.kind {
	case lettersNumbering:
		return `[a-zA-Z]+`, nil
	case romanNumbering:
		return `[MDCLXVImdclxvi]+`, nil
	case wordsNumbering:
		return wordsPattern, nil
	case sequenceNumbering:
		return "", errorf("D3130", f.token, "the numbering sequence %q is not supported", f.token)
	}
	digit := `[0-9]`
	if f.zero != '0' {
		digit = "[0-9" + string(f.zero) + "-" + string(f.zero+9) + "]"
	}
	var pat string
	switch {
	case f.parseWidth > 0:
		pat = digit + "{" + strconv.Itoa(min(f.parseWidth, maxWidth)) + "}"
	case f.regular > 0:
		pat = digit + "+(?:" + regexp.QuoteMeta(f.regularSep) + digit + "+)*"
	case len(f.separators) > 0:
		var seps []string
		for _, s := range f.separators {
			seps = append(seps, regexp.QuoteMeta(s.ch))
		}
		pat = digit + "+(?:(?:" + strings.Join(seps, "|") + ")" + digit + "+)*"
	default:
		pat = digit + "+"
	}
	if f.ordinal {
		pat += "(?:th|st|nd|rd)"
	}
	return pat, nil
}

func (p *dateTimeParser) parse(s string, now int64) (int64, bool, error) {
	match := p.re.FindStringSubmatch(s)
	if match == nil {
		return 0, false, nil
	}
	var c fields
	found := false
	for i := range p.parts {
		part := &p.parts[i]
		if part.component == 0 {
			continue
		}
		v, ok := part.read(match[i+1])
		if !ok {
			return 0, false, nil
		}
		comp := part.component
		if comp == 'z' {
			comp = 'Z'
		}
		c.put(comp, v)
		found = true
	}
	if !found {
		return 0, false, nil
	}
	return c.resolve(now)
}

// read converts one matched component to its value (minutes east for a
// timezone, 0/1 for am/pm, milliseconds for fractional seconds).
func (p *dtPart) read(text string) (float64, bool) {
	switch {
	case (p.component == 'Z' || p.component == 'z') && strings.EqualFold(text, "Z"):
		return 0, true
	case p.component == 'Z' || p.component == 'z':
		return readZone(strings.TrimPrefix(strings.TrimPrefix(text, "GMT"), "gmt"), p.integer)
	case p.names || p.integer == nil:
		return readName(text, p)
	case p.component == 'f' && p.integer.kind == decimalNumbering:
		// Only the first three digits count: the instant has millisecond
		// precision, and truncating matches how the digits read.
		var ms float64
		scale := 100.0
		for _, r := range text {
			if scale < 1 {
				break
			}
			ms += float64(digitValue(r, p.integer.zero)) * scale
			scale /= 10
		}
		return ms, true
	}
	return p.integer.parse(text)
}

func digitValue(r, zero rune) int {
	if r >= zero && r <= zero+9 {
		return int(r - zero)
	}
	return int(r - '0')
}

func readName(text string, p *dtPart) (float64, bool) {
	var names []string
	base := 1
	switch p.component {
	case 'M', 'x':
		names = monthNames
	case 'F':
		names = dayNames
	case 'P':
		names, base = []string{"am", "pm"}, 0
	}
	for i, n := range names {
		if p.widthMax > 0 && len(n) > p.widthMax {
			n = n[:p.widthMax]
		}
		if strings.EqualFold(n, text) {
			return float64(i + base), true
		}
	}
	return 0, false
}

// readZone reads "+05:30", "-5", "+0530" and the like into minutes.
func readZone(text string, f *integerFormat) (float64, bool) {
	if text == "" {
		return 0, false
	}
	sign := 1.0
	if text[0] == '-' {
		sign = -1
	}
	text = text[1:]
	var hours, minutes string
	if f.regular > 0 {
		hours, minutes, _ = strings.Cut(text, f.regularSep)
	} else if h, m, found := strings.Cut(text, ":"); found {
		hours, minutes = h, m
	} else if len(text) <= 2 {
		hours = text
	} else {
		hours, minutes = text[:len(text)-2], text[len(text)-2:]
	}
	h, err := strconv.Atoi(hours)
	if err != nil || h > 99 {
		return 0, false
	}
	m := 0
	if minutes != "" {
		if m, err = strconv.Atoi(minutes); err != nil || m > 99 {
			return 0, false
		}
	}
	return sign * float64(h*60+m), true
}
