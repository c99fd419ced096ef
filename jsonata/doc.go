// Package jsonata is a JSONata 2.x engine in pure Go, written to behave
// like the reference implementation jsonata-js 2.x: it passes the official
// test suite (see conformance_test.go and testdata/exceptions.txt).
//
// # Use
//
// Compile an expression once and evaluate it many times, from any number
// of goroutines: an *Expression is immutable and every evaluation has its
// own state.
//
//	e, err := jsonata.Compile(`orders[total > 100].id`)
//	res, err := e.Evaluate(ctx, input, jsonata.WithBindings(vars))
//
// # Values
//
// Evaluate accepts what encoding/json produces (map[string]any, []any,
// float64, string, bool, nil), json.Number, Go integers, *Object (the
// ordered object ParseJSON produces) and *Input (a document converted once
// with NewInput, to evaluate several expressions against it without
// converting it each time). Other Go values go through encoding/json.
//
// Results use the same shapes, except that every object is an *Object,
// whose MarshalJSON prints its keys in the engine's order, and functions
// become "" (as JSON.stringify does in jsonata-js). JSON null is a nil
// result with a nil error. "No value" (JSONata's undefined) is reported as
// the error ErrUndefined, so callers cannot mistake it for null.
//
// # Determinism
//
// Evaluation is deterministic, so it can run inside replayed workflows:
// objects keep insertion order (ParseJSON keeps document order); objects
// given as map[string]any are read in sorted key order; objects built by
// the object constructor or grouping order their keys as JavaScript does
// (array-index keys first, ascending, then insertion order). $now and
// $millis read the clock given with WithClock, once per evaluation, and
// $random and $shuffle use the source given with WithRandom (without them,
// the wall clock and math/rand/v2, which are not deterministic).
//
// # Limits
//
// Every evaluation is bounded, and each limit has its own error code:
//
//	U1001  the context is cancelled or its deadline passes (checked every
//	       256 evaluation steps, and in the long loops of the library). The
//	       jsonata-js test harness uses U1001 for its time limit too.
//	U1002  evaluation nests deeper than WithMaxDepth (default 1000), or an
//	       expression nests deeper than 2000 levels when it is compiled.
//	       Tail calls do not nest: they run in a loop.
//	U1003  a sequence or array would exceed WithMaxItems items
//	       (default 1,000,000) or a string WithMaxBytes bytes (default
//	       10,000,000); or, since values may share structure and results
//	       may be many, everything an evaluation builds, and any one walk
//	       over a value, exceeds 16 times those limits; or a regex match
//	       would cost more than 2^28 steps (subject length times program
//	       size), since Go's regexp cannot be cancelled.
//	U1004  the evaluation takes more steps than WithMaxSteps (default: no
//	       limit). A step is one expression node evaluated, one tail call,
//	       or one comparison of $distinct. Unlike a deadline it stops an
//	       evaluation at the same point on every run, as replayed workflow
//	       code needs.
//	U1000  an internal error (a recovered panic): a bug, reported instead
//	       of crashing the caller.
//
// The range operator keeps its own jsonata-js limit of 1e7 items (D2014).
//
// # Differences from jsonata-js
//
//   - Regular expressions use Go's RE2 syntax, which runs in linear time
//     (no catastrophic backtracking) but has no look-around and no
//     back-references: such a regex fails to compile with S0303. \s, \w
//     and \d are ASCII classes.
//   - Strings are UTF-8. Error positions and $match indexes are reported in
//     UTF-16 code units, and $length, $substring and $pad count code
//     points, all as in jsonata-js. A lone
//     UTF-16 surrogate (for example "\uD800") cannot be represented and
//     becomes U+FFFD.
//   - jsonata-js calls a partially applied built-in function without
//     checking its signature, so arguments of the wrong type reach the
//     implementation and usually give undefined (sometimes a JavaScript
//     TypeError). Here such a call gives undefined, always.
//   - Error messages are not word for word those of jsonata-js; codes are.
//   - $distinct is quadratic in the length of its argument, as in
//     jsonata-js (it compares values deeply).
package jsonata
