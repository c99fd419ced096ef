package api

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"time"
	"unicode/utf8"

	"github.com/danielgtaylor/huma/v2"
	"github.com/danielgtaylor/huma/v2/adapters/humago"
)

// door holds every request to the input limits (limits.go) before any other middleware or
// handler sees it: a body past its size is 413 body_too_large; a body that is not a JSON object
// (or null), is not UTF-8, has a lone surrogate escape, a repeated key, nesting past MaxDepth, a
// string past MaxString, or a `definition` that is not an object (or null) is 400
// invalid_request; so is an If-Match that is not one ETag, on any route. It is huma middleware,
// so it applies to every operation, including ones added later.
type door struct {
	api huma.API
}

func (d *door) middleware(ctx huma.Context, next func(huma.Context)) {
	if h := ctx.Header("If-Match"); h != "" {
		if _, err := parseIfMatch(h); err != nil {
			d.refuse(ctx, err)
			return
		}
	}
	r, _ := humago.Unwrap(ctx)
	if op := ctx.Operation(); op != nil && op.Metadata[streamsBody] == true {
		next(ctx) // an upload: its handler streams the body (runs.go)
		return
	}
	if r.Body == nil || r.Body == http.NoBody {
		next(ctx)
		return
	}
	limit := bodyLimit(ctx.Operation())
	if r.ContentLength > limit {
		d.refuse(ctx, tooLarge(limit))
		return
	}
	// The door reads the body, so it sets the deadline huma would (operations have none, see
	// noBodyDeadline): a body read to its end starts the server's watch for the client going
	// away, and a deadline set after that would end the request when it passes.
	if err := ctx.SetReadDeadline(time.Now().Add(BodyReadTimeout)); err != nil {
		slog.Debug("setting the body's read deadline", "err", err)
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, limit+1))
	if err != nil {
		d.refuse(ctx, invalid("body", "reading the body: "+err.Error()))
		return
	}
	if int64(len(body)) > limit {
		d.refuse(ctx, tooLarge(limit))
		return
	}
	r.Body = io.NopCloser(bytes.NewReader(body))
	if len(bytes.TrimSpace(body)) > 0 {
		if err := checkBody(body); err != nil {
			d.refuse(ctx, err)
			return
		}
	}
	next(ctx)
}

// noBodyDeadline is an OnAddOperation hook: huma would set a read deadline before reading the
// body, which the door has read already; see door.middleware.
func noBodyDeadline(_ *huma.OpenAPI, op *huma.Operation) { op.BodyReadTimeout = -1 }

func (d *door) refuse(ctx huma.Context, err error) { writeHumaProblem(d.api, ctx, err.(*Problem)) }

// bodyLimit is the operation's body size: MaxDefinitionBody for the operations that declare it,
// MaxBody for every other.
func bodyLimit(op *huma.Operation) int64 {
	if op != nil && op.MaxBodyBytes > 0 && op.MaxBodyBytes <= MaxDefinitionBody {
		return op.MaxBodyBytes
	}
	return MaxBody
}

func tooLarge(limit int64) error {
	msg := fmt.Sprintf("the body is larger than %d KiB, this operation's limit", limit>>10)
	return &Problem{Status: http.StatusRequestEntityTooLarge, Title: http.StatusText(http.StatusRequestEntityTooLarge),
		Detail: msg, Code: codeBodyTooLarge, Errors: []*huma.ErrorDetail{{Location: "body", Message: msg}}}
}

// checkBody applies the content limits to a body of the right size. A body that is not JSON at
// all is left to the operation, which refuses it with huma's own message.
func checkBody(b []byte) error {
	if !utf8.Valid(b) {
		return invalid("body", "the body is not valid UTF-8")
	}
	if !json.Valid(b) {
		return nil
	}
	if string(bytes.TrimSpace(b)) == "null" {
		return nil // no body, as clients that marshal nil send it; the operation decides
	}
	s := scanner{b: b}
	s.ws()
	if s.peek() != '{' {
		return invalid("body", "the body must be a JSON object")
	}
	if err := s.value(1, "body"); err != nil {
		return err
	}
	return nil
}

// scanner walks a syntactically valid JSON document (json.Valid said so) and checks what
// encoding/json lets through: nesting, string sizes, surrogate escapes and repeated keys.
type scanner struct {
	b []byte
	i int
}

func (s *scanner) peek() byte {
	if s.i < len(s.b) {
		return s.b[s.i]
	}
	return 0
}

func (s *scanner) ws() {
	for s.i < len(s.b) && (s.b[s.i] == ' ' || s.b[s.i] == '\t' || s.b[s.i] == '\n' || s.b[s.i] == '\r') {
		s.i++
	}
}

// value checks the value at s.i, which sits at nesting level depth, at location loc.
func (s *scanner) value(depth int, loc string) error {
	s.ws()
	switch s.peek() {
	case '{':
		return s.object(depth, loc)
	case '[':
		return s.array(depth, loc)
	case '"':
		_, err := s.str(loc)
		return err
	default: // a number or a literal
		for s.i < len(s.b) && !bytes.ContainsRune([]byte(",]} \t\n\r"), rune(s.b[s.i])) {
			s.i++
		}
		return nil
	}
}

func deeper(depth int, loc string) error {
	if depth > MaxDepth {
		return invalid(loc, fmt.Sprintf("the body nests deeper than %d levels, the limit", MaxDepth))
	}
	return nil
}

func (s *scanner) object(depth int, loc string) error {
	if err := deeper(depth, loc); err != nil {
		return err
	}
	s.i++ // {
	seen := map[string]bool{}
	for {
		s.ws()
		if s.peek() == '}' {
			s.i++
			return nil
		}
		key, err := s.str(loc)
		if err != nil {
			return err
		}
		if seen[key] {
			return invalid(loc, fmt.Sprintf("the key %q appears twice in one object", key))
		}
		seen[key] = true
		s.ws()
		s.i++ // :
		s.ws()
		child := loc + "." + key
		if depth == 1 && key == "definition" && s.peek() != '{' && s.peek() != 'n' {
			return invalid(child, "definition must be a JSON object")
		}
		if err := s.value(depth+1, child); err != nil {
			return err
		}
		s.ws()
		if s.peek() == ',' {
			s.i++
		}
	}
}

func (s *scanner) array(depth int, loc string) error {
	if err := deeper(depth, loc); err != nil {
		return err
	}
	s.i++ // [
	for n := 0; ; n++ {
		s.ws()
		if s.peek() == ']' {
			s.i++
			return nil
		}
		if err := s.value(depth+1, fmt.Sprintf("%s[%d]", loc, n)); err != nil {
			return err
		}
		s.ws()
		if s.peek() == ',' {
			s.i++
		}
	}
}

// str reads the string at s.i and returns it decoded; it refuses one longer than MaxString and
// a \u escape of half a surrogate pair, which encoding/json would silently turn into U+FFFD.
func (s *scanner) str(loc string) (string, error) {
	start := s.i
	s.i++ // opening quote
	escaped := false
	for s.b[s.i] != '"' {
		if s.b[s.i] != '\\' {
			s.i++
			continue
		}
		escaped = true
		if s.b[s.i+1] != 'u' {
			s.i += 2
			continue
		}
		r := hex4(s.b[s.i+2 : s.i+6])
		s.i += 6
		switch {
		case r >= 0xD800 && r <= 0xDBFF:
			if s.i+6 > len(s.b) || s.b[s.i] != '\\' || s.b[s.i+1] != 'u' {
				return "", lone(loc)
			}
			if lo := hex4(s.b[s.i+2 : s.i+6]); lo < 0xDC00 || lo > 0xDFFF {
				return "", lone(loc)
			}
			s.i += 6
		case r >= 0xDC00 && r <= 0xDFFF:
			return "", lone(loc)
		}
	}
	s.i++ // closing quote
	raw := s.b[start:s.i]
	if len(raw)-2 > MaxString {
		return "", invalid(loc, fmt.Sprintf("a string is longer than %d KiB, the limit", MaxString>>10))
	}
	if !escaped {
		return string(raw[1 : len(raw)-1]), nil
	}
	var v string
	if err := json.Unmarshal(raw, &v); err != nil {
		return "", invalid(loc, "a string does not decode: "+err.Error())
	}
	return v, nil
}

func lone(loc string) error {
	return invalid(loc, "a string has a \\u escape of half a UTF-16 surrogate pair, which is not a character")
}

func hex4(b []byte) rune {
	var r rune
	for _, c := range b {
		r <<= 4
		switch {
		case c >= '0' && c <= '9':
			r |= rune(c - '0')
		case c >= 'a' && c <= 'f':
			r |= rune(c - 'a' + 10)
		case c >= 'A' && c <= 'F':
			r |= rune(c - 'A' + 10)
		}
	}
	return r
}
