package picture

import (
	"math"
	"strings"
	"time"
)

// fields holds the parsed components by letter.
type fields struct {
	set [128]bool
	val [128]float64
}

func (c *fields) has(r rune) bool { return c.set[r] }

func (c *fields) put(r rune, v float64) { c.set[r], c.val[r] = true, v }

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
