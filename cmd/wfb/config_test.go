package main

import (
	"flag"
	"io"
	"testing"
)

// TestTemporalUIPort checks where the embedded server's Web UI listens: the flag or
// WFB_TEMPORAL_UI_PORT when given, else the Temporal port + 1000, else (a free Temporal port)
// a free one.
func TestTemporalUIPort(t *testing.T) {
	tests := []struct {
		name string
		env  string // WFB_TEMPORAL_UI_PORT, "" for unset
		args []string
		want int
	}{
		{"default", "", nil, 8233},
		{"follows the Temporal port", "", []string{"-temporal-port", "7300"}, 8300},
		{"free Temporal port, free UI port", "", []string{"-temporal-port", "0"}, 0},
		{"flag", "", []string{"-temporal-ui-port", "9000"}, 9000},
		{"flag asks for a free port", "", []string{"-temporal-ui-port", "0"}, 0},
		{"environment", "9100", nil, 9100},
		{"flag wins over the environment", "9100", []string{"-temporal-ui-port", "9200"}, 9200},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv("WFB_TEMPORAL_PORT", "7233")
			if tt.env != "" {
				t.Setenv("WFB_TEMPORAL_UI_PORT", tt.env)
			}
			fs := flag.NewFlagSet("test", flag.ContinueOnError)
			fs.SetOutput(io.Discard)
			var c config
			c.register(fs)
			if err := fs.Parse(tt.args); err != nil {
				t.Fatal(err)
			}
			if got := c.uiPort(); got != tt.want {
				t.Errorf("uiPort() = %d, want %d", got, tt.want)
			}
		})
	}
}

func TestTemporalUIPortEnvironmentMustParse(t *testing.T) {
	t.Setenv("WFB_TEMPORAL_UI_PORT", "eighty")
	if err := checkEnv(); err == nil {
		t.Fatal("checkEnv accepted WFB_TEMPORAL_UI_PORT=eighty")
	}
}
