package sim

import (
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"sort"
	"strings"

	"github.com/workflowbuilder/wfb/definition"
)

// Expect is what a scenario expects of its run.
type Expect struct {
	// Status is the run's Status (a runtime status, or Waiting).
	Status string `json:"status,omitempty"`
	// Ran lists steps that completed at least once.
	Ran []string `json:"ran,omitempty"`
	// NotRan lists steps that never started.
	NotRan []string `json:"notRan,omitempty"`
	// Attempts gives exact attempt counts by step id.
	Attempts map[string]int `json:"attempts,omitempty"`
	// Context is part of the final context: objects are compared by the keys given, everything
	// else by equality.
	Context map[string]any `json:"context,omitempty"`
	// Error, when set, is the code (and optionally the step) of the run's first error.
	Error *ExpectError `json:"error,omitempty"`
	// Outputs gives part of a step's output (its last run), by step id, matched like Context.
	Outputs map[string]any `json:"outputs,omitempty"`
	// Children gives the contexts a sub-workflow step's children were started with (its last
	// run), by step id: the list must have as many entries as children, each matched like Context.
	Children map[string][]any `json:"children,omitempty"`
	// Overdue lists steps whose last run ended (or was still open) past its due date.
	Overdue []string `json:"overdue,omitempty"`
}

// ExpectError is the expected first error.
type ExpectError struct {
	Code   string `json:"code"`
	StepID string `json:"stepId,omitempty"`
}

// Mismatch is one expectation the run did not meet.
type Mismatch struct {
	// Path points into the scenario's expect (a JSON Pointer, e.g. /expect/context/customer/tier).
	Path string `json:"path"`
	Want any    `json:"want"`
	Got  any    `json:"got"`
	// Message says it in words.
	Message string `json:"message"`
}

// Check compares a run's result with the expectations and returns every mismatch, in a stable
// order (status, ran, notRan, attempts, context, error).
func Check(res *Result, e Expect) []Mismatch {
	var out []Mismatch
	if e.Status != "" && e.Status != res.Status {
		out = append(out, Mismatch{Path: "/expect/status", Want: e.Status, Got: res.Status,
			Message: fmt.Sprintf("status is %s, want %s%s", res.Status, e.Status, statusNote(res))})
	}
	for i, id := range e.Ran {
		f := res.Final[id]
		if !completedOnce(res, id) {
			out = append(out, Mismatch{Path: fmt.Sprintf("/expect/ran/%d", i), Want: "completed", Got: string(f.Status),
				Message: fmt.Sprintf("step %q never completed (it is %s after %d attempts)", id, orNotStarted(f.Status), f.Attempts)})
		}
	}
	for i, id := range e.NotRan {
		if f := res.Final[id]; f.Attempts > 0 {
			out = append(out, Mismatch{Path: fmt.Sprintf("/expect/notRan/%d", i), Want: "never started", Got: string(f.Status),
				Message: fmt.Sprintf("step %q started (%d attempts, %s)", id, f.Attempts, f.Status)})
		}
	}
	for _, id := range sortedKeys(e.Attempts) {
		if got := res.Final[id].Attempts; got != e.Attempts[id] {
			out = append(out, Mismatch{Path: "/expect/attempts/" + pointerEscape(id), Want: e.Attempts[id], Got: got,
				Message: fmt.Sprintf("step %q ran %d times, want %d", id, got, e.Attempts[id])})
		}
	}
	if e.Context != nil {
		out = append(out, matchPartial("/expect/context", e.Context, any(res.Context))...)
	}
	for _, id := range sortedKeys(e.Outputs) {
		out = append(out, matchPartial("/expect/outputs/"+pointerEscape(id), e.Outputs[id], lastRun(res, id, func(r *StepRun) any { return r.Output }))...)
	}
	for _, id := range sortedKeys(e.Children) {
		got := lastRun(res, id, func(r *StepRun) any { return r.Input["children"] })
		list, _ := got.([]any)
		p := "/expect/children/" + pointerEscape(id)
		if len(list) != len(e.Children[id]) {
			out = append(out, Mismatch{Path: p, Want: len(e.Children[id]), Got: len(list),
				Message: fmt.Sprintf("step %q started %d children, want %d", id, len(list), len(e.Children[id]))})
			continue
		}
		for i, w := range e.Children[id] {
			out = append(out, matchPartial(fmt.Sprintf("%s/%d", p, i), w, list[i])...)
		}
	}
	for i, id := range e.Overdue {
		if late, _ := lastRun(res, id, func(r *StepRun) any { return r.Overdue }).(bool); !late {
			out = append(out, Mismatch{Path: fmt.Sprintf("/expect/overdue/%d", i), Want: true, Got: false,
				Message: fmt.Sprintf("step %q did not end past its due date", id)})
		}
	}
	if e.Error != nil {
		got := res.Error
		switch {
		case got == nil:
			out = append(out, Mismatch{Path: "/expect/error", Want: e.Error, Got: nil, Message: fmt.Sprintf("no error, want %s", e.Error.Code)})
		case string(got.Code) != e.Error.Code || (e.Error.StepID != "" && got.StepID != e.Error.StepID):
			out = append(out, Mismatch{Path: "/expect/error", Want: e.Error, Got: ExpectError{Code: string(got.Code), StepID: got.StepID},
				Message: fmt.Sprintf("first error is %s at step %q, want %s%s", got.Code, got.StepID, e.Error.Code, stepNote(e.Error.StepID))})
		}
	}
	return out
}

func statusNote(res *Result) string {
	switch {
	case res.Error != nil:
		return fmt.Sprintf(" (first error: %s at step %q: %s)", res.Error.Code, res.Error.StepID, res.Error.Message)
	case len(res.Waiting) > 0:
		w := res.Waiting[0]
		return fmt.Sprintf(" (waiting at %q: the script has no %s)", w.StepID, w.Missing)
	}
	return ""
}

func stepNote(id string) string {
	if id == "" {
		return ""
	}
	return fmt.Sprintf(" at step %q", id)
}

func orNotStarted(s definition.Status) definition.Status {
	if s == "" {
		return definition.StatusNotStarted
	}
	return s
}

// lastRun reads a value of the step's last run (nil when it never ran).
func lastRun(res *Result, id string, get func(*StepRun) any) any {
	for i := len(res.Steps) - 1; i >= 0; i-- {
		if res.Steps[i].StepID == id {
			return get(res.Steps[i])
		}
	}
	return nil
}

// completedOnce reports whether any run of the step completed.
func completedOnce(res *Result, id string) bool {
	for _, r := range res.Steps {
		if r.StepID == id && r.Status == definition.StatusCompleted {
			return true
		}
	}
	return false
}

// matchPartial compares want with got: objects by want's keys, everything else by equality of
// their JSON values (so 2 and 2.0 are equal).
func matchPartial(path string, want, got any) []Mismatch {
	if wm, ok := want.(map[string]any); ok {
		gm, ok := got.(map[string]any)
		if !ok {
			return []Mismatch{{Path: path, Want: want, Got: got, Message: fmt.Sprintf("%s is %s, want an object", shown(path), jsonText(got))}}
		}
		var out []Mismatch
		for _, k := range sortedKeys(wm) {
			gv, present := gm[k]
			p := path + "/" + pointerEscape(k)
			if !present {
				out = append(out, Mismatch{Path: p, Want: wm[k], Got: nil, Message: fmt.Sprintf("%s is missing, want %s", shown(p), jsonText(wm[k]))})
				continue
			}
			out = append(out, matchPartial(p, wm[k], gv)...)
		}
		return out
	}
	if !jsonEqual(want, got) {
		return []Mismatch{{Path: path, Want: want, Got: got, Message: fmt.Sprintf("%s is %s, want %s", shown(path), jsonText(got), jsonText(want))}}
	}
	return nil
}

// shown names a path for people: /expect/context/a/b -> context.a.b.
func shown(p string) string {
	s := strings.TrimPrefix(p, "/expect/")
	return strings.ReplaceAll(s, "/", ".")
}

func jsonEqual(a, b any) bool {
	ja, err1 := json.Marshal(a)
	jb, err2 := json.Marshal(b)
	if err1 != nil || err2 != nil {
		return reflect.DeepEqual(a, b)
	}
	var va, vb any
	_ = json.Unmarshal(ja, &va)
	_ = json.Unmarshal(jb, &vb)
	return reflect.DeepEqual(va, vb)
}

func jsonText(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	if len(b) > 200 {
		return string(b[:200]) + "…"
	}
	return string(b)
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// pointerEscape escapes one JSON Pointer token (RFC 6901).
func pointerEscape(s string) string {
	return strings.ReplaceAll(strings.ReplaceAll(s, "~", "~0"), "/", "~1")
}

// Diff renders mismatches as a readable diff, one "- want / + got" pair per mismatch.
func Diff(ms []Mismatch) string {
	var b strings.Builder
	for _, m := range ms {
		fmt.Fprintf(&b, "  %s: %s\n", m.Path, m.Message)
		fmt.Fprintf(&b, "    - want %s\n", jsonText(m.Want))
		fmt.Fprintf(&b, "    + got  %s\n", jsonText(m.Got))
	}
	return b.String()
}

// ranSteps lists the steps that completed at least once, in the order of their first run.
func ranSteps(res *Result) []string {
	var out []string
	for _, r := range res.Steps {
		if r.Status == definition.StatusCompleted && !slices.Contains(out, r.StepID) {
			out = append(out, r.StepID)
		}
	}
	return out
}
