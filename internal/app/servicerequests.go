package app

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"

	"github.com/workflowbuilder/wfb/definition"
	"github.com/workflowbuilder/wfb/internal/engine"
	"github.com/workflowbuilder/wfb/internal/id"
	"github.com/workflowbuilder/wfb/internal/projection"
	"github.com/workflowbuilder/wfb/internal/store"
)

// ServiceRequestInput creates a service request.
type ServiceRequestInput struct {
	// Type is the service-request type key; its configuration gives the task groups.
	Type string
	// Context is the request's context, and the started execution's; empty means {}.
	Context json.RawMessage
	// IdempotencyKey, when set, makes the creation safe to retry: the key answers with the
	// request it created. Without one, every call creates a request.
	IdempotencyKey string
}

// CreateServiceRequest creates a request with the task groups and tasks of its type and sends
// its service_request.created event (entity SERVICE_CATALOG, entityId the type key) through the
// trigger path of HandleEvent: when the type is linked, the active version's execution is
// recorded in the same transaction as the request, its groups and the event, and started after
// the commit. Tasks get the id of the step that maps onto them. A linked template without an
// active version is no_active_version and nothing is written.
func (s *Service) CreateServiceRequest(ctx context.Context, in ServiceRequestInput) (*store.ServiceRequest, error) {
	if !ValidTypeKey(in.Type) {
		return nil, errorf(CodeNotFound, "service-request type %q not found", in.Type)
	}
	vars, raw, err := parseContext(in.Context)
	if err != nil {
		return nil, err
	}
	if err := checkText("idempotencyKey", in.IdempotencyKey); err != nil {
		return nil, err
	}
	req := &store.ServiceRequest{ID: id.New(), Type: in.Type, Status: store.RequestNotStarted, Context: raw}
	key := in.IdempotencyKey
	if key == "" {
		key = "service-request:" + req.ID
	}
	ev := EventInput{Type: store.TriggerServiceRequestCreated, EntityID: in.Type, IdempotencyKey: key, Context: raw}
	t := trigger{event: ev, hash: payloadHash("service-request", ev)}
	if in.IdempotencyKey != "" {
		if ev, err := s.store.GetTriggerEventByKey(ctx, key); err == nil {
			t.ev, t.duplicate = ev, true
			return s.requestOfEvent(ctx, &t)
		} else if !errors.Is(err, store.ErrNotFound) {
			return nil, fmt.Errorf("looking up idempotency key %q: %w", key, err)
		}
	}
	err = s.store.InTx(ctx, func(q store.Querier) error {
		rt, err := q.GetServiceRequestType(ctx, in.Type)
		if err != nil {
			return storeErr(err, "service-request type", in.Type, "getting service-request type "+in.Type)
		}
		if err := s.fire(ctx, q, &t); err != nil || t.duplicate {
			return err
		}
		return s.recordRequest(ctx, q, req, rt, &t)
	})
	if err != nil {
		return nil, err
	}
	if t.duplicate {
		return s.requestOfEvent(ctx, &t)
	}
	if _, err := s.launchTriggered(ctx, &t, vars); err != nil {
		return nil, err
	}
	return s.GetServiceRequest(ctx, req.ID)
}

// recordRequest writes the request, its groups and tasks, and its audit entry.
func (s *Service) recordRequest(ctx context.Context, q store.Querier, req *store.ServiceRequest, rt *store.ServiceRequestType, t *trigger) error {
	var groups []definition.TaskGroupConfig
	if err := json.Unmarshal(rt.TaskGroups, &groups); err != nil {
		return fmt.Errorf("decoding the task groups of service-request type %s: %w", rt.Type, err)
	}
	steps := stepsByTask(t.def)
	req.TriggerEventID = &t.ev.ID
	if t.execution != nil {
		req.WorkflowExecutionID = &t.execution.ID
	}
	req.CreatedAt = now()
	req.UpdatedAt = req.CreatedAt
	if err := q.CreateServiceRequest(ctx, req); err != nil {
		return fmt.Errorf("creating service request: %w", err)
	}
	for _, gc := range groups {
		g := &store.TaskGroup{ID: id.New(), ServiceRequestID: req.ID, Key: gc.Key, Name: gc.Name, Order: gc.Order, CreatedAt: req.CreatedAt}
		for i, tc := range gc.Tasks {
			task := store.ServiceRequestTask{ID: id.New(), Key: tc.Key, Name: tc.Name, Position: i, Status: store.TaskNotStarted, UpdatedAt: req.CreatedAt}
			if stepID, ok := steps[[2]string{gc.Key, tc.Key}]; ok {
				task.StepID = &stepID
			}
			g.Tasks = append(g.Tasks, task)
		}
		if err := q.CreateTaskGroup(ctx, g); err != nil {
			return fmt.Errorf("creating task group %s of service request %s: %w", gc.Key, req.ID, err)
		}
	}
	return s.audit(ctx, q, "service_request.create", "service_request", req.ID, nil, map[string]any{
		"type": req.Type, "workflowExecutionId": req.WorkflowExecutionID, "triggerEventId": req.TriggerEventID,
	})
}

// requestOfEvent answers a creation whose idempotency key is taken: the request the key made,
// or idempotency_conflict when it was sent with another payload (or by POST /v1/events).
func (s *Service) requestOfEvent(ctx context.Context, t *trigger) (*store.ServiceRequest, error) {
	if t.ev.PayloadHash != t.hash {
		return nil, errorf(CodeIdempotencyConflict, "idempotency key %q was used with a different payload (event %s)", t.event.IdempotencyKey, t.ev.ID)
	}
	reqID, err := s.store.ServiceRequestOfTriggerEvent(ctx, t.ev.ID)
	if err != nil {
		return nil, fmt.Errorf("finding the service request of idempotency key %q: %w", t.event.IdempotencyKey, err)
	}
	return s.GetServiceRequest(ctx, reqID)
}

// stepsByTask maps (task group key, task key) to the id of the step mapped onto that task: a step
// with a legacyServiceRequestTaskKey, in a step group with a legacyServiceRequestTaskGroupKey
// (SPEC §8). A definition that does not decode maps nothing.
func stepsByTask(def json.RawMessage) map[[2]string]string {
	out := map[[2]string]string{}
	if len(def) == 0 {
		return out
	}
	d, err := definition.Decode(def)
	if err != nil {
		return out
	}
	groupOf := d.LegacyTaskGroupKeys()
	for _, st := range d.Steps {
		gk := groupOf[st.ID]
		if st.LegacyServiceRequestTaskKey == "" || gk == "" {
			continue
		}
		k := [2]string{gk, st.LegacyServiceRequestTaskKey}
		if _, ok := out[k]; !ok {
			out[k] = st.ID
		}
	}
	return out
}

// GetServiceRequest returns a request with its groups and tasks.
func (s *Service) GetServiceRequest(ctx context.Context, requestID string) (*store.ServiceRequest, error) {
	r, err := s.store.GetServiceRequest(ctx, requestID)
	if err != nil {
		return nil, storeErr(err, "service request", requestID, "getting service request "+requestID)
	}
	return r, nil
}

// ListServiceRequests returns one page of requests, without their groups.
func (s *Service) ListServiceRequests(ctx context.Context, f store.ServiceRequestFilter) (Page[store.ServiceRequest], error) {
	limit, err := pageLimit(&f.Page)
	if err != nil {
		return Page[store.ServiceRequest]{}, err
	}
	items, err := s.store.ListServiceRequests(ctx, f)
	if err != nil {
		return Page[store.ServiceRequest]{}, fmt.Errorf("listing service requests: %w", err)
	}
	return page(items, limit, func(r store.ServiceRequest) store.Cursor { return store.Cursor{CreatedAt: r.CreatedAt, ID: r.ID} }), nil
}

// CompleteServiceRequestTask completes the human step mapped onto a request's task, in the task
// group's own execution when it has one (a BATCH or SINGLE child's group), else in the request's, through
// CompleteStep: the engine's rules (open step, allowed actor, valid output) apply unchanged. The
// request is then synced, so the answer shows the completion.
func (s *Service) CompleteServiceRequestTask(ctx context.Context, requestID, taskID string, output json.RawMessage) (*store.ServiceRequest, error) {
	req, err := s.GetServiceRequest(ctx, requestID)
	if err != nil {
		return nil, err
	}
	var group *store.TaskGroup
	var task *store.ServiceRequestTask
	for gi := range req.Groups {
		for ti := range req.Groups[gi].Tasks {
			if req.Groups[gi].Tasks[ti].ID == taskID {
				group, task = &req.Groups[gi], &req.Groups[gi].Tasks[ti]
			}
		}
	}
	if task == nil {
		return nil, errorf(CodeNotFound, "service request %s has no task %s", requestID, taskID)
	}
	executionID := req.WorkflowExecutionID
	if group.WorkflowExecutionID != nil {
		executionID = group.WorkflowExecutionID
	}
	if executionID == nil {
		return nil, errorf(CodeExecutionNotRunning, "service request %s has no workflow execution; its tasks are not completed through a workflow", requestID)
	}
	stepID, err := s.stepOfTask(ctx, *executionID, group, task)
	if err != nil {
		return nil, err
	}
	if _, err := s.CompleteStep(ctx, *executionID, stepID, output); err != nil {
		return nil, err
	}
	// The step is completed: a runtime that does not answer now must not turn that into an
	// error (a retry would be step_not_open), so its tasks stay as the projection wrote them.
	return s.syncRequest(ctx, requestID, true, "service_request.complete_task", map[string]any{
		"taskId": taskID, "taskKey": task.Key, "executionId": *executionID, "stepId": stepID,
	})
}

// stepOfTask is the step mapped onto a task: the one recorded on it, else the one the
// execution's definition maps by the legacy keys.
func (s *Service) stepOfTask(ctx context.Context, executionID string, g *store.TaskGroup, t *store.ServiceRequestTask) (string, error) {
	if t.StepID != nil {
		return *t.StepID, nil
	}
	ex, err := s.store.GetExecution(ctx, executionID)
	if err != nil {
		return "", storeErr(err, "execution", executionID, "getting execution "+executionID)
	}
	v, err := s.store.GetVersion(ctx, ex.VersionID)
	if err != nil {
		return "", fmt.Errorf("getting version %s of execution %s: %w", ex.VersionID, executionID, err)
	}
	if stepID, ok := stepsByTask(v.Definition)[[2]string{g.Key, t.Key}]; ok {
		return stepID, nil
	}
	return "", errorf(CodeStepNotFound, "no step of execution %s maps to task %s of task group %s", executionID, t.Key, g.Key)
}

// SyncServiceRequest recomputes a request's statuses from the runtime states of its executions
// (the request's and its groups'), in one transaction.
func (s *Service) SyncServiceRequest(ctx context.Context, requestID string) (*store.ServiceRequest, error) {
	return s.syncRequest(ctx, requestID, false, "service_request.sync", nil)
}

// syncRequest queries the request's executions and recomputes it, auditing action. tolerant
// skips an execution whose state cannot be queried (its tasks stay as stored) instead of
// failing.
func (s *Service) syncRequest(ctx context.Context, requestID string, tolerant bool, action string, detail map[string]any) (*store.ServiceRequest, error) {
	eng, err := s.needEngine()
	if err != nil {
		return nil, err
	}
	req, err := s.GetServiceRequest(ctx, requestID)
	if err != nil {
		return nil, err
	}
	states := map[string]*engine.State{}
	for _, exID := range requestExecutions(req) {
		qctx, cancel := context.WithTimeout(ctx, queryTimeout)
		st, err := eng.State(qctx, exID)
		cancel()
		switch {
		case err == nil:
			states[exID] = st
		case tolerant:
			slog.Warn("service request synced without an execution's state", "request", requestID, "execution", exID, "err", err)
		default:
			return nil, engineErr(err, "querying execution "+exID)
		}
	}
	// The engine's projection computes the same mapping on every runtime change; sync reruns it
	// from the states just queried, under the request's lock.
	synced := &store.ServiceRequest{ID: requestID}
	err = s.store.InTx(ctx, func(q store.Querier) error {
		if err := projection.SyncServiceRequest(ctx, q, synced, states); err != nil {
			return storeErr(err, "service request", requestID, "syncing service request "+requestID)
		}
		return s.audit(ctx, q, action, "service_request", requestID, nil, detail)
	})
	if err != nil {
		return nil, err
	}
	return synced, nil
}

// requestExecutions lists the executions a request's statuses come from, each once.
func requestExecutions(r *store.ServiceRequest) []string {
	var out []string
	seen := map[string]bool{}
	add := func(id *string) {
		if id != nil && !seen[*id] {
			seen[*id] = true
			out = append(out, *id)
		}
	}
	add(r.WorkflowExecutionID)
	for _, g := range r.Groups {
		add(g.WorkflowExecutionID)
	}
	return out
}
