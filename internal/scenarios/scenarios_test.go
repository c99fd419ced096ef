package scenarios

import (
	"bytes"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
)

// TestRepositoryScenarios runs every scenario under testdata/scenarios the way `wfb test`
// does: one per example definition and per behaviour its README describes.
func TestRepositoryScenarios(t *testing.T) {
	t.Parallel()
	sum, err := Run([]string{filepath.Join("..", "..", "testdata", "scenarios")})
	if err != nil {
		t.Fatal(err)
	}
	if len(sum.Reports) < 15 {
		t.Fatalf("found %d scenarios, want the whole folder", len(sum.Reports))
	}
	for _, r := range sum.Reports {
		if r.Verdict != Passed {
			var b bytes.Buffer
			_ = WriteText(&b, Summary{Reports: []Report{r}})
			t.Errorf("%s: %s\n%s", r.File, r.Verdict, b.String())
		}
	}
}

// TestInvalidScenarios checks that a bad file is reported with the file, the JSON Pointer and
// what was expected.
func TestInvalidScenarios(t *testing.T) {
	t.Parallel()
	dir := filepath.Join("..", "..", "testdata", "scenarios-invalid")
	for _, tc := range []struct {
		file     string
		pointers []string
		words    string
	}{
		{"unknown-step.json", []string{"/script/steps/reveiw"}, `did you mean "review"`},
		{"wrong-types.json", []string{"/expect/attempts/review", "/expect/status", "/script/steps/review"}, "want array"},
	} {
		t.Run(tc.file, func(t *testing.T) {
			t.Helper()
			rep := RunFile(filepath.Join(dir, tc.file))
			if rep.Verdict != Invalid {
				t.Fatalf("verdict = %s, want invalid", rep.Verdict)
			}
			var got []string
			all := ""
			for _, p := range rep.Problems {
				got = append(got, p.Pointer)
				all += p.Message + "\n"
			}
			for _, want := range tc.pointers {
				found := false
				for _, g := range got {
					found = found || g == want
				}
				if !found {
					t.Errorf("pointers %v lack %s", got, want)
				}
			}
			if !strings.Contains(all, tc.words) {
				t.Errorf("messages %q do not say %q", all, tc.words)
			}
			var b bytes.Buffer
			if err := WriteText(&b, Summary{Invalid: 1, Reports: []Report{rep}}); err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(b.String(), tc.file) || !strings.Contains(b.String(), tc.pointers[0]) {
				t.Errorf("text report does not name the file and pointer:\n%s", b.String())
			}
		})
	}
}

// TestFailedScenarioDiff checks the diff of a failed expectation and the JSON report.
func TestFailedScenarioDiff(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	sc := `{"name": "wrong branch", "definitionFile": "` + filepath.ToSlash(mustAbs(t, filepath.Join("..", "..", "examples", "exclusive-approval.json"))) + `",
	  "script": {"steps": {"review": [{"output": {"approved": false}}], "fix": [{}], "archive": [{}]}},
	  "expect": {"status": "Completed", "ran": ["file"], "context": {"a": 1}}}`
	f := filepath.Join(dir, "s.json")
	writeFile(t, f, sc)
	sum, err := Run([]string{dir})
	if err != nil {
		t.Fatal(err)
	}
	if sum.OK() || sum.Failed != 1 {
		t.Fatalf("summary = %+v, want one failure", sum)
	}
	var b bytes.Buffer
	if err := WriteText(&b, sum); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"FAIL", "/expect/ran/0", `step "file" never completed`, "- want", "+ got", "/expect/context/a", "fix"} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("report lacks %q:\n%s", want, b.String())
		}
	}
	b.Reset()
	if err := WriteJSON(&b, sum); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Failed    int `json:"failed"`
		Scenarios []struct {
			Verdict    string `json:"verdict"`
			Mismatches []struct{ Path string }
		} `json:"scenarios"`
	}
	if err := json.Unmarshal(b.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Failed != 1 || doc.Scenarios[0].Verdict != Failed || len(doc.Scenarios[0].Mismatches) != 2 {
		t.Errorf("JSON report = %s", b.String())
	}
}
