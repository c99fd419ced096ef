package sqlstore

import (
	"encoding/json"
	"fmt"
	"time"
)

// timeLayout is how SQLite stores times: fixed width, so text order is time order.
const timeLayout = "2006-01-02T15:04:05.000000Z"

// FormatTime is the text form of a time on databases without a time type (SQLite).
func FormatTime(t time.Time) string { return t.UTC().Format(timeLayout) }

// norm is the time as every backend stores it: UTC, truncated to the microsecond.
func norm(t time.Time) time.Time { return t.UTC().Truncate(time.Microsecond) }

// normPtr normalizes *p in place when it is set.
func normPtr(p *time.Time) *time.Time {
	if p == nil {
		return nil
	}
	n := norm(*p)
	return &n
}

func (q querier) bindTime(t time.Time) any { return q.d.BindTime(norm(t)) }

func (q querier) bindTimePtr(t *time.Time) any {
	if t == nil {
		return nil
	}
	return q.bindTime(*t)
}

// bindJSON binds a document as text: SQLite would store a []byte as a BLOB, which its JSON
// functions read as binary JSONB.
func bindJSON(raw json.RawMessage) any { return string(raw) }

// timeCol scans a time column whatever the driver hands back: a time.Time (PostgreSQL) or its
// text form (SQLite).
type timeCol struct{ p *time.Time }

func (c timeCol) Scan(src any) error {
	t, err := parseTime(src)
	if err != nil {
		return err
	}
	*c.p = t
	return nil
}

// nullTimeCol scans a nullable time column.
type nullTimeCol struct{ p **time.Time }

func (c nullTimeCol) Scan(src any) error {
	if src == nil {
		*c.p = nil
		return nil
	}
	t, err := parseTime(src)
	if err != nil {
		return err
	}
	*c.p = &t
	return nil
}

func parseTime(src any) (time.Time, error) {
	switch v := src.(type) {
	case time.Time:
		return norm(v), nil
	case string:
		return parseTimeText(v)
	case []byte:
		return parseTimeText(string(v))
	}
	return time.Time{}, fmt.Errorf("scanning a time from %T", src)
}

func parseTimeText(s string) (time.Time, error) {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("parsing stored time %q: %w", s, err)
	}
	return norm(t), nil
}

// jsonCol scans a JSON column into a fresh copy of its text.
type jsonCol struct{ p *json.RawMessage }

func (c jsonCol) Scan(src any) error {
	switch v := src.(type) {
	case string:
		*c.p = json.RawMessage(v)
	case []byte:
		*c.p = append(json.RawMessage(nil), v...)
	default:
		return fmt.Errorf("scanning JSON from %T", src)
	}
	return nil
}

// nullJSONCol scans a nullable JSON column; NULL is a nil document.
type nullJSONCol struct{ p *json.RawMessage }

func (c nullJSONCol) Scan(src any) error {
	if src == nil {
		*c.p = nil
		return nil
	}
	return jsonCol(c).Scan(src)
}

// bindNullJSON binds a document that may be absent: nil (or empty) is NULL.
func bindNullJSON(raw json.RawMessage) any {
	if len(raw) == 0 {
		return nil
	}
	return string(raw)
}
