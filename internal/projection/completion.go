package projection

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/workflowbuilder/wfb/internal/id"
	"github.com/workflowbuilder/wfb/internal/store"
)

// ActionTaskComplete is the audit action of a human task's completion.
const ActionTaskComplete = "task.complete"

// maxAuditOutput bounds the step output an audit entry copies; a larger output is recorded by
// size and digest, so a 4 MiB form cannot bloat the log (Temporal's history keeps the output).
const maxAuditOutput = 16 << 10

// AuditOutput is what an audit entry keeps of a step's output: the output itself when small,
// else its size and SHA-256.
func AuditOutput(output json.RawMessage) any {
	if len(output) == 0 {
		return nil
	}
	if len(output) <= maxAuditOutput {
		return output
	}
	sum := sha256.Sum256(output)
	return map[string]any{"bytes": len(output), "sha256": hex.EncodeToString(sum[:])}
}

// Completion is a completion of a human task's step that the engine applied (its Update is
// in the history): who completed it, when, with what output. The audit entry's actor is By.
type Completion struct {
	Task   *store.HumanTask
	By     string
	At     time.Time
	Output json.RawMessage
	// Role and RequestID describe the request that sent the completion, when known (the app
	// knows them; the engine's projection does not).
	Role      string
	RequestID *string
}

// RecordCompletion records c in q (inside the caller's transaction): the task row COMPLETED by
// c.By with c.Output and, only if this call closed the row, one "task.complete" audit entry
// naming c.By. The app (after the engine answered) and the engine's projection (after the
// Update is in the history) both call it, in either order and any number of times; whichever
// closes the row writes the entry, so every applied completion has exactly one. It returns the
// row as stored.
func RecordCompletion(ctx context.Context, q store.Querier, c Completion) (*store.HumanTask, error) {
	t := c.Task
	out, err := q.CompleteHumanTask(ctx, t.ID, c.By, c.At, c.Output)
	if errors.Is(err, store.ErrWrongState) {
		// Already closed: by an earlier record of this completion, or, for a row a
		// cancellation closed after the engine applied the completion, by what came later.
		return q.GetHumanTask(ctx, t.ID)
	}
	if err != nil {
		return nil, fmt.Errorf("recording the completion of task %s: %w", t.ID, err)
	}
	after, err := json.Marshal(map[string]any{
		"completedBy": c.By, "executionId": t.ExecutionID, "stepId": t.StepID,
		"attempt": t.Attempt, "outputData": AuditOutput(c.Output),
	})
	if err != nil {
		return nil, fmt.Errorf("auditing the completion of task %s: %w", t.ID, err)
	}
	e := &store.AuditEntry{ID: id.New(), At: c.At, Actor: c.By, Role: c.Role, Action: ActionTaskComplete,
		TargetType: "task", TargetID: t.ID, After: after, RequestID: c.RequestID}
	if err := q.AppendAudit(ctx, e); err != nil {
		return nil, fmt.Errorf("auditing the completion of task %s: %w", t.ID, err)
	}
	return out, nil
}
