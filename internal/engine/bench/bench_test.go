package bench

import (
	"context"
	"strings"
	"testing"

	"go.temporal.io/sdk/client"

	"github.com/workflowbuilder/wfb/internal/store"
)

// Run refuses options it cannot measure before it touches the server. (Run itself is tested
// end to end by cmd/wfb's TestBench on the embedded server.)
func TestRunRejectsBadOptions(t *testing.T) {
	t.Parallel()
	var (
		c  client.Client = fakeClient{}
		st store.Store   = fakeStore{}
	)
	tests := []struct {
		name string
		o    Options
		want string
	}{
		{"no client", Options{Store: st}, "Temporal client"},
		{"no store", Options{Client: c}, "store"},
		{"negative executions", Options{Client: c, Store: st, Executions: -1}, "at least one execution"},
		{"negative concurrency", Options{Client: c, Store: st, Concurrency: -3}, "concurrency"},
		{"empty batch", Options{Client: c, Store: st, BatchSizes: []int{10, 0}}, "at least one child"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := Run(context.Background(), tt.o)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Run = %v, want an error about %q", err, tt.want)
			}
		})
	}
}

func TestDefaults(t *testing.T) {
	t.Parallel()
	o, err := Options{Client: fakeClient{}, Store: fakeStore{}}.withDefaults()
	if err != nil {
		t.Fatal(err)
	}
	if o.Executions != DefaultExecutions || o.Concurrency != DefaultConcurrency || len(o.BatchSizes) != 1 || o.BatchSizes[0] != 1000 || o.TaskQueue != DefaultTaskQueue {
		t.Errorf("defaults = %+v", o)
	}
	o, err = Options{Client: fakeClient{}, Store: fakeStore{}, BatchSizes: []int{}}.withDefaults()
	if err != nil || len(o.BatchSizes) != 0 {
		t.Errorf("an empty BatchSizes = %v, %v; want none", o.BatchSizes, err)
	}
}

// fakeClient and fakeStore only fill the options: the validation never calls them (a call
// would panic on the nil embedded interface and fail the test).
type fakeClient struct{ client.Client }

type fakeStore struct{ store.Store }
