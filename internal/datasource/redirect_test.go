package datasource

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"testing"
)

func TestCallRedirects(t *testing.T) {
	t.Parallel()
	// other is a second host; a redirect there must be refused before anything is sent to it.
	other, otherRec := serve(t, func(w http.ResponseWriter, _ *http.Request, _ seen) { reply(w, 200, `{"stolen":true}`) })
	tests := []struct {
		name     string
		hops     int    // redirects before the answer, on the same host
		offHost  bool   // the first redirect goes to the other host
		wantKind Kind   // "" for success
		wantMsg  string // message contains
	}{
		{name: "one same-host redirect is followed", hops: 1},
		{name: "MaxRedirects same-host redirects are followed", hops: MaxRedirects},
		{name: "one more is refused", hops: MaxRedirects + 1, wantKind: KindRedirect, wantMsg: fmt.Sprintf("more than %d times", MaxRedirects)},
		{name: "another host is refused", offHost: true, wantKind: KindRedirect, wantMsg: "another host"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv, rec := serve(t, func(w http.ResponseWriter, r *http.Request, s seen) {
				switch {
				case tt.offHost:
					http.Redirect(w, r, other.URL+"/steal", http.StatusFound)
				case s.Attempt <= tt.hops:
					http.Redirect(w, r, "/hop/"+strconv.Itoa(s.Attempt), http.StatusTemporaryRedirect)
				default:
					reply(w, 200, `{"hops":`+strconv.Itoa(s.Attempt-1)+`}`)
				}
			})
			cfg := Config{Method: "GET", URL: srv.URL + "/start", Auth: &Auth{Type: AuthHeader, Header: "X-Api-Key", SecretEnv: "WFB_SECRET_R"}}
			res, err := NewClient(nil).Call(context.Background(), cfg, nil, env("WFB_SECRET_R", "key"))
			if tt.wantKind == "" {
				if err != nil {
					t.Fatalf("Call: %v", err)
				}
				if got := mustJSON(t, res.Data); got != fmt.Sprintf(`{"hops":%d}`, tt.hops) {
					t.Errorf("data %s", got)
				}
				for _, s := range rec.all() {
					if s.Header.Get("X-Api-Key") != "key" {
						t.Errorf("request %d to %s lost the secret header", s.Attempt, s.Path)
					}
				}
				return
			}
			e := asError(t, err)
			if e.Kind != tt.wantKind || e.Retryable() || !strings.Contains(e.Message, tt.wantMsg) {
				t.Errorf("got %v, want non-retryable %s containing %q", err, tt.wantKind, tt.wantMsg)
			}
		})
	}
	t.Cleanup(func() {
		if n := len(otherRec.all()); n != 0 {
			t.Errorf("the other host received %d requests", n)
		}
	})
}
