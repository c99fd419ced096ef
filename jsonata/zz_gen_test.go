package jsonata

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

func TestZZGen(t *testing.T) {
	var corpus []string
	files, _ := filepath.Glob("testdata/fuzz/FuzzCompile/*")
	for _, f := range files {
		b, _ := os.ReadFile(f)
		lines := strings.Split(string(b), "\n")
		if s, err := strconv.Unquote(lines[1][7 : len(lines[1])-1]); err == nil {
			corpus = append(corpus, s)
		}
	}
	seed, _ := strconv.Atoi(os.Getenv("SEED"))
	r := rand.New(rand.NewSource(int64(seed)))
	var out []map[string]any
	seen := map[string]bool{}
	for len(out) < 3000 {
		s := corpus[r.Intn(len(corpus))]
		for k := 0; k < 1+r.Intn(2); k++ {
			i := r.Intn(len(s) + 1)
			switch r.Intn(3) {
			case 0:
				if i < len(s) {
					s = s[:i] + s[i+1:]
				}
			case 1:
				o := corpus[r.Intn(len(corpus))]
				j := r.Intn(len(o))
				s = s[:i] + o[j:min(len(o), j+1+r.Intn(6))] + s[i:]
			case 2:
				toks := []string{"[0]", ".", "[]", "$", "%", "*", "**", "1", "\"a\"", "null", "[1,2]", "{}", "-", "&", "=", ">", "and", "?", "~>$string()", "#$i", "@$x", ".Product", ".Order", "[Price>30]", "$$."}
				s = s[:i] + toks[r.Intn(len(toks))] + s[i:]
			}
		}
		if seen[s] || strings.Contains(s, "$now") || strings.Contains(s, "$millis") || strings.Contains(s, "random") || strings.Contains(s, "shuffle") || strings.Contains(s, "Millis") || strings.Contains(s, "format") || strings.Contains(s, "parseInteger") {
			continue
		}
		if _, err := parse(s); err != nil {
			continue
		}
		seen[s] = true
		out = append(out, map[string]any{"expr": s})
	}
	b, _ := os.ReadFile("../../shared/jsonata-suite/datasets/dataset5.json")
	var ds any
	json.Unmarshal(b, &ds)
	enc, _ := json.Marshal(map[string]any{"data": ds, "cases": out})
	os.WriteFile("/tmp/diff/cases2.json", enc, 0o644)
}

func TestZZCmp(t *testing.T) {
	var cfg struct {
		Data  json.RawMessage
		Cases []struct{ Expr string }
	}
	b, _ := os.ReadFile("/tmp/diff/cases2.json")
	json.Unmarshal(b, &cfg)
	var js []map[string]json.RawMessage
	b, _ = os.ReadFile("/tmp/diff/js2.json")
	json.Unmarshal(b, &js)
	p, _ := ParseJSON(cfg.Data)
	in, _ := NewInput(p)
	bad := 0
	norm := func(raw []byte) string {
		var x any
		json.Unmarshal(raw, &x)
		bb, _ := json.Marshal(x)
		return string(bb)
	}
	for i, c := range cfg.Cases {
		ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
		var got string
		r, err := MustCompile(c.Expr).Evaluate(ctx, in, WithMaxDepth(300))
		cancel()
		if err == nil {
			bb, _ := json.Marshal(r)
			got = "v:" + norm(bb)
		} else if err == ErrUndefined {
			got = "u"
		} else if je, ok := err.(*Error); ok {
			got = "c:" + je.Code
		}
		w := js[i]
		var want string
		if v, ok := w["v"]; ok {
			want = "v:" + norm(v)
		} else if _, ok := w["u"]; ok {
			want = "u"
		} else {
			var code string
			json.Unmarshal(w["code"], &code)
			want = "c:" + code
		}
		if got != want && !strings.HasPrefix(want, "c:U1") && !strings.HasPrefix(got, "c:U1") && !strings.Contains(want, "Cannot") && !strings.Contains(want, "<fn>") {
			bad++
			fmt.Printf("%q\n  go: %.150s\n  js: %.150s\n", c.Expr, got, want)
		}
	}
	fmt.Println("bad", bad)
}
