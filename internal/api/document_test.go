package api

import (
	"bytes"
	"net/http"
	"testing"
)

// TestDocumentIsWhatTheServerServes checks that Document, which needs no database, is byte for
// byte what a server over a real database answers at /openapi.json, and the same every time
// (the web app's client is generated from it and checked for staleness).
func TestDocumentIsWhatTheServerServes(t *testing.T) {
	t.Parallel()
	e, _ := sqliteEnv(t)
	r := e.do("GET", "/openapi.json", nil)
	e.ok(r, http.StatusOK, nil)
	for i := range 2 {
		doc, err := Document("dev") // Options{} serves version "dev"
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(doc, r.body) {
			t.Fatalf("Document (call %d) differs from GET /openapi.json: %d vs %d bytes", i+1, len(doc), len(r.body))
		}
	}
}
