package engine

import (
	"fmt"
	"strconv"
	"time"
)

// parseDuration reads the ISO 8601 durations of `dueIn` (PnYnMnWnDTnHnMnS). Years and months
// have no fixed length; they count as 365 and 30 days, which is what a due date needs. Written
// by hand because the standard library has no ISO 8601 durations and this is twenty lines.
func parseDuration(s string) (time.Duration, error) {
	if len(s) < 2 || s[0] != 'P' {
		return 0, fmt.Errorf("%q is not an ISO 8601 duration", s)
	}
	const day = 24 * time.Hour
	dateUnits := map[byte]time.Duration{'Y': 365 * day, 'M': 30 * day, 'W': 7 * day, 'D': day}
	timeUnits := map[byte]time.Duration{'H': time.Hour, 'M': time.Minute, 'S': time.Second}
	var total time.Duration
	units, num, seen := dateUnits, "", false
	for i := 1; i < len(s); i++ {
		c := s[i]
		switch {
		case c == 'T' && num == "":
			units = timeUnits
		case c >= '0' && c <= '9' || c == '.':
			num += string(c)
		default:
			unit, ok := units[c]
			if !ok || num == "" {
				return 0, fmt.Errorf("%q is not an ISO 8601 duration", s)
			}
			n, err := strconv.ParseFloat(num, 64)
			if err != nil {
				return 0, fmt.Errorf("%q is not an ISO 8601 duration: %w", s, err)
			}
			total += time.Duration(n * float64(unit))
			num, seen = "", true
		}
	}
	if num != "" || !seen {
		return 0, fmt.Errorf("%q is not an ISO 8601 duration", s)
	}
	return total, nil
}
