// Package id makes the application's record ids.
//
// Ids are cuid-style (SPEC §2): a lowercase letter, then base-36 digits of the time, a per-process
// counter and random bits. They sort roughly by creation time, are safe in URLs and JSON, and need
// no coordination between processes. A dedicated library would add a dependency for twenty lines.
package id

import (
	"crypto/rand"
	"encoding/binary"
	"strconv"
	"strings"
	"sync/atomic"
	"time"
)

// Length is the length of every id New returns.
const Length = 25

var counter atomic.Uint32

// New returns a fresh id of Length characters, for example "cmiflq3x40001a8k2m3n4p5q6".
func New() string {
	var b strings.Builder
	b.Grow(Length)
	b.WriteByte('c')
	b.WriteString(pad(strconv.FormatInt(time.Now().UnixMilli(), 36), 9))
	b.WriteString(pad(strconv.FormatUint(uint64(counter.Add(1)%(36*36*36*36)), 36), 4))
	var r [8]byte
	_, _ = rand.Read(r[:]) // crypto/rand.Read never fails on supported platforms.
	b.WriteString(pad(strconv.FormatUint(binary.BigEndian.Uint64(r[:])%maxRandom, 36), 11))
	return b.String()
}

// maxRandom is 36^11, the number of values 11 base-36 digits hold.
const maxRandom = 131621703842267136

// Valid reports whether s has the shape of an id New makes; the API uses it to answer a malformed
// path id with 404 before touching the database.
func Valid(s string) bool {
	if len(s) != Length || s[0] < 'a' || s[0] > 'z' {
		return false
	}
	for i := 1; i < len(s); i++ {
		c := s[i]
		if (c < '0' || c > '9') && (c < 'a' || c > 'z') {
			return false
		}
	}
	return true
}

func pad(s string, n int) string {
	if len(s) >= n {
		return s[len(s)-n:]
	}
	return strings.Repeat("0", n-len(s)) + s
}
