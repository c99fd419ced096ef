package storetest

import (
	"os"
	"os/exec"
	"strings"
	"testing"
)

// TestPostgresUnreachable runs PostgresURL against a closed port in a child process: it must
// skip the test outside CI and fail it in CI.
func TestPostgresUnreachable(t *testing.T) {
	if os.Getenv("WFB_STORETEST_CHILD") == "1" {
		PostgresURL(t)
		t.Log("PostgresURL returned")
		return
	}
	t.Parallel()
	tests := []struct {
		name     string
		ci       string
		wantFail bool
		wantOut  string
	}{
		{"outside CI it skips", "", false, "--- SKIP"},
		{"in CI it fails", "true", true, "--- FAIL"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			cmd := exec.Command(os.Args[0], "-test.run=^TestPostgresUnreachable$", "-test.v")
			cmd.Env = append(os.Environ(), "WFB_STORETEST_CHILD=1", "CI="+tt.ci,
				"WFB_TEST_POSTGRES_URL=postgres://postgres@127.0.0.1:1/postgres?sslmode=disable&connect_timeout=2")
			out, err := cmd.CombinedOutput()
			if failed := err != nil; failed != tt.wantFail {
				t.Fatalf("child failed = %v, want %v; output:\n%s", failed, tt.wantFail, out)
			}
			if !strings.Contains(string(out), tt.wantOut) || strings.Contains(string(out), "PostgresURL returned") {
				t.Fatalf("child output lacks %q or went on past PostgresURL:\n%s", tt.wantOut, out)
			}
		})
	}
}
