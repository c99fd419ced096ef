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
// The suite cases all behave as in jsonata-js 2.2.2, and a differential run
// of some 3,600 further inputs against it found only these deliberate
// differences, each where jsonata-js crashes, loops, or gives output that
// contradicts F&O:
//
//   - Irregular grouping separators beyond a number's digits are dropped;
//     jsonata-js prepends them and loses digits ("#:###,##0" with 1000 gives
//     ",:00" there, "1,000" here).
//   - Roman numerals are used below 100000; larger numbers, and infinities
//     in letters or words, are written in decimal digits (jsonata-js writes
//     thousands of "M"s or overflows its stack).
//   - format-number: NaN and infinities use the NaN and infinity strings;
//     negative numbers and zero work with exponent pictures (jsonata-js
//     loops forever); the mantissa stays below 10^n also after rounding, so
//     99.99 with "0.0e0" is "1.0e2" (jsonata-js: "10.0e1") and 1 with
//     "#.00e0" is "0.10e1" (jsonata-js: "1.00e0").
//   - format-number pictures are checked with jsonata-js's rules, in its
//     order, reporting the last rule broken (D3080-D3093, including its fix
//     for pictures with no active character: "%%" is D3086); a sample of
//     some 5,600 pictures agrees code for code
//     (testdata/formatnumber-jsonata-js.tsv). One exception: for a picture
//     with both a prefix and an exponent, jsonata-js finds the exponent
//     separator's offset in the whole picture but cuts the active part with
//     it, so it misplaces the mantissa/exponent split by the prefix's length
//     ("$0.0e0" is D3093 there); here the split is at the separator, so
//     1234 with "$0.0e0" is "$1.2e3".
//   - Timezones: "-0930" means minus nine and a half hours; jsonata-js reads
//     it as minus ten and a half. When parsing, "-05:30" likewise.
//   - Fractional seconds are a decimal fraction both ways: "[f1]" writes
//     500 ms as "5" and "[f01]" writes hundredths, so that $toMillis reads
//     back what $fromMillis writes; jsonata-js writes whole milliseconds
//     ("500") but reads a fraction ("01987" is 19 ms), which the suite
//     expects. "[f001]" (the ISO default) is the same in both.
//   - Parsing reads month, day and am/pm names in any case (jsonata-js
//     fails on "MARCH" although "[MN]" writes it); a name that is not a
//     month or day is no match; a date given by day of year may also have a
//     time (jsonata-js raises D3136); a two-digit year stays year 18 (not
//     1918); components too large for a date are no match.
//   - ISO 8601 input: a date-time without an offset is UTC, not the host's
//     local time; impossible dates ("2017-02-30", month 13) are D3110
//     (Date.parse gives March 2 and NaN).
//   - Parsing reads every timezone form the formatter writes: "Z" for a
//     "t" marker and "+5:30" for "[Z0]", which jsonata-js rejects.
//   - ParseInteger reports no match for text that is not in the picture's
//     format, where jsonata-js returns NaN or the leading digits; words
//     such as "one thousand, two hundred and thirty-four trillion" read
//     back as written (jsonata-js adds the thousand instead of multiplying
//     it).
//
// ISO week dates ({X, W, F}) and week-of-month dates cannot be parsed
// (D3136), exactly as in jsonata-js.
package picture
