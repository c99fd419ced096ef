package picture

import (
	"math"
	"strconv"
	"strings"
)

// isoPicture is the picture $fromMillis uses when none is given.
const isoPicture = "[Y0001]-[M01]-[D01]T[H01]:[m01]:[s01].[f001][Z01:01t]"

// FormatDateTime implements $fromMillis: the instant millis (milliseconds
// since the epoch) written with an F&O 9.8 date/time picture in the
// timezone "±HHMM" ("" is UTC). An empty picture gives ISO 8601 with
// milliseconds, e.g. "2017-11-07T15:07:54.972Z".
//
// Fractional seconds follow F&O 9.8.4.5 rather than jsonata-js: "[f001]"
// is milliseconds in both, but "[f1]" writes 500 ms as "5" and "[f01]" is
// hundredths, so that ParseDateTime reads back what is written. A timezone
// that is not a number fails with code D3134; jsonata-js has no error for
// it and produces "NaN" fields.
func FormatDateTime(millis int64, picture, timezone string) (string, error) {
	if picture == "" {
		picture = isoPicture
	}
	f, err := cachedDateTime(picture)
	if err != nil {
		return "", err
	}
	offset, err := parseTimezone(timezone)
	if err != nil {
		return "", err
	}
	return f.format(millis, offset)
}

// format writes the instant millis at the offset (minutes east of UTC).
func (f *dateTimeFormat) format(millis int64, offset int) (string, error) {
	m := newMoment(millis, offset)
	var b strings.Builder
	for i := range f.parts {
		p := &f.parts[i]
		if p.component == 0 {
			b.WriteString(p.literal)
			continue
		}
		if err := p.write(&b, m); err != nil {
			return "", err
		}
	}
	return b.String(), nil
}

// parseTimezone reads "±HHMM" (or fewer digits, as parseInt would) into
// minutes east of UTC.
func parseTimezone(tz string) (int, error) {
	if tz == "" {
		return 0, nil
	}
	s := strings.TrimSpace(tz)
	sign := 1
	if s != "" && (s[0] == '+' || s[0] == '-') {
		if s[0] == '-' {
			sign = -1
		}
		s = s[1:]
	}
	n := 0
	for n < len(s) && n < 6 && s[n] >= '0' && s[n] <= '9' {
		n++
	}
	v, err := strconv.Atoi(s[:n])
	if err != nil {
		return 0, errorf("D3134", tz, "the timezone %q is not of the form ±HHMM", tz)
	}
	return sign * (v/100*60 + v%100), nil
}

// write formats one marker.
func (p *dtPart) write(b *strings.Builder, m moment) error {
	switch c := p.component; {
	case c == 'Z' || c == 'z':
		return p.writeZone(b, m.offsetMinute)
	case c == 'C' || c == 'E':
		b.WriteString("ISO")
		return nil
	case c == 'P':
		s := "am"
		if m.hour >= 12 {
			s = "pm"
		}
		if p.nameCase == upperCase {
			s = strings.ToUpper(s)
		}
		b.WriteString(s)
		return nil
	case p.names:
		return p.writeName(b, m)
	case c == 'f' && p.integer.kind == decimalNumbering:
		b.WriteString(p.fraction(m.milli))
		return nil
	}
	v := float64(m.component(p.component))
	if p.component == 'Y' && p.yearDigits >= 0 {
		v = math.Mod(v, math.Pow10(p.yearDigits))
	}
	s, err := p.integer.format(v)
	if err != nil {
		return err
	}
	b.WriteString(s)
	return nil
}

func (p *dtPart) writeName(b *strings.Builder, m moment) error {
	var name string
	switch p.component {
	case 'M', 'x':
		name = monthNames[m.component(p.component)-1]
	case 'F':
		name = dayNames[m.component('F')-1]
	default:
		return errorf("D3133", string(p.component), "the component %q cannot be written as a name", string(p.component))
	}
	switch p.nameCase {
	case upperCase:
		name = strings.ToUpper(name)
	case lowerCase:
		name = strings.ToLower(name)
	}
	if p.widthMax > 0 && len(name) > p.widthMax {
		name = name[:p.widthMax]
	}
	b.WriteString(name)
	return nil
}

// fraction writes milliseconds as a decimal fraction of a second (F&O
// 9.8.4.5): at least the mandatory digits, and at most the width maximum
// or, failing that, the picture's digit count when it has more than one
// ("[f01]" is hundredths, truncated; "[f1]" is as many as needed).
func (p *dtPart) fraction(milli int) string {
	digits := []byte{byte('0' + milli/100), byte('0' + milli/10%10), byte('0' + milli%10)}
	want := max(p.integer.required, 1)
	for len(digits) > want && digits[len(digits)-1] == '0' {
		digits = digits[:len(digits)-1]
	}
	for len(digits) < want {
		digits = append(digits, '0')
	}
	limit := p.widthMax
	if n := p.integer.required + p.integer.optional; limit <= 0 && n > 1 {
		limit = n
	}
	if limit > 0 && len(digits) > limit {
		digits = digits[:limit]
	}
	out := make([]rune, len(digits))
	for i, d := range digits {
		out[i] = rune(d-'0') + p.integer.zero
	}
	return string(out)
}

// writeZone writes the timezone offset (F&O 9.8.4.6): "01:01" gives
// "+05:30", "0" or "01" hours with ":mm" only when needed, "0101" "+0530";
// the "t" modifier writes "Z" for UTC and "z" prefixes "GMT".
func (p *dtPart) writeZone(b *strings.Builder, offset int) error {
	if offset == 0 && p.pres2 == 't' {
		b.WriteByte('Z')
		return nil
	}
	hours, minutes := offset/60, offset%60
	hhmm := float64(hours*100 + minutes)
	var s string
	var err error
	switch digits := p.integer.required; {
	case p.integer.regular > 0:
		s, err = p.integer.format(hhmm)
	case digits == 1 || digits == 2:
		s, err = p.integer.format(float64(hours))
		if minutes != 0 {
			s += ":" + twoDigits(abs(minutes))
		}
		if hours == 0 && offset < 0 {
			s = "-" + s
		}
	case digits == 3 || digits == 4:
		s, err = p.integer.format(hhmm)
	default:
		return errorf("D3134", digits, "a timezone picture has at most four digits, not %d", digits)
	}
	if err != nil {
		return err
	}
	if p.component == 'z' {
		b.WriteString("GMT")
	}
	if offset >= 0 {
		b.WriteByte('+')
	}
	b.WriteString(s)
	return nil
}

func twoDigits(n int) string {
	return string([]byte{byte('0' + n/10%10), byte('0' + n%10)})
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}
