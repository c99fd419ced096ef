package definition_test

import (
	"testing"
	"time"

	"github.com/workflowbuilder/wfb/definition"
)

// TestParseDuration is the grammar of dueIn: what the validator accepts and the engine runs.
func TestParseDuration(t *testing.T) {
	t.Parallel()
	const day = 24 * time.Hour
	tests := []struct {
		in   string
		want time.Duration
		ok   bool
	}{
		{"P3D", 3 * day, true},
		{"PT4H", 4 * time.Hour, true},
		{"P1DT12H", 36 * time.Hour, true},
		{"P1Y2M3DT4H5M6S", 365*day + 60*day + 3*day + 4*time.Hour + 5*time.Minute + 6*time.Second, true},
		{"P2W", 14 * day, true},
		{"P1M", 30 * day, true},
		{"PT1M", time.Minute, true},
		{"PT0.5S", 500 * time.Millisecond, true},
		{"PT0,5S", 500 * time.Millisecond, true},
		{"P1.5D", 36 * time.Hour, true},    // a fraction on the last component
		{"PT1.5H", 90 * time.Minute, true}, // likewise
		{"P0.5W", 84 * time.Hour, true},
		{"P0D", 0, true},
		{"P1W2D", 0, false},    // weeks stand alone
		{"P1.5DT2H", 0, false}, // a fraction only on the last component
		{"PT1.5H30M", 0, false},
		{"", 0, false},
		{"P", 0, false},
		{"PT", 0, false},
		{"P1DT", 0, false},
		{"3D", 0, false},
		{"P1H", 0, false},  // H is a time unit
		{"PT1D", 0, false}, // D is a date unit
		{"P1S", 0, false},
		{"PxD", 0, false},
		{"P-1D", 0, false},
		{"P1D2Y", 0, false}, // out of order
		{"P1D1D", 0, false}, // repeated
		{"P.5D", 0, false},
		{"P1.D", 0, false},
		{"P1", 0, false},
		{"p1d", 0, false},
		{"P300Y", 0, false}, // longer than time.Duration holds
	}
	for _, tt := range tests {
		got, err := definition.ParseDuration(tt.in)
		if (err == nil) != tt.ok || got != tt.want {
			t.Errorf("ParseDuration(%q) = %v, %v; want %v, ok %v", tt.in, got, err, tt.want, tt.ok)
		}
	}
}
