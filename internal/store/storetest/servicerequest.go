package storetest

import (
	"context"
	"encoding/json"
	"reflect"
	"testing"

	"github.com/workflowbuilder/wfb/internal/id"
	"github.com/workflowbuilder/wfb/internal/store"
)

// indiaPvtLtd is the task groups of the example request type
// (examples/service-request-types/india-pvt-ltd.json).
const indiaPvtLtd = `[
  {"key": "DOCUMENT_VERIFICATION", "name": "Document Verification", "order": 1,
   "tasks": [{"key": "VERIFY_PAN_CARD", "name": "Verify PAN card"}, {"key": "VERIFY_AADHAAR", "name": "Verify Aadhaar"}]},
  {"key": "MCA_FILING", "name": "MCA Filing", "order": 2,
   "tasks": [{"key": "RESERVE_NAME", "name": "Reserve company name"}, {"key": "FILE_SPICE", "name": "File SPICe+ form"}]}
]`

func requestTypeRecord(typeKey string) *store.ServiceRequestType {
	now := tick()
	return &store.ServiceRequestType{Type: typeKey, Name: "India Private Limited Incorporation",
		TaskGroups: json.RawMessage(indiaPvtLtd), CreatedAt: now, UpdatedAt: now}
}

func requestRecord(typeKey string) *store.ServiceRequest {
	now := tick()
	return &store.ServiceRequest{ID: id.New(), Type: typeKey, Status: store.RequestNotStarted,
		Context: json.RawMessage(`{"company": {"name": "Acme"}}`), CreatedAt: now, UpdatedAt: now}
}

// groupRecord is a group of request r with one task per key, in that order.
func groupRecord(r *store.ServiceRequest, key string, order int, exec *string, taskKeys ...string) *store.TaskGroup {
	g := &store.TaskGroup{ID: id.New(), ServiceRequestID: r.ID, Key: key, Name: key, Order: order,
		WorkflowExecutionID: exec, CreatedAt: tick()}
	for i, k := range taskKeys {
		g.Tasks = append(g.Tasks, store.ServiceRequestTask{ID: id.New(), Key: k, Name: k, Position: i,
			Status: store.TaskNotStarted, UpdatedAt: tick()})
	}
	return g
}

func testServiceRequestTypes(t *testing.T, s store.Store) {
	ctx := context.Background()
	typ := requestTypeRecord("INDIA_PVT_LTD_INCORPORATION")
	wantErr(t, "CreateServiceRequestType", s.CreateServiceRequestType(ctx, typ), nil)
	got, err := s.GetServiceRequestType(ctx, typ.Type)
	wantErr(t, "GetServiceRequestType", err, nil)
	if !reflect.DeepEqual(got, typ) {
		t.Fatalf("GetServiceRequestType = %+v, want %+v", got, typ)
	}
	typ.Name, typ.TaskGroups, typ.UpdatedAt = "India Pvt Ltd", json.RawMessage(`[]`), tick()
	wantErr(t, "UpdateServiceRequestType", s.UpdateServiceRequestType(ctx, typ), nil)
	got, err = s.GetServiceRequestType(ctx, typ.Type)
	wantErr(t, "GetServiceRequestType after update", err, nil)
	if !reflect.DeepEqual(got, typ) {
		t.Fatalf("GetServiceRequestType after update = %+v, want %+v", got, typ)
	}

	unused := requestTypeRecord("UK_LTD")
	wantErr(t, "CreateServiceRequestType", s.CreateServiceRequestType(ctx, unused), nil)
	wantErr(t, "CreateServiceRequest", s.CreateServiceRequest(ctx, requestRecord(typ.Type)), nil)
	notArray := requestTypeRecord("OBJECT")
	notArray.TaskGroups = json.RawMessage(`{"taskGroups": []}`)
	tests := []struct {
		name string
		err  error
		want error
	}{
		{"used type key", s.CreateServiceRequestType(ctx, requestTypeRecord(typ.Type)), store.ErrDuplicate},
		{"get missing", errOf(s.GetServiceRequestType(ctx, "NOTHING")), store.ErrNotFound},
		{"update missing", s.UpdateServiceRequestType(ctx, requestTypeRecord("NOTHING")), store.ErrNotFound},
		{"delete a type requests use", s.DeleteServiceRequestType(ctx, typ.Type), store.ErrReferenced},
		{"delete missing", s.DeleteServiceRequestType(ctx, "NOTHING"), store.ErrNotFound},
		{"delete", s.DeleteServiceRequestType(ctx, unused.Type), nil},
		{"a request of a missing type", s.CreateServiceRequest(ctx, requestRecord("NOTHING")), store.ErrNotFound},
	}
	for _, tt := range tests {
		wantErr(t, tt.name, tt.err, tt.want)
	}
	if err := s.CreateServiceRequestType(ctx, notArray); err == nil {
		t.Error("CreateServiceRequestType with task groups that are not an array succeeded")
	}
	list, err := s.ListServiceRequestTypes(ctx, store.Page{})
	wantErr(t, "ListServiceRequestTypes", err, nil)
	sameIDs(t, "ListServiceRequestTypes", ids(list, func(x store.ServiceRequestType) string { return x.Type }), []string{typ.Type})
}

func testServiceRequests(t *testing.T, s store.Store) {
	ctx := context.Background()
	typ := requestTypeRecord("INDIA_PVT_LTD_INCORPORATION")
	wantErr(t, "CreateServiceRequestType", s.CreateServiceRequestType(ctx, typ), nil)
	tpl := newTemplate(t, s, "legacy")
	v := newVersion(t, s, tpl.ID, "1.0.0", store.VersionPublished)
	exec := newExecution(t, s, v.ID, nil)
	child := newExecution(t, s, v.ID, exec)
	ev := triggerRecord("sr-1")
	wantErr(t, "CreateTriggerEvent", s.CreateTriggerEvent(ctx, ev), nil)

	r := requestRecord(typ.Type)
	r.WorkflowExecutionID, r.TriggerEventID = &exec.ID, &ev.ID
	// Groups created out of order come back by their order, then age; tasks by position.
	mca := groupRecord(r, "MCA_FILING", 2, nil, "RESERVE_NAME", "FILE_SPICE")
	docs := groupRecord(r, "DOCUMENT_VERIFICATION", 1, nil, "VERIFY_PAN_CARD", "VERIFY_AADHAAR")
	docs.Tasks[0].Position, docs.Tasks[1].Position = 1, 0
	batch := groupRecord(r, "MCA_FILING", 2, &child.ID, "RESERVE_NAME")
	err := s.InTx(ctx, func(q store.Querier) error {
		if err := q.CreateServiceRequest(ctx, r); err != nil {
			return err
		}
		for _, g := range []*store.TaskGroup{mca, docs, batch} {
			if err := q.CreateTaskGroup(ctx, g); err != nil {
				return err
			}
		}
		return nil
	})
	wantErr(t, "creating a request with its groups", err, nil)
	docs.Tasks[0], docs.Tasks[1] = docs.Tasks[1], docs.Tasks[0]
	want := *r
	want.Groups = []store.TaskGroup{*docs, *mca, *batch}
	got, err := s.GetServiceRequest(ctx, r.ID)
	wantErr(t, "GetServiceRequest", err, nil)
	if !reflect.DeepEqual(got, &want) {
		t.Fatalf("GetServiceRequest =\n%+v\nwant\n%+v", got, &want)
	}

	// The projection moves a task and the request.
	task := mca.Tasks[1]
	task.Status, task.StepID, task.UpdatedAt = store.TaskInProgress, ptr("spice"), tick()
	wantErr(t, "UpdateServiceRequestTask", s.UpdateServiceRequestTask(ctx, &task), nil)
	gotTask, err := s.GetServiceRequestTask(ctx, task.ID)
	wantErr(t, "GetServiceRequestTask", err, nil)
	if !reflect.DeepEqual(gotTask, &task) {
		t.Fatalf("GetServiceRequestTask = %+v, want %+v", gotTask, &task)
	}
	r.Status, r.Context, r.UpdatedAt = store.RequestInProgress, json.RawMessage(`{"company":{"name":"Acme Pvt"}}`), tick()
	wantErr(t, "UpdateServiceRequest", s.UpdateServiceRequest(ctx, r), nil)
	gotReq, err := s.GetServiceRequest(ctx, r.ID)
	wantErr(t, "GetServiceRequest after update", err, nil)
	if gotReq.Status != r.Status || string(gotReq.Context) != string(r.Context) || !gotReq.UpdatedAt.Equal(r.UpdatedAt) {
		t.Fatalf("GetServiceRequest after update = %+v, want %+v", gotReq, r)
	}

	// A BATCH child's groups are found from its execution, with their tasks.
	childGroups, err := s.ListTaskGroupsOfExecution(ctx, child.ID)
	wantErr(t, "ListTaskGroupsOfExecution", err, nil)
	if !reflect.DeepEqual(childGroups, []store.TaskGroup{*batch}) {
		t.Fatalf("ListTaskGroupsOfExecution =\n%+v\nwant\n%+v", childGroups, []store.TaskGroup{*batch})
	}
	none, err := s.ListTaskGroupsOfExecution(ctx, exec.ID)
	wantErr(t, "ListTaskGroupsOfExecution of a root", err, nil)
	if len(none) != 0 {
		t.Fatalf("ListTaskGroupsOfExecution of an execution without groups = %+v", none)
	}
	wantErr(t, "LockServiceRequest", s.InTx(ctx, func(q store.Querier) error { return q.LockServiceRequest(ctx, r.ID) }), nil)
	wantErr(t, "LockServiceRequest of a missing request",
		s.InTx(ctx, func(q store.Querier) error { return q.LockServiceRequest(ctx, id.New()) }), store.ErrNotFound)

	badTask := task
	badTask.Status = "Done"
	tests := []struct {
		name string
		err  error
		want error
	}{
		{"a second group of one key", s.CreateTaskGroup(ctx, groupRecord(r, "MCA_FILING", 3, nil)), store.ErrDuplicate},
		{"another BATCH child's group of that key", s.CreateTaskGroup(ctx, groupRecord(r, "MCA_FILING", 2, &exec.ID)), nil},
		{"two tasks of one key", s.InTx(ctx, func(q store.Querier) error {
			return q.CreateTaskGroup(ctx, groupRecord(r, "X", 3, nil, "A", "A"))
		}), store.ErrDuplicate},
		{"a group of a missing request", s.CreateTaskGroup(ctx, groupRecord(&store.ServiceRequest{ID: id.New()}, "X", 1, nil)), store.ErrNotFound},
		{"get missing", errOf(s.GetServiceRequest(ctx, id.New())), store.ErrNotFound},
		{"get missing task", errOf(s.GetServiceRequestTask(ctx, id.New())), store.ErrNotFound},
		{"update missing", s.UpdateServiceRequest(ctx, requestRecord(typ.Type)), store.ErrNotFound},
		{"update missing task", s.UpdateServiceRequestTask(ctx, &store.ServiceRequestTask{ID: id.New(), Status: store.TaskCompleted}), store.ErrNotFound},
		{"a request of a missing execution", s.CreateServiceRequest(ctx, &store.ServiceRequest{ID: id.New(), Type: typ.Type,
			Status: store.RequestNotStarted, Context: json.RawMessage(`{}`), WorkflowExecutionID: ptr(id.New())}), store.ErrNotFound},
	}
	for _, tt := range tests {
		wantErr(t, tt.name, tt.err, tt.want)
	}
	if err := s.UpdateServiceRequestTask(ctx, &badTask); err == nil {
		t.Error("UpdateServiceRequestTask with an unknown status succeeded")
	}

	other := requestRecord(typ.Type)
	wantErr(t, "CreateServiceRequest", s.CreateServiceRequest(ctx, other), nil)
	filters := []struct {
		name string
		f    store.ServiceRequestFilter
		want []string
	}{
		{"all", store.ServiceRequestFilter{}, []string{r.ID, other.ID}},
		{"type", store.ServiceRequestFilter{Type: typ.Type}, []string{r.ID, other.ID}},
		{"status", store.ServiceRequestFilter{Status: store.RequestNotStarted}, []string{other.ID}},
		{"execution", store.ServiceRequestFilter{WorkflowExecutionID: exec.ID}, []string{r.ID}},
		{"newest first", store.ServiceRequestFilter{Page: store.Page{Desc: true, Limit: 1}}, []string{other.ID}},
	}
	for _, tt := range filters {
		list, err := s.ListServiceRequests(ctx, tt.f)
		wantErr(t, tt.name, err, nil)
		sameIDs(t, "service requests "+tt.name, ids(list, func(x store.ServiceRequest) string { return x.ID }), tt.want)
		for _, x := range list {
			if x.Groups != nil {
				t.Fatalf("ListServiceRequests filled the groups of %s", x.ID)
			}
		}
	}
}
