package app

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/workflowbuilder/wfb/definition"
	"github.com/workflowbuilder/wfb/internal/store"
)

func TestAfterAlwaysMovesForward(t *testing.T) {
	t.Parallel()
	cur := now()
	tests := []struct {
		name string
		prev time.Time
	}{
		{"past", cur.Add(-time.Hour)},
		{"same microsecond", now()},
		{"future (clock went back)", cur.Add(time.Hour)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := after(tt.prev)
			if !got.After(tt.prev) || got.Location() != time.UTC || got.Nanosecond()%1000 != 0 {
				t.Fatalf("after(%s) = %s, want a later UTC time in whole microseconds", tt.prev, got)
			}
		})
	}
}

func TestPageLimit(t *testing.T) {
	t.Parallel()
	tests := []struct {
		limit, want, ask int
		ok               bool
	}{
		{0, DefaultLimit, DefaultLimit + 1, true},
		{1, 1, 2, true},
		{MaxLimit, MaxLimit, MaxLimit + 1, true},
		{MaxLimit + 1, 0, 0, false},
		{-1, 0, 0, false},
	}
	for _, tt := range tests {
		p := store.Page{Limit: tt.limit}
		got, err := pageLimit(&p)
		if (err == nil) != tt.ok || (tt.ok && (got != tt.want || p.Limit != tt.ask)) {
			t.Errorf("pageLimit(%d) = %d, asks %d, err %v; want %d, asks %d, ok %v", tt.limit, got, p.Limit, err, tt.want, tt.ask, tt.ok)
		}
		if err != nil && CodeOf(err) != CodeInvalidRequest {
			t.Errorf("pageLimit(%d) error code %q, want invalid_request", tt.limit, CodeOf(err))
		}
	}
}

func TestCheckDefinition(t *testing.T) {
	t.Parallel()
	tests := []struct {
		def string
		ok  bool
	}{
		{`{"name": "plain"}`, true},
		{`{"name": "escaped backslash then u0000: \\u0000"}`, true},
		{`{"name": "a\u0000b"}`, false},
		{`{"a\u0000": 1}`, false},
		{`{"steps": [{"name": "\u0000"}]}`, false},
		{"{\"name\": \"\xff\"}", false},
	}
	for _, tt := range tests {
		if err := checkDefinition(json.RawMessage(tt.def)); (err == nil) != tt.ok {
			t.Errorf("checkDefinition(%s) = %v, want ok=%v", tt.def, err, tt.ok)
		}
	}
}

func TestNewDefinitionIsValid(t *testing.T) {
	t.Parallel()
	if issues := definition.Validate(NewDefinition("Fresh"), definition.Options{}); len(issues) != 0 {
		t.Fatalf("the default definition of a new draft has issues: %v", issues)
	}
}
