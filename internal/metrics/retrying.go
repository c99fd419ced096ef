package metrics

import (
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// retryingWindow is how long an execution whose projection failed counts as retrying without
// a new failure: twice the projection's longest backoff (a minute), so that a projection
// still failing never drops out between two attempts, and one whose workflow was terminated
// mid-outage drops out on its own.
const retryingWindow = 2 * time.Minute

var retryingDesc = prometheus.NewDesc("wfb_projections_retrying",
	"Executions whose latest projection write failed and is being retried (alert when above 0 for minutes).", nil, nil)

// retryingSet holds the executions whose latest projection failed, with the failure's time;
// it is a collector exporting their number.
type retryingSet struct {
	mu    sync.Mutex
	since map[string]time.Time
	now   func() time.Time
}

func newRetryingSet() *retryingSet {
	return &retryingSet{since: map[string]time.Time{}, now: time.Now}
}

func (r *retryingSet) fail(id string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.since[id] = r.now()
}

func (r *retryingSet) ok(id string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	delete(r.since, id)
}

// count returns the executions that failed within the window, forgetting older ones.
func (r *retryingSet) count() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	now := r.now()
	for id, at := range r.since {
		if now.Sub(at) > retryingWindow {
			delete(r.since, id)
		}
	}
	return len(r.since)
}

// Describe implements prometheus.Collector.
func (r *retryingSet) Describe(ch chan<- *prometheus.Desc) { ch <- retryingDesc }

// Collect implements prometheus.Collector.
func (r *retryingSet) Collect(ch chan<- prometheus.Metric) {
	ch <- prometheus.MustNewConstMetric(retryingDesc, prometheus.GaugeValue, float64(r.count()))
}
