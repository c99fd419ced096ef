package jsonata

import (
	"encoding/base64"
	"math"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/workflowbuilder/wfb/jsonata/internal/picture"
)

var numberRe = regexp.MustCompile(`^-?[0-9]+(\.[0-9]+)?([Ee][-+]?[0-9]+)?$`)

func numFn(f func(float64) (any, error)) func(ev *evaluator, c *call) (any, error) {
	return func(ev *evaluator, c *call) (any, error) {
		x, ok := c.arg(0).(float64)
		if !ok {
			return nil, nil
		}
		return f(x)
	}
}

func pictureErr(err error) error {
	if pe, ok := err.(*picture.Error); ok {
		return &Error{Code: pe.Code, Position: -1, Value: pe.Value, Message: pe.Message}
	}
	return err
}

func registerNumeric() {
	reg("number", "<(nsb)-:n>", 1, func(ev *evaluator, c *call) (any, error) {
		switch v := c.arg(0).(type) {
		case nil:
			return nil, nil
		case float64:
			return v, nil
		case bool:
			if v {
				return 1.0, nil
			}
			return 0.0, nil
		case string:
			if numberRe.MatchString(v) {
				f, err := strconv.ParseFloat(v, 64)
				if err == nil && !math.IsInf(f, 0) {
					return f, nil
				}
			}
			if len(v) > 2 && v[0] == '0' {
				base := 0
				switch v[1] {
				case 'x', 'X':
					base = 16
				case 'o', 'O':
					base = 8
				case 'b', 'B':
					base = 2
				}
				if base != 0 {
					if n, err := strconv.ParseUint(v[2:], base, 64); err == nil {
						return float64(n), nil
					}
				}
			}
			return nil, errCode("D3030", v).withIndex(1)
		}
		return nil, errCode("D3030", c.arg(0)).withIndex(1)
	})
	reg("floor", "<n-:n>", 1, numFn(func(x float64) (any, error) { return math.Floor(x), nil }))
	reg("ceil", "<n-:n>", 1, numFn(func(x float64) (any, error) { return math.Ceil(x), nil }))
	reg("abs", "<n-:n>", 1, numFn(func(x float64) (any, error) { return math.Abs(x), nil }))
	reg("sqrt", "<n-:n>", 1, numFn(func(x float64) (any, error) {
		if x < 0 {
			return nil, errCode("D3060", x)
		}
		return math.Sqrt(x), nil
	}))
	reg("round", "<n-n?:n>", 2, func(ev *evaluator, c *call) (any, error) {
		x, ok := c.arg(0).(float64)
		if !ok {
			return nil, nil
		}
		p, _ := c.arg(1).(float64)
		return roundHalfEven(x, jsInt(p)), nil
	})
	reg("power", "<n-n:n>", 2, func(ev *evaluator, c *call) (any, error) {
		x, ok := c.arg(0).(float64)
		if !ok {
			return nil, nil
		}
		y, _ := c.arg(1).(float64)
		r := math.Pow(x, y)
		if math.IsInf(r, 0) || math.IsNaN(r) {
			return nil, errCode("D3061", x)
		}
		return r, nil
	})
	reg("random", "<:n>", 0, func(ev *evaluator, c *call) (any, error) { return ev.random(), nil })
	reg("formatBase", "<n-n?:s>", 2, func(ev *evaluator, c *call) (any, error) {
		x, ok := c.arg(0).(float64)
		if !ok {
			return nil, nil
		}
		radix := 10.0
		if r, ok := c.arg(1).(float64); ok {
			radix = r
		}
		s, err := picture.FormatBase(x, radix)
		return s, pictureErr(err)
	})
	reg("formatInteger", "<n-s:s>", 2, func(ev *evaluator, c *call) (any, error) {
		x, ok := c.arg(0).(float64)
		if !ok {
			return nil, nil
		}
		p, _ := str(c.arg(1))
		s, err := picture.FormatInteger(x, p)
		if err != nil {
			return nil, pictureErr(err)
		}
		return s, nil
	})
	reg("parseInteger", "<s-s:n>", 2, func(ev *evaluator, c *call) (any, error) {
		s, ok := str(c.arg(0))
		if !ok {
			return nil, nil
		}
		p, _ := str(c.arg(1))
		v, ok, err := picture.ParseInteger(s, p)
		if err != nil {
			return nil, pictureErr(err)
		}
		if !ok {
			return nil, nil
		}
		return v, nil
	})
	reg("formatNumber", "<n-so?:s>", 3, func(ev *evaluator, c *call) (any, error) {
		x, ok := c.arg(0).(float64)
		if !ok {
			return nil, nil
		}
		p, _ := str(c.arg(1))
		var opts *picture.DecimalFormat
		if o, ok := c.arg(2).(*Object); ok {
			df := picture.DefaultDecimalFormat()
			for _, k := range o.keys {
				if s, ok := o.vals[k].(string); ok {
					df.Set(k, s)
				}
			}
			opts = &df
		}
		s, err := picture.FormatNumber(x, p, opts)
		if err != nil {
			return nil, pictureErr(err)
		}
		return s, nil
	})
}

// roundHalfEven rounds to precision decimal places with ties to even,
// shifting the decimal point in the decimal representation (not by
// multiplying) to avoid binary rounding noise, as jsonata-js does.
func roundHalfEven(x float64, precision int) float64 {
	v := x
	if precision != 0 {
		v = shiftDecimal(x, precision)
	}
	r := math.Floor(v + 0.5) // JavaScript Math.round
	if math.Abs(r-v) == 0.5 && math.Mod(math.Abs(r), 2) == 1 {
		r--
	}
	if precision != 0 {
		r = shiftDecimal(r, -precision)
	}
	if r == 0 {
		r = 0 // no negative zero in JSON
	}
	return r
}

func shiftDecimal(x float64, places int) float64 {
	s := formatNumber(x)
	mant, exp, found := strings.Cut(s, "e")
	e := 0
	if found {
		e, _ = strconv.Atoi(exp)
	}
	f, err := strconv.ParseFloat(mant+"e"+strconv.Itoa(e+places), 64)
	if err != nil {
		return x
	}
	return f
}

// $base64encode and $base64decode follow jsonata-js on Node.js, which
// maps each UTF-16 code unit to one byte (Buffer "binary", i.e. Latin-1)
// rather than encoding UTF-8.
func fnBase64Encode(ev *evaluator, c *call) (any, error) {
	s, ok := str(c.arg(0))
	if !ok {
		return nil, nil
	}
	units := utf16.Encode([]rune(s))
	b := make([]byte, len(units))
	for i, u := range units {
		b[i] = byte(u)
	}
	return base64.StdEncoding.EncodeToString(b), nil
}

func fnBase64Decode(ev *evaluator, c *call) (any, error) {
	s, ok := str(c.arg(0))
	if !ok {
		return nil, nil
	}
	// Node's decoder skips characters outside the alphabet and padding.
	clean := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		ch := s[i]
		if ch >= 'A' && ch <= 'Z' || ch >= 'a' && ch <= 'z' || ch >= '0' && ch <= '9' || ch == '+' || ch == '/' {
			clean = append(clean, ch)
		}
	}
	if len(clean)%4 == 1 {
		clean = clean[:len(clean)-1]
	}
	b, err := base64.RawStdEncoding.DecodeString(string(clean))
	if err != nil {
		return nil, errCode("D3137", s)
	}
	r := make([]rune, len(b))
	for i, x := range b {
		r[i] = rune(x)
	}
	return string(r), nil
}

func urlFn(f func(string) (string, bool)) func(ev *evaluator, c *call) (any, error) {
	return func(ev *evaluator, c *call) (any, error) {
		s, ok := str(c.arg(0))
		if !ok {
			return nil, nil
		}
		r, ok := f(s)
		if !ok {
			return nil, errCode("D3140", s)
		}
		return r, nil
	}
}

const uriUnreserved = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.!~*'()"
const uriReserved = ";/?:@&=+$,#"

func encodeURIWith(s, keep string) (string, bool) {
	if !utf8.ValidString(s) {
		return "", false
	}
	var sb strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < utf8.RuneSelf && strings.IndexByte(keep, c) >= 0 {
			sb.WriteByte(c)
			continue
		}
		sb.WriteByte('%')
		sb.WriteByte("0123456789ABCDEF"[c>>4])
		sb.WriteByte("0123456789ABCDEF"[c&15])
	}
	return sb.String(), true
}

func encodeURIComponent(s string) (string, bool) { return encodeURIWith(s, uriUnreserved) }
func encodeURI(s string) (string, bool)          { return encodeURIWith(s, uriUnreserved+uriReserved) }

func decodeURIWith(s, reserved string) (string, bool) {
	var out []byte
	for i := 0; i < len(s); i++ {
		if s[i] != '%' {
			out = append(out, s[i])
			continue
		}
		if i+2 >= len(s) {
			return "", false
		}
		v, err := strconv.ParseUint(s[i+1:i+3], 16, 8)
		if err != nil {
			return "", false
		}
		if v < utf8.RuneSelf && strings.IndexByte(reserved, byte(v)) >= 0 {
			out = append(out, s[i:i+3]...)
		} else {
			out = append(out, byte(v))
		}
		i += 2
	}
	if !utf8.Valid(out) {
		return "", false
	}
	return string(out), true
}

func decodeURIComponent(s string) (string, bool) { return decodeURIWith(s, "") }
func decodeURI(s string) (string, bool)          { return decodeURIWith(s, uriReserved) }
