package jsonata

import (
	"regexp"
	"strings"
	"sync"
)

// signature is a parsed function signature such as "<s-nn?:s>". Arguments
// are validated by matching a string of one-letter type symbols (one per
// argument) against a regular expression built from the signature, as
// jsonata-js does.
type signature struct {
	definition string
	params     []sigParam
	re         *regexp.Regexp
	// matches caches the regex result per string of argument symbols (there
	// are few distinct ones per function), keeping the regex off the hot path.
	matches sync.Map // string -> []int, nil for no match
}

type sigParam struct {
	regex      string
	typ        string
	array      bool
	context    bool
	ctxRegex   *regexp.Regexp
	ctxPattern string
	subtype    string
	hasSub     bool // a type parameter was given, possibly empty
}

func findClosing(s string, start int, open, close byte) int {
	depth := 1
	pos := start
	for pos < len(s) {
		pos++
		if pos >= len(s) {
			break
		}
		c := s[pos]
		if c == close {
			depth--
			if depth == 0 {
				break
			}
		} else if c == open {
			depth++
		}
	}
	return pos
}

func parseSignature(sig string) (*signature, error) {
	s := &signature{definition: sig}
	param := sigParam{}
	prev := -1 // index of previous param in s.params
	push := func() {
		s.params = append(s.params, param)
		prev = len(s.params) - 1
		param = sigParam{}
	}
	for pos := 1; pos < len(sig); pos++ {
		c := sig[pos]
		if c == ':' {
			break
		}
		switch c {
		case 's', 'n', 'b', 'l', 'o':
			param.regex = "[" + string(c) + "m]"
			param.typ = string(c)
			push()
		case 'a':
			param.regex = "[asnblfom]"
			param.typ = "a"
			param.array = true
			push()
		case 'f':
			param.regex = "f"
			param.typ = "f"
			push()
		case 'j':
			param.regex = "[asnblom]"
			param.typ = "j"
			push()
		case 'x':
			param.regex = "[asnblfom]"
			param.typ = "x"
			push()
		case '-':
			if prev >= 0 {
				p := &s.params[prev]
				p.context = true
				p.ctxPattern = "^" + p.regex + "$"
				p.regex += "?"
			}
		case '?', '+':
			if prev >= 0 {
				s.params[prev].regex += string(c)
			}
		case '(':
			end := findClosing(sig, pos, '(', ')')
			if end >= len(sig) {
				end = len(sig) - 1
			}
			choice := sig[pos+1 : end]
			if strings.Contains(choice, "<") {
				return nil, newError("S0402", pos, "", choice)
			}
			if strings.Trim(choice, "snblaofjx") != "" {
				return nil, newError("S0401", pos, "", choice)
			}
			param.regex = "[" + choice + "m]"
			param.typ = "(" + choice + ")"
			pos = end
			push()
		case '<':
			if prev >= 0 && (s.params[prev].typ == "a" || s.params[prev].typ == "f") {
				end := findClosing(sig, pos, '<', '>')
				if end >= len(sig) {
					end = len(sig) - 1
				}
				s.params[prev].subtype = sig[pos+1 : end]
				s.params[prev].hasSub = true
				pos = end
			} else {
				t := ""
				if prev >= 0 {
					t = s.params[prev].typ
				}
				return nil, newError("S0401", pos, "", t)
			}
		}
	}
	var b strings.Builder
	b.WriteString("^")
	for _, p := range s.params {
		b.WriteString("(" + p.regex + ")")
	}
	b.WriteString("$")
	re, err := regexp.Compile(b.String())
	if err != nil {
		return nil, newError("S0401", 0, "", sig)
	}
	for i := range s.params {
		if p := &s.params[i]; p.ctxPattern != "" {
			if p.ctxRegex, err = regexp.Compile(p.ctxPattern); err != nil {
				return nil, newError("S0401", 0, "", sig)
			}
		}
	}
	s.re = re
	return s, nil
}

// typeSymbol is the signature symbol of a value.
func typeSymbol(v any) byte {
	switch v := v.(type) {
	case nil:
		return 'm'
	case string:
		return 's'
	case float64:
		return 'n'
	case bool:
		return 'b'
	case nullT:
		return 'l'
	case *array:
		return 'a'
	case *Object:
		return 'o'
	default:
		if isFunction(v) {
			return 'f'
		}
		return 'o'
	}
}

// validate checks args against the signature, substituting the context
// value for a missing '-' argument and wrapping non-arrays for 'a'.
func (s *signature) validate(args []any, context any) ([]any, error) {
	sym := make([]byte, len(args))
	for i, a := range args {
		sym[i] = typeSymbol(a)
	}
	supplied := string(sym)
	var m []int
	if cached, ok := s.matches.Load(supplied); ok {
		m = cached.([]int)
	} else {
		m = s.re.FindStringSubmatchIndex(supplied)
		if len(supplied) <= 8 {
			s.matches.Store(supplied, m)
		}
	}
	if m == nil {
		return nil, s.validationError(args, supplied)
	}
	out := make([]any, 0, len(s.params))
	argIndex := 0
	for i, p := range s.params {
		match := supplied[m[2*i+2]:m[2*i+3]]
		if match == "" {
			if p.context && p.ctxRegex != nil {
				if p.ctxRegex.MatchString(string(typeSymbol(context))) {
					out = append(out, context)
				} else {
					return nil, newError("T0411", -1, "", context).withIndex(argIndex + 1)
				}
			} else {
				var a any
				if argIndex < len(args) {
					a = args[argIndex]
				}
				out = append(out, a)
				argIndex++
			}
			continue
		}
		for j := 0; j < len(match); j++ {
			single := match[j]
			var arg any
			if argIndex < len(args) {
				arg = args[argIndex]
			}
			if p.typ == "a" {
				if single == 'm' {
					arg = nil
				} else {
					ok := true
					if p.hasSub {
						if single != 'a' && match != p.subtype {
							ok = false
						} else if single == 'a' {
							arr := arg.(*array)
							if len(arr.items) > 0 {
								it := typeSymbol(arr.items[0])
								if p.subtype == "" || it != p.subtype[0] {
									ok = false
								} else {
									for _, v := range arr.items {
										if typeSymbol(v) != it {
											ok = false
											break
										}
									}
								}
							}
						}
					}
					if !ok {
						return nil, newError("T0412", -1, "", arg).withIndex(argIndex + 1)
					}
					if single != 'a' {
						arg = &array{items: []any{arg}}
					}
				}
			}
			out = append(out, arg)
			argIndex++
		}
	}
	return out, nil
}

func (s *signature) validationError(args []any, supplied string) error {
	partial := "^"
	goodTo := 0
	for _, p := range s.params {
		partial += p.regex
		re, err := regexp.Compile(partial)
		if err != nil {
			break
		}
		loc := re.FindStringIndex(supplied)
		if loc == nil {
			break
		}
		goodTo = loc[1]
	}
	var v any
	if goodTo < len(args) {
		v = args[goodTo]
	}
	return newError("T0410", -1, "", v).withIndex(goodTo + 1)
}

// withIndex records which argument an error is about in its message.
func (e *Error) withIndex(i int) *Error {
	e.Message += " (argument " + itoa(i) + ")"
	return e
}
