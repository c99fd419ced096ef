package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/workflowbuilder/wfb/internal/app"
	"github.com/workflowbuilder/wfb/internal/engine/devserver"
	"github.com/workflowbuilder/wfb/internal/store"
)

var exportLine = regexp.MustCompile(`(?m)^\s*export WFB_TOKEN=(wfb_\S+)$`)

// printedToken returns the token of the "export WFB_TOKEN=..." line a server printed.
func printedToken(t *testing.T, out string) string {
	t.Helper()
	m := exportLine.FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("no export WFB_TOKEN line in:\n%s", out)
	}
	return m[1]
}

// wfbKeys runs `wfb keys args... --data-dir dir` and returns its exit code and output.
func wfbKeys(t *testing.T, dir string, args ...string) (int, string, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	full := append([]string{"keys"}, args[0], "--data-dir", dir)
	code := run(append(full, args[1:]...), nil, &stdout, &stderr)
	return code, stdout.String(), stderr.String()
}

// authenticate checks a token against the database in dir.
func authenticate(t *testing.T, dir, token string) (app.Actor, error) {
	t.Helper()
	st, _, err := openStore(context.Background(), config{DataDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	return app.New(st, nil).Authenticate(context.Background(), token)
}

func TestKeysCommands(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	code, out, errOut := wfbKeys(t, dir, "create", "--name", "ada's inbox", "--role", "agent", "--user", "ada", "--groups", "ops,finance")
	if code != 0 {
		t.Fatalf("keys create = %d: %s", code, errOut)
	}
	token := regexp.MustCompile(`(?m)^wfb_\S+$`).FindString(out)
	a, err := authenticate(t, dir, token)
	if err != nil || a.Role != store.RoleAgent || a.UserID != "ada" || strings.Join(a.Groups, ",") != "finance,ops" {
		t.Fatalf("the printed token %q authenticates as %+v, %v", token, a, err)
	}

	code, out, _ = wfbKeys(t, dir, "list")
	if code != 0 || !strings.Contains(out, a.KeyID) || !strings.Contains(out, "ada's inbox") || strings.Contains(out, token[len(token)-20:]) {
		t.Fatalf("keys list = %d:\n%s\nwant the key listed without its secret", code, out)
	}

	if code, out, errOut = wfbKeys(t, dir, "revoke", a.KeyID); code != 0 || !strings.Contains(out, "revoked") {
		t.Fatalf("keys revoke = %d %s %s", code, out, errOut)
	}
	if _, err := authenticate(t, dir, token); app.CodeOf(err) != app.CodeUnauthorized {
		t.Fatalf("a revoked token authenticates: %v", err)
	}
	if code, _, errOut = wfbKeys(t, dir, "revoke", a.KeyID); code != 1 || !strings.Contains(errOut, "already revoked") {
		t.Fatalf("revoking twice = %d %s", code, errOut)
	}
	if _, out, _ = wfbKeys(t, dir, "list"); !strings.Contains(out, "ada") || strings.Count(out, "\n") != 2 {
		t.Fatalf("keys list after revocation:\n%s", out)
	}
}

func TestKeysCommandErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		args []string
		code int
		out  string
	}{
		{[]string{"keys"}, 0, "wfb keys create"},
		{[]string{"keys", "rotate"}, 2, `unknown subcommand "rotate"`},
		{[]string{"keys", "create", "--name", "x"}, 1, "role must be"},
		{[]string{"keys", "create", "--name", "x", "--role", "agent"}, 1, "user id"},
		{[]string{"keys", "revoke"}, 2, "want 1 argument"},
		{[]string{"keys", "list", "extra"}, 2, "want 0 argument"},
		{[]string{"keys", "list", "--nope"}, 2, "flag provided but not defined"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			t.Parallel()
			var stdout, stderr bytes.Buffer
			args := tt.args
			if len(args) > 1 && args[1] != "rotate" {
				args = append([]string{args[0], args[1], "--data-dir", t.TempDir()}, args[2:]...)
			}
			if code := run(args, nil, &stdout, &stderr); code != tt.code || !strings.Contains(stdout.String()+stderr.String(), tt.out) {
				t.Fatalf("wfb %v = %d\n%s%s\nwant %d and %q", tt.args, code, stdout.String(), stderr.String(), tt.code, tt.out)
			}
		})
	}
}

// TestAnnounceAuth checks what a server prints about authentication at start.
func TestAnnounceAuth(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		noAuth bool
		want   string
	}{
		{"an empty database gets a first admin key", false, "export WFB_TOKEN="},
		{"no-auth warns", true, "WARNING authentication is off"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c := config{DataDir: t.TempDir(), NoAuth: tt.noAuth}
			st, _, err := openStore(context.Background(), c)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { _ = st.Close() })
			svc := app.New(st, nil)
			var out bytes.Buffer
			if err := announceAuth(context.Background(), c, svc, &out); err != nil || !strings.Contains(out.String(), tt.want) {
				t.Fatalf("announceAuth = %v, printed:\n%s\nwant %q", err, out.String(), tt.want)
			}
			keys, err := st.ListAPIKeys(context.Background(), store.APIKeyFilter{})
			if err != nil {
				t.Fatal(err)
			}
			if created := strings.Contains(tt.want, "WFB_TOKEN"); created != (len(keys) == 1) {
				t.Fatalf("%d keys after announceAuth, want a key created: %v", len(keys), created)
			}
			if !strings.Contains(tt.want, "WFB_TOKEN") {
				return
			}
			if a, err := svc.Authenticate(context.Background(), printedToken(t, out.String())); err != nil || a.Role != store.RoleAdmin {
				t.Fatalf("the printed key authenticates as %+v, %v", a, err)
			}
			// A second start finds the key and prints none.
			out.Reset()
			if err := announceAuth(context.Background(), c, svc, &out); err != nil || out.Len() != 0 {
				t.Fatalf("second start: %v, printed:\n%s", err, out.String())
			}
		})
	}
}

// TestAPIRolePrintsFirstAdminKey checks that `wfb api` on an empty database prints a first admin
// key as `wfb serve` does, that the key is accepted, and that a restart on the same database
// prints none.
func TestAPIRolePrintsFirstAdminKey(t *testing.T) {
	t.Parallel()
	dev, err := devserver.Start(context.Background(), devserver.Options{DataDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = dev.Stop() })
	c := config{DataDir: t.TempDir(), TemporalAddress: dev.Address(), TemporalNamespace: dev.Namespace()}

	base, stop, out := startRoleOut(t, "api", c)
	req, err := http.NewRequest(http.MethodGet, base+"/v1/me", nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+printedToken(t, out.String()))
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	var me struct{ Role, KeyName string }
	_ = json.NewDecoder(res.Body).Decode(&me)
	res.Body.Close()
	if res.StatusCode != http.StatusOK || me.Role != "admin" || me.KeyName != "first admin key" {
		t.Fatalf("GET /v1/me with the printed key: %d %+v", res.StatusCode, me)
	}
	stop()

	_, stop = startRole(t, "api", c)
	if printed := stop(); strings.Contains(printed, "WFB_TOKEN") {
		t.Fatalf("a restart on a database with keys printed a key:\n%s", printed)
	}
}
