// Package picture implements the XPath/XQuery F&O 3.1 picture-string
// formatting and parsing that JSONata 2.x exposes as $formatInteger,
// $parseInteger, $formatNumber, $formatBase, $fromMillis and $toMillis.
//
// Every function is pure and safe for concurrent use. The only shared state
// is a bounded, mutex-guarded cache of analysed pictures (256 per kind), so
// a picture is parsed once however often an expression runs. No input makes
// a function panic; widths taken from pictures are capped at 1000.
//
// # API for the JSONata engine
//
//	FormatInteger(n float64, picture string) (string, error)
//	    $formatInteger. n is rounded down (Math.floor), as jsonata-js does.
//	ParseInteger(s, picture string) (value float64, ok bool, err error)
//	    $parseInteger. ok == false: s is not in the picture's format, which
//	    maps to JSONata undefined; err is set only for an unusable picture.
//	FormatNumber(x float64, picture string, opts *DecimalFormat) (string, error)
//	    $formatNumber. opts nil means the defaults. For an options object,
//	    start from DefaultDecimalFormat() and call opts.Set(key, value) for
//	    each string-valued entry ("decimal-separator", "per-mille", ...);
//	    Set reports false for names that are not properties (ignore them,
//	    as jsonata-js does).
//	FormatBase(x, radix float64) (string, error)
//	    $formatBase; the engine passes radix 10 when it is absent.
//	FormatDateTime(millis int64, picture, timezone string) (string, error)
//	    $fromMillis. picture "" means ISO 8601 ("2017-11-07T15:07:54.972Z",
//	    or "...+05:30" with a timezone); timezone "" means UTC, otherwise
//	    "±HHMM" as in jsonata-js.
//	ParseDateTime(s, picture string, now int64) (millis int64, ok bool, err error)
//	    $toMillis. picture "" means ISO 8601. ok == false maps to undefined.
//	    now is the evaluation's fixed $now() in epoch milliseconds: a
//	    picture that gives only a time ("[H]:[m]") takes the date from it.
//
// The engine handles undefined arguments itself (all six return undefined
// for an undefined first argument) and converts JSON numbers to int64
// milliseconds for FormatDateTime.
//
// # Errors
//
// Failures are *Error values whose Code is the JSONata error code jsonata-js
// raises for the same input, so the engine can report it unchanged:
// D3080-D3093 for format-number pictures, D3100 for a bad radix, D3110 for
// a timestamp that is not ISO 8601, D3130 (unsupported numbering sequence),
// D3131 (mixed digit families), D3132 (unknown date/time component), D3133
// (component that cannot be a name), D3134 (timezone with more than four
// digits, and here also a timezone argument that is not a number), D3135
// (unclosed marker) and D3136 (a date/time picture with gaps, or a week
// date, which cannot be parsed). Value holds the offending token when there
// is one.
//
// # Differences from jsonata-js
//
// Where jsonata-js crashes, loops or returns NaN, this package chooses:
// format-number with NaN or infinity follows F&O (the NaN and infinity
// strings); a negative or zero number with an exponent picture is formatted
// (jsonata-js loops forever); "[f]" fractional seconds are a decimal
// fraction both ways ("[f1]" writes 500 ms as "5" and reads "01987" as
// 19 ms, which the suite expects); month, day and am/pm names are read in
// any case; negative half-hour timezones ("-0530") keep their minutes
// negative; two-digit years are read as written (jsonata-js's Date.UTC makes
// 18 into 1918); ISO 8601 date-times without an offset are UTC, not the
// host's local time; a date/time given by day of year may also have a time;
// roman numerals from 100000 up and infinite values in letters or words are
// written in decimal digits; ParseInteger reports no match instead of NaN;
// grouping separators beyond a number's digits are dropped, not prepended.
// ISO week dates and week-of-month dates cannot be parsed (D3136), exactly as
// in jsonata-js.
package picture
