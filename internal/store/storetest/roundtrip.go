package storetest

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/workflowbuilder/wfb/internal/id"
	"github.com/workflowbuilder/wfb/internal/store"
)

func testTimes(t *testing.T, s store.Store) {
	ctx := context.Background()
	// Nanoseconds and a zone other than UTC: stored and returned as UTC microseconds.
	paris := time.FixedZone("CET", 3600)
	at := time.Date(2026, 3, 4, 5, 6, 7, 123456789, paris)
	want := time.Date(2026, 3, 4, 4, 6, 7, 123456000, time.UTC)
	tpl := &store.Template{ID: id.New(), Name: "t", CreatedAt: at, UpdatedAt: at.Add(time.Nanosecond)}
	wantErr(t, "CreateTemplate", s.CreateTemplate(ctx, tpl), nil)
	got, err := s.GetTemplate(ctx, tpl.ID)
	wantErr(t, "GetTemplate", err, nil)
	for name, tm := range map[string]time.Time{"stored created_at": got.CreatedAt, "stored updated_at": got.UpdatedAt,
		"caller's created_at": tpl.CreatedAt, "caller's updated_at": tpl.UpdatedAt} {
		if !tm.Equal(want) || tm.Location() != time.UTC {
			t.Errorf("%s = %v, want %v", name, tm, want)
		}
	}

	// Times far apart and a microsecond apart keep their order and value.
	v := versionRecord(tpl.ID, "1.0.0", store.VersionPublished)
	early, late := time.Date(1999, 12, 31, 23, 59, 59, 999999000, time.UTC), time.Date(2100, 1, 1, 0, 0, 0, 1000, time.UTC)
	v.CreatedAt, v.UpdatedAt, v.PublishedAt = early, late, &late
	wantErr(t, "CreateVersion", s.CreateVersion(ctx, v), nil)
	gv, err := s.GetVersion(ctx, v.ID)
	wantErr(t, "GetVersion", err, nil)
	if !gv.CreatedAt.Equal(early) || !gv.UpdatedAt.Equal(late) || !gv.PublishedAt.Equal(late) {
		t.Errorf("version times = %v %v %v, want %v %v %v", gv.CreatedAt, gv.UpdatedAt, *gv.PublishedAt, early, late, late)
	}
	// The updated_at a read returns is the token a write accepts, and one microsecond off is not.
	gv.UpdatedAt = time.Now()
	wantErr(t, "UpdateVersion with a token a microsecond off", s.UpdateVersion(ctx, gv, late.Add(time.Microsecond)), store.ErrStale)
	wantErr(t, "UpdateVersion with the token read", s.UpdateVersion(ctx, gv, late), nil)
	// A token with nanoseconds the store never kept still matches.
	gv2 := *gv
	gv2.UpdatedAt = time.Now()
	wantErr(t, "UpdateVersion with an unnormalized token", s.UpdateVersion(ctx, &gv2, gv.UpdatedAt.Add(999*time.Nanosecond).In(paris)), nil)
}

func testJSON(t *testing.T, s store.Store) {
	ctx := context.Background()
	tpl := newTemplate(t, s, "json")
	docs := []struct {
		name string
		doc  string
	}{
		{"keys out of order", `{"z":1,"a":2,"m":{"y":true,"b":null}}`},
		{"spacing and newlines", "{\n  \"steps\": { \"b\": [1, 2 ],\n \"a\": {} }\n}"},
		{"numbers as written", `{"big":12345678901234567890123,"dec":1.50,"exp":1e2,"neg":-0.0}`},
		{"escapes and unicode", `{"s":"caf\u00e9 \"q\" é ✓","u":"\ud83d\ude00"}`},
		{"duplicate keys", `{"a":1,"a":2}`},
		{"array", `[1,"two",{"3":[]}]`},
	}
	v := newVersion(t, s, tpl.ID, "1.0.0", store.VersionPublished)
	for i, d := range docs {
		vd := versionRecord(tpl.ID, fmt.Sprintf("2.0.%d", i), store.VersionDraft)
		vd.Definition = json.RawMessage(d.doc)
		wantErr(t, d.name+": CreateVersion", s.CreateVersion(ctx, vd), nil)
		gv, err := s.GetVersion(ctx, vd.ID)
		wantErr(t, d.name+": GetVersion", err, nil)
		if string(gv.Definition) != d.doc {
			t.Errorf("%s: definition came back as %s, want the bytes written %s", d.name, gv.Definition, d.doc)
		}
		e := executionRecord(v.ID, nil)
		e.Context = json.RawMessage(d.doc)
		wantErr(t, d.name+": CreateExecution", s.CreateExecution(ctx, e), nil)
		ge, err := s.GetExecution(ctx, e.ID)
		wantErr(t, d.name+": GetExecution", err, nil)
		if string(ge.Context) != d.doc {
			t.Errorf("%s: context came back as %s, want the bytes written %s", d.name, ge.Context, d.doc)
		}
	}
	for _, bad := range []string{"", "{", "not json"} {
		vd := versionRecord(tpl.ID, "3.0.0", store.VersionDraft)
		vd.Definition = json.RawMessage(bad)
		if err := s.CreateVersion(ctx, vd); err == nil {
			t.Errorf("CreateVersion with definition %q succeeded", bad)
		}
	}
}
