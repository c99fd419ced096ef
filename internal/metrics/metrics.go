// Package metrics holds a process's Prometheus metrics (SPEC §10): the HTTP, execution and
// human-task series that the API, the engine's projector and /metrics share. It is its own
// package so that a worker counts projections without depending on the HTTP layer.
package metrics

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/workflowbuilder/wfb/internal/engine/interp"
	"github.com/workflowbuilder/wfb/internal/store"
)

// Metrics are a process's Prometheus metrics (SPEC §10), served at /metrics. Each Metrics has
// its own registry, so that tests and several handlers in one process do not share counters;
// `wfb serve` makes one and gives it to both the API and the engine's projector, so one scrape
// shows both. docs/operations.md lists the series and where each is observed.
type Metrics struct {
	reg *prometheus.Registry

	httpDuration *prometheus.HistogramVec
	executions   *prometheus.CounterVec
	taskLatency  prometheus.Histogram

	projectionFailures prometheus.Counter
	retrying           *retryingSet

	tasksOnce, backlogOnce sync.Once
}

// Execution outcomes counted by wfb_executions_total.
const (
	outcomeStarted   = "started"
	outcomeCompleted = "completed"
	outcomeFailed    = "failed"
	outcomeCancelled = "cancelled"
)

// New returns metrics with every series registered, plus the Go runtime and process
// collectors.
func New() *Metrics {
	m := &Metrics{
		reg: prometheus.NewRegistry(),
		httpDuration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "wfb_http_request_duration_seconds",
			Help:    "Time to answer an HTTP request, by method, route pattern and status.",
			Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10},
		}, []string{"method", "route", "status"}),
		executions: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "wfb_executions_total",
			Help: "Executions that started, and that became completed, failed or cancelled, as the engine projected them.",
		}, []string{"outcome"}),
		taskLatency: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name:    "wfb_task_completion_seconds",
			Help:    "Time from a human task's creation to its completion through the inbox.",
			Buckets: []float64{1, 10, 60, 300, 900, 3600, 4 * 3600, 24 * 3600, 3 * 24 * 3600, 7 * 24 * 3600},
		}),
		projectionFailures: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "wfb_projection_failures_total",
			Help: "Projection writes that failed and will be retried (the database is away or refusing).",
		}),
		retrying: newRetryingSet(),
	}
	// Every outcome is exported from the start (at 0), so that rate() works before the first.
	for _, o := range []string{outcomeStarted, outcomeCompleted, outcomeFailed, outcomeCancelled} {
		m.executions.WithLabelValues(o)
	}
	m.reg.MustRegister(m.httpDuration, m.executions, m.taskLatency, m.projectionFailures, m.retrying,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// Handler serves the metrics in the Prometheus text format. A collector that fails (the
// database did not answer the open-task count) leaves its series out of that scrape and the
// rest is still served.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{ErrorHandling: promhttp.ContinueOnError})
}

// ObserveRequest records one answered request.
func (m *Metrics) ObserveRequest(method, route string, status int, d time.Duration) {
	m.httpDuration.WithLabelValues(method, route, strconv.Itoa(status)).Observe(d.Seconds())
}

// ObserveTaskCompleted records a completion through the inbox of a task created at created.
// (A step completed through /v1/executions/{id}/steps/{stepId}/complete is not a task
// completion here: it names no task.)
func (m *Metrics) ObserveTaskCompleted(created, completed time.Time) {
	m.taskLatency.Observe(completed.Sub(created).Seconds())
}

// CountTasks exports the open-task gauges, counted by count at each scrape. Counting in the
// database, rather than adding and subtracting in this process, keeps the gauges right whichever
// process opened or closed the tasks, and across restarts; every API process therefore reports
// the same value (aggregate with max, not sum). Only the first call has an effect.
func (m *Metrics) CountTasks(count func(context.Context) (store.OpenTaskCounts, error)) {
	m.tasksOnce.Do(func() { m.reg.MustRegister(&taskCollector{count: count}) })
}

// CountBacklog exports wfb_executions_pending, counted by count at each scrape (app.Backlog).
// Only the first call has an effect.
func (m *Metrics) CountBacklog(count func(context.Context) (int, error)) {
	m.backlogOnce.Do(func() { m.reg.MustRegister(&backlogCollector{count: count}) })
}

var backlogDesc = prometheus.NewDesc("wfb_executions_pending",
	"Executions accepted but not yet running (CREATED or STARTED, runtime NotStarted): the engine's backlog.", nil, nil)

// backlogCollector counts the backlog when scraped.
type backlogCollector struct {
	count func(context.Context) (int, error)
}

func (c *backlogCollector) Describe(ch chan<- *prometheus.Desc) { ch <- backlogDesc }

func (c *backlogCollector) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), scrapeTimeout)
	defer cancel()
	n, err := c.count(ctx)
	if err != nil {
		ch <- prometheus.NewInvalidMetric(backlogDesc, err)
		return
	}
	ch <- prometheus.MustNewConstMetric(backlogDesc, prometheus.GaugeValue, float64(n))
}

var (
	openTasksDesc = prometheus.NewDesc("wfb_human_tasks_open",
		"Open human tasks (the steps waiting for a person), by status: OPEN or CLAIMED.", []string{"status"}, nil)
	overdueTasksDesc = prometheus.NewDesc("wfb_human_tasks_overdue",
		"Open human tasks whose due date has passed (slaBreached in the inbox).", nil, nil)
)

// taskCollector counts open tasks when scraped.
type taskCollector struct {
	count func(context.Context) (store.OpenTaskCounts, error)
}

// scrapeTimeout bounds the count a scrape waits for: Prometheus's default scrape timeout is 10s.
const scrapeTimeout = 5 * time.Second

func (c *taskCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- openTasksDesc
	ch <- overdueTasksDesc
}

func (c *taskCollector) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), scrapeTimeout)
	defer cancel()
	n, err := c.count(ctx)
	if err != nil {
		ch <- prometheus.NewInvalidMetric(openTasksDesc, err)
		return
	}
	ch <- prometheus.MustNewConstMetric(openTasksDesc, prometheus.GaugeValue, float64(n.Open), string(store.HumanTaskOpen))
	ch <- prometheus.MustNewConstMetric(openTasksDesc, prometheus.GaugeValue, float64(n.Claimed), string(store.HumanTaskClaimed))
	ch <- prometheus.MustNewConstMetric(overdueTasksDesc, prometheus.GaugeValue, float64(n.Overdue))
}

// Projector wraps the engine's projector so that the executions counter follows the runtime
// statuses the engine projects: started when an execution's row leaves NotStarted, and
// completed, failed or cancelled when it enters that status. It reads the row's status before
// projecting; one execution's projections run one at a time (the workflow waits for each), so
// the read sees the previous one, and a projection retried after its commit counts nothing
// twice. A failed execution that is retried and fails again counts two failures. Executions the
// database does not know (started outside the application) are not counted, as they are not
// projected. Sub-workflows are executions too and are counted.
func (m *Metrics) Projector(next Projector, st store.Store) Projector {
	return &countingProjector{next: next, st: st, m: m}
}

// Projector writes an execution's runtime projection (engine.Projector, which
// projection.Persistence implements).
type Projector interface {
	Project(ctx context.Context, p interp.Projection) error
}

type countingProjector struct {
	next Projector
	st   store.Store
	m    *Metrics
}

// Project counts pr's status transition once it is written, and a failure as a projection
// being retried.
func (p *countingProjector) Project(ctx context.Context, pr interp.Projection) error {
	prev, err := p.st.GetExecution(ctx, pr.ExecutionID)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		// Counting is not worth failing the projection for; this one goes uncounted.
		slog.WarnContext(ctx, "reading an execution's status before projecting it", "execution", pr.ExecutionID, "err", err)
	}
	if err := p.next.Project(ctx, pr); err != nil {
		p.m.projectionFailures.Inc()
		p.m.retrying.fail(pr.ExecutionID)
		return err
	}
	p.m.retrying.ok(pr.ExecutionID)
	if prev != nil {
		p.m.countTransition(prev.RuntimeStatus, store.RuntimeStatus(pr.RuntimeStatus))
	}
	return nil
}

// countTransition counts one projected change of an execution's runtime status.
func (m *Metrics) countTransition(from, to store.RuntimeStatus) {
	if from == to {
		return
	}
	if from == store.RuntimeNotStarted || from == "" {
		m.executions.WithLabelValues(outcomeStarted).Inc()
	}
	switch to {
	case store.RuntimeCompleted:
		m.executions.WithLabelValues(outcomeCompleted).Inc()
	case store.RuntimeFailed:
		m.executions.WithLabelValues(outcomeFailed).Inc()
	case store.RuntimeCancelled:
		m.executions.WithLabelValues(outcomeCancelled).Inc()
	}
}
