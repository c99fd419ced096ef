package api

import (
	"encoding/json"
	"fmt"
	"os"
	"regexp"
	"strings"
	"testing"
)

// TestWalkthrough runs the curl walk-through of docs/api.md, as written, against a real server:
// if the documented commands stop working, this test fails. It understands the small shell
// subset the walk-through uses: variables, "$(curl ... | jq -r .path)", single and double quotes,
// and line continuations.
func TestWalkthrough(t *testing.T) {
	t.Parallel()
	doc, err := os.ReadFile("../../docs/api.md")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile("(?s)<!-- walkthrough -->\\s*```sh\n(.*?)```").FindSubmatch(doc)
	if m == nil {
		t.Fatal("docs/api.md has no ```sh block after <!-- walkthrough -->")
	}
	script := string(m[1])
	eachBackend(t, func(t *testing.T, e *env) {
		sh := newWalkShell(e)
		cmds, err := parseScript(script)
		if err != nil {
			t.Fatalf("parsing the walk-through: %v", err)
		}
		for _, cmd := range cmds {
			if err := sh.run(cmd); err != nil {
				t.Fatalf("walk-through step %v: %v", cmd, err)
			}
		}
		tpl := e.getTemplate(sh.vars["TEMPLATE"])
		if tpl.ActiveVersionID == nil || *tpl.ActiveVersionID != sh.vars["VERSION"] {
			t.Fatalf("after the walk-through the template's active version is %v, want %s", tpl.ActiveVersionID, sh.vars["VERSION"])
		}
		var links listBody[Link]
		e.ok(e.do("GET", "/v1/links?templateId="+tpl.ID, nil), 200, &links)
		if len(links.Items) != 1 {
			t.Fatalf("after the walk-through the template has %d links, want 1", len(links.Items))
		}
	})
}

// word is one shell word: literal text, with $NAME expansion unless single-quoted, or a command
// substitution.
type word struct {
	parts []wordPart
}

type wordPart struct {
	text   string
	expand bool      // $NAME and ${NAME} are expanded in text
	subst  []command // $( ... )
}

type command [][]word // a pipeline: commands separated by |

func parseScript(s string) ([]command, error) {
	p := &scriptParser{s: s}
	cmds, err := p.commands(false)
	if err != nil {
		return nil, err
	}
	return cmds, nil
}

type scriptParser struct {
	s string
	i int
}

// commands parses until the end of input, or until ")" when inSubst.
func (p *scriptParser) commands(inSubst bool) ([]command, error) {
	var cmds []command
	var pipeline command
	var cur []word
	end := func() {
		if len(cur) > 0 {
			pipeline = append(pipeline, cur)
			cur = nil
		}
		if len(pipeline) > 0 {
			cmds = append(cmds, pipeline)
			pipeline = nil
		}
	}
	for p.i < len(p.s) {
		c := p.s[p.i]
		switch {
		case c == '\\' && p.i+1 < len(p.s) && p.s[p.i+1] == '\n':
			p.i += 2
		case c == '\n' || c == ';':
			p.i++
			end()
		case c == ' ' || c == '\t':
			p.i++
		case c == '#':
			for p.i < len(p.s) && p.s[p.i] != '\n' {
				p.i++
			}
		case c == '|':
			p.i++
			pipeline = append(pipeline, cur)
			cur = nil
		case c == ')' && inSubst:
			p.i++
			end()
			return cmds, nil
		default:
			w, err := p.word()
			if err != nil {
				return nil, err
			}
			cur = append(cur, w)
		}
	}
	if inSubst {
		return nil, fmt.Errorf("unterminated $(")
	}
	end()
	return cmds, nil
}

func (p *scriptParser) word() (word, error) {
	var w word
	for p.i < len(p.s) {
		c := p.s[p.i]
		switch {
		case strings.IndexByte(" \t\n;|)", c) >= 0:
			return w, nil
		case c == '\'':
			j := strings.IndexByte(p.s[p.i+1:], '\'')
			if j < 0 {
				return w, fmt.Errorf("unterminated '")
			}
			w.parts = append(w.parts, wordPart{text: p.s[p.i+1 : p.i+1+j]})
			p.i += j + 2
		case c == '"':
			var b strings.Builder
			p.i++
			for ; p.i < len(p.s) && p.s[p.i] != '"'; p.i++ {
				if p.s[p.i] == '\\' && p.i+1 < len(p.s) && strings.IndexByte(`"\$`, p.s[p.i+1]) >= 0 {
					p.i++
					if p.s[p.i] == '$' {
						b.WriteString(`\$`) // kept escaped so expansion leaves it alone
						continue
					}
				}
				b.WriteByte(p.s[p.i])
			}
			if p.i >= len(p.s) {
				return w, fmt.Errorf(`unterminated "`)
			}
			p.i++
			w.parts = append(w.parts, wordPart{text: b.String(), expand: true})
		case strings.HasPrefix(p.s[p.i:], "$("):
			p.i += 2
			inner, err := p.commands(true)
			if err != nil {
				return w, err
			}
			w.parts = append(w.parts, wordPart{subst: inner})
		default:
			j := p.i
			for j < len(p.s) && strings.IndexByte(" \t\n;|)'\"", p.s[j]) < 0 && !strings.HasPrefix(p.s[j:], "$(") {
				j++
			}
			w.parts = append(w.parts, wordPart{text: p.s[p.i:j], expand: true})
			p.i = j
		}
	}
	return w, nil
}

// newWalkShell returns a shell whose WFB_TOKEN is e's admin key, as the reader's is the key
// wfb serve printed. Its requests carry only the headers the script sends, so a walk-through
// that forgets the key fails.
func newWalkShell(e *env) *miniShell {
	return &miniShell{e: e.as(""), vars: map[string]string{"WFB_TOKEN": e.token}}
}

// miniShell runs parsed commands: assignments, curl (as a request to the test server) and
// jq -r with a .field.path filter.
type miniShell struct {
	e    *env
	vars map[string]string
}

var varRef = regexp.MustCompile(`\\?\$(\{[A-Za-z_][A-Za-z0-9_]*\}|[A-Za-z_][A-Za-z0-9_]*)`)

func (sh *miniShell) expand(w word) (string, error) {
	var b strings.Builder
	for _, part := range w.parts {
		switch {
		case part.subst != nil:
			var out string
			for _, c := range part.subst {
				var err error
				if out, err = sh.pipeline(c); err != nil {
					return "", err
				}
			}
			b.WriteString(strings.TrimRight(out, "\n"))
		case part.expand:
			b.WriteString(varRef.ReplaceAllStringFunc(part.text, func(ref string) string {
				if strings.HasPrefix(ref, `\`) {
					return ref[1:]
				}
				return sh.vars[strings.Trim(ref, "${}")]
			}))
		default:
			b.WriteString(part.text)
		}
	}
	return b.String(), nil
}

func (sh *miniShell) run(c command) error {
	if len(c) == 1 && len(c[0]) == 1 {
		raw := c[0][0]
		if len(raw.parts) > 0 && raw.parts[0].subst == nil {
			if name, rest, ok := strings.Cut(raw.parts[0].text, "="); ok && regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`).MatchString(name) {
				raw.parts = append([]wordPart{{text: rest, expand: raw.parts[0].expand}}, raw.parts[1:]...)
				v, err := sh.expand(raw)
				if err != nil {
					return err
				}
				if name == "API" {
					v = sh.e.url // the walk-through's server is this test's
				}
				sh.vars[name] = v
				return nil
			}
		}
	}
	_, err := sh.pipeline(c)
	return err
}

func (sh *miniShell) pipeline(c command) (string, error) {
	var out string
	for i, cmd := range c {
		args := make([]string, len(cmd))
		for j, w := range cmd {
			a, err := sh.expand(w)
			if err != nil {
				return "", err
			}
			args[j] = a
		}
		var err error
		switch {
		case len(args) > 0 && args[0] == "curl" && i == 0:
			out, err = sh.curl(args[1:])
		case len(args) == 3 && args[0] == "jq" && args[1] == "-r" && i > 0:
			out, err = jqPath(out, args[2])
		default:
			return "", fmt.Errorf("the walk-through may only use curl and jq -r .path, not %q", args)
		}
		if err != nil {
			return "", err
		}
	}
	return out, nil
}

func (sh *miniShell) curl(args []string) (string, error) {
	method, url, body := "", "", ""
	var headers []string
	hasBody := false
	for i := 0; i < len(args); i++ {
		switch a := args[i]; {
		case a == "-s" || a == "-S" || a == "-sS" || a == "-f" || a == "-fsS":
		case (a == "-X" || a == "-H" || a == "-d") && i+1 < len(args):
			i++
			switch a {
			case "-X":
				method = args[i]
			case "-H":
				k, v, ok := strings.Cut(args[i], ":")
				if !ok {
					return "", fmt.Errorf("header %q", args[i])
				}
				headers = append(headers, strings.TrimSpace(k), strings.TrimSpace(v))
			case "-d":
				body, hasBody = args[i], true
			}
		case strings.HasPrefix(a, sh.e.url):
			url = strings.TrimPrefix(a, sh.e.url)
		default:
			return "", fmt.Errorf("unsupported curl argument %q", a)
		}
	}
	if method == "" {
		method = "GET"
		if hasBody {
			method = "POST"
		}
	}
	var b any
	if hasBody {
		b = body
	}
	r, err := sh.e.send(method, url, b, headers...)
	if err != nil {
		return "", err
	}
	if r.status < 200 || r.status > 299 {
		return "", fmt.Errorf("%s %s answered %d: %s", method, url, r.status, r.body)
	}
	return string(r.body), nil
}

// jqPath is `jq -r` for a filter like .id or .a.b on an object.
func jqPath(doc, filter string) (string, error) {
	var v any
	if err := json.Unmarshal([]byte(doc), &v); err != nil {
		return "", fmt.Errorf("jq input is not JSON: %w", err)
	}
	for _, key := range strings.Split(strings.TrimPrefix(filter, "."), ".") {
		obj, ok := v.(map[string]any)
		if !ok {
			return "", fmt.Errorf("jq %s: not an object", filter)
		}
		v = obj[key]
	}
	if s, ok := v.(string); ok {
		return s + "\n", nil
	}
	b, err := json.Marshal(v)
	return string(b) + "\n", err
}
