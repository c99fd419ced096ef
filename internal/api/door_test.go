package api

import (
	"context"
	"net/http/httptest"
	"sort"
	"strings"
	"testing"

	"github.com/danielgtaylor/huma/v2"

	"github.com/workflowbuilder/wfb/internal/app"
	"github.com/workflowbuilder/wfb/internal/store/sqlite"
	"github.com/workflowbuilder/wfb/internal/store/storetest"
)

// nested is a body whose innermost value sits at the given nesting level (the body is level 1).
func nested(levels int) string {
	return `{"a":` + strings.Repeat("[", levels-1) + strings.Repeat("]", levels-1) + `}`
}

// TestDoorLimits sends every input limit's refusals to every operation of the OpenAPI document
// that takes a request body (so an operation added later is covered without touching this
// test), and, as the control, the largest inputs within the limits. Requests carry no API key:
// a body the door lets through reaches authentication and is answered 401, which shows the door
// passed it without anything being read or written.
func TestDoorLimits(t *testing.T) {
	t.Parallel()
	s, err := sqlite.Open(context.Background(), storetest.SQLitePath(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close() })
	if err := s.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	h, hapi := build(app.New(s, nil), Options{})
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	e := &env{t: t, url: srv.URL, store: s}

	// many short strings: large, but with no string past MaxString
	filler := func(size int64) string {
		item := `"` + strings.Repeat("x", 1000) + `",`
		n := int(size)/len(item) + 1
		return `{"pad":[` + strings.Repeat(item, n) + `"x"]}`
	}
	type probe struct {
		name, body string
		headers    []string
		status     int
		code       string
	}
	probes := func(limit int64) []probe {
		return []probe{
			{"a body past the operation's size", filler(limit), nil, 413, "body_too_large"},
			{"a body within the operation's size", filler(limit - 2000), nil, 401, "unauthorized"},
			{"nesting past the depth", nested(MaxDepth + 1), nil, 400, "invalid_request"},
			{"nesting at the depth", nested(MaxDepth), nil, 401, "unauthorized"},
			{"a string past the length", `{"s":"` + strings.Repeat("x", MaxString+1) + `"}`, nil, 400, "invalid_request"},
			{"a key past the length", `{"` + strings.Repeat("x", MaxString+1) + `":1}`, nil, 400, "invalid_request"},
			{"a string at the length", `{"s":"` + strings.Repeat("x", MaxString) + `"}`, nil, 401, "unauthorized"},
			{"invalid UTF-8", "{\"s\":\"\xff\xfe\"}", nil, 400, "invalid_request"},
			{"a lone high surrogate", `{"s":"\ud800"}`, nil, 400, "invalid_request"},
			{"a lone low surrogate", `{"s":"a\udc00b"}`, nil, 400, "invalid_request"},
			{"a high surrogate before another escape", `{"s":"\ud800\u0041"}`, nil, 400, "invalid_request"},
			{"a surrogate pair", `{"s":"\ud83d\ude00 and é"}`, nil, 401, "unauthorized"},
			{"a repeated key", `{"a":1,"b":2,"a":3}`, nil, 400, "invalid_request"},
			{"a repeated key spelled with an escape", `{"a":1,"\u0061":2}`, nil, 400, "invalid_request"},
			{"a repeated key deep inside", `{"x":[{"y":{"k":1,"k":1}}]}`, nil, 400, "invalid_request"},
			{"the same key in sibling objects", `{"x":[{"k":1},{"k":2}],"k":3}`, nil, 401, "unauthorized"},
			{"an array body", `[{"a":1}]`, nil, 400, "invalid_request"},
			{"a number body", `12345`, nil, 400, "invalid_request"},
			{"a null body, as a client marshaling nil sends", `null`, nil, 401, "unauthorized"},
			{"a definition that is a number", `{"definition":12345}`, nil, 400, "invalid_request"},
			{"a definition that is a string", `{"definition":"{}"}`, nil, 400, "invalid_request"},
			{"a definition that is an array", `{"definition":[]}`, nil, 400, "invalid_request"},
			{"a null definition", `{"definition":null}`, nil, 401, "unauthorized"},
			{"an object definition", `{"definition":{"steps":[]}}`, nil, 401, "unauthorized"},
			{"a malformed If-Match", `{}`, []string{"If-Match", "garbage"}, 400, "invalid_request"},
			{"an If-Match list", `{}`, []string{"If-Match", `"1", "2"`}, 400, "invalid_request"},
			{"a well-formed If-Match", `{}`, []string{"If-Match", `"1732590000000000"`}, 401, "unauthorized"},
		}
	}

	ops := 0
	paths := make([]string, 0, len(hapi.OpenAPI().Paths))
	for p := range hapi.OpenAPI().Paths {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	for _, p := range paths {
		item := hapi.OpenAPI().Paths[p]
		for _, mo := range []struct {
			method string
			op     *huma.Operation
		}{{"GET", item.Get}, {"POST", item.Post}, {"PUT", item.Put}, {"PATCH", item.Patch}, {"DELETE", item.Delete}} {
			op := mo.op
			if op == nil {
				continue
			}
			path := strings.NewReplacer("{", "", "}", "").Replace(p) // any segment: the door comes first
			t.Run(mo.method+" "+p+"/a malformed If-Match without a body", func(t *testing.T) {
				e := e.at(t)
				e.problem(e.do(mo.method, path, nil, "If-Match", "garbage"), 400, "invalid_request")
			})
			if op.RequestBody == nil || op.Metadata[streamsBody] == true {
				// An upload's body is the file's bytes, not JSON: its limit is the upload
				// limit (runs_test.go), and the door does not read it.
				continue
			}
			ops++
			limit := bodyLimit(op)
			for _, pr := range probes(limit) {
				t.Run(mo.method+" "+p+"/"+pr.name, func(t *testing.T) {
					e := e.at(t)
					r := e.do(mo.method, path, pr.body, pr.headers...)
					e.problem(r, pr.status, pr.code)
				})
			}
		}
	}
	if ops < 15 {
		t.Fatalf("only %d operations take a body; the OpenAPI document was not read right", ops)
	}
}
