package datasource

import (
	"net/url"
	"strings"
	"testing"
)

// FuzzURLTemplate checks, for any string: parsing never panics; a parsed template prints back
// to its source; and when the string is an accepted URL template, hostile param values can
// neither change the scheme or host nor add a fragment. Seeds are in testdata/fuzz.
func FuzzURLTemplate(f *testing.F) {
	f.Add("https://crm.example/api/companies/{company.id}/directors?active=true")
	f.Add("http://127.0.0.1:8080/{a}/{b.0}")
	f.Fuzz(func(t *testing.T, src string) {
		tmpl, err := parseTemplate(src)
		if err != nil {
			return
		}
		var back strings.Builder
		params := map[string]any{}
		for _, seg := range tmpl.segs {
			if seg.ref == nil {
				back.WriteString(seg.lit)
				continue
			}
			back.WriteString("{" + strings.Join(seg.ref, ".") + "}")
			setPath(params, seg.ref, "evil.example/@x?y=1#z {}")
		}
		if back.String() != src {
			t.Fatalf("template %q prints back as %q", src, back.String())
		}
		if checkURLTemplate(src) != nil {
			return
		}
		plain := strings.NewReplacer("{", "", "}", "").Replace(src)
		want, err := url.Parse(plain)
		if err != nil {
			return
		}
		r, err := buildRequest(Config{Method: "GET", URL: src}, params, "")
		if err != nil {
			// Only a path that cannot hold a string (e.g. {a} and {a.b} both used) may fail.
			if e := asError(t, err); e.Kind != KindParams {
				t.Fatalf("template %q: %v", src, err)
			}
			return
		}
		if r.url.Scheme != want.Scheme || r.url.Host != want.Host || r.url.Fragment != "" {
			t.Fatalf("template %q with hostile params gave %s", src, r.url)
		}
	})
}

// setPath writes v at a dot path, creating objects, so every placeholder has a value; a path
// through a value that is already a string is left as is (and fails to expand).
func setPath(m map[string]any, ref []string, v any) {
	for _, seg := range ref[:len(ref)-1] {
		next, ok := m[seg].(map[string]any)
		if !ok {
			if _, taken := m[seg]; taken {
				return
			}
			next = map[string]any{}
			m[seg] = next
		}
		m = next
	}
	if _, taken := m[ref[len(ref)-1]]; !taken {
		m[ref[len(ref)-1]] = v
	}
}
