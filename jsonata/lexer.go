package jsonata

import (
	"regexp"
	"regexp/syntax"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

type tokenType int

const (
	tokEnd tokenType = iota
	tokOperator
	tokName
	tokVariable
	tokString
	tokNumber
	tokValue
	tokRegex
)

type token struct {
	typ   tokenType
	value string // operator, name, variable or string text
	num   float64
	lit   any // for tokValue: true, false or null
	re    *regexLit
	pos   int
}

// regexLit is a compiled regex literal (/pattern/flags).
type regexLit struct {
	source string
	re     *regexp.Regexp
	insts  int // size of the compiled program: matching costs up to insts per byte
}

// binding powers of the operators, as in jsonata-js.
var operators = map[string]int{
	".": 75, "[": 80, "]": 0, "{": 70, "}": 0, "(": 80, ")": 0, ",": 0, "@": 80, "#": 80,
	";": 80, ":": 80, "?": 20, "+": 50, "-": 50, "*": 60, "/": 60, "%": 60, "|": 20,
	"=": 40, "<": 40, ">": 40, "^": 40, "**": 60, "..": 20, ":=": 10, "!=": 40, "<=": 40,
	">=": 40, "~>": 40, "?:": 40, "??": 40, "and": 30, "or": 25, "in": 40, "&": 50, "!": 0, "~": 0,
}

func isOpChar(c byte) bool {
	switch c {
	case '.', '[', ']', '{', '}', '(', ')', ',', '@', '#', ';', ':', '?', '+', '-', '*', '/', '%', '|', '=', '<', '>', '^', '&', '!', '~':
		return true
	}
	return false
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' }

var numRegex = regexp.MustCompile(`^-?(0|([1-9][0-9]*))(\.[0-9]+)?([Ee][-+]?[0-9]+)?`)

type lexer struct {
	src string
	pos int
}

// next returns the next token; infix is true when a '/' must be read as
// division rather than the start of a regex literal.
func (l *lexer) next(infix bool) (token, error) {
	src := l.src
	for l.pos < len(src) && isSpace(src[l.pos]) {
		l.pos++
	}
	if l.pos >= len(src) {
		return token{typ: tokEnd, pos: len(src)}, nil
	}
	c := src[l.pos]
	if c == '/' && l.pos+1 < len(src) && src[l.pos+1] == '*' {
		start := l.pos
		end := strings.Index(src[l.pos+2:], "*/")
		if end < 0 {
			return token{}, newError("S0106", start, "", nil)
		}
		l.pos += 2 + end + 2
		return l.next(infix)
	}
	if !infix && c == '/' {
		l.pos++
		return l.scanRegex()
	}
	if l.pos+1 < len(src) {
		two := src[l.pos : l.pos+2]
		switch two {
		case "..", ":=", "!=", ">=", "<=", "**", "~>", "?:", "??":
			l.pos += 2
			return token{typ: tokOperator, value: two, pos: l.pos}, nil
		}
	}
	if isOpChar(c) {
		l.pos++
		return token{typ: tokOperator, value: string(c), pos: l.pos}, nil
	}
	if c == '"' || c == '\'' {
		return l.scanString(c)
	}
	if m := numRegex.FindString(src[l.pos:]); m != "" {
		f, err := strconv.ParseFloat(m, 64)
		if err != nil {
			return token{}, newError("S0102", l.pos, m, nil)
		}
		l.pos += len(m)
		return token{typ: tokNumber, num: f, pos: l.pos}, nil
	}
	if c == '`' {
		end := strings.IndexByte(src[l.pos+1:], '`')
		if end < 0 {
			l.pos = len(src)
			return token{}, newError("S0105", l.pos, "", nil)
		}
		name := src[l.pos+1 : l.pos+1+end]
		l.pos += end + 2
		return token{typ: tokName, value: name, pos: l.pos}, nil
	}
	i := l.pos
	for i < len(src) && !isSpace(src[i]) && !isOpChar(src[i]) {
		i++
	}
	word := src[l.pos:i]
	l.pos = i
	if word[0] == '$' {
		return token{typ: tokVariable, value: word[1:], pos: l.pos}, nil
	}
	switch word {
	case "and", "or", "in":
		return token{typ: tokOperator, value: word, pos: l.pos}, nil
	case "true":
		return token{typ: tokValue, lit: true, value: word, pos: l.pos}, nil
	case "false":
		return token{typ: tokValue, lit: false, value: word, pos: l.pos}, nil
	case "null":
		return token{typ: tokValue, lit: jsonNull, value: word, pos: l.pos}, nil
	}
	return token{typ: tokName, value: word, pos: l.pos}, nil
}

func (l *lexer) scanString(quote byte) (token, error) {
	src := l.src
	l.pos++
	var sb strings.Builder
	for l.pos < len(src) {
		c := src[l.pos]
		switch {
		case c == '\\':
			l.pos++
			if l.pos >= len(src) {
				return token{}, newError("S0101", l.pos, "", nil)
			}
			e := src[l.pos]
			switch e {
			case '"', '\\', '/', '\'':
				if e == '\'' {
					return token{}, newError("S0103", l.pos, string(e), nil)
				}
				sb.WriteByte(e)
			case 'b':
				sb.WriteByte('\b')
			case 'f':
				sb.WriteByte('\f')
			case 'n':
				sb.WriteByte('\n')
			case 'r':
				sb.WriteByte('\r')
			case 't':
				sb.WriteByte('\t')
			case 'u':
				r, ok := hex4(src, l.pos+1)
				if !ok {
					return token{}, newError("S0104", l.pos, "", nil)
				}
				l.pos += 4
				if utf16.IsSurrogate(r) && r < 0xdc00 && l.pos+6 < len(src) && src[l.pos+1] == '\\' && src[l.pos+2] == 'u' {
					if r2, ok := hex4(src, l.pos+3); ok && r2 >= 0xdc00 && r2 <= 0xdfff {
						r = utf16.DecodeRune(r, r2)
						l.pos += 6
					}
				}
				sb.WriteRune(r)
			default:
				_, size := utf8.DecodeRuneInString(src[l.pos:])
				return token{}, newError("S0103", l.pos, src[l.pos:l.pos+size], nil)
			}
			l.pos++
		case c == quote:
			l.pos++
			return token{typ: tokString, value: sb.String(), pos: l.pos}, nil
		default:
			sb.WriteByte(c)
			l.pos++
		}
	}
	return token{}, newError("S0101", l.pos, "", nil)
}

func hex4(s string, at int) (rune, bool) {
	if at+4 > len(s) {
		return 0, false
	}
	v, err := strconv.ParseUint(s[at:at+4], 16, 32)
	if err != nil || strings.ContainsAny(s[at:at+4], "+-") {
		return 0, false
	}
	return rune(v), true
}

func (l *lexer) scanRegex() (token, error) {
	src := l.src
	start := l.pos
	depth := 0
	for l.pos < len(src) {
		c := src[l.pos]
		if c == '/' && depth == 0 {
			bs := 0
			for l.pos-bs-1 >= start && src[l.pos-bs-1] == '\\' {
				bs++
			}
			if bs%2 == 0 {
				pattern := src[start:l.pos]
				if pattern == "" {
					return token{}, newError("S0301", l.pos, "", nil)
				}
				l.pos++
				fstart := l.pos
				for l.pos < len(src) && (src[l.pos] == 'i' || src[l.pos] == 'm') {
					l.pos++
				}
				re, err := compileRegex(pattern, src[fstart:l.pos])
				if err != nil {
					return token{}, newError("S0303", l.pos, pattern, nil)
				}
				return token{typ: tokRegex, re: re, value: pattern, pos: l.pos}, nil
			}
		}
		prevEsc := l.pos > start && src[l.pos-1] == '\\'
		if (c == '(' || c == '[' || c == '{') && !prevEsc {
			depth++
		}
		if (c == ')' || c == ']' || c == '}') && !prevEsc {
			depth--
		}
		l.pos++
	}
	return token{}, newError("S0302", l.pos, "", nil)
}

// compileRegex compiles a JavaScript-style regex with Go's RE2 engine.
// RE2 runs in linear time, which keeps hostile patterns from hanging an
// evaluation; the price is that JavaScript-only features (look-around,
// back-references) are rejected with S0303.
func compileRegex(pattern, flags string) (*regexLit, error) {
	prefix := ""
	if strings.Contains(flags, "i") {
		prefix += "i"
	}
	if strings.Contains(flags, "m") {
		prefix += "m"
	}
	p := pattern
	if prefix != "" {
		p = "(?" + prefix + ")" + p
	}
	re, err := regexp.Compile(p)
	if err != nil {
		return nil, err
	}
	insts := len(p)
	if parsed, err := syntax.Parse(p, syntax.Perl); err == nil {
		if prog, err := syntax.Compile(parsed.Simplify()); err == nil {
			insts = len(prog.Inst)
		}
	}
	return &regexLit{source: pattern, re: re, insts: insts}, nil
}
