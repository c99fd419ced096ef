package bench

import (
	"context"
	"fmt"

	commonpb "go.temporal.io/api/common/v1"
	enumspb "go.temporal.io/api/enums/v1"
	historypb "go.temporal.io/api/history/v1"
	"go.temporal.io/sdk/client"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// HistoryStats is what a tree of workflows recorded on the server, read back from their
// histories (every run of each, through continue-as-new).
type HistoryStats struct {
	// Workflows and Runs are how many workflow ids and runs were read.
	Workflows, Runs int
	// MaxPayloadBytes is the largest payload set any event carries (a workflow's input or
	// result, an activity's input or result, a signal's argument...), as proto-encoded bytes.
	MaxPayloadBytes int
	// MaxHistoryEvents is the most events in one run's history.
	MaxHistoryEvents int
	// MaxPayloadWorkflow and MaxEventsWorkflow name the workflows of the two maxima.
	MaxPayloadWorkflow, MaxEventsWorkflow string
}

// WalkHistories reads the histories of the workflow rootID and of the child workflows it and
// its descendants started, down to depth generations below the root (0: the root alone), and
// measures them.
func WalkHistories(ctx context.Context, c client.Client, rootID string, depth int) (*HistoryStats, error) {
	st := &HistoryStats{}
	type node struct {
		id    string
		depth int
	}
	queue := []node{{rootID, 0}}
	for len(queue) > 0 {
		n := queue[0]
		queue = queue[1:]
		children, err := st.walkWorkflow(ctx, c, n.id)
		if err != nil {
			return nil, err
		}
		if n.depth < depth {
			for _, ch := range children {
				queue = append(queue, node{ch, n.depth + 1})
			}
		}
	}
	return st, nil
}

// walkWorkflow measures every run of one workflow, latest first, and returns the ids of the
// children its runs started.
func (st *HistoryStats) walkWorkflow(ctx context.Context, c client.Client, workflowID string) ([]string, error) {
	st.Workflows++
	var children []string
	runID := ""
	for {
		events, prev, kids, err := st.walkRun(ctx, c, workflowID, runID)
		if err != nil {
			return nil, err
		}
		st.Runs++
		if events > st.MaxHistoryEvents {
			st.MaxHistoryEvents, st.MaxEventsWorkflow = events, workflowID
		}
		children = append(children, kids...)
		if prev == "" {
			return children, nil
		}
		runID = prev
	}
}

func (st *HistoryStats) walkRun(ctx context.Context, c client.Client, workflowID, runID string) (events int, prevRun string, children []string, err error) {
	it := c.GetWorkflowHistory(ctx, workflowID, runID, false, enumspb.HISTORY_EVENT_FILTER_TYPE_ALL_EVENT)
	for it.HasNext() {
		e, err := it.Next()
		if err != nil {
			return 0, "", nil, fmt.Errorf("reading the history of %s: %w", workflowID, err)
		}
		events++
		if a := e.GetWorkflowExecutionStartedEventAttributes(); a != nil {
			prevRun = a.GetContinuedExecutionRunId()
		}
		if a := e.GetChildWorkflowExecutionStartedEventAttributes(); a != nil {
			children = append(children, a.GetWorkflowExecution().GetWorkflowId())
		}
		if n := maxPayloads(e); n > st.MaxPayloadBytes {
			st.MaxPayloadBytes, st.MaxPayloadWorkflow = n, workflowID
		}
	}
	return events, prevRun, children, nil
}

var (
	payloadsName = (&commonpb.Payloads{}).ProtoReflect().Descriptor().FullName()
	payloadName  = (&commonpb.Payload{}).ProtoReflect().Descriptor().FullName()
)

// maxPayloads is the encoded size of the largest Payloads (or lone Payload) in an event.
func maxPayloads(e *historypb.HistoryEvent) int {
	best := 0
	var walk func(m protoreflect.Message)
	walk = func(m protoreflect.Message) {
		switch m.Descriptor().FullName() {
		case payloadsName, payloadName:
			best = max(best, proto.Size(m.Interface()))
			return
		}
		m.Range(func(fd protoreflect.FieldDescriptor, v protoreflect.Value) bool {
			switch {
			case fd.IsMap() && fd.MapValue().Message() != nil:
				v.Map().Range(func(_ protoreflect.MapKey, mv protoreflect.Value) bool { walk(mv.Message()); return true })
			case fd.IsList() && fd.Message() != nil:
				for i := range v.List().Len() {
					walk(v.List().Get(i).Message())
				}
			case fd.Message() != nil && !fd.IsList() && !fd.IsMap():
				walk(v.Message())
			}
			return true
		})
	}
	walk(e.ProtoReflect())
	return best
}
