package api

import (
	"slices"
	"strings"

	"github.com/workflowbuilder/wfb/internal/store"
)

// access is who may call one operation: anyone (public), or a key of one of roles. Admins may
// call every operation, so roles lists the others.
type access struct {
	public bool
	roles  []store.Role
}

var (
	public    = access{public: true}
	adminOnly = access{}
	agent     = access{roles: []store.Role{store.RoleAgent}}
	service   = access{roles: []store.Role{store.RoleService}}
	// agentService is a read both kinds of callers need: the execution an agent's task or a
	// service's event belongs to.
	agentService = access{roles: []store.Role{store.RoleAgent, store.RoleService}}
	// anyRole is any valid key: unlike public, a key is still required.
	anyRole = access{roles: []store.Role{store.RoleAgent, store.RoleService}}
)

// accessRules is the one table of who may call what, keyed by "METHOD /path" as the operation is
// registered (parameter names do not matter: {id} and {type} are the same segment). Every
// operation needs an entry: one without is refused (TestEveryOperationHasAnAccessRule fails
// first). docs/auth.md explains the policy.
var accessRules = map[string]access{
	"GET /healthz": public,
	"GET /readyz":  public,
	"GET /metrics": public,

	"POST /v1/templates":               adminOnly,
	"GET /v1/templates":                adminOnly,
	"GET /v1/templates/{id}":           adminOnly,
	"PATCH /v1/templates/{id}":         adminOnly,
	"DELETE /v1/templates/{id}":        adminOnly,
	"POST /v1/templates/{id}/versions": adminOnly,
	"GET /v1/templates/{id}/versions":  adminOnly,
	"GET /v1/versions/{id}":            adminOnly,
	"PATCH /v1/versions/{id}":          adminOnly,
	"DELETE /v1/versions/{id}":         adminOnly,
	"POST /v1/versions/{id}/publish":   adminOnly,
	"POST /v1/versions/{id}/activate":  adminOnly,
	"POST /v1/versions/{id}/deprecate": adminOnly,
	"GET /v1/versions/{id}/validation": adminOnly,
	"POST /v1/definitions/validate":    adminOnly,
	"GET /v1/schemas/definition":       adminOnly,
	"POST /v1/expressions/evaluate":    adminOnly,
	"POST /v1/links":                   adminOnly,
	"GET /v1/links":                    adminOnly,
	"GET /v1/links/{id}":               adminOnly,
	"PATCH /v1/links/{id}":             adminOnly,
	"DELETE /v1/links/{id}":            adminOnly,
	"POST /v1/executions":              adminOnly,
	// Agents see only the executions whose tree holds one of their tasks (app.visibilityOf):
	// the list is filtered, any other execution is 403 not_allowed.
	"GET /v1/executions":                               agentService,
	"GET /v1/executions/{id}/events":                   agentService,
	"GET /v1/executions/{id}/steps/{stepId}/children":  agentService,
	"GET /v1/executions/{id}/files":                    agentService,
	"POST /v1/files":                                   agent,
	"GET /v1/files/{id}":                               agentService,
	"GET /v1/executions/{id}":                          agentService,
	"GET /v1/executions/{id}/tree":                     agentService,
	"GET /v1/executions/{id}/definition":               agentService,
	"POST /v1/executions/{id}/cancel":                  adminOnly,
	"POST /v1/executions/{id}/steps/{stepId}/complete": agent,
	"POST /v1/executions/{id}/steps/{stepId}/retry":    adminOnly,

	"POST /v1/events": service,

	"GET /v1/tasks":                agent,
	"GET /v1/tasks/{id}":           agent,
	"POST /v1/tasks/{id}/claim":    agent,
	"POST /v1/tasks/{id}/unclaim":  agent,
	"POST /v1/tasks/{id}/complete": agent,

	"POST /v1/service-request-types":          adminOnly,
	"GET /v1/service-request-types":           adminOnly,
	"GET /v1/service-request-types/{type}":    adminOnly,
	"PUT /v1/service-request-types/{type}":    adminOnly,
	"DELETE /v1/service-request-types/{type}": adminOnly,

	"POST /v1/service-requests":                              service,
	"GET /v1/service-requests":                               service,
	"GET /v1/service-requests/{id}":                          service,
	"POST /v1/service-requests/{id}/sync":                    service,
	"POST /v1/service-requests/{id}/tasks/{taskId}/complete": service,

	"POST /v1/data-sources":        adminOnly,
	"GET /v1/data-sources":         adminOnly,
	"GET /v1/data-sources/{id}":    adminOnly,
	"PUT /v1/data-sources/{id}":    adminOnly,
	"DELETE /v1/data-sources/{id}": adminOnly,

	"GET /v1/audit": adminOnly,

	// Who am I: every key may ask, so that a client can tell what to offer.
	"GET /v1/me": anyRole,

	"POST /v1/api-keys":        adminOnly,
	"GET /v1/api-keys":         adminOnly,
	"DELETE /v1/api-keys/{id}": adminOnly,

	"GET /v1/examples":        adminOnly,
	"GET /v1/examples/{name}": adminOnly,

	"POST /v1/simulations":                      adminOnly,
	"GET /v1/schemas/scenario":                  adminOnly,
	"POST /v1/versions/{id}/scenarios":          adminOnly,
	"GET /v1/versions/{id}/scenarios":           adminOnly,
	"DELETE /v1/versions/{id}/scenarios/{name}": adminOnly,
}

// accessByRoute is accessRules keyed by routeKey, built once.
var accessByRoute = func() map[string]access {
	m := make(map[string]access, len(accessRules))
	for k, a := range accessRules {
		method, path, _ := strings.Cut(k, " ")
		m[routeKey(method, path)] = a
	}
	return m
}()

// routeKey is "METHOD /path" with every path parameter's name dropped ("{id}" becomes "{}").
func routeKey(method, path string) string {
	var b strings.Builder
	b.Grow(len(method) + 1 + len(path))
	b.WriteString(method)
	b.WriteByte(' ')
	for i := 0; i < len(path); i++ {
		b.WriteByte(path[i])
		if path[i] == '{' {
			if j := strings.IndexByte(path[i:], '}'); j > 0 {
				i += j - 1
			}
		}
	}
	return b.String()
}

// accessOf returns the rule of an operation; ok is false when the table has none.
func accessOf(method, path string) (access, bool) {
	a, ok := accessByRoute[routeKey(method, path)]
	return a, ok
}

// allows reports whether a key of role may call the operation.
func (a access) allows(role store.Role) bool {
	return a.public || role == store.RoleAdmin || slices.Contains(a.roles, role)
}

// roleNames lists the roles that may call the operation, admin first, for the OpenAPI document.
func (a access) roleNames() []string {
	out := []string{string(store.RoleAdmin)}
	for _, r := range a.roles {
		out = append(out, string(r))
	}
	return out
}
