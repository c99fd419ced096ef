package api

import (
	"context"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/workflowbuilder/wfb/internal/store"
)

// exampleFile reads a file of the repository's examples/ folder (WFB_EXAMPLES_DIR overrides
// the folder).
func exampleFile(t *testing.T, name string) []byte {
	t.Helper()
	dir := os.Getenv("WFB_EXAMPLES_DIR")
	if dir == "" {
		dir = filepath.Join("..", "..", "examples")
	}
	b, err := os.ReadFile(filepath.Join(dir, name))
	if err != nil {
		t.Fatalf("reading example %s: %v", name, err)
	}
	return b
}

// TestPublishLegacyDefinition checks the LEGACY_* rules read the stored service-request types:
// legacy-mapped.json cannot be published while its type is unknown, and can once it is stored.
func TestPublishLegacyDefinition(t *testing.T) {
	t.Parallel()
	eachBackend(t, func(t *testing.T, e *env) {
		tpl := e.createTemplate("Legacy")
		v := e.createVersion(tpl.ID, "1.0.0", string(exampleFile(t, "legacy-mapped.json")))
		p := e.problem(e.do("POST", "/v1/versions/"+v.ID+"/publish", nil), http.StatusUnprocessableEntity, "validation_failed")
		found := false
		for _, is := range p.Issues {
			found = found || is.Rule == "LEGACY_SERVICE_REQUEST_TASK_GROUP_EXISTS_IN_TEMPLATE"
		}
		if !found {
			t.Fatalf("publishing with an unknown service-request type: issues %+v, want the task-group rule", p.Issues)
		}

		var typ struct {
			Type       string          `json:"type"`
			Name       string          `json:"name"`
			TaskGroups json.RawMessage `json:"taskGroups"`
		}
		if err := json.Unmarshal(exampleFile(t, "service-request-types/india-pvt-ltd.json"), &typ); err != nil {
			t.Fatal(err)
		}
		now := time.Now()
		if err := e.store.CreateServiceRequestType(context.Background(), &store.ServiceRequestType{
			Type: typ.Type, Name: typ.Name, TaskGroups: typ.TaskGroups, CreatedAt: now, UpdatedAt: now,
		}); err != nil {
			t.Fatal(err)
		}
		e.ok(e.do("POST", "/v1/versions/"+v.ID+"/publish", nil), http.StatusOK, nil)
	})
}
