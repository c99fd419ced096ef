package picture

import (
	"errors"
	"fmt"
	"math"
	"testing"
)

// checkFuzzErr fails unless err is nil or an *Error with a code.
func checkFuzzErr(t *testing.T, err error) {
	t.Helper()
	if err == nil {
		return
	}
	var e *Error
	if !errors.As(err, &e) || e.Code == "" {
		t.Fatalf("error without a JSONata code: %v", err)
	}
}

func FuzzFormatInteger(f *testing.F) {
	for _, p := range []string{"#,##0", "0001;o", "w;o", "Ww", "I", "a", "##0٠", "#:###,##0", "", ";"} {
		f.Add(1984.0, p)
	}
	f.Fuzz(func(t *testing.T, n float64, picture string) {
		s, err := FormatInteger(n, picture)
		checkFuzzErr(t, err)
		if err == nil {
			_, _, err = ParseInteger(s, picture)
			checkFuzzErr(t, err)
		}
	})
}

func FuzzFormatNumber(f *testing.F) {
	for _, p := range []string{"#,##0.00", "00.000e0", "0%", "#;(#)", "①①.①①①e①", ".e0", "0,,0", "PREFIX#0SUFFIX"} {
		f.Add(-1234.5678, p)
	}
	f.Fuzz(func(t *testing.T, x float64, picture string) {
		_, err := FormatNumber(x, picture, nil)
		checkFuzzErr(t, err)
	})
}

func FuzzFormatDateTime(f *testing.F) {
	for _, p := range []string{"", "[Y0001]-[M01]-[D01]", "[FNn,*-3] [D1o] [MNn] [Yw]", "[h]:[m] [P] [z]",
		"[Y,2-2][M01][D01]", "[[x]] [W] [w] [X] [x]", "[Z0101t]", "[Y", "[f01]"} {
		f.Add(int64(1521801216617), p, "-0530")
	}
	f.Fuzz(func(t *testing.T, ms int64, picture, tz string) {
		s, err := FormatDateTime(ms, picture, tz)
		checkFuzzErr(t, err)
		if err != nil || picture != "" || tz != "" || ms < -62167219200000 || ms > 253402300799999 {
			return
		}
		// ISO 8601 output for years 0000..9999 must read back.
		got, ok, err := ParseDateTime(s, "", 0)
		if err != nil || !ok || got != ms {
			t.Fatalf("%d -> %q -> %d, %v, %v", ms, s, got, ok, err)
		}
	})
}

func FuzzParseDateTime(f *testing.F) {
	f.Add("2018-03-27T14:03:00.123Z", "")
	f.Add("27th April 2008", "[D1o] [MNn] [Y0001]")
	f.Add("twenty-first August two thousand and seventeen", "[Dw] [MNn] [Yw]")
	f.Add("2020-09-09 12:00:00 GMT-5", "[Y0001]-[M01]-[D01] [H01]:[m01]:[s01] [z01]")
	f.Add("201802", "[Y,*-4][M01]")
	f.Fuzz(func(t *testing.T, s, picture string) {
		_, _, err := ParseDateTime(s, picture, 1623745800250)
		checkFuzzErr(t, err)
	})
}

// roundTripPictures carry a whole instant and its offset, so parsing what
// they write in any timezone must give the instant back.
var roundTripPictures = []string{
	"",
	"[Y0001]-[M01]-[D01]T[H01]:[m01]:[s01].[f001][Z0101t]",
	"[Y0001][M01][D01][H01][m01][s01][f001][Z0101]",
	"[D1o] [MNn] [Y] [h]:[m01]:[s01].[f001] [P] [z]",
	"[FNn], the [Dwo] of [MNn,*-3] [Yw] at [H]:[m]:[s].[f] [Z]",
	"[DW] [MN] [YI] [H01]:[m01]:[s01].[f001] [Z01:01]",
	"[Y0001]-[d001] [H]:[m]:[s].[f001][Z]",
	"[Da] [MA] [Y]T[Hw]:[mw]:[sw].[fw] [Z0]",
}

func FuzzDateTimeRoundTrip(f *testing.F) {
	f.Add(int64(1521801216617), uint8(0), int16(330))
	f.Add(int64(-62135596800000), uint8(3), int16(-570))
	f.Fuzz(func(t *testing.T, ms int64, which uint8, tzMinutes int16) {
		// Years 1..9998 in every zone, and zones of at most ±14 hours.
		if ms < -62135596800000+86400000 || ms > 253370764800000 || tzMinutes < -840 || tzMinutes > 840 {
			return
		}
		picture := roundTripPictures[int(which)%len(roundTripPictures)]
		sign, m := "+", int(tzMinutes)
		if m < 0 {
			sign, m = "-", -m
		}
		tz := fmt.Sprintf("%s%02d%02d", sign, m/60, m%60)
		s, err := FormatDateTime(ms, picture, tz)
		if err != nil {
			t.Fatalf("FormatDateTime(%d, %q, %q): %v", ms, picture, tz, err)
		}
		got, ok, err := ParseDateTime(s, picture, 0)
		if err != nil || !ok || got != ms {
			t.Fatalf("%q %s: %d -> %q -> %d, %v, %v", picture, tz, ms, s, got, ok, err)
		}
	})
}

func FuzzIntegerRoundTrip(f *testing.F) {
	f.Add(1234567890123456.0, uint8(0))
	f.Add(1e46, uint8(1))
	pictures := []string{"w", "W;o", "Ww", "#,##0", "0001;o", "a", "I", "##,##,##0", "#٠"}
	f.Fuzz(func(t *testing.T, n float64, which uint8) {
		// Exactly representable integers only: beyond 2^53 the words are
		// exact but the float sums that read them back are not.
		if !(math.Abs(n) < 1<<53) {
			return
		}
		n = math.Floor(n)
		picture := pictures[int(which)%len(pictures)]
		s, err := FormatInteger(n, picture)
		if err != nil {
			t.Fatalf("FormatInteger(%v, %q): %v", n, picture, err)
		}
		got, ok, err := ParseInteger(s, picture)
		if err != nil || !ok || got != n {
			t.Fatalf("%q: %v -> %q -> %v, %v, %v", picture, n, s, got, ok, err)
		}
	})
}

func FuzzFormatNumberOptions(f *testing.F) {
	f.Add(1234.5678, "#.##0,00", ",", ".", "0", "e", ";")
	f.Add(0.1, "AeAAA", ".", ",", "A", "e", ";")
	f.Add(-2.5, "x0x|y0y", ".", ".", "٠", "E", "|")
	f.Fuzz(func(t *testing.T, x float64, picture, dec, grp, zero, exp, pattern string) {
		opts := DefaultDecimalFormat()
		opts.Set("decimal-separator", dec)
		opts.Set("grouping-separator", grp)
		opts.Set("zero-digit", zero)
		opts.Set("exponent-separator", exp)
		opts.Set("pattern-separator", pattern)
		_, err := FormatNumber(x, picture, &opts)
		checkFuzzErr(t, err)
	})
}
