package picture

// FormatNumber implements $formatNumber: x formatted with an XPath
// format-number picture (F&O 3.1 section 4.7). opts overrides the
// decimal-format properties; nil means DefaultDecimalFormat, and an empty
// field of opts keeps its default.
//
// NaN and infinities, which jsonata-js leaves unhandled, follow the F&O
// rules: the NaN string, or prefix + infinity string + suffix.
func FormatNumber(x float64, picture string, opts *DecimalFormat) (string, error) {
	df := DefaultDecimalFormat()
	if opts != nil {
		for _, p := range []struct {
			dst *string
			src string
		}{
			{&df.DecimalSeparator, opts.DecimalSeparator}, {&df.GroupingSeparator, opts.GroupingSeparator},
			{&df.ExponentSeparator, opts.ExponentSeparator}, {&df.MinusSign, opts.MinusSign},
			{&df.Infinity, opts.Infinity}, {&df.NaN, opts.NaN}, {&df.Percent, opts.Percent},
			{&df.PerMille, opts.PerMille}, {&df.ZeroDigit, opts.ZeroDigit}, {&df.Digit, opts.Digit},
			{&df.PatternSeparator, opts.PatternSeparator},
		} {
			if p.src != "" {
				*p.dst = p.src
			}
		}
	}
	f, err := cachedNumber(picture, df)
	if err != nil {
		return "", err
	}
	return f.format(x), nil
}
