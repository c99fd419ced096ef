package app

import (
	"bytes"
	"encoding/json"
	"strings"
	"unicode/utf8"
)

// checkText refuses text that PostgreSQL cannot store (NUL bytes, invalid UTF-8), so that both
// backends accept exactly the same inputs and such input is a 400, not a database error.
func checkText(field, s string) error {
	if strings.IndexByte(s, 0) >= 0 || !utf8.ValidString(s) {
		return errorf(CodeInvalidRequest, "%s must be UTF-8 text without NUL characters", field)
	}
	return nil
}

// checkDefinition applies checkText to a definition: its bytes, and every string and key in it
// when it escapes a NUL (\u0000), which PostgreSQL's jsonb refuses.
func checkDefinition(def json.RawMessage) error {
	if !utf8.Valid(def) {
		return errorf(CodeInvalidRequest, "definition must be UTF-8")
	}
	if !bytes.Contains(def, []byte(`\u0000`)) {
		return nil
	}
	var v any
	if err := json.Unmarshal(def, &v); err != nil {
		return errorf(CodeInvalidRequest, "definition is not JSON: %v", err)
	}
	if hasNUL(v) {
		return errorf(CodeInvalidRequest, "definition must not contain NUL characters (\\u0000)")
	}
	return nil
}

func hasNUL(v any) bool {
	switch v := v.(type) {
	case string:
		return strings.IndexByte(v, 0) >= 0
	case []any:
		for _, e := range v {
			if hasNUL(e) {
				return true
			}
		}
	case map[string]any:
		for k, e := range v {
			if strings.IndexByte(k, 0) >= 0 || hasNUL(e) {
				return true
			}
		}
	}
	return false
}

// checkOptional is checkText for a field that may be absent.
func checkOptional(field string, s *string) error {
	if s == nil {
		return nil
	}
	return checkText(field, *s)
}
