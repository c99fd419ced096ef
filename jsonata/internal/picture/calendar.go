package picture

import "time"

// moment is an instant broken into the calendar fields the pictures use,
// in the requested timezone offset.
type moment struct {
	t            time.Time
	year         int
	month        time.Month
	day, hour    int
	minute, sec  int
	milli        int
	offsetMinute int // the timezone offset, minutes east of UTC
}

func newMoment(millis int64, offsetMinutes int) moment {
	t := time.UnixMilli(millis).UTC().Add(time.Duration(offsetMinutes) * time.Minute)
	m := moment{t: t, offsetMinute: offsetMinutes}
	m.year, m.month, m.day = t.Date()
	m.hour, m.minute, m.sec = t.Clock()
	m.milli = t.Nanosecond() / 1e6
	return m
}

var (
	monthNames = []string{"January", "February", "March", "April", "May", "June", "July", "August",
		"September", "October", "November", "December"}
	dayNames = []string{"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"}
)

// epochDay is the number of days from 1970-01-01 to the given date.
func epochDay(year int, month time.Month, day int) int64 {
	return time.Date(year, month, day, 0, 0, 0, 0, time.UTC).Unix() / 86400
}

// isoWeekday is 1 for Monday through 7 for Sunday.
func isoWeekday(day int64) int {
	return int(((day+3)%7+7)%7) + 1
}

// firstWeekStart is the Monday starting week 1 of a month: ISO 8601's rule
// for years (the week holding the first Thursday), which F&O applies to
// months too.
func firstWeekStart(year int, month time.Month) int64 {
	first := epochDay(year, month, 1)
	dow := isoWeekday(first)
	if dow > 4 {
		return first + int64(8-dow)
	}
	return first - int64(dow-1)
}

// weekOfMonth returns the week-in-month and the month that week belongs to
// (a day early in a month may be in the last week of the previous month,
// one late in a month in the first week of the next).
func (m moment) weekOfMonth() (week int, owner time.Month) {
	today := epochDay(m.year, m.month, m.day)
	start := firstWeekStart(m.year, m.month)
	next := m.t.AddDate(0, 0, 1-m.day).AddDate(0, 1, 0)
	nextStart := firstWeekStart(next.Year(), next.Month())
	switch {
	case today < start:
		prev := m.t.AddDate(0, 0, 1-m.day).AddDate(0, -1, 0)
		return int((today-firstWeekStart(prev.Year(), prev.Month()))/7) + 1, prev.Month()
	case today >= nextStart:
		return 1, next.Month()
	}
	return int((today-start)/7) + 1, m.month
}

// component returns an integer-valued component.
func (m moment) component(c rune) int {
	switch c {
	case 'Y':
		return m.year
	case 'M':
		return int(m.month)
	case 'D':
		return m.day
	case 'd':
		return m.t.YearDay()
	case 'F':
		return isoWeekday(epochDay(m.year, m.month, m.day))
	case 'W':
		_, w := m.t.ISOWeek()
		return w
	case 'X':
		y, _ := m.t.ISOWeek()
		return y
	case 'w':
		w, _ := m.weekOfMonth()
		return w
	case 'x':
		_, owner := m.weekOfMonth()
		return int(owner)
	case 'H':
		return m.hour
	case 'h':
		if h := m.hour % 12; h != 0 {
			return h
		}
		return 12
	case 'P':
		if m.hour >= 12 {
			return 1
		}
		return 0
	case 'm':
		return m.minute
	case 's':
		return m.sec
	case 'f':
		return m.milli
	}
	return 0
}
