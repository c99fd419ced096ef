package main

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/workflowbuilder/wfb/internal/api"
)

func TestRunOpenAPI(t *testing.T) {
	t.Parallel()
	want, err := api.Document(buildVersion())
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		args    []string
		code    int
		out     []byte
		errText string
	}{
		{"prints the document", nil, 0, want, ""},
		{"help", []string{"-h"}, 0, []byte(openapiUsage), ""},
		{"no arguments", []string{"x"}, 2, nil, "unexpected argument"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var out, errOut bytes.Buffer
			if code := run(append([]string{"openapi"}, tt.args...), nil, &out, &errOut); code != tt.code {
				t.Fatalf("exit %d, want %d; stderr %s", code, tt.code, errOut.String())
			}
			if !bytes.Equal(out.Bytes(), tt.out) {
				t.Errorf("stdout differs from the expected %d bytes (got %d)", len(tt.out), out.Len())
			}
			if !strings.Contains(errOut.String(), tt.errText) {
				t.Errorf("stderr %q, want it to contain %q", errOut.String(), tt.errText)
			}
		})
	}
	var doc struct {
		OpenAPI string         `json:"openapi"`
		Paths   map[string]any `json:"paths"`
	}
	if err := json.Unmarshal(want, &doc); err != nil || !strings.HasPrefix(doc.OpenAPI, "3.1") || doc.Paths["/v1/templates"] == nil {
		t.Fatalf("not an OpenAPI 3.1 document of this API (%v): %.200s", err, want)
	}
}
