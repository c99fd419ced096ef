package picture

// DecimalFormat holds the XPath decimal-format properties $formatNumber
// accepts in its options object. The zero value is not meaningful; start
// from DefaultDecimalFormat (FormatNumber does so when given nil).
type DecimalFormat struct {
	DecimalSeparator  string
	GroupingSeparator string
	ExponentSeparator string
	MinusSign         string
	Infinity          string
	NaN               string
	Percent           string
	PerMille          string
	// ZeroDigit is the zero of the digit family; its next nine code points
	// are the other digits.
	ZeroDigit        string
	Digit            string
	PatternSeparator string
}

// DefaultDecimalFormat returns the properties jsonata-js uses when no
// options object is given.
func DefaultDecimalFormat() DecimalFormat {
	return DecimalFormat{
		DecimalSeparator:  ".",
		GroupingSeparator: ",",
		ExponentSeparator: "e",
		MinusSign:         "-",
		Infinity:          "Infinity",
		NaN:               "NaN",
		Percent:           "%",
		PerMille:          "\u2030",
		ZeroDigit:         "0",
		Digit:             "#",
		PatternSeparator:  ";",
	}
}

// Set overrides the property with its options-object name (for example
// "decimal-separator" or "per-mille"). It reports whether the name is a
// decimal-format property; jsonata-js ignores other names, and so may the
// caller. An empty value keeps the current one, because every property
// must be at least one character for the picture to be analysable.
func (d *DecimalFormat) Set(name, value string) bool {
	var p *string
	switch name {
	case "decimal-separator":
		p = &d.DecimalSeparator
	case "grouping-separator":
		p = &d.GroupingSeparator
	case "exponent-separator":
		p = &d.ExponentSeparator
	case "minus-sign":
		p = &d.MinusSign
	case "infinity":
		p = &d.Infinity
	case "NaN":
		p = &d.NaN
	case "percent":
		p = &d.Percent
	case "per-mille":
		p = &d.PerMille
	case "zero-digit":
		p = &d.ZeroDigit
	case "digit":
		p = &d.Digit
	case "pattern-separator":
		p = &d.PatternSeparator
	default:
		return false
	}
	if value != "" {
		*p = value
	}
	return true
}
