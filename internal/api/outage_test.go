package api

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/workflowbuilder/wfb/internal/app"
	"github.com/workflowbuilder/wfb/internal/store"
	"github.com/workflowbuilder/wfb/internal/store/postgres"
	"github.com/workflowbuilder/wfb/internal/store/sqlite"
	"github.com/workflowbuilder/wfb/internal/store/storetest"
)

// outagePhase is what the database is doing while a request is in flight.
type outagePhase int32

const (
	phaseUp outagePhase = iota
	phaseStopping
	phaseDown
	phaseStarting
	phaseRecovered
)

var phaseNames = [...]string{"up", "stopping", "down", "starting", "recovered"}

type outageAnswer struct {
	from, to   outagePhase // phases when it was sent and when it came back
	write      bool
	status     int
	code       string
	retryAfter string
	id         string // the template created
}

// TestDatabaseOutage runs the API on a PostgreSQL server of its own, keeps clients reading and
// writing, stops the server for WFB_OUTAGE_SECONDS (default 10; the full version is 60) and
// starts it again. Every answer is a success or 503 database_unavailable with Retry-After, never
// a 500; every request sent and answered while the server was down is such a 503; the API
// answers again once the server is back; and every write acknowledged with 201, before, during
// or after the outage, is there afterwards.
func TestDatabaseOutage(t *testing.T) {
	t.Parallel()
	outage := 10 * time.Second
	if v := os.Getenv("WFB_OUTAGE_SECONDS"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n <= 0 {
			t.Fatalf("WFB_OUTAGE_SECONDS=%q is not a positive number of seconds", v)
		}
		outage = time.Duration(n) * time.Second
	}
	pg := storetest.StartOwnPostgres(t)
	ctx := context.Background()
	s, err := postgres.Open(ctx, pg.URL())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close() })
	if err := s.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	svc := app.New(s, nil)
	srv := httptest.NewServer(New(svc, Options{}))
	t.Cleanup(srv.Close)
	e := &env{t: t, url: srv.URL, store: s, token: newToken(t, svc, app.KeyInput{Name: "outage", Role: store.RoleAdmin})}

	var phase atomic.Int32
	var mu sync.Mutex
	var answers []outageAnswer
	var sendErrs atomic.Int64
	stop := make(chan struct{})
	var wg sync.WaitGroup
	const clients = 6
	for c := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				a := outageAnswer{from: outagePhase(phase.Load()), write: i%2 == 0}
				var r *resp
				var err error
				if a.write {
					r, err = e.send("POST", "/v1/templates", map[string]any{"name": fmt.Sprintf("outage %d-%d", c, i)})
				} else {
					r, err = e.send("GET", "/v1/templates?limit=5", nil)
				}
				a.to = outagePhase(phase.Load())
				if err != nil {
					sendErrs.Add(1)
					continue
				}
				a.status, a.retryAfter = r.status, r.header.Get("Retry-After")
				var body struct {
					Code string `json:"code"`
					ID   string `json:"id"`
				}
				_ = json.Unmarshal(r.body, &body)
				a.code, a.id = body.Code, body.ID
				mu.Lock()
				answers = append(answers, a)
				mu.Unlock()
				time.Sleep(20 * time.Millisecond)
			}
		}()
	}
	snapshot := func() []outageAnswer {
		mu.Lock()
		defer mu.Unlock()
		return append([]outageAnswer(nil), answers...)
	}
	waitFor := func(what string, ok func([]outageAnswer) bool) {
		t.Helper()
		for range 1200 { // a bound, not a measurement: 120 s
			if ok(snapshot()) {
				return
			}
			time.Sleep(100 * time.Millisecond)
		}
		t.Fatalf("timed out waiting for %s", what)
	}
	successes := func(from outagePhase) func([]outageAnswer) bool {
		return func(as []outageAnswer) bool {
			n := 0
			for _, a := range as {
				if a.from >= from && a.status < 300 {
					n++
				}
			}
			return n >= 20
		}
	}

	waitFor("answers before the outage", successes(phaseUp))
	phase.Store(int32(phaseStopping))
	pg.Stop()
	phase.Store(int32(phaseDown))
	t.Logf("PostgreSQL stopped for %v", outage)
	time.Sleep(outage)
	phase.Store(int32(phaseStarting))
	pg.Start()
	phase.Store(int32(phaseRecovered))
	waitFor("answers after the outage", successes(phaseRecovered))
	close(stop)
	wg.Wait()

	all := snapshot()
	type tally struct{ ok, unavailable, other int }
	byPhase := map[string]*tally{}
	var created []string
	for _, a := range all {
		key := phaseNames[a.from] + "→" + phaseNames[a.to]
		if byPhase[key] == nil {
			byPhase[key] = &tally{}
		}
		tl := byPhase[key]
		switch {
		case a.status < 300:
			tl.ok++
			if a.write {
				created = append(created, a.id)
			}
		case a.status == http.StatusServiceUnavailable && a.code == string(app.CodeDatabaseUnavailable) && a.retryAfter != "":
			tl.unavailable++
		default:
			tl.other++
			t.Errorf("%s %s: %d %q (Retry-After %q); want a success or 503 database_unavailable with Retry-After",
				map[bool]string{true: "POST", false: "GET"}[a.write], key, a.status, a.code, a.retryAfter)
		}
		if a.from == phaseDown && a.to == phaseDown && a.status != http.StatusServiceUnavailable {
			t.Errorf("a request sent and answered while the database was down got %d %q, want 503", a.status, a.code)
		}
	}
	for key, tl := range byPhase {
		t.Logf("%-22s %5d ok, %5d 503 database_unavailable, %d other", key, tl.ok, tl.unavailable, tl.other)
	}
	if tl := byPhase["down→down"]; tl == nil || tl.unavailable == 0 {
		t.Errorf("no request was answered while the database was down; the test did not test the outage")
	}
	if n := sendErrs.Load(); n > 0 {
		t.Errorf("%d requests got no HTTP answer at all", n)
	}
	for _, id := range created {
		e.ok(e.do("GET", "/v1/templates/"+id, nil), http.StatusOK, nil)
	}
	t.Logf("%d templates created with 201 are all there after the outage", len(created))
}

// TestSQLiteBusyIsUnavailable holds SQLite's write lock from another connection past the store's
// busy timeout (10 s): a write then answers 503 database_unavailable with Retry-After
// (SQLITE_BUSY), not 500, and succeeds once the lock is released. It also shows that a request
// whose body the door read long ago is not cut off by a read deadline while it waits.
func TestSQLiteBusyIsUnavailable(t *testing.T) {
	t.Parallel()
	path := storetest.SQLitePath(t)
	s, err := sqlite.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close() })
	if err := s.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	e := serveAsAdmin(t, app.New(s, nil), s)
	e.ok(e.do("GET", "/v1/templates", nil), http.StatusOK, nil) // records the key's use now, not under the lock
	other, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = other.Close() })
	conn, err := other.Conn(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := conn.ExecContext(context.Background(), "BEGIN IMMEDIATE"); err != nil {
		t.Fatal(err)
	}
	r := e.do("POST", "/v1/templates", map[string]any{"name": "blocked"})
	e.problem(r, http.StatusServiceUnavailable, string(app.CodeDatabaseUnavailable))
	if r.header.Get("Retry-After") == "" {
		t.Errorf("503 without Retry-After")
	}
	if _, err := conn.ExecContext(context.Background(), "ROLLBACK"); err != nil {
		t.Fatal(err)
	}
	_ = conn.Close()
	e.ok(e.do("POST", "/v1/templates", map[string]any{"name": "after"}), http.StatusCreated, nil)
}
