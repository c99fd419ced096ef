package api

import (
	"net/http"
	"strings"
	"testing"
)

func TestEvaluateExpression(t *testing.T) {
	t.Parallel()
	e, _ := sqliteEnv(t)
	scope := map[string]any{
		"__context__":     map[string]any{"customer": map[string]any{"type": "premium"}},
		"__steps__":       map[string]any{"verify": map[string]any{"approved": true, "amounts": []any{1, 2, 3.5}}},
		"__datasources__": map[string]any{"crm": map[string]any{"name": "Acme"}},
	}
	withEach := func(each any) map[string]any {
		s := map[string]any{}
		for k, v := range scope {
			s[k] = v
		}
		s["__each__"] = each
		return s
	}
	cases := []struct {
		name        string
		body        map[string]any
		want        string // the 200 body, JSON
		code, jcode string // else the problem's code and JSONata code
		position    int    // and its position (0: not checked)
	}{
		{"condition true", map[string]any{"expression": `__context__.customer.type = "premium" and __steps__.verify.approved = true`, "scope": scope}, `{"result":true}`, "", "", 0},
		{"function over a step", map[string]any{"expression": `$sum(__steps__.verify.amounts)`, "scope": scope}, `{"result":6.5}`, "", "", 0},
		{"data source", map[string]any{"expression": `__datasources__.crm.name`, "scope": scope}, `{"result":"Acme"}`, "", "", 0},
		{"null is a value", map[string]any{"expression": `null`, "scope": scope}, `{"result":null}`, "", "", 0},
		{"missing field is undefined", map[string]any{"expression": `__context__.nope`, "scope": scope}, `{"undefined":true}`, "", "", 0},
		{"no scope reads empty objects", map[string]any{"expression": `__context__`}, `{"result":{}}`, "", "", 0},
		{"each absent outside a batch", map[string]any{"expression": `$exists(__each__)`, "scope": scope}, `{"result":false}`, "", "", 0},
		{"each null is present", map[string]any{"expression": `$exists(__each__)`, "scope": withEach(nil)}, `{"result":true}`, "", "", 0},
		{"each item", map[string]any{"expression": `__each__.id & "-x"`, "scope": withEach(map[string]any{"id": "a1"})}, `{"result":"a1-x"}`, "", "", 0},
		{"compile only, valid", map[string]any{"expression": `$sum(__context__.x)`, "compileOnly": true}, `{"undefined":true}`, "", "", 0},
		{"syntax error", map[string]any{"expression": `__context__.a +`, "scope": scope}, "", "expression_invalid", "S0207", 15},
		{"compile only, invalid", map[string]any{"expression": `(1 + `, "compileOnly": true}, "", "expression_invalid", "S0207", 5},
		{"type error", map[string]any{"expression": `"a" + 1`, "scope": scope}, "", "expression_failed", "T2001", 5},
		{"unknown function", map[string]any{"expression": `$nope(1)`, "scope": scope}, "", "expression_failed", "T1006", 0},
		{"runaway recursion hits the step bound", map[string]any{"expression": `($f := function($n){$f($n+1)}; $f(0))`}, "", "expression_failed", "U1004", 0},
		{"huge array hits the size bound", map[string]any{"expression": `[1..1000000]`}, "", "expression_failed", "U1003", 0},
		{"deep recursion hits the depth bound", map[string]any{"expression": `($f := function($n){$n = 0 ? 0 : 1 + $f($n-1)}; $f(100000))`}, "", "expression_failed", "U1002", 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			e := e.at(t)
			res := e.do("POST", "/v1/expressions/evaluate", c.body)
			if c.code == "" {
				e.ok(res, http.StatusOK, nil)
				if got := strings.TrimSpace(string(res.body)); !jsonEqual(t, []byte(got), []byte(c.want)) {
					t.Fatalf("body %s, want %s", got, c.want)
				}
				return
			}
			p := e.problem(res, http.StatusUnprocessableEntity, c.code)
			if p.Expression == nil || p.Expression.Code != c.jcode {
				t.Fatalf("expression fault %+v, want JSONata code %s; body %s", p.Expression, c.jcode, res.body)
			}
			if c.position != 0 && (p.Expression.Position == nil || *p.Expression.Position != c.position) {
				t.Fatalf("position %v, want %d; body %s", p.Expression.Position, c.position, res.body)
			}
		})
	}
}

func TestEvaluateExpressionRefusals(t *testing.T) {
	t.Parallel()
	e, _ := sqliteEnv(t)
	// Who may call it is TestRoles' (accessRules: the admins, who edit definitions).
	cases := []struct {
		name   string
		body   any
		status int
		code   string
	}{
		{"scope not an object", `{"expression":"1","scope":[]}`, 422, "invalid_request"},
		{"context not an object", `{"expression":"1","scope":{"__context__":3}}`, 422, "invalid_request"},
		{"unknown field", `{"expression":"1","bogus":1}`, 422, "invalid_request"},
		{"no expression", `{}`, 422, "invalid_request"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e.at(t).problem(e.at(t).do("POST", "/v1/expressions/evaluate", c.body), c.status, c.code)
		})
	}
}
