package picture

import (
	"regexp"
	"strconv"
	"time"
)

// isoShape is the shape jsonata-js accepts before handing a timestamp to
// Date.parse; anything else is D3110.
var isoShape = regexp.MustCompile(`^\d{4}(-[01]\d)*(-[0-3]\d)*(T[0-2]\d:[0-5]\d:[0-5]\d)*(\.\d+)?([+-][0-2]\d:?[0-5]\d|Z)?$`)

// isoParts picks out the forms Date.parse understands: a year, year-month
// or full date, optionally a time with fractional seconds and an offset.
var isoParts = regexp.MustCompile(`^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?(?:T(\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?)?(Z|[+-]\d{2}:?\d{2})?$`)

// parseISO reads an ISO 8601 timestamp. A date-time without an offset is
// taken as UTC (JavaScript would use the host's local time, which a server
// should not depend on). Shapes the jsonata-js pattern admits but Date.parse
// rejects (e.g. month 13 or "2017-10-10-10") are D3110 too, instead of NaN.
func parseISO(s string) (int64, bool, error) {
	bad := func() (int64, bool, error) {
		return 0, false, errorf("D3110", s, "the timestamp %q is not in ISO 8601 format", s)
	}
	if !isoShape.MatchString(s) {
		return bad()
	}
	m := isoParts.FindStringSubmatch(s)
	if m == nil {
		return bad()
	}
	num := func(i, def int) int {
		if m[i] == "" {
			return def
		}
		v, _ := strconv.Atoi(m[i])
		return v
	}
	year, month, day := num(1, 0), num(2, 1), num(3, 1)
	hour, minute, sec := num(4, 0), num(5, 0), num(6, 0)
	ms := 0
	if frac := m[7]; frac != "" {
		frac += "00"
		ms, _ = strconv.Atoi(frac[:3])
	}
	if month < 1 || month > 12 || day < 1 || day > daysIn(year, time.Month(month)) ||
		hour > 24 || (hour == 24 && (minute != 0 || sec != 0 || ms != 0)) {
		return bad()
	}
	offset := 0
	if z := m[8]; z != "" && z != "Z" {
		h, _ := strconv.Atoi(z[1:3])
		mm, _ := strconv.Atoi(z[len(z)-2:])
		if mm > 59 {
			return bad()
		}
		offset = h*60 + mm
		if z[0] == '-' {
			offset = -offset
		}
	}
	t := time.Date(year, time.Month(month), day, hour, minute, sec, ms*int(time.Millisecond), time.UTC)
	return t.UnixMilli() - int64(offset)*60000, true, nil
}

func daysIn(year int, month time.Month) int {
	return time.Date(year, month+1, 0, 0, 0, 0, 0, time.UTC).Day()
}
