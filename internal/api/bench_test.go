package api

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/workflowbuilder/wfb/internal/app"
	"github.com/workflowbuilder/wfb/internal/store/sqlite"
	"github.com/workflowbuilder/wfb/internal/store/storetest"
)

// BenchmarkGetVersion measures what the HTTP layer (routing, huma, JSON, the ETag) adds to
// reading a version: "store" is the app call alone, "http" the same read through a real HTTP
// round trip on loopback. Compare the two ns/op of one run as a ratio.
func BenchmarkGetVersion(b *testing.B) {
	ctx := context.Background()
	s, err := sqlite.Open(ctx, storetest.SQLitePath(b))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = s.Close() })
	if err := s.Migrate(ctx); err != nil {
		b.Fatal(err)
	}
	svc := app.New(s, nil)
	tpl, err := svc.CreateTemplate(ctx, app.TemplateInput{Name: "bench"})
	if err != nil {
		b.Fatal(err)
	}
	v, _, err := svc.CreateVersion(ctx, tpl.ID, app.VersionInput{Version: "1.0.0"})
	if err != nil {
		b.Fatal(err)
	}

	b.Run("store", func(b *testing.B) {
		for b.Loop() {
			if _, err := svc.GetVersion(ctx, v.ID); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("http", func(b *testing.B) {
		srv := httptest.NewServer(New(svc, Options{}))
		defer srv.Close()
		req, err := http.NewRequest(http.MethodGet, srv.URL+"/v1/versions/"+v.ID, nil)
		if err != nil {
			b.Fatal(err)
		}
		// Authenticated like any client: the key's lookup is part of what HTTP adds.
		req.Header.Set("Authorization", "Bearer "+newToken(b, svc, app.KeyInput{Name: "bench", Role: "admin"}))
		for b.Loop() {
			res, err := http.DefaultClient.Do(req)
			if err != nil {
				b.Fatal(err)
			}
			body, _ := io.ReadAll(res.Body)
			res.Body.Close()
			if res.StatusCode != http.StatusOK || !strings.Contains(string(body), v.ID) {
				b.Fatalf("status %d", res.StatusCode)
			}
		}
	})
}
