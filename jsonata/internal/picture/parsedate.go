package picture

import (
	"math"
	"regexp"
	"strconv"
	"strings"
	"time"
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
		}
		if p.component == 'z' {
			pat = "GMT" + pat
		}
		return pat, nil
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

// fields holds the parsed components by letter.
type fields struct {
	set [128]bool
	val [128]float64
}

func (c *fields) has(r rune) bool { return c.set[r] }

func (c *fields) put(r rune, v float64) { c.set[r], c.val[r] = true, v }

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

// Component groups that can make a date or a time, most significant first.
const (
	dateYMD   = "YMD"
	dateYd    = "Yd"
	time24    = "Hmsf"
	time12    = "Phmsf"
	dateAll   = "YXMxWwdD"
	timeAll   = "PHhmsf"
	maxMillis = 8.64e15 // the range of a JavaScript Date
)

// only reports whether every present component of all is in allowed and at
// least one of allowed is present.
func (c *fields) only(all, allowed string) bool {
	seen := false
	for _, r := range all {
		if !c.has(r) {
			continue
		}
		if !strings.ContainsRune(allowed, r) {
			return false
		}
		seen = true
	}
	return seen
}

// resolve fills in missing components and computes the instant.
func (c *fields) resolve(now int64) (int64, bool, error) {
	date := dateYMD
	switch {
	case c.only(dateAll, "YMD"):
	case c.only(dateAll, "Yd"):
		date = dateYd
	case c.only(dateAll, "XxwF"):
		return 0, false, errorf("D3136", nil, "dates given by week of the month cannot be parsed")
	case c.only(dateAll, "XWF"):
		return 0, false, errorf("D3136", nil, "ISO week dates cannot be parsed")
	}
	clock := time24
	if !c.only(timeAll, "Hmsf") && c.only(timeAll, "Phmsf") {
		clock = time12
	}
	nowM := newMoment(now, 0)
	started, ended := false, false
	for _, r := range date + clock {
		if c.has(r) {
			started = true
			if ended {
				return 0, false, errorf("D3136", nil, "the date/time picture leaves a gap between the components it gives")
			}
			continue
		}
		if started {
			v := 0.0
			if r == 'M' || r == 'D' || r == 'd' {
				v = 1
			}
			c.put(r, v)
			ended = true
			continue
		}
		switch r {
		case 'P':
			// jsonata-js compares its "now" am/pm string with 1, so a
			// missing am/pm always means am; keep that.
			c.put(r, 0)
		case 'f':
			c.put(r, float64(nowM.milli))
		default:
			c.put(r, float64(nowM.component(r)))
		}
	}
	y, mo, d := c.val['Y'], c.val['M'], c.val['D']
	if date == dateYd {
		mo, d = 1, c.val['d']
	}
	h := c.val['H']
	if clock == time12 {
		h = c.val['h']
		if h == 12 {
			h = 0
		}
		if c.val['P'] == 1 {
			h += 12
		}
	}
	vals := []float64{y, mo, d, h, c.val['m'], c.val['s'], c.val['f'], c.val['Z']}
	for _, v := range vals {
		if math.IsNaN(v) || math.Abs(v) > 1e7 {
			return 0, false, nil
		}
	}
	if mo < 1 {
		mo = 1 // jsonata-js turns a month of 0 into January
	}
	t := time.Date(int(y), time.Month(int(mo)), int(d), int(h), int(c.val['m']), int(c.val['s']),
		int(c.val['f'])*int(time.Millisecond), time.UTC)
	ms := t.UnixMilli() - int64(c.val['Z'])*60000
	if math.Abs(float64(ms)) > maxMillis {
		return 0, false, nil
	}
	return ms, true, nil
}
