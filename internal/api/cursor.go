package api

import (
	"encoding/base64"
	"encoding/json"
	"time"

	"github.com/workflowbuilder/wfb/internal/app"
	"github.com/workflowbuilder/wfb/internal/id"
	"github.com/workflowbuilder/wfb/internal/store"
)

// ListParams are the query parameters every list takes.
type ListParams struct {
	Limit  int    `query:"limit" minimum:"1" maximum:"200" default:"50" doc:"Most items to return."`
	Cursor string `query:"cursor" maxLength:"200" doc:"nextCursor of the previous page; the same filters and order must be sent."`
	Order  string `query:"order" enum:"asc,desc" default:"asc" doc:"By creation time: oldest first (asc) or newest first (desc)."`
}

// page turns the parameters into a store page; a cursor that does not decode is invalid_request.
func (p ListParams) page() (store.Page, error) {
	pg := store.Page{Limit: p.Limit, Desc: p.Order == "desc"}
	if p.Cursor != "" {
		c, ok := decodeCursor(p.Cursor)
		if !ok {
			return store.Page{}, invalid("query.cursor", "cursor is not one this API returned")
		}
		pg.After = &c
	}
	return pg, nil
}

// cursorJSON is a cursor's content. Cursors are opaque to clients (base64url of this JSON), so
// the encoding may change without breaking anyone who only echoes them back.
type cursorJSON struct {
	T time.Time `json:"t"`
	I string    `json:"i"`
}

func encodeCursor(c *store.Cursor) string {
	if c == nil {
		return ""
	}
	b, _ := json.Marshal(cursorJSON{T: c.CreatedAt.UTC(), I: c.ID}) // a time and a string always marshal.
	return base64.RawURLEncoding.EncodeToString(b)
}

func decodeCursor(s string) (store.Cursor, bool) {
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		return store.Cursor{}, false
	}
	var c cursorJSON
	if err := json.Unmarshal(b, &c); err != nil || c.T.IsZero() || !id.Valid(c.I) {
		return store.Cursor{}, false
	}
	return store.Cursor{CreatedAt: c.T.UTC(), ID: c.I}, true
}

// listBody is the shape of every list: {"items": [...], "nextCursor": "..."}.
type listBody[T any] struct {
	Items      []T    `json:"items"`
	NextCursor string `json:"nextCursor,omitempty" doc:"Pass as cursor to get the next page; absent on the last page."`
}

func listOf[S, T any](p app.Page[S], conv func(S) T) listBody[T] {
	items := make([]T, len(p.Items))
	for i, s := range p.Items {
		items[i] = conv(s)
	}
	return listBody[T]{Items: items, NextCursor: encodeCursor(p.Next)}
}
