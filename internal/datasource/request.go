package datasource

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"golang.org/x/net/http/httpguts"
)

// request is a call ready to send. It is built apart from sending so that the rules of the
// package doc can be tested without a server.
type request struct {
	method string
	url    *url.URL
	header http.Header
	body   []byte // nil: no body
}

// buildRequest applies the template rules of the package doc to a validated config.
func buildRequest(cfg Config, params map[string]any, secret string) (*request, error) {
	used := map[string]bool{}
	ut, err := parseTemplate(cfg.URL)
	if err != nil {
		return nil, errorf(KindConfig, "url: %v", err)
	}
	raw, err := ut.expand(params, escapeComponent, used)
	if err != nil {
		return nil, err
	}
	u, err := url.Parse(raw)
	if err != nil {
		return nil, errorf(KindConfig, "expanded url does not parse: %v", err)
	}

	header := http.Header{}
	for name, value := range cfg.Headers {
		t, err := parseTemplate(value)
		if err != nil {
			return nil, errorf(KindConfig, "headers.%s: %v", name, err)
		}
		v, err := t.expand(params, func(s string) string { return s }, used)
		if err != nil {
			return nil, err
		}
		if !httpguts.ValidHeaderFieldValue(v) {
			return nil, errorf(KindParams, "header %s: a param expands to a value with control characters", name)
		}
		header.Set(name, v)
	}
	header.Set("Accept", "application/json")
	if cfg.Auth != nil {
		if !httpguts.ValidHeaderFieldValue(secret) {
			return nil, errorf(KindSecret, "the value of %s contains control characters", cfg.Auth.SecretEnv)
		}
		switch cfg.Auth.Type {
		case AuthBearer:
			header.Set("Authorization", "Bearer "+secret)
		case AuthHeader:
			header.Set(cfg.Auth.Header, secret)
		}
	}

	var body any
	hasBody := cfg.Method == http.MethodPost || cfg.Method == http.MethodPut || cfg.Method == http.MethodPatch
	if hasBody && len(cfg.Body) > 0 {
		var tmpl any
		if err := json.Unmarshal(cfg.Body, &tmpl); err != nil {
			return nil, errorf(KindConfig, "body: not JSON: %v", err)
		}
		if body, err = expandBody(tmpl, params, used); err != nil {
			return nil, err
		}
	}

	rest := make(map[string]any)
	for k, v := range params {
		if !used[k] {
			rest[k] = v
		}
	}
	r := &request{method: cfg.Method, url: u, header: header}
	switch {
	case !hasBody:
		q, err := queryOf(rest)
		if err != nil {
			return nil, err
		}
		if q != "" {
			if u.RawQuery != "" {
				u.RawQuery += "&"
			}
			u.RawQuery += q
		}
	case len(cfg.Body) > 0:
		r.body, err = json.Marshal(body)
	default:
		r.body, err = json.Marshal(rest)
	}
	if err != nil {
		return nil, errorf(KindParams, "encoding the body: %v", err)
	}
	if r.body != nil {
		header.Set("Content-Type", "application/json")
	}
	return r, nil
}

// queryOf encodes unused params as a query string: keys sorted, an array repeats its key
// (ids=1&ids=2), null is left out; objects have no agreed query form and are refused.
func queryOf(params map[string]any) (string, error) {
	keys := make([]string, 0, len(params))
	for k := range params {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	var b strings.Builder
	add := func(k, name string, v any) error {
		s, err := scalarText(name, v)
		if err != nil {
			return err
		}
		if b.Len() > 0 {
			b.WriteByte('&')
		}
		b.WriteString(escapeComponent(k))
		b.WriteByte('=')
		b.WriteString(escapeComponent(s))
		return nil
	}
	for _, k := range keys {
		switch v := params[k].(type) {
		case nil:
		case []any:
			for i, item := range v {
				if err := add(k, fmt.Sprintf("%s.%d", k, i), item); err != nil {
					return "", err
				}
			}
		default:
			if err := add(k, k, v); err != nil {
				return "", err
			}
		}
	}
	return b.String(), nil
}
