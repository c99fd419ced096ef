package picture

import (
	"testing"
)

func TestFormatDateTimeEdges(t *testing.T) {
	t.Parallel()
	const ms = 1521801216617 // 2018-03-23T10:33:36.617Z, a Friday
	cases := []struct {
		name, picture, tz string
		want, code        string
	}{
		{"fraction one digit", "[f1]", "", "617", ""},
		{"fraction two digits truncates", "[f01]", "", "61", ""},
		{"fraction optional digit", "[f0#]", "", "61", ""},
		{"fraction four digits", "[f0001]", "", "6170", ""},
		{"fraction width", "[f1,1-1]", "", "6", ""},
		{"month abbreviation", "[MNn,*-3]", "", "Mar", ""},
		{"upper day name", "[FN]", "", "FRIDAY", ""},
		{"year words title", "[YWw]", "", "Two Thousand and Eighteen", ""},
		{"negative half-hour zone", "[H01]:[m01][Z]", "-0530", "05:03-05:30", ""},
		{"zone with GMT and hours", "[z0]", "+0100", "GMT+1", ""},
		{"zone t not UTC", "[Z01:01t]", "+0200", "+02:00", ""},
		{"12-hour noon", "[h]:[m01] [P]", "+0126", "11:59 am", ""},
		{"calendar and era", "[C] [E]", "", "ISO ISO", ""},
		{"unknown component", "[q]", "", "", "D3132"},
		{"empty marker", "[]", "", "", "D3132"},
		{"hour as name", "[HN]", "", "", "D3133"},
		{"bad timezone", "[H]", "noon", "", "D3134"},
		{"mixed digit families", "[Y0٠]", "", "", "D3131"},
		{"unsupported sequence", "[Dα]", "", "", "D3130"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			got, err := FormatDateTime(ms, c.picture, c.tz)
			if checkErr(t, err, c.code) && got != c.want {
				t.Errorf("FormatDateTime(%q, %q) = %q, want %q", c.picture, c.tz, got, c.want)
			}
		})
	}
}

func TestParseDateTimeEdges(t *testing.T) {
	t.Parallel()
	// testNow is 2021-06-15T08:30:00.250Z.
	cases := []struct {
		name, s, picture string
		want             int64
		ok               bool
		code             string
	}{
		{"ISO year only", "2017", "", 1483228800000, true, ""},
		{"ISO year-month", "2017-10", "", 1506816000000, true, ""},
		{"ISO offset with colon", "2017-10-30T15:28:34+05:30", "", 1509357514000, true, ""},
		{"ISO negative offset", "2017-10-30T15:28:34-0130", "", 1509382714000, true, ""},
		{"ISO long fraction truncates", "1970-01-01T00:00:00.1239Z", "", 123, true, ""},
		{"ISO no offset is UTC", "1970-01-02T00:00:00", "", 86400000, true, ""},
		{"ISO month 13", "2017-13-01", "", 0, false, "D3110"},
		{"ISO 30 February", "2017-02-30", "", 0, false, "D3110"},
		{"ISO repeated part", "2017-10-10-10", "", 0, false, "D3110"},
		{"month and day take this year", "03-27", "[M01]-[D01]", 1616803200000, true, ""},
		{"day of year with time", "2018-094T10:00", "[Y0001]-[d001]T[H01]:[m01]", 1522836000000, true, ""},
		{"upper-case names", "23 MARCH 2018", "[D] [MN] [Y]", 1521763200000, true, ""},
		{"abbreviated day and month", "Fri 23 Mar 2018", "[FNn,*-3] [D] [MNn,*-3] [Y]", 1521763200000, true, ""},
		{"unknown month name", "23 Marchy 2018", "[D] [MNn] [Y]", 0, false, ""},
		{"12-hour clock without am/pm after a date", "2018-03-23 10", "[Y]-[M]-[D] [h]", 0, false, "D3136"},
		{"12-hour clock alone is am today", "10:15", "[h]:[m]", 1623752100000, true, ""},
		{"fraction one digit", "00:00:00.5", "[H]:[m]:[s].[f]", 1623715200500, true, ""},
		{"grouped year", "2,018", "[Y9,999,*]", 1514764800000, true, ""},
		{"zone without separator", "2018-01-01 -0530", "[Y]-[M]-[D] [Z0001]", 1514784600000, true, ""},
		{"seconds without minutes", "10::36", "[H]::[s]", 0, false, "D3136"},
		{"names for a number", "x", "[dN]", 0, false, "D3133"},
		{"calendar cannot be parsed", "ISO", "[C]", 0, false, "D3133"},
		{"unclosed marker", "2018", "[Y", 0, false, "D3135"},
		{"nothing to read", "abc", "abc", 0, false, ""},
		{"year beyond a Date", "99999999999", "[Y]", 0, false, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			got, ok, err := ParseDateTime(c.s, c.picture, testNow)
			if !checkErr(t, err, c.code) {
				return
			}
			if ok != c.ok || got != c.want {
				t.Errorf("ParseDateTime(%q, %q) = %d, %v; want %d, %v", c.s, c.picture, got, ok, c.want, c.ok)
			}
		})
	}
}

// TestDateTimeRoundTrip checks that ParseDateTime reads back what
// FormatDateTime writes with pictures that carry a whole instant.
func TestDateTimeRoundTrip(t *testing.T) {
	t.Parallel()
	instants := []int64{0, 1, 86399999, 951782400000, 1204405500000, 1521801216617, 1546300799999, -2777932800000,
		-62135596800000, 253402000000000}
	cases := []struct{ picture, tz string }{
		{"", ""},
		{"", "+0530"},
		{"", "-1000"},
		{"[Y0001]-[M01]-[D01]T[H01]:[m01]:[s01].[f001][Z0101t]", "-0930"},
		{"[Y0001][M01][D01][H01][m01][s01][f001]", ""},
		{"[D1o] [MNn] [Y] [h]:[m01]:[s01].[f001] [P]", ""},
		{"[FNn], the [Dwo] of [MNn,*-3] [Yw] at [H]:[m]:[s].[f] [z]", "+0100"},
		{"[DW] [MN] [YI] [H01]:[m01]:[s01].[f001]", ""},
		{"[Y0001]-[d001] [H]:[m]:[s].[f001]", ""},
		{"[Da] [MA] [Y]T[Hw]:[mw]:[sw].[fw]", ""},
	}
	for _, c := range cases {
		for _, ms := range instants {
			s, err := FormatDateTime(ms, c.picture, c.tz)
			if err != nil {
				t.Fatalf("FormatDateTime(%d, %q, %q): %v", ms, c.picture, c.tz, err)
			}
			got, ok, err := ParseDateTime(s, c.picture, testNow)
			if err != nil || !ok || got != ms {
				t.Errorf("%q %q: %d -> %q -> %d, %v, %v", c.picture, c.tz, ms, s, got, ok, err)
			}
		}
	}
}
