package datasource

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"time"

	"golang.org/x/net/http/httpguts"
)

// Limits and defaults of a [Config]. They are generous for the lookups a workflow makes and
// small enough that one misconfigured data source cannot hold a worker slot or its memory.
const (
	DefaultTimeoutMs        = 10_000
	MinTimeoutMs            = 10
	MaxTimeoutMs            = 300_000
	DefaultMaxResponseBytes = 1 << 20
	MaxMaxResponseBytes     = 32 << 20
	// SecretEnvPrefix starts the name of every environment variable a data source may read.
	// Without it an admin could point a data source at their own server and have the worker
	// send WFB_DB or a cloud credential as a bearer token.
	SecretEnvPrefix = "WFB_SECRET_"
)

// Auth types.
const (
	// AuthBearer sends the secret as "Authorization: Bearer <secret>".
	AuthBearer = "bearer"
	// AuthHeader sends the secret as the whole value of Auth.Header.
	AuthHeader = "header"
)

// Config is the configuration of an `http` data source, as stored in data_sources and accepted
// by the API. Decoding refuses unknown fields: a typo such as "timout" must not silently fall
// back to a default, and a field like "token" must not store a secret.
type Config struct {
	// Method is GET, POST, PUT, PATCH or DELETE (upper case).
	Method string `json:"method"`
	// URL is an absolute http(s) URL template; see the package doc for placeholders.
	URL string `json:"url"`
	// Headers are sent with every call; values are templates. Credentials go in Auth instead.
	Headers map[string]string `json:"headers,omitempty"`
	// Body is a JSON template for POST, PUT and PATCH; when absent the unused params are the body.
	Body json.RawMessage `json:"body,omitempty"`
	// TimeoutMs bounds one call, connection to last body byte. 0 means DefaultTimeoutMs.
	TimeoutMs int `json:"timeoutMs,omitempty"`
	// MaxResponseBytes caps the body read. 0 means DefaultMaxResponseBytes.
	MaxResponseBytes int64 `json:"maxResponseBytes,omitempty"`
	// Auth, when set, sends a secret read from the worker's environment.
	Auth *Auth `json:"auth,omitempty"`
}

// Auth names where a secret comes from and how it is sent. It holds the NAME of an environment
// variable, never the secret: configurations are stored, listed and audited in plain text.
type Auth struct {
	// Type is AuthBearer or AuthHeader.
	Type string `json:"type"`
	// Header is the header name for AuthHeader (for example X-Api-Key).
	Header string `json:"header,omitempty"`
	// SecretEnv is the environment variable holding the secret; it starts with SecretEnvPrefix.
	SecretEnv string `json:"secretEnv"`
}

// Timeout is the configured timeout, defaulted.
func (c Config) Timeout() time.Duration {
	if c.TimeoutMs == 0 {
		return DefaultTimeoutMs * time.Millisecond
	}
	return time.Duration(c.TimeoutMs) * time.Millisecond
}

// ResponseCap is the configured response size cap, defaulted.
func (c Config) ResponseCap() int64 {
	if c.MaxResponseBytes == 0 {
		return DefaultMaxResponseBytes
	}
	return c.MaxResponseBytes
}

// ParseConfig decodes a stored or submitted configuration strictly and validates it.
func ParseConfig(b []byte) (Config, error) {
	var c Config
	if err := json.Unmarshal(b, &c); err != nil {
		var e *Error
		if errors.As(err, &e) {
			return Config{}, err
		}
		return Config{}, &Error{Kind: KindConfig, Message: fmt.Sprintf("decoding data source config: %v", err), Err: err}
	}
	if err := c.Validate(); err != nil {
		return Config{}, err
	}
	return c, nil
}

// UnmarshalJSON decodes a Config, refusing unknown fields (in Auth too).
func (c *Config) UnmarshalJSON(b []byte) error {
	type plain Config
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	var p plain
	if err := dec.Decode(&p); err != nil {
		return &Error{Kind: KindConfig, Message: fmt.Sprintf("decoding data source config: %v", err), Err: err}
	}
	*c = Config(p)
	return nil
}

// FieldError is one problem of a Config, named by its JSON field path.
type FieldError struct {
	Field   string `json:"field"`
	Message string `json:"message"`
}

// ConfigError lists every problem Validate found, so an admin fixes them in one round.
type ConfigError struct {
	Fields []FieldError
}

func (e *ConfigError) Error() string {
	parts := make([]string, len(e.Fields))
	for i, f := range e.Fields {
		parts[i] = f.Field + ": " + f.Message
	}
	return "invalid data source config: " + strings.Join(parts, "; ")
}

var (
	methods = map[string]bool{
		http.MethodGet: true, http.MethodPost: true, http.MethodPut: true,
		http.MethodPatch: true, http.MethodDelete: true,
	}
	secretEnvName = regexp.MustCompile(`^` + SecretEnvPrefix + `[A-Z0-9_]+$`)
	// credentialHeaders would store a credential in plain text in headers; Auth sends them.
	credentialHeaders = map[string]bool{"Authorization": true, "Proxy-Authorization": true, "Cookie": true}
	// clientHeaders are set by the client; a configured value would fight it.
	clientHeaders = map[string]bool{
		"Host": true, "Content-Length": true, "Transfer-Encoding": true, "Connection": true,
		"Content-Type": true, "Accept": true,
	}
)

// Validate checks the configuration and returns a *ConfigError naming every bad field, or nil.
func (c Config) Validate() error {
	var errs []FieldError
	add := func(field, format string, args ...any) {
		errs = append(errs, FieldError{Field: field, Message: fmt.Sprintf(format, args...)})
	}
	if !methods[c.Method] {
		add("method", "%q is not one of GET, POST, PUT, PATCH, DELETE", c.Method)
	}
	if err := checkURLTemplate(c.URL); err != nil {
		add("url", "%v", err)
	}
	for _, name := range slices.Sorted(maps.Keys(c.Headers)) {
		value, field := c.Headers[name], "headers."+name
		if !httpguts.ValidHeaderFieldName(name) {
			add(field, "%q is not a valid header name", name)
			continue
		}
		switch canon := http.CanonicalHeaderKey(name); {
		case credentialHeaders[canon]:
			add(field, "credentials cannot be stored in headers; use auth with secretEnv")
		case clientHeaders[canon]:
			add(field, "header %s is set by the client", canon)
		}
		if _, err := parseTemplate(value); err != nil {
			add(field, "%v", err)
		}
	}
	if len(c.Body) > 0 {
		if c.Method == http.MethodGet || c.Method == http.MethodDelete {
			add("body", "a body template is only sent with POST, PUT and PATCH")
		}
		if err := checkBodyTemplate(c.Body); err != nil {
			add("body", "%v", err)
		}
	}
	if c.TimeoutMs != 0 && (c.TimeoutMs < MinTimeoutMs || c.TimeoutMs > MaxTimeoutMs) {
		add("timeoutMs", "%d is out of range [%d, %d]", c.TimeoutMs, MinTimeoutMs, MaxTimeoutMs)
	}
	if c.MaxResponseBytes < 0 || c.MaxResponseBytes > MaxMaxResponseBytes {
		add("maxResponseBytes", "%d is out of range [1, %d]", c.MaxResponseBytes, int64(MaxMaxResponseBytes))
	}
	if c.Auth != nil {
		c.Auth.validate(c.Headers, add)
	}
	if len(errs) > 0 {
		return &ConfigError{Fields: errs}
	}
	return nil
}

func (a Auth) validate(headers map[string]string, add func(field, format string, args ...any)) {
	switch a.Type {
	case AuthBearer:
		if a.Header != "" {
			add("auth.header", "only used with type %q", AuthHeader)
		}
	case AuthHeader:
		switch {
		case !httpguts.ValidHeaderFieldName(a.Header):
			add("auth.header", "%q is not a valid header name", a.Header)
		case clientHeaders[http.CanonicalHeaderKey(a.Header)]:
			add("auth.header", "header %s is set by the client", http.CanonicalHeaderKey(a.Header))
		}
		for name := range headers {
			if http.CanonicalHeaderKey(name) == http.CanonicalHeaderKey(a.Header) {
				add("auth.header", "header %s is also configured in headers", a.Header)
			}
		}
	default:
		add("auth.type", "%q is not one of %q, %q", a.Type, AuthBearer, AuthHeader)
	}
	// Echo the name only when it is shaped like one: a pasted secret must not land in an
	// error message, a log line or an audit record.
	if !secretEnvName.MatchString(a.SecretEnv) {
		if looksLikeEnvName(a.SecretEnv) {
			add("auth.secretEnv", "%q must start with %s and use only A-Z, 0-9 and _", a.SecretEnv, SecretEnvPrefix)
		} else {
			add("auth.secretEnv", "must be the NAME of an environment variable starting with %s (secret values are never stored)", SecretEnvPrefix)
		}
	}
}

var envNameShape = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]{0,63}$`)

func looksLikeEnvName(s string) bool { return envNameShape.MatchString(s) && strings.ToUpper(s) == s }

// checkURLTemplate requires an absolute http(s) URL whose scheme and host are literal: a
// placeholder may only appear after the authority, so a param can never redirect the call to
// another host.
func checkURLTemplate(s string) error {
	t, err := parseTemplate(s)
	if err != nil {
		return err
	}
	var sample strings.Builder
	firstRef := -1
	for _, seg := range t.segs {
		if seg.ref != nil {
			if firstRef < 0 {
				firstRef = sample.Len()
			}
			sample.WriteString("x")
			continue
		}
		sample.WriteString(seg.lit)
	}
	u, err := url.Parse(sample.String())
	if err != nil {
		return fmt.Errorf("not a URL: %w", err)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return fmt.Errorf("scheme must be http or https")
	}
	if u.Host == "" || u.Opaque != "" {
		return fmt.Errorf("must be absolute, with a host")
	}
	if u.User != nil {
		return fmt.Errorf("credentials in the URL are refused; use auth with secretEnv")
	}
	if u.Fragment != "" || strings.Contains(sample.String(), "#") {
		return fmt.Errorf("a fragment is never sent; remove it")
	}
	if !strings.HasPrefix(strings.ToLower(s), u.Scheme+"://") {
		return fmt.Errorf("must start with %s://", u.Scheme)
	}
	if firstRef >= 0 {
		rest := s[len(u.Scheme)+len("://"):]
		end := strings.IndexAny(rest, "/?")
		if end < 0 || len(u.Scheme)+len("://")+end > firstRef {
			return fmt.Errorf("placeholders are allowed only in the path and query, not in the scheme or host")
		}
	}
	return nil
}

// checkBodyTemplate requires a JSON value whose strings are valid templates.
func checkBodyTemplate(b json.RawMessage) error {
	var v any
	if err := json.Unmarshal(b, &v); err != nil {
		return fmt.Errorf("not JSON: %w", err)
	}
	return walkStrings(v, func(s string) error {
		_, err := parseTemplate(s)
		return err
	})
}

func walkStrings(v any, f func(string) error) error {
	switch t := v.(type) {
	case string:
		return f(t)
	case map[string]any:
		for _, x := range t {
			if err := walkStrings(x, f); err != nil {
				return err
			}
		}
	case []any:
		for _, x := range t {
			if err := walkStrings(x, f); err != nil {
				return err
			}
		}
	}
	return nil
}
