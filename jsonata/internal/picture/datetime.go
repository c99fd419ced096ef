package picture

import (
	"strings"
	"unicode/utf8"
)

// dateTimeFormat is an analysed date/time picture (F&O 9.8.4.1): literals
// and variable markers such as "[Y0001]" or "[MNn,*-3]".
type dateTimeFormat struct {
	parts []dtPart
}

// dtPart is a literal (component == 0) or a variable marker.
type dtPart struct {
	literal   string
	component rune
	pres2     byte // second presentation modifier: 'a', 't', 'c', 'o' or 0
	names     bool // presentation as a name ("N", "n", "Nn")
	nameCase  letterCase
	widthMin  int // -1 when absent
	widthMax  int // -1 when absent
	integer   *integerFormat
	// yearDigits is how many low-order digits of the year to show, or -1
	// for all of them (F&O 9.8.4.4).
	yearDigits int
}

// defaultPresentation is the presentation of a marker that names none, and
// doubles as the set of known components.
var defaultPresentation = map[rune]string{
	'Y': "1", 'M': "1", 'D': "1", 'd': "1", 'F': "n", 'W': "1", 'w': "1", 'X': "1", 'x': "1",
	'H': "1", 'h': "1", 'P': "n", 'm': "01", 's': "01", 'f': "1", 'Z': "01:01", 'z': "01:01", 'C': "n", 'E': "n",
}

// integerComponents are the components with integer values.
const integerComponents = "YMDdFWwXxHhmsf"

// analyseDateTime splits a picture into literals and markers. "[[" and "]]"
// stand for literal brackets; whitespace inside a marker is ignored.
func analyseDateTime(picture string) (*dateTimeFormat, error) {
	f := &dateTimeFormat{}
	var lit strings.Builder
	flush := func() {
		if lit.Len() > 0 {
			f.parts = append(f.parts, dtPart{literal: lit.String()})
			lit.Reset()
		}
	}
	for pos := 0; pos < len(picture); {
		c := picture[pos]
		switch {
		case c == '[' && pos+1 < len(picture) && picture[pos+1] == '[':
			lit.WriteByte('[')
			pos += 2
		case c == ']' && pos+1 < len(picture) && picture[pos+1] == ']':
			lit.WriteByte(']')
			pos += 2
		case c == '[':
			end := strings.IndexByte(picture[pos:], ']')
			if end < 0 {
				return nil, errorf("D3135", nil, "a variable marker in the picture has no closing ']'")
			}
			flush()
			part, err := analyseMarker(strings.Join(strings.Fields(picture[pos+1:pos+end]), ""))
			if err != nil {
				return nil, err
			}
			// A number directly followed by another number can only be
			// parsed if its width is fixed.
			if n := len(f.parts); part.integer != nil && part.component != 'Z' && part.component != 'z' &&
				n > 0 && f.parts[n-1].integer != nil {
				f.parts[n-1].integer.parseWidth = f.parts[n-1].integer.required
			}
			f.parts = append(f.parts, part)
			pos += end + 1
		default:
			lit.WriteByte(c)
			pos++
		}
	}
	flush()
	return f, nil
}

// analyseMarker reads a marker's component, presentation modifiers and
// width modifier (F&O 9.8.4.2).
func analyseMarker(marker string) (dtPart, error) {
	p := dtPart{widthMin: -1, widthMax: -1, yearDigits: -1}
	comp, size := utf8.DecodeRuneInString(marker)
	p.component = comp
	def, known := defaultPresentation[comp]
	if size == 0 || !known {
		return p, errorf("D3132", string(comp), "unknown component specifier %q in the date/time picture", string(comp))
	}
	pres := marker[size:]
	if comma := strings.LastIndexByte(pres, ','); comma >= 0 {
		min, max, _ := strings.Cut(pres[comma+1:], "-")
		p.widthMin, p.widthMax = parseWidth(min), parseWidth(max)
		pres = pres[:comma]
	}
	if utf8.RuneCountInString(pres) > 1 && strings.IndexByte("atco", pres[len(pres)-1]) >= 0 {
		p.pres2 = pres[len(pres)-1]
		pres = pres[:len(pres)-1]
	}
	if pres == "" {
		pres = def
	}
	switch {
	case pres[0] == 'n':
		p.names, p.nameCase = true, lowerCase
	case pres[0] == 'N' && strings.HasPrefix(pres, "Nn"):
		p.names, p.nameCase = true, titleCase
	case pres[0] == 'N':
		p.names, p.nameCase = true, upperCase
	case strings.ContainsRune(integerComponents, comp):
		pattern := pres
		if p.pres2 != 0 {
			pattern += ";" + string(p.pres2)
		}
		f, err := analyseInteger(pattern)
		if err != nil {
			return p, err
		}
		if p.widthMin > f.required {
			f.required = p.widthMin
		}
		if comp == 'Y' {
			if p.widthMax >= 0 {
				p.yearDigits = p.widthMax
				f.required = p.widthMax
			} else if w := f.required + f.optional; w >= 2 {
				p.yearDigits = w
			}
		}
		p.integer = f
	}
	if comp == 'Z' || comp == 'z' {
		f, err := analyseInteger(pres)
		if err != nil {
			return p, err
		}
		p.integer = f
	}
	return p, nil
}

// parseWidth reads a width modifier the way parseInt does (leading digits);
// "*", empty or non-numeric means "not specified".
func parseWidth(s string) int {
	n, digits := 0, 0
	for ; digits < len(s) && s[digits] >= '0' && s[digits] <= '9'; digits++ {
		if n < maxWidth {
			n = n*10 + int(s[digits]-'0')
		}
	}
	if digits == 0 {
		return -1
	}
	return min(n, maxWidth)
}
