package jsonata

// The parser is a Pratt (top-down operator precedence) parser with the
// binding powers and token rules of jsonata-js, so that every expression
// parses to the same tree as the reference implementation.

type parser struct {
	lex   lexer
	tok   token
	src   string
	depth int
}

// maxParseDepth bounds the nesting of an expression, so that a hostile
// expression cannot exhaust the stack while it is being compiled.
const maxParseDepth = 2000

// lbp is the left binding power of the current token.
func (p *parser) lbp() int {
	if p.tok.typ != tokOperator {
		return 0
	}
	switch p.tok.value {
	case "..", ":", ";", ",", ")", "]", "}", "|", "**", "!", "~":
		return 0
	}
	return operators[p.tok.value]
}

func (p *parser) advance(expect string, infix bool) error {
	if expect != "" && !(p.tok.typ == tokOperator && p.tok.value == expect) {
		code := "S0202"
		if p.tok.typ == tokEnd {
			code = "S0203"
		}
		e := newError(code, p.tok.pos, p.tokenText(), expect)
		return e
	}
	t, err := p.lex.next(infix)
	if err != nil {
		return err
	}
	if t.typ == tokOperator {
		if _, ok := operators[t.value]; !ok || t.value == "!" || t.value == "~" {
			return newError("S0204", t.pos, t.value, nil)
		}
	}
	p.tok = t
	return nil
}

func (p *parser) tokenText() string {
	switch p.tok.typ {
	case tokNumber:
		return formatNumber(p.tok.num)
	case tokEnd:
		return "(end)"
	}
	return p.tok.value
}

func (p *parser) is(op string) bool { return p.tok.typ == tokOperator && p.tok.value == op }

func (p *parser) expression(rbp int) (*node, error) {
	p.depth++
	defer func() { p.depth-- }()
	if p.depth > maxParseDepth {
		return nil, newError(CodeDepth, p.tok.pos, p.tokenText(), maxParseDepth)
	}
	t := p.tok
	if err := p.advance("", true); err != nil {
		return nil, err
	}
	left, err := p.nud(t)
	if err != nil {
		return nil, err
	}
	for rbp < p.lbp() {
		t = p.tok
		if err := p.advance("", false); err != nil {
			return nil, err
		}
		left, err = p.led(t, left)
		if err != nil {
			return nil, err
		}
	}
	return left, nil
}

func (p *parser) nud(t token) (*node, error) {
	switch t.typ {
	case tokName:
		return &node{typ: nName, value: t.value, pos: t.pos}, nil
	case tokVariable:
		return &node{typ: nVariable, value: t.value, pos: t.pos}, nil
	case tokString:
		return &node{typ: nString, value: t.value, pos: t.pos}, nil
	case tokNumber:
		return &node{typ: nNumber, num: t.num, pos: t.pos}, nil
	case tokValue:
		return &node{typ: nValue, lit: t.lit, value: t.value, pos: t.pos}, nil
	case tokRegex:
		return &node{typ: nRegex, re: t.re, value: t.value, pos: t.pos}, nil
	case tokEnd:
		return nil, newError("S0207", t.pos, "(end)", nil)
	}
	n := &node{value: t.value, pos: t.pos}
	switch t.value {
	case "and", "or", "in":
		n.typ = nOperator
		return n, nil
	case "-":
		e, err := p.expression(70)
		if err != nil {
			return nil, err
		}
		n.typ, n.expr = nUnary, e
		return n, nil
	case "*":
		n.typ = nWildcard
		return n, nil
	case "**":
		n.typ = nDescendant
		return n, nil
	case "%":
		n.typ = nParent
		return n, nil
	case "(":
		n.typ = nBlock
		for !p.is(")") {
			e, err := p.expression(0)
			if err != nil {
				return nil, err
			}
			n.exprs = append(n.exprs, e)
			if !p.is(";") {
				break
			}
			if err := p.advance(";", false); err != nil {
				return nil, err
			}
		}
		return n, p.advance(")", true)
	case "[":
		n.typ = nUnary
		n.exprs = []*node{}
		if !p.is("]") {
			for {
				item, err := p.expression(0)
				if err != nil {
					return nil, err
				}
				if p.is("..") {
					r := &node{typ: nBinary, value: "..", pos: p.tok.pos, lhs: item}
					if err := p.advance("..", false); err != nil {
						return nil, err
					}
					if r.rhs, err = p.expression(0); err != nil {
						return nil, err
					}
					item = r
				}
				n.exprs = append(n.exprs, item)
				if !p.is(",") {
					break
				}
				if err := p.advance(",", false); err != nil {
					return nil, err
				}
			}
		}
		return n, p.advance("]", true)
	case "{":
		pairs, err := p.objectPairs()
		if err != nil {
			return nil, err
		}
		n.typ, n.pairs = nUnary, pairs
		return n, nil
	case "|":
		n.typ = nTransform
		var err error
		if n.pattern, err = p.expression(0); err != nil {
			return nil, err
		}
		if err := p.advance("|", false); err != nil {
			return nil, err
		}
		if n.update, err = p.expression(0); err != nil {
			return nil, err
		}
		if p.is(",") {
			if err := p.advance(",", false); err != nil {
				return nil, err
			}
			if n.del, err = p.expression(0); err != nil {
				return nil, err
			}
		}
		return n, p.advance("|", false)
	}
	return nil, newError("S0211", t.pos, t.value, nil)
}

func (p *parser) objectPairs() ([][2]*node, error) {
	pairs := [][2]*node{}
	if !p.is("}") {
		for {
			k, err := p.expression(0)
			if err != nil {
				return nil, err
			}
			if err := p.advance(":", false); err != nil {
				return nil, err
			}
			v, err := p.expression(0)
			if err != nil {
				return nil, err
			}
			pairs = append(pairs, [2]*node{k, v})
			if !p.is(",") {
				break
			}
			if err := p.advance(",", false); err != nil {
				return nil, err
			}
		}
	}
	return pairs, p.advance("}", true)
}

func (p *parser) led(t token, left *node) (*node, error) {
	n := &node{value: t.value, pos: t.pos, typ: nBinary}
	bp := operators[t.value]
	var err error
	switch t.value {
	case "(":
		return p.call(n, left)
	case "[":
		if p.is("]") {
			step := left
			for step != nil && step.typ == nBinary && step.value == "[" {
				step = step.lhs
			}
			step.keepArray = true
			return left, p.advance("]", false)
		}
		n.lhs = left
		if n.rhs, err = p.expression(operators["]"]); err != nil {
			return nil, err
		}
		return n, p.advance("]", true)
	case "^":
		if err := p.advance("(", false); err != nil {
			return nil, err
		}
		for {
			term := sortTerm{}
			if p.is("<") {
				if err := p.advance("<", false); err != nil {
					return nil, err
				}
			} else if p.is(">") {
				term.descending = true
				if err := p.advance(">", false); err != nil {
					return nil, err
				}
			}
			if term.expr, err = p.expression(0); err != nil {
				return nil, err
			}
			n.terms = append(n.terms, term)
			if !p.is(",") {
				break
			}
			if err := p.advance(",", false); err != nil {
				return nil, err
			}
		}
		n.lhs = left
		return n, p.advance(")", false)
	case "{":
		if n.pairs, err = p.objectPairs(); err != nil {
			return nil, err
		}
		n.lhs = left
		return n, nil
	case ":=":
		if left.typ != nVariable {
			return nil, newError("S0212", left.pos, left.value, nil)
		}
		n.lhs = left
		n.rhs, err = p.expression(bp - 1)
		return n, err
	case "@", "#":
		n.lhs = left
		if n.rhs, err = p.expression(bp); err != nil {
			return nil, err
		}
		if n.rhs.typ != nVariable {
			return nil, newError("S0214", n.rhs.pos, t.value, nil)
		}
		return n, nil
	case "?":
		n.typ, n.cond = nCondition, left
		if n.then, err = p.expression(0); err != nil {
			return nil, err
		}
		if p.is(":") {
			if err := p.advance(":", false); err != nil {
				return nil, err
			}
			if n.els, err = p.expression(0); err != nil {
				return nil, err
			}
		}
		return n, nil
	case "?:":
		n.typ, n.cond, n.then = nCondition, left, left
		n.els, err = p.expression(0)
		return n, err
	case "??":
		n.typ, n.then = nCondition, left
		n.cond = &node{typ: nFunction, value: "(", pos: t.pos, procedure: &node{typ: nVariable, value: "exists", pos: t.pos}, args: []*node{left}}
		n.els, err = p.expression(0)
		return n, err
	}
	if _, ok := operators[t.value]; !ok || bp == 0 {
		return nil, newError("S0201", t.pos, t.value, nil)
	}
	n.lhs = left
	n.rhs, err = p.expression(bp)
	return n, err
}

func (p *parser) call(n, left *node) (*node, error) {
	n.typ, n.procedure = nFunction, left
	n.args = []*node{}
	if !p.is(")") {
		for {
			if p.is("?") {
				n.typ = nPartial
				n.args = append(n.args, &node{typ: nOperator, value: "?", pos: p.tok.pos})
				if err := p.advance("?", false); err != nil {
					return nil, err
				}
			} else {
				a, err := p.expression(0)
				if err != nil {
					return nil, err
				}
				n.args = append(n.args, a)
			}
			if !p.is(",") {
				break
			}
			if err := p.advance(",", false); err != nil {
				return nil, err
			}
		}
	}
	if err := p.advance(")", true); err != nil {
		return nil, err
	}
	if left.typ != nName || (left.value != "function" && left.value != "λ") {
		return n, nil
	}
	for i, a := range n.args {
		if a.typ != nVariable {
			return nil, newError("S0208", a.pos, a.value, i+1)
		}
		n.params = append(n.params, a.value)
	}
	n.typ = nLambda
	if p.is("<") {
		sigPos := p.tok.pos
		depth := 1
		sig := "<"
		for depth > 0 && !p.is("{") && p.tok.typ != tokEnd {
			if err := p.advance("", false); err != nil {
				return nil, err
			}
			if p.is(">") {
				depth--
			} else if p.is("<") {
				depth++
			}
			sig += p.tokenText()
		}
		if err := p.advance(">", false); err != nil {
			return nil, err
		}
		s, err := parseSignature(sig)
		if err != nil {
			if je, ok := err.(*Error); ok {
				je.Position += sigPos
			}
			return nil, err
		}
		n.signature = s
	}
	if err := p.advance("{", false); err != nil {
		return nil, err
	}
	body, err := p.expression(0)
	if err != nil {
		return nil, err
	}
	n.body = body
	return n, p.advance("}", false)
}

// parse parses src into a processed AST.
func parse(src string) (*node, error) {
	p := &parser{lex: lexer{src: src}, src: src}
	if err := p.advance("", false); err != nil {
		return nil, err
	}
	root, err := p.expression(0)
	if err != nil {
		return nil, err
	}
	if p.tok.typ != tokEnd {
		return nil, newError("S0201", p.tok.pos, p.tokenText(), nil)
	}
	pr := &processor{}
	out, err := pr.process(root)
	if err != nil {
		return nil, err
	}
	if out.typ == nParent || out.seekingParent != nil {
		return nil, newError("S0217", out.pos, out.typ.String(), nil)
	}
	return out, nil
}
