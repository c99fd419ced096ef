package datasource

import (
	"net/http"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

func TestRetryAfter(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	tests := []struct {
		header string
		want   time.Duration
	}{
		{"", 0},
		{"12", 12 * time.Second},
		{"-1", 0},
		{"99999999999", 24 * time.Hour},
		{now.Add(90 * time.Second).Format(http.TimeFormat), 90 * time.Second},
		{now.Add(-time.Hour).Format(http.TimeFormat), 0},
		{"soon", 0},
	}
	for _, tt := range tests {
		if got := retryAfter(tt.header, now); got != tt.want {
			t.Errorf("retryAfter(%q) = %s, want %s", tt.header, got, tt.want)
		}
	}
}

func TestExcerpt(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, body, secret, want string
	}{
		{name: "short body as is", body: "oops", want: "oops"},
		{name: "invalid UTF-8 replaced", body: "a\xffb", want: "a\uFFFDb"},
		{name: "secret redacted", body: "key=abc123!", secret: "abc123", want: "key=[REDACTED]!"},
		{name: "cut on a rune boundary", body: strings.Repeat("x", MaxExcerpt-1) + "é", want: strings.Repeat("x", MaxExcerpt-1)},
		{name: "a secret across the cut is redacted first", body: strings.Repeat("x", MaxExcerpt-3) + "SECRET",
			secret: "SECRET", want: strings.Repeat("x", MaxExcerpt-3) + "[RE"},
	}
	for _, tt := range tests {
		got := excerpt([]byte(tt.body), tt.secret)
		if got != tt.want || len(got) > MaxExcerpt || !utf8.ValidString(got) {
			t.Errorf("%s: excerpt = %q (%d bytes), want %q", tt.name, got, len(got), tt.want)
		}
	}
}
