package datasource_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"

	"github.com/workflowbuilder/wfb/internal/datasource"
)

// A GET call: {id} fills the path, the unused param goes to the query, the secret comes from
// the environment (a fake one here) and is sent as a bearer token.
func ExampleClient_Call() {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Println(r.Method, r.URL.RequestURI(), r.Header.Get("Authorization"))
		fmt.Fprint(w, `{"name":"Acme Ltd","directors":2}`)
	}))
	defer srv.Close()

	cfg, err := datasource.ParseConfig([]byte(`{
		"method": "GET",
		"url": "` + srv.URL + `/companies/{id}",
		"timeoutMs": 5000,
		"auth": {"type": "bearer", "secretEnv": "WFB_SECRET_CRM"}
	}`))
	if err != nil {
		fmt.Println(err)
		return
	}
	lookupEnv := func(name string) (string, bool) { return "t0ken", name == "WFB_SECRET_CRM" }
	res, err := datasource.NewClient(nil).Call(context.Background(), cfg,
		map[string]any{"id": "c 1", "fields": "name"}, lookupEnv)
	fmt.Println(res.Status, res.Data, err)
	// Output:
	// GET /companies/c%201?fields=name Bearer t0ken
	// 200 map[directors:2 name:Acme Ltd] <nil>
}

// A failed call is an *Error: its kind, the status and a bounded excerpt of the body, and
// whether another attempt may succeed.
func ExampleError_Retryable() {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		http.Error(w, "company not found", http.StatusNotFound)
	}))
	defer srv.Close()

	_, err := datasource.NewClient(nil).Call(context.Background(),
		datasource.Config{Method: "GET", URL: srv.URL + "/companies/{id}"}, map[string]any{"id": "nope"}, nil)
	var e *datasource.Error
	if errors.As(err, &e) {
		fmt.Printf("%s %d %q retryable=%v\n", e.Kind, e.Status, e.Excerpt, e.Retryable())
	}
	// Output: DATASOURCE_HTTP_STATUS 404 "company not found\n" retryable=false
}
