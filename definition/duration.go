package definition

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// ParseDuration reads an ISO 8601 duration, the grammar of a step's `dueIn`, and is the only
// parser of it: the validator accepts exactly what the engine can run.
//
// Accepted: P, then date components nY nM nD in that order, then optionally T and time
// components nH nM nS in that order, at least one component in all (P3D, PT4H, P1Y2M3DT4H5M6S);
// or a number of weeks alone (P2W: ISO 8601 does not combine weeks with other components).
// Numbers are unsigned decimal digits; the last component written may have a decimal fraction,
// with a point or a comma (P1.5D, PT0,5S), as ISO 8601 allows for the lowest-order component
// only. Rejected: P1W2D, P1.5DT2H, a sign, an empty P or T, units out of order or repeated.
//
// Years and months have no fixed length; they count as 365 and 30 days, which is what a due
// date needs. A duration longer than time.Duration holds (about 292 years) is an error.
func ParseDuration(s string) (time.Duration, error) {
	d, err := parseDuration(s)
	if err != nil {
		return 0, fmt.Errorf("%q is not an ISO 8601 duration such as P3D or PT4H: %s", s, err)
	}
	return d, nil
}

const day = 24 * time.Hour

// durationUnits are the components in the order they must appear; the time components follow
// the T designator.
var durationUnits = []struct {
	designator byte
	time       bool
	length     time.Duration
}{
	{'Y', false, 365 * day}, {'M', false, 30 * day}, {'D', false, day},
	{'H', true, time.Hour}, {'M', true, time.Minute}, {'S', true, time.Second},
}

func parseDuration(s string) (time.Duration, error) {
	rest, ok := strings.CutPrefix(s, "P")
	if !ok {
		return 0, fmt.Errorf("it does not start with P")
	}
	if n, weeks := strings.CutSuffix(rest, "W"); weeks {
		v, err := component(n, true)
		if err != nil {
			return 0, err
		}
		return scale(v, 7*day)
	}
	date, clock, hasT := strings.Cut(rest, "T")
	if hasT && clock == "" {
		return 0, fmt.Errorf("nothing follows T")
	}
	var total time.Duration
	next, count := 0, 0 // next is the first unit still allowed
	for _, part := range []struct {
		text string
		time bool
	}{{date, false}, {clock, true}} {
		text := part.text
		for text != "" {
			i := strings.IndexFunc(text, func(r rune) bool { return (r < '0' || r > '9') && r != '.' && r != ',' })
			if i < 0 {
				return 0, fmt.Errorf("%q has no unit", text)
			}
			u := next
			for u < len(durationUnits) && (durationUnits[u].designator != text[i] || durationUnits[u].time != part.time) {
				u++
			}
			if u == len(durationUnits) {
				return 0, fmt.Errorf("unit %q is unknown or out of order here", text[i])
			}
			last := i+1 == len(text) && (part.time || clock == "")
			v, err := component(text[:i], last)
			if err != nil {
				return 0, err
			}
			d, err := scale(v, durationUnits[u].length)
			if err != nil {
				return 0, err
			}
			if total > math.MaxInt64-d {
				return 0, fmt.Errorf("it is too long")
			}
			total += d
			next, count, text = u+1, count+1, text[i+1:]
		}
	}
	if count == 0 {
		return 0, fmt.Errorf("it has no component")
	}
	return total, nil
}

// component reads one component's number: digits, with a fraction only when last.
func component(n string, last bool) (float64, error) {
	n = strings.Replace(n, ",", ".", 1)
	whole, frac, hasFrac := strings.Cut(n, ".")
	if whole == "" || !allDigits(whole) || hasFrac && (frac == "" || !allDigits(frac)) {
		return 0, fmt.Errorf("%q is not a number of digits", n)
	}
	if hasFrac && !last {
		return 0, fmt.Errorf("only the last component may have a fraction")
	}
	v, err := strconv.ParseFloat(n, 64)
	if err != nil {
		return 0, fmt.Errorf("%q: %w", n, err)
	}
	return v, nil
}

func scale(v float64, unit time.Duration) (time.Duration, error) {
	d := v * float64(unit)
	if d >= math.MaxInt64 {
		return 0, fmt.Errorf("it is too long")
	}
	return time.Duration(d), nil
}
