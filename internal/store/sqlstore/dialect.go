package sqlstore

import (
	"strconv"
	"strings"
	"time"
)

// Violation is the kind of constraint a failed write broke.
type Violation int

// The constraint violations a Dialect recognises.
const (
	NoViolation Violation = iota
	UniqueViolation
	ForeignKeyViolation
)

// Dialect is what differs between the SQL databases a DB runs on.
type Dialect struct {
	// Name names the database in error messages.
	Name string
	// DollarPlaceholders makes queries use $1, $2... instead of ?.
	DollarPlaceholders bool
	// BindTime turns a UTC, microsecond-truncated time into the value the driver binds.
	BindTime func(time.Time) any
	// LockSuffix ends a SELECT that must lock the row it reads until the transaction ends
	// (" FOR UPDATE"); empty when transactions are already exclusive.
	LockSuffix string
	// ILike is the case-insensitive LIKE operator.
	ILike string
	// Classify reports which constraint, if any, err says a write violated.
	Classify func(err error) Violation
	// InboxArms is the most (assignee, status) arms an inbox query of several assignees or
	// statuses is split into (a UNION ALL of ordered index scans, see inboxQuery); with more,
	// or with 1 or less, it is one IN query. BenchmarkInboxShape chose the values: PostgreSQL
	// merges the arms (Merge Append) and wins at every size tried; SQLite sorts them and pays
	// per arm, winning with two arms over a large range but losing with eight over small ones.
	InboxArms int
}

// rebind rewrites the ? placeholders of q for d. Queries of this package never contain a ?
// inside a string literal, so a plain scan is enough.
func (d *Dialect) rebind(q string) string {
	if !d.DollarPlaceholders {
		return q
	}
	var b strings.Builder
	b.Grow(len(q) + 16)
	n := 0
	for i := 0; i < len(q); i++ {
		if q[i] != '?' {
			b.WriteByte(q[i])
			continue
		}
		n++
		b.WriteByte('$')
		b.WriteString(strconv.Itoa(n))
	}
	return b.String()
}
