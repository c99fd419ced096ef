package picture

import "testing"

// The benchmarks compare the public, cached entry points with a baseline
// that analyses the picture on every call, as jsonata-js does; report the
// ratio of the two from one run:
//
//	go test -run '^$' -bench . -benchmem ./jsonata/internal/picture/

const (
	benchDatePicture   = "[FNn], [D1o] [MNn] [Y0001] [h]:[m01]:[s01].[f001] [P] [Z01:01t]"
	benchNumberPicture = "#,##0.00;(#,##0.00)"
)

func BenchmarkFormatDateTime(b *testing.B) {
	b.Run("cached", func(b *testing.B) {
		for i := 0; b.Loop(); i++ {
			if _, err := FormatDateTime(1521801216617+int64(i), benchDatePicture, "+0100"); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("analyse-each-call", func(b *testing.B) {
		for i := 0; b.Loop(); i++ {
			f, err := analyseDateTime(benchDatePicture)
			if err != nil {
				b.Fatal(err)
			}
			if _, err := f.format(1521801216617+int64(i), 60); err != nil {
				b.Fatal(err)
			}
		}
	})
}

func BenchmarkFormatNumber(b *testing.B) {
	b.Run("cached", func(b *testing.B) {
		for i := 0; b.Loop(); i++ {
			if _, err := FormatNumber(-1234567.891+float64(i), benchNumberPicture, nil); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("analyse-each-call", func(b *testing.B) {
		for i := 0; b.Loop(); i++ {
			f, err := analyseNumber(benchNumberPicture, DefaultDecimalFormat())
			if err != nil {
				b.Fatal(err)
			}
			_ = f.format(-1234567.891 + float64(i))
		}
	})
}

func BenchmarkParseDateTime(b *testing.B) {
	const s, p = "Friday, 23rd March 2018 10:33:36.617 am", "[FNn], [D1o] [MNn] [Y0001] [h]:[m01]:[s01].[f001] [P]"
	b.Run("cached", func(b *testing.B) {
		for b.Loop() {
			if _, ok, err := ParseDateTime(s, p, 0); !ok || err != nil {
				b.Fatal(ok, err)
			}
		}
	})
	b.Run("compile-each-call", func(b *testing.B) {
		for b.Loop() {
			parser, err := newDateTimeParser(p)
			if err != nil {
				b.Fatal(err)
			}
			if _, ok, err := parser.parse(s, 0); !ok || err != nil {
				b.Fatal(ok, err)
			}
		}
	})
}
