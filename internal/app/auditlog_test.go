package app

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/workflowbuilder/wfb/internal/engine"
	"github.com/workflowbuilder/wfb/internal/store"
)

// auditDown is the real store whose transactions cannot append to the audit log: a mutation
// over it must fail and leave nothing behind, which proves its change and its entry share one
// transaction.
type auditDown struct{ store.Store }

type noAudit struct{ store.Querier }

var errAuditDown = errors.New("audit log unavailable")

func (noAudit) AppendAudit(context.Context, *store.AuditEntry) error { return errAuditDown }

func (s auditDown) InTx(ctx context.Context, fn func(q store.Querier) error) error {
	return s.Store.InTx(ctx, func(q store.Querier) error { return fn(noAudit{q}) })
}

// acceptingEngine accepts every start, completion, retry and cancellation.
type acceptingEngine struct{ scriptedEngine }

func (*acceptingEngine) CompleteStep(context.Context, string, string, int, any, engine.Actor) (*engine.StepState, error) {
	return &engine.StepState{}, nil
}

func (*acceptingEngine) Terminate(context.Context, string, string) error { return nil }

func (*acceptingEngine) Describe(context.Context, string) (*engine.Closure, error) {
	return &engine.Closure{}, nil
}

func (*acceptingEngine) RetryStep(context.Context, string, string) (*engine.StepState, error) {
	return &engine.StepState{}, nil
}

// fixture is what the mutations of TestMutationsAreAudited work on, made fresh for each.
type fixture struct {
	tpl       *store.Template
	draft     *Version // DRAFT of tpl
	published *Version // PUBLISHED, not active
	active    *Version // PUBLISHED and active
	link      *store.Link
	execution *store.Execution
	key       *NewKey
}

func newFixture(t *testing.T, s *Service) *fixture {
	t.Helper()
	ctx := context.Background()
	f := &fixture{}
	var err error
	if f.tpl, err = s.CreateTemplate(ctx, TemplateInput{Name: "Audited"}); err != nil {
		t.Fatal(err)
	}
	version := func(v string) *Version {
		t.Helper()
		out, _, err := s.CreateVersion(ctx, f.tpl.ID, VersionInput{Version: v, Definition: json.RawMessage(confirmDefinition)})
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	f.draft, f.published, f.active = version("0.1.0"), version("1.0.0"), version("2.0.0")
	for _, v := range []*Version{f.published, f.active} {
		if _, err := s.Publish(ctx, v.ID, time.Time{}, nil); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.Activate(ctx, f.active.ID); err != nil {
		t.Fatal(err)
	}
	if f.draft, err = s.GetVersion(ctx, f.draft.ID); err != nil {
		t.Fatal(err)
	}
	if f.link, err = s.CreateLink(ctx, LinkInput{TemplateID: f.tpl.ID, EntityType: store.EntityProduct, EntityID: "p-1"}); err != nil {
		t.Fatal(err)
	}
	if f.execution, err = s.StartExecution(ctx, StartInput{TemplateID: f.tpl.ID}); err != nil {
		t.Fatal(err)
	}
	f.key = mustKey(t, s, KeyInput{Name: "victim", Role: store.RoleService})
	return f
}

// TestMutationsAreAudited runs every audited mutation twice: over a store whose audit log is
// down, where it must fail and change nothing, then normally, where it must write exactly one
// entry naming the action, its target and the caller.
func TestMutationsAreAudited(t *testing.T) {
	t.Parallel()
	name := "Renamed"
	tests := []struct {
		action, targetType string
		target             func(f *fixture) string
		run                func(ctx context.Context, s *Service, f *fixture) error
		// changed reports whether the mutation's change is in the database.
		changed func(ctx context.Context, st store.Store, f *fixture) bool
		// engine marks actions audited after the engine accepts them, outside the change's
		// transaction (auditAccepted): with the log down they still succeed, unrecorded.
		engine bool
	}{
		{"template.create", "template", nil, func(ctx context.Context, s *Service, f *fixture) error {
			_, err := s.CreateTemplate(ctx, TemplateInput{Name: "New"})
			return err
		}, func(ctx context.Context, st store.Store, f *fixture) bool {
			ts, _ := st.ListTemplates(ctx, store.TemplateFilter{NameContains: "New"})
			return len(ts) > 0
		}, false},
		{"template.update", "template", func(f *fixture) string { return f.tpl.ID }, func(ctx context.Context, s *Service, f *fixture) error {
			_, err := s.UpdateTemplate(ctx, f.tpl.ID, TemplatePatch{Name: &name})
			return err
		}, func(ctx context.Context, st store.Store, f *fixture) bool {
			tpl, _ := st.GetTemplate(ctx, f.tpl.ID)
			return tpl.Name == name
		}, false},
		{"version.create", "version", nil, func(ctx context.Context, s *Service, f *fixture) error {
			_, _, err := s.CreateVersion(ctx, f.tpl.ID, VersionInput{Version: "3.0.0"})
			return err
		}, func(ctx context.Context, st store.Store, f *fixture) bool {
			vs, _ := st.ListVersions(ctx, store.VersionFilter{TemplateID: f.tpl.ID})
			return len(vs) == 4
		}, false},
		{"version.update", "version", func(f *fixture) string { return f.draft.ID }, func(ctx context.Context, s *Service, f *fixture) error {
			_, _, err := s.UpdateDraft(ctx, f.draft.ID, f.draft.UpdatedAt, VersionPatch{VersionNote: &name})
			return err
		}, func(ctx context.Context, st store.Store, f *fixture) bool {
			v, _ := st.GetVersion(ctx, f.draft.ID)
			return v.VersionNote != nil
		}, false},
		{"version.delete", "version", func(f *fixture) string { return f.draft.ID }, func(ctx context.Context, s *Service, f *fixture) error {
			return s.DeleteDraft(ctx, f.draft.ID, f.draft.UpdatedAt)
		}, func(ctx context.Context, st store.Store, f *fixture) bool {
			_, err := st.GetVersion(ctx, f.draft.ID)
			return errors.Is(err, store.ErrNotFound)
		}, false},
		{"version.publish", "version", func(f *fixture) string { return f.draft.ID }, func(ctx context.Context, s *Service, f *fixture) error {
			_, err := s.Publish(ctx, f.draft.ID, time.Time{}, nil)
			return err
		}, func(ctx context.Context, st store.Store, f *fixture) bool {
			v, _ := st.GetVersion(ctx, f.draft.ID)
			return v.Status == store.VersionPublished
		}, false},
		{"version.activate", "version", func(f *fixture) string { return f.published.ID }, func(ctx context.Context, s *Service, f *fixture) error {
			_, err := s.Activate(ctx, f.published.ID)
			return err
		}, func(ctx context.Context, st store.Store, f *fixture) bool {
			tpl, _ := st.GetTemplate(ctx, f.tpl.ID)
			return *tpl.ActiveVersionID == f.published.ID
		}, false},
		{"version.deprecate", "version", func(f *fixture) string { return f.published.ID }, func(ctx context.Context, s *Service, f *fixture) error {
			_, err := s.Deprecate(ctx, f.published.ID)
			return err
		}, func(ctx context.Context, st store.Store, f *fixture) bool {
			v, _ := st.GetVersion(ctx, f.published.ID)
			return v.Status == store.VersionDeprecated
		}, false},
		{"link.create", "link", nil, func(ctx context.Context, s *Service, f *fixture) error {
			_, err := s.CreateLink(ctx, LinkInput{TemplateID: f.tpl.ID, EntityType: store.EntityProduct, EntityID: "p-2"})
			return err
		}, func(ctx context.Context, st store.Store, f *fixture) bool {
			_, err := st.GetLinkByEntity(ctx, store.EntityProduct, "p-2")
			return err == nil
		}, false},
		{"link.delete", "link", func(f *fixture) string { return f.link.ID }, func(ctx context.Context, s *Service, f *fixture) error {
			return s.DeleteLink(ctx, f.link.ID)
		}, func(ctx context.Context, st store.Store, f *fixture) bool {
			_, err := st.GetLink(ctx, f.link.ID)
			return errors.Is(err, store.ErrNotFound)
		}, false},
		{"execution.start", "execution", nil, func(ctx context.Context, s *Service, f *fixture) error {
			_, err := s.StartExecution(ctx, StartInput{VersionID: f.active.ID})
			return err
		}, func(ctx context.Context, st store.Store, f *fixture) bool {
			n, _ := st.CountExecutions(ctx, store.ExecutionFilter{TemplateID: f.tpl.ID})
			return n == 2
		}, false},
		{"apikey.create", "api_key", nil, func(ctx context.Context, s *Service, f *fixture) error {
			_, err := s.CreateAPIKey(ctx, KeyInput{Name: "fresh", Role: store.RoleAdmin})
			return err
		}, func(ctx context.Context, st store.Store, f *fixture) bool {
			ks, _ := st.ListAPIKeys(ctx, store.APIKeyFilter{Role: store.RoleAdmin})
			return len(ks) > 0
		}, false},
		{"apikey.revoke", "api_key", func(f *fixture) string { return f.key.Key.ID }, func(ctx context.Context, s *Service, f *fixture) error {
			_, err := s.RevokeAPIKey(ctx, f.key.Key.ID)
			return err
		}, func(ctx context.Context, st store.Store, f *fixture) bool {
			k, _ := st.GetAPIKey(ctx, f.key.Key.ID)
			return k.RevokedAt != nil
		}, false},
		{"execution.cancel", "execution", func(f *fixture) string { return f.execution.ID }, func(ctx context.Context, s *Service, f *fixture) error {
			_, err := s.CancelExecution(ctx, f.execution.ID)
			return err
		}, nil, true},
		{"step.complete", "execution", func(f *fixture) string { return f.execution.ID }, func(ctx context.Context, s *Service, f *fixture) error {
			_, err := s.CompleteStep(ctx, f.execution.ID, "ok", json.RawMessage(`{"approved":true}`))
			return err
		}, nil, true},
		{"step.retry", "execution", func(f *fixture) string { return f.execution.ID }, func(ctx context.Context, s *Service, f *fixture) error {
			_, err := s.RetryStep(ctx, f.execution.ID, "ok")
			return err
		}, nil, true},
	}
	// template.delete needs a template without executions: it has its own test below.
	for _, tt := range tests {
		t.Run(tt.action, func(t *testing.T) {
			t.Parallel()
			eng := &acceptingEngine{}
			s, st := newService(t, WithEngine(eng))
			f := newFixture(t, s)
			ctx := WithActor(context.Background(), Actor{KeyID: "k1", Role: store.RoleAdmin, UserID: "ada"})
			before := auditCount(t, st, tt.action)

			down := New(auditDown{st}, nil, WithEngine(eng))
			err := tt.run(ctx, down, f)
			switch {
			case tt.engine && err != nil:
				t.Fatalf("with the audit log down an accepted engine action failed: %v", err)
			case !tt.engine && !errors.Is(err, errAuditDown):
				t.Fatalf("with the audit log down the mutation answered %v, want the audit error", err)
			case !tt.engine && tt.changed(context.Background(), st, f):
				t.Fatal("with the audit log down the mutation's change was committed anyway")
			}
			if n := auditCount(t, st, tt.action); n != before {
				t.Fatalf("with the audit log down %d %s entries appeared", n-before, tt.action)
			}

			if err := tt.run(ctx, s, f); err != nil {
				t.Fatal(err)
			}
			entries := auditEntries(t, st, tt.action)
			if len(entries) != before+1 {
				t.Fatalf("%d %s entries after one mutation, want %d", len(entries), tt.action, before+1)
			}
			e := entries[len(entries)-1]
			if e.Actor != "ada" || e.Role != "admin" || e.TargetType != tt.targetType || (tt.target != nil && e.TargetID != tt.target(f)) {
				t.Fatalf("entry %+v: want actor ada, role admin, target %s", e, tt.targetType)
			}
		})
	}
}

func TestTemplateDeleteIsAudited(t *testing.T) {
	t.Parallel()
	s, st := newService(t)
	ctx := context.Background()
	tpl, err := s.CreateTemplate(ctx, TemplateInput{Name: "Doomed"})
	if err != nil {
		t.Fatal(err)
	}
	if err := New(auditDown{st}, nil).DeleteTemplate(ctx, tpl.ID); !errors.Is(err, errAuditDown) {
		t.Fatalf("delete with the audit log down = %v", err)
	}
	if _, err := st.GetTemplate(ctx, tpl.ID); err != nil {
		t.Fatalf("the template is gone although its deletion failed: %v", err)
	}
	if err := s.DeleteTemplate(ctx, tpl.ID); err != nil {
		t.Fatal(err)
	}
	es := auditEntries(t, st, "template.delete")
	if len(es) != 1 || !strings.Contains(string(es[0].Before), `"Doomed"`) || es[0].After != nil || es[0].Actor != "system" {
		t.Fatalf("template.delete entries %+v", es)
	}
}

// TestRefusedMutationsAreNotAudited checks that a mutation a rule refuses, or the engine
// refuses, leaves no entry.
func TestRefusedMutationsAreNotAudited(t *testing.T) {
	t.Parallel()
	s, st := newService(t, WithEngine(&scriptedEngine{}))
	f := newFixture(t, s)
	ctx := context.Background()
	before := auditCount(t, st, "")
	refusals := []error{
		func() error { _, err := s.Deprecate(ctx, f.active.ID); return err }(),
		func() error { _, _, err := s.CreateVersion(ctx, f.tpl.ID, VersionInput{Version: "1.0.0"}); return err }(),
		func() error {
			_, err := s.CreateLink(ctx, LinkInput{TemplateID: f.tpl.ID, EntityType: store.EntityProduct, EntityID: "p-1"})
			return err
		}(),
		func() error { _, err := s.CompleteStep(ctx, f.execution.ID, "ok", nil); return err }(), // scripted: step_not_open
		func() error { _, err := s.RevokeAPIKey(ctx, "missing"); return err }(),
	}
	for i, err := range refusals {
		if err == nil {
			t.Fatalf("refusal %d succeeded", i)
		}
	}
	if n := auditCount(t, st, ""); n != before {
		t.Fatalf("%d entries were written by refused mutations", n-before)
	}
}

func TestCompletionEntry(t *testing.T) {
	t.Parallel()
	s, st := newService(t, WithEngine(&acceptingEngine{}))
	f := newFixture(t, s)
	ctx := WithActor(context.Background(), Actor{KeyID: "k", Role: store.RoleAgent, UserID: "ada", Groups: []string{"ops"}})
	big := json.RawMessage(`{"note":"` + strings.Repeat("x", 16<<10) + `"}`)
	for _, out := range []json.RawMessage{json.RawMessage(`{"approved":true}`), big} {
		if _, err := s.CompleteStep(ctx, f.execution.ID, "ok", out); err != nil {
			t.Fatal(err)
		}
	}
	es := auditEntries(t, st, "step.complete")
	if len(es) != 2 {
		t.Fatalf("%d step.complete entries, want 2", len(es))
	}
	var small, large struct {
		StepID      string          `json:"stepId"`
		CompletedBy string          `json:"completedBy"`
		OutputData  json.RawMessage `json:"outputData"`
	}
	if err := json.Unmarshal(es[0].After, &small); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(es[1].After, &large); err != nil {
		t.Fatal(err)
	}
	if small.StepID != "ok" || small.CompletedBy != "ada" || string(small.OutputData) != `{"approved":true}` {
		t.Fatalf("small completion recorded as %s", es[0].After)
	}
	if !strings.Contains(string(large.OutputData), `"sha256"`) || len(es[1].After) > 1024 {
		t.Fatalf("a %d-byte output is recorded as %d bytes: %.200s", len(big), len(es[1].After), es[1].After)
	}
}

func TestListAudit(t *testing.T) {
	t.Parallel()
	s, _ := newService(t)
	ctx := context.Background()
	for _, n := range []string{"a", "b", "c"} {
		if _, err := s.CreateTemplate(ctx, TemplateInput{Name: n}); err != nil {
			t.Fatal(err)
		}
	}
	p, err := s.ListAudit(ctx, store.AuditFilter{Page: store.Page{Limit: 2}})
	if err != nil || len(p.Items) != 2 || p.Next == nil {
		t.Fatalf("first page %+v, %v; want 2 entries and a cursor", p, err)
	}
	p, err = s.ListAudit(ctx, store.AuditFilter{Page: store.Page{Limit: 2, After: p.Next}})
	if err != nil || len(p.Items) != 1 || p.Next != nil {
		t.Fatalf("second page %+v, %v; want 1 entry and no cursor", p, err)
	}
	at := time.Now()
	if _, err := s.ListAudit(ctx, store.AuditFilter{Since: &at, Until: &at}); CodeOf(err) != CodeInvalidRequest {
		t.Fatalf("since == until = %v, want invalid_request", err)
	}
}

func auditEntries(t *testing.T, st store.Store, action string) []store.AuditEntry {
	t.Helper()
	es, err := st.ListAudit(context.Background(), store.AuditFilter{Action: action, Page: store.Page{Limit: 1000}})
	if err != nil {
		t.Fatal(err)
	}
	return es
}

func auditCount(t *testing.T, st store.Store, action string) int {
	t.Helper()
	return len(auditEntries(t, st, action))
}
