package datasource

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"testing"
	"time"
)

// retryLoop is the shape of the engine's activity retry, minus Temporal: attempts up to max,
// stopping at the first success or at an error that is not retryable. The backoff is tiny
// because the schedule is Temporal's business; what matters here is the classification.
func retryLoop(ctx context.Context, max int, call func(context.Context) (Result, error)) (Result, int, error) {
	var err error
	for attempt := 1; attempt <= max; attempt++ {
		var res Result
		res, err = call(ctx)
		var e *Error
		if err == nil || !errors.As(err, &e) || !e.Retryable() {
			return res, attempt, err
		}
		time.Sleep(time.Millisecond)
	}
	return Result{}, max, err
}

func TestRetryClassification(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name         string
		answers      []int // status per attempt; 0 = hang past the timeout; the last repeats
		wantAttempts int
		wantKind     Kind // "" for success
		wantStatus   int
	}{
		{name: "retry then success", answers: []int{503, 500, 200}, wantAttempts: 3},
		{name: "timeout then success", answers: []int{0, 200}, wantAttempts: 2},
		{name: "429 then success", answers: []int{429, 200}, wantAttempts: 2},
		{name: "4xx is not retried", answers: []int{404, 200}, wantAttempts: 1, wantKind: KindStatus, wantStatus: 404},
		{name: "5xx exhausts the retries", answers: []int{500}, wantAttempts: 4, wantKind: KindStatus, wantStatus: 500},
		{name: "timeouts exhaust the retries", answers: []int{0}, wantAttempts: 4, wantKind: KindTimeout},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv, rec := serve(t, func(w http.ResponseWriter, r *http.Request, s seen) {
				status := tt.answers[min(s.Attempt, len(tt.answers))-1]
				if status == 0 {
					<-r.Context().Done()
					return
				}
				reply(w, status, `{"attempt":`+strconv.Itoa(s.Attempt)+`}`)
			})
			cfg := Config{Method: "GET", URL: srv.URL + "/flaky", TimeoutMs: 50}
			client := NewClient(nil)
			res, attempts, err := retryLoop(context.Background(), 4, func(ctx context.Context) (Result, error) {
				return client.Call(ctx, cfg, nil, env())
			})
			if attempts != tt.wantAttempts || len(rec.all()) != tt.wantAttempts {
				t.Errorf("%d attempts, server saw %d, want %d", attempts, len(rec.all()), tt.wantAttempts)
			}
			if tt.wantKind == "" {
				if err != nil {
					t.Fatalf("final error: %v", err)
				}
				if got := mustJSON(t, res.Data); got != `{"attempt":`+mustJSON(t, tt.wantAttempts)+`}` {
					t.Errorf("data %s", got)
				}
				return
			}
			if e := asError(t, err); e.Kind != tt.wantKind || e.Status != tt.wantStatus {
				t.Errorf("final error %v, want kind %s status %d", err, tt.wantKind, tt.wantStatus)
			}
		})
	}
}
