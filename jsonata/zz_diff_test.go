package jsonata

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"testing"
	"time"
)

func TestZZDiff(t *testing.T) {
	var cfg struct {
		Datasets map[string]json.RawMessage
		Cases    []struct {
			Expr     string
			Bindings map[string]any
			Dataset  string
		}
	}
	b, _ := os.ReadFile("/tmp/diff/cases.json")
	json.Unmarshal(b, &cfg)
	var js []map[string]json.RawMessage
	b, _ = os.ReadFile("/tmp/diff/js.json")
	json.Unmarshal(b, &js)
	ins := map[string]*Input{}
	for k, v := range cfg.Datasets {
		p, _ := ParseJSON(v)
		ins[k], _ = NewInput(p)
	}
	bad := 0
	for i, c := range cfg.Cases {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		var got string
		e, err := Compile(c.Expr)
		if err == nil {
			var r any
			r, err = e.Evaluate(ctx, ins[c.Dataset], WithBindings(c.Bindings), WithMaxItems(2e7))
			if err == nil {
				bb, _ := json.Marshal(r)
				var x any
				json.Unmarshal(bb, &x)
				bb, _ = json.Marshal(x)
				got = `{"v":` + string(bb) + `}`
			}
		}
		cancel()
		if err != nil {
			if je, ok := err.(*Error); ok {
				got = `{"code":"` + je.Code + `"}`
			} else if err == ErrUndefined {
				got = `{"u":true}`
			} else {
				got = err.Error()
			}
		}
		want := js[i]
		var w string
		if v, ok := want["v"]; ok {
			var x any
			json.Unmarshal(v, &x)
			bb, _ := json.Marshal(x)
			w = `{"v":` + string(bb) + `}`
		} else if _, ok := want["u"]; ok {
			w = `{"u":true}`
		} else {
			w = `{"code":` + string(want["code"]) + `}`
		}
		if got != w {
			bad++
			if bad < 60 {
				fmt.Printf("%s | %s\n  go: %.200s\n  js: %.200s\n", c.Dataset, c.Expr, got, w)
			}
		}
	}
	fmt.Println("bad", bad, "of", len(cfg.Cases))
}
