package picture

import (
	"errors"
	"testing"
)

// checkErr fails the test unless err is nil when code is empty, or an
// *Error carrying code otherwise. It reports whether the call succeeded.
func checkErr(t *testing.T, err error, code string) bool {
	t.Helper()
	if code == "" {
		if err != nil {
			t.Fatalf("unexpected error: %v", err)
		}
		return true
	}
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("got error %v, want code %s", err, code)
	}
	if e.Code != code {
		t.Fatalf("got code %s (%v), want %s", e.Code, e, code)
	}
	return false
}
