package sqlstore

import (
	"testing"
	"time"
)

func TestRebind(t *testing.T) {
	t.Parallel()
	tests := []struct {
		query  string
		dollar bool
		want   string
	}{
		{"SELECT 1", true, "SELECT 1"},
		{"a = ? AND (b, c) > (?, ?)", true, "a = $1 AND (b, c) > ($2, $3)"},
		{"a = ? AND b = ?", false, "a = ? AND b = ?"},
	}
	for _, tt := range tests {
		d := &Dialect{DollarPlaceholders: tt.dollar}
		if got := d.rebind(tt.query); got != tt.want {
			t.Errorf("rebind(%q) = %q, want %q", tt.query, got, tt.want)
		}
	}
}

func TestLikeContains(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"tax", "%tax%"},
		{"100%", `%100\%%`},
		{"a_b", `%a\_b%`},
		{`back\slash`, `%back\\slash%`},
	}
	for _, tt := range tests {
		if got := likeContains(tt.in); got != tt.want {
			t.Errorf("likeContains(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestTimeText(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   time.Time
		want string
	}{
		{time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC), "2026-01-02T03:04:05.000000Z"},
		{time.Date(2026, 1, 2, 3, 4, 5, 123456789, time.FixedZone("X", -2*3600)), "2026-01-02T05:04:05.123456Z"},
		{time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC), "0001-01-01T00:00:00.000000Z"},
	}
	for _, tt := range tests {
		got := FormatTime(norm(tt.in))
		if got != tt.want {
			t.Errorf("FormatTime(%v) = %q, want %q", tt.in, got, tt.want)
		}
		back, err := parseTime(got)
		if err != nil || !back.Equal(norm(tt.in)) || back.Location() != time.UTC {
			t.Errorf("parseTime(%q) = %v, %v; want %v in UTC", got, back, err, norm(tt.in))
		}
	}
	if _, err := parseTime("yesterday"); err == nil {
		t.Error("parseTime accepted a malformed time")
	}
	if _, err := parseTime(42); err == nil {
		t.Error("parseTime accepted an integer")
	}
}
