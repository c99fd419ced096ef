package picture

import (
	"errors"
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
