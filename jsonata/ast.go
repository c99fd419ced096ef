package jsonata

// nodeType identifies the kind of an AST node.
type nodeType int

const (
	nPath nodeType = iota
	nBinary
	nUnary
	nName
	nString
	nNumber
	nValue
	nWildcard
	nDescendant
	nParent
	nCondition
	nBlock
	nBind
	nRegex
	nFunction
	nPartial
	nVariable
	nLambda
	nApply
	nTransform
	nSort
	nOperator // a bare operator token: the '?' placeholder of partial application
	nFilter   // a predicate stage
	nIndex    // a '#$var' stage
)

var nodeTypeNames = [...]string{"path", "binary", "unary", "name", "string", "number", "value", "wildcard",
	"descendant", "parent", "condition", "block", "bind", "regex", "function", "partial", "variable",
	"lambda", "apply", "transform", "sort", "operator", "filter", "index"}

func (t nodeType) String() string { return nodeTypeNames[t] }

// slot records a parent-operator (%) reference being resolved to an ancestor step.
type slot struct {
	label string
	level int
	index int
}

type sortTerm struct {
	descending bool
	expr       *node
}

// node is one AST node. Fields are used according to typ, mirroring the
// post-processed AST of jsonata-js so the evaluator can follow its semantics.
type node struct {
	typ   nodeType
	pos   int
	value string  // operator, name, variable or string literal
	num   float64 // number literal
	lit   any     // value literal (true, false, jsonNull)
	re    *regexLit

	lhs, rhs   *node
	expr       *node   // unary operand; filter predicate
	exprs      []*node // array constructor items; block expressions
	pairs      [][2]*node
	steps      []*node
	stages     []*node
	predicate  []*node
	group      *groupSpec
	terms      []sortTerm
	args       []*node
	procedure  *node
	body       *node
	params     []string
	signature  *signature
	cond, then *node
	els        *node
	pattern    *node
	update     *node
	del        *node

	focus, index       string
	tuple              bool
	keepArray          bool
	keepSingletonArray bool
	consarray          bool
	thunk              bool
	elvis              bool // condition of ?: (condition and value are one node)
	coalesce           bool // condition of ?? (cond is $exists(then's node))
	ancestor           *slot
	slot               *slot
	seekingParent      []*slot
}

type groupSpec struct {
	pairs [][2]*node
	pos   int
}
