package expr

import (
	"encoding/json"
	"errors"
	"reflect"
	"testing"
)

func mustPath(t *testing.T, s string) Path {
	t.Helper()
	p, err := ParsePath(s)
	if err != nil {
		t.Fatalf("ParsePath(%q): %v", s, err)
	}
	return p
}

func decode(t *testing.T, s string) any {
	t.Helper()
	var v any
	if err := json.Unmarshal([]byte(s), &v); err != nil {
		t.Fatalf("decoding %s: %v", s, err)
	}
	return v
}

func wantCode(t *testing.T, err error, code string) {
	t.Helper()
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("error = %v, want an *expr.Error with code %s", err, code)
	}
	if e.Code != code {
		t.Fatalf("error code = %s (%v), want %s", e.Code, err, code)
	}
}

func TestParsePath(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		in   string
		want Path
	}{
		{"", Path{}},
		{"a", Path{"a"}},
		{"director.address.city", Path{"director", "address", "city"}},
		{`a\.b.c`, Path{"a.b", "c"}},
		{`a\\.b`, Path{`a\`, "b"}},
		{"items.0.name", Path{"items", "0", "name"}},
	} {
		got := mustPath(t, tc.in)
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("ParsePath(%q) = %q, want %q", tc.in, got, tc.want)
		}
		if back := got.String(); back != tc.in {
			t.Errorf("ParsePath(%q).String() = %q, want it back", tc.in, back)
		}
	}
	for _, bad := range []string{".", "a.", ".a", "a..b", `a\`} {
		_, err := ParsePath(bad)
		wantCode(t, err, CodePathInvalid)
	}
}

func TestGet(t *testing.T) {
	t.Parallel()
	doc := decode(t, `{"a": {"b": [10, {"c": "x"}], "d.e": true}, "n": null}`)
	for _, tc := range []struct {
		path   string
		want   any
		wantOK bool
	}{
		{"", doc, true},
		{"a.b.0", 10.0, true},
		{"a.b.1.c", "x", true},
		{`a.d\.e`, true, true},
		{"n", nil, true},
		{"a.b.2", nil, false},
		{"a.b.x", nil, false},
		{"a.b.0.c", nil, false},
		{"missing.deep", nil, false},
	} {
		got, ok := Get(doc, mustPath(t, tc.path))
		if ok != tc.wantOK || !reflect.DeepEqual(got, tc.want) {
			t.Errorf("Get(%q) = %v, %v; want %v, %v", tc.path, got, ok, tc.want, tc.wantOK)
		}
	}
}

func TestSetAndAppend(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name   string
		start  string
		path   string
		value  any
		append bool
		want   string
		code   string
	}{
		{name: "creates objects", start: `{}`, path: "director.address.city", value: "Pune",
			want: `{"director":{"address":{"city":"Pune"}}}`},
		{name: "replaces a value", start: `{"a":{"b":1}}`, path: "a.b", value: 2.0, want: `{"a":{"b":2}}`},
		{name: "escaped dot is one key", start: `{}`, path: `a\.b`, value: true, want: `{"a.b":true}`},
		{name: "index into existing array", start: `{"xs":[1,2]}`, path: "xs.1", value: 5.0, want: `{"xs":[1,5]}`},
		{name: "index at end appends", start: `{"xs":[1]}`, path: "xs.1", value: 2.0, want: `{"xs":[1,2]}`},
		{name: "numeric segment creates array", start: `{}`, path: "xs.1.name", value: "b",
			want: `{"xs":[null,{"name":"b"}]}`},
		{name: "numeric key on object", start: `{"m":{}}`, path: "m.7", value: 1.0, want: `{"m":{"7":1}}`},
		{name: "append creates array", start: `{}`, path: "list", value: 1.0, append: true, want: `{"list":[1]}`},
		{name: "append to array", start: `{"list":[1]}`, path: "list", value: 2.0, append: true, want: `{"list":[1,2]}`},
		{name: "append to non-array", start: `{"list":{}}`, path: "list", value: 2.0, append: true, code: CodeAppendNotArray},
		{name: "step into scalar", start: `{"a":"text"}`, path: "a.b", value: 1.0, code: CodePathInvalid},
		{name: "word on array", start: `{"xs":[]}`, path: "xs.name", value: 1.0, code: CodePathInvalid},
		{name: "far past the end", start: `{"xs":[]}`, path: "xs.999999", value: 1.0, code: CodePathInvalid},
		{name: "empty path", start: `{}`, path: "", value: 1.0, code: CodePathInvalid},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			root := decode(t, tc.start).(map[string]any)
			var err error
			if tc.append {
				err = Append(root, mustPath(t, tc.path), tc.value)
			} else {
				err = Set(root, mustPath(t, tc.path), tc.value)
			}
			if tc.code != "" {
				wantCode(t, err, tc.code)
				if got, _ := json.Marshal(root); string(got) != tc.start {
					t.Errorf("failed write changed the document: %s", got)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			got, _ := json.Marshal(root)
			if string(got) != tc.want {
				t.Errorf("got %s, want %s", got, tc.want)
			}
		})
	}
}
