package picture

import (
	"math"
	"testing"
)

func TestFormatNumberEdges(t *testing.T) {
	t.Parallel()
	european := DefaultDecimalFormat()
	european.Set("decimal-separator", ",")
	european.Set("grouping-separator", ".")
	custom := DefaultDecimalFormat()
	custom.Set("minus-sign", "−")
	custom.Set("NaN", "n/a")
	custom.Set("infinity", "∞")
	custom.Set("percent", "pc")
	custom.Set("exponent-separator", "E")
	cases := []struct {
		name    string
		x       float64
		picture string
		opts    *DecimalFormat
		want    string
		code    string
	}{
		{"half even down", 0.125, "0.00", nil, "0.12", ""},
		{"half even up", 0.135, "0.00", nil, "0.14", ""},
		{"decimal digits not binary", 1.005, "0.00", nil, "1.00", ""},
		{"integer rounding", 2.5, "0", nil, "2", ""},
		{"optional fraction", 1.5, "#.##", nil, "1.5", ""},
		{"zero with optional digits", 0, "#", nil, "0", ""},
		{"zero with fraction only", 0.5, ".0", nil, ".5", ""},
		{"negative zero", math.Copysign(0, -1), "0.0", nil, "0.0", ""},
		{"grouping", 1234567.891, "#,##0.00", nil, "1,234,567.89", ""},
		{"fraction grouping", 0.123456, "0.000,000", nil, "0.123,456", ""},
		{"european", 1234567.891, "#.##0,00", &european, "1.234.567,89", ""},
		{"custom minus", -5, "0", &custom, "−5", ""},
		{"custom percent", 0.5, "0pc", &custom, "50pc", ""},
		{"custom exponent", 1234, "0.0E0", &custom, "1.2E3", ""},
		{"negative exponent number", -0.00123, "0.00e00", nil, "-1.23e-03", ""},
		{"mantissa rounds up to the next power", 99.99, "0.0e0", nil, "1.0e2", ""},
		{"mantissa equal to the scale", 10, "0.0e0", nil, "1.0e1", ""},
		{"NaN", math.NaN(), "0", &custom, "n/a", ""},
		{"infinity", math.Inf(-1), "#,##0;(#)", &custom, "(∞)", ""},
		{"negative sub-picture", -12, "0;(0)", nil, "(12)", ""},
		{"prefix and suffix", 3, "$0 each", nil, "$3 each", ""},
		{"large value", 1e22, "#,##0", nil, "10,000,000,000,000,000,000,000", ""},
		{"two per-mille", 1, "0‰‰", nil, "", "D3083"},
		{"percent and per-mille", 1, "0%‰", nil, "", "D3084"},
		{"separator next to decimal", 1, "#,.0", nil, "", "D3087"},
		{"trailing separator", 1, "#0,", nil, "", "D3088"},
		{"exponent with percent", 1, "0e0%", nil, "", "D3092"},
		{"no active character: passive text", 1, "abc", nil, "", "D3086"},
		{"no active character: two percents", 42, "%%", nil, "", "D3086"},
		{"no active character: two per-milles", 42, "‰‰", nil, "", "D3086"},
		{"no active character: percent and per-mille", 42, "%‰", nil, "", "D3086"},
		{"no active character: minus signs", 42, "---", nil, "", "D3086"},
		{"no digit, an active separator", 1, "$.$", nil, "", "D3085"},
		{"later rule wins: no digit and trailing separator", 1, "$,$", nil, "", "D3088"},
		{"exponent separator opening the suffix", 1, "0e", nil, "", "D3093"},
		{"exponent separator after a decimal", 1, "0.0e", nil, "", "D3093"},
		{"later rule wins: two decimals and passive", 1, "0.0.a0", nil, "", "D3086"},
		{"later rule wins: percent twice and exponent", 1, "0%e0%", nil, "", "D3092"},
		{"empty picture", 1, "", nil, "", "D3085"},
		{"prefix and exponent (jsonata-js: D3093, a documented deviation)", 1234, "$0.0e0", nil, "$1.2e3", ""},
		{"zero with exponent", 0, "0e0", nil, "0e0", ""},
		{"negative with exponent", -42, "0e0", nil, "-4e1", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			got, err := FormatNumber(c.x, c.picture, c.opts)
			if checkErr(t, err, c.code) && got != c.want {
				t.Errorf("FormatNumber(%v, %q) = %q, want %q", c.x, c.picture, got, c.want)
			}
		})
	}
}

func TestDecimalFormatSet(t *testing.T) {
	t.Parallel()
	d := DefaultDecimalFormat()
	if d.Set("colour", "red") {
		t.Error("Set accepted an unknown property")
	}
	if !d.Set("digit", "") || d.Digit != "#" {
		t.Errorf("an empty value changed the property to %q", d.Digit)
	}
	if !d.Set("pattern-separator", "|") || d.PatternSeparator != "|" {
		t.Errorf("pattern-separator not set: %q", d.PatternSeparator)
	}
}
