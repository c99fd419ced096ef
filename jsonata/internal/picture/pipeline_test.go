package picture

import (
	"strings"
	"testing"
)

// testNow is the fixed $now() (2021-06-15T08:30:00.250Z) for parsing tests.
const testNow int64 = 1623745800250

// mustParse is $toMillis for a test that expects a match.
func mustParse(t *testing.T, s, picture string) int64 {
	t.Helper()
	ms, ok, err := ParseDateTime(s, picture, testNow)
	if err != nil || !ok {
		t.Fatalf("ParseDateTime(%q, %q) = %d, %v, %v", s, picture, ms, ok, err)
	}
	return ms
}

// mustFormat is $fromMillis for a test that expects success.
func mustFormat(t *testing.T, ms int64, picture, tz string) string {
	t.Helper()
	s, err := FormatDateTime(ms, picture, tz)
	if err != nil {
		t.Fatalf("FormatDateTime(%d, %q, %q): %v", ms, picture, tz, err)
	}
	return s
}

// TestSuitePipelines covers the suite cases of the five groups that combine
// several calls or compute an argument, translated call by call.
func TestSuitePipelines(t *testing.T) {
	t.Parallel()

	t.Run("isoWeekDate", func(t *testing.T) {
		t.Parallel()
		// function-fromMillis/isoWeekDate.json:
		// $fromMillis($toMillis(date, '[Y]-[M]-[D]'), '[X0001]-W[W01]-[F1]')
		cases := []struct{ date, want string }{
			{"2005-01-01", "2004-W53-6"}, {"2005-01-02", "2004-W53-7"}, {"2005-12-31", "2005-W52-6"},
			{"2006-01-01", "2005-W52-7"}, {"2006-01-02", "2006-W01-1"}, {"2006-12-31", "2006-W52-7"},
			{"2007-01-01", "2007-W01-1"}, {"2007-12-30", "2007-W52-7"}, {"2007-12-31", "2008-W01-1"},
			{"2008-01-01", "2008-W01-2"}, {"2008-12-28", "2008-W52-7"}, {"2008-12-29", "2009-W01-1"},
			{"2008-12-30", "2009-W01-2"}, {"2008-12-31", "2009-W01-3"}, {"2009-01-01", "2009-W01-4"},
			{"2009-12-31", "2009-W53-4"}, {"2010-01-01", "2009-W53-5"}, {"2010-01-02", "2009-W53-6"},
			{"2010-01-03", "2009-W53-7"},
		}
		for _, c := range cases {
			ms := mustParse(t, c.date, "[Y]-[M]-[D]")
			if got := mustFormat(t, ms, "[X0001]-W[W01]-[F1]", ""); got != c.want {
				t.Errorf("%s: got %q, want %q", c.date, got, c.want)
			}
		}
	})

	t.Run("toMillis then fromMillis", func(t *testing.T) {
		t.Parallel()
		// function-tomillis/parseDateTime.json cases ending in ~> $fromMillis().
		cases := []struct{ s, picture, want string }{
			{"Wednesday, 14th November 2018", "[FNn], [D1o] [MNn] [Y]", "2018-11-14T00:00:00.000Z"},
			{"Mon, Twelfth November 2018", "[FNn,*-3], [DWwo] [MNn] [Y]", "2018-11-12T00:00:00.000Z"},
			{"2018--180", "[Y]--[d]", "2018-06-29T00:00:00.000Z"},
			{"three hundred and sixty-fifth day of 2018", "[dwo] day of [Y]", "2018-12-31T00:00:00.000Z"},
			{"2020-09-09 08:00:00 +02:00", "[Y0001]-[M01]-[D01] [H01]:[m01]:[s01] [Z]", "2020-09-09T06:00:00.000Z"},
			{"2020-09-09 08:00:00 GMT-05:00", "[Y0001]-[M01]-[D01] [H01]:[m01]:[s01] [z]", "2020-09-09T13:00:00.000Z"},
			{"2020-09-09 12:00:00 +05:30", "[Y0001]-[M01]-[D01] [H01]:[m01]:[s01] [Z]", "2020-09-09T06:30:00.000Z"},
			{"2020-09-09 12:00:00 GMT-5", "[Y0001]-[M01]-[D01] [H01]:[m01]:[s01] [z01]", "2020-09-09T17:00:00.000Z"},
			{"2020-09-09 12:00:00 +0530", "[Y0001]-[M01]-[D01] [H01]:[m01]:[s01] [Z0001]", "2020-09-09T06:30:00.000Z"},
			{"2026-04-08T19:05:04.01987", "[Y0001]-[M01]-[D01]T[H01]:[m01]:[s01].[f1]", "2026-04-08T19:05:04.019Z"},
		}
		for _, c := range cases {
			if got := mustFormat(t, mustParse(t, c.s, c.picture), "", ""); got != c.want {
				t.Errorf("%q with %q: got %q, want %q", c.s, c.picture, got, c.want)
			}
		}
	})

	t.Run("time only takes today's date", func(t *testing.T) {
		t.Parallel()
		// $toMillis('13:45', '[H]:[m]') ~> $fromMillis(): the date part is
		// $now()'s, the time 13:45:00.000.
		got := mustFormat(t, mustParse(t, "13:45", "[H]:[m]"), "", "")
		today, _, _ := strings.Cut(mustFormat(t, testNow, "", ""), "T")
		if want := today + "T13:45:00.000Z"; got != want {
			t.Errorf("got %q, want %q", got, want)
		}
	})

	t.Run("ISO and picture agree", func(t *testing.T) {
		t.Parallel()
		// function-tomillis/case013.json
		iso, ok, err := ParseDateTime("2024-01-01T12:38:49Z", "", testNow)
		if err != nil || !ok {
			t.Fatalf("ISO parse: %v %v", ok, err)
		}
		if pic := mustParse(t, "20240101123849", "[Y0000][M00][D00][H00][m00][s00]"); pic != iso {
			t.Errorf("picture gives %d, ISO gives %d", pic, iso)
		}
	})

	t.Run("fromMillis with timezones", func(t *testing.T) {
		t.Parallel()
		// function-fromMillis/formatDateTime.json #66
		ms, _, _ := ParseDateTime("2018-10-21T13:05:00Z", "", testNow)
		for tz, want := range map[string]string{
			"": "2018-10-21T13:05:00.000Z", "-0500": "2018-10-21T08:05:00.000-05:00", "0000": "2018-10-21T13:05:00.000Z",
		} {
			if got := mustFormat(t, ms, "", tz); got != want {
				t.Errorf("tz %q: got %q, want %q", tz, got, want)
			}
		}
	})

	t.Run("computed numbers", func(t *testing.T) {
		t.Parallel()
		// function-formatNumber/case016.json, case017.json and
		// function-formatBase/case008.json (big_id from the input).
		cases := []struct {
			got, want string
			err       error
		}{
			{want: "87,504.4812"},
			{want: "PREFIX185.2812SUFFIX"},
			{want: "5890840712243076"},
		}
		cases[0].got, cases[0].err = FormatNumber(2392.14*(-36.58), "000,000.000###;###,###.000###", nil)
		cases[1].got, cases[1].err = FormatNumber(2.14*86.58, "PREFIX##00.000###SUFFIX", nil)
		cases[2].got, cases[2].err = FormatBase(5890840712243076, 10)
		for _, c := range cases {
			if c.err != nil || c.got != c.want {
				t.Errorf("got %q, %v; want %q", c.got, c.err, c.want)
			}
		}
	})
}
