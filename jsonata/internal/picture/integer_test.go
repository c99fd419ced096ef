package picture

import (
	"math"
	"testing"
)

func TestFormatIntegerEdges(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name    string
		n       float64
		picture string
		want    string
		code    string
	}{
		{"floor of negative", -2.5, "0", "-3", ""},
		{"negative words", -21, "w", "-twenty-one", ""},
		{"negative roman", -4, "I", "-IV", ""},
		{"roman falls back past range", 123456, "I", "123456", ""},
		{"letters wrap", 702, "a", "zz", ""},
		{"letters zero", 0, "A", "", ""},
		{"ordinal teens", 11, "0;o", "11th", ""},
		{"ordinal 112", 112, "0;o", "112th", ""},
		{"ordinal 22", 22, "0;o", "22nd", ""},
		{"cardinal modifier", 3, "w;c", "three", ""},
		{"separator beyond digits dropped", 12, "#,##,##0", "12", ""},
		{"mixed separators", 1234567, "#.###,##0", "1.234,567", ""},
		{"zero words", 0, "Ww", "Zero", ""},
		{"ordinal zero words", 0, "w;o", "zeroth", ""},
		{"huge decimal", 1e21, "0", "1e+21", ""},
		{"infinite words fall back", math.Inf(1), "w", "Infinity", ""},
		{"empty picture", 5, "", "", "D3130"},
		{"unsupported token", 5, "Ⅰ", "", "D3130"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			got, err := FormatInteger(c.n, c.picture)
			if checkErr(t, err, c.code) && got != c.want {
				t.Errorf("FormatInteger(%v, %q) = %q, want %q", c.n, c.picture, got, c.want)
			}
		})
	}
}

func TestParseInteger(t *testing.T) {
	t.Parallel()
	cases := []struct {
		s, picture string
		want       float64
		ok         bool
		code       string
	}{
		{"1,234,567", "#,##0", 1234567, true, ""},
		{"1234:567,890", "#:###,##0", 1234567890, true, ""},
		{"-0003", "0000", -3, true, ""},
		{"123rd", "000;o", 123, true, ""},
		{"١٢٣٤٠", "###١", 12340, true, ""},
		{"MCMLXXXIV", "I", 1984, true, ""},
		{"xcix", "i", 99, true, ""},
		{"FZPH", "A", 123456, true, ""},
		{"aa", "a", 27, true, ""},
		{"FIVE HUNDRED AND FIFTY-FIVE", "W", 555, true, ""},
		{"one trillion, two hundred and thirty-four billion", "w", 1234000000000, true, ""},
		{"three thousand, seven hundred and thirty-first", "w;o", 3731, true, ""},
		{"12x", "0", 0, false, ""},
		{"", "0", 0, false, ""},
		{"MCM", "i", 0, false, ""},
		{"eleventy", "w", 0, false, ""},
		{"12", "α", 0, false, "D3130"},
		{"12", "0٠", 0, false, "D3131"},
	}
	for _, c := range cases {
		t.Run(c.s+"|"+c.picture, func(t *testing.T) {
			t.Parallel()
			got, ok, err := ParseInteger(c.s, c.picture)
			if !checkErr(t, err, c.code) {
				return
			}
			if ok != c.ok || got != c.want {
				t.Errorf("ParseInteger(%q, %q) = %v, %v; want %v, %v", c.s, c.picture, got, ok, c.want, c.ok)
			}
		})
	}
}

// TestIntegerRoundTrip checks that ParseInteger reads what FormatInteger
// writes, for every kind of picture.
func TestIntegerRoundTrip(t *testing.T) {
	t.Parallel()
	pictures := []string{"0", "#,##0", "0001;o", "##,##,##0", "a", "A", "i", "I", "w", "W", "Ww", "w;o", "#٠"}
	values := []float64{1, 2, 9, 10, 11, 12, 13, 19, 20, 21, 99, 100, 101, 111, 999, 1000, 1001, 1984, 2018, 3999,
		12345, 99999, 1000000, 1234567}
	for _, p := range pictures {
		for _, v := range values {
			s, err := FormatInteger(v, p)
			if err != nil {
				t.Fatalf("FormatInteger(%v, %q): %v", v, p, err)
			}
			got, ok, err := ParseInteger(s, p)
			if err != nil || !ok || got != v {
				t.Errorf("%q: %v -> %q -> %v, %v, %v", p, v, s, got, ok, err)
			}
		}
	}
}
