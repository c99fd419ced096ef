package main

import (
	"flag"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/workflowbuilder/wfb/internal/devserver"
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

// TestTemporalPostgresDSN: with --db, the embedded server's state goes to PostgreSQL unless a
// data directory already holds its SQLite file (an earlier build's running executions) or the
// operator chose.
func TestTemporalPostgresDSN(t *testing.T) {
	const db = "postgres://127.0.0.1/app"
	withFile := t.TempDir()
	if err := os.MkdirAll(filepath.Join(withFile, "temporal"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(withFile, "temporal", devserver.DatabaseFile), nil, 0o600); err != nil {
		t.Fatal(err)
	}
	empty := t.TempDir()
	tests := []struct {
		name, db, store, dir, want string
		wantErr                    bool
	}{
		{name: "sqlite app", db: "", store: "auto", dir: empty, want: ""},
		{name: "postgres app, new data dir", db: db, store: "auto", dir: empty, want: db},
		{name: "postgres app, data dir with the SQLite file", db: db, store: "auto", dir: withFile, want: ""},
		{name: "forced postgres over the file", db: db, store: "postgres", dir: withFile, want: db},
		{name: "forced sqlite", db: db, store: "sqlite", dir: empty, want: ""},
		{name: "postgres without --db", db: "", store: "postgres", dir: empty, wantErr: true},
		{name: "unknown store", db: db, store: "mysql", dir: empty, wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := config{DB: tt.db, TemporalStore: tt.store, DataDir: tt.dir}.temporalPostgresDSN()
			if (err != nil) != tt.wantErr {
				t.Fatalf("error = %v, want error %v", err, tt.wantErr)
			}
			if got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}
