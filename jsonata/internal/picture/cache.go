package picture

import (
	"strconv"
	"strings"
	"sync"
)

// cacheSize bounds each cache of analysed pictures. Expressions use few
// distinct pictures, but pictures can be computed from data, so the caches
// must not grow without limit.
const cacheSize = 256

// pictureCache memoises picture analysis (including failed analysis) for
// concurrent callers. Cached values are immutable once stored.
type pictureCache[V any] struct {
	mu sync.Mutex
	m  map[string]cacheEntry[V]
}

type cacheEntry[V any] struct {
	v   V
	err error
}

func (c *pictureCache[V]) get(key string, build func() (V, error)) (V, error) {
	c.mu.Lock()
	e, ok := c.m[key]
	c.mu.Unlock()
	if ok {
		return e.v, e.err
	}
	v, err := build()
	c.mu.Lock()
	if c.m == nil {
		c.m = make(map[string]cacheEntry[V], cacheSize)
	}
	if len(c.m) >= cacheSize {
		// Evict an arbitrary entry: map iteration order is unspecified,
		// which is good enough for a bound, and needs no bookkeeping.
		for k := range c.m {
			delete(c.m, k)
			break
		}
	}
	c.m[key] = cacheEntry[V]{v, err}
	c.mu.Unlock()
	return v, err
}

var (
	integerCache pictureCache[*integerFormat]
	numberCache  pictureCache[*numberFormat]
	// defaultNumberCache serves the common no-options call without
	// building a composite key.
	defaultNumberCache pictureCache[*numberFormat]
	dateTimeCache      pictureCache[*dateTimeFormat]
	parserCache        pictureCache[*dateTimeParser]
)

func cachedInteger(picture string) (*integerFormat, error) {
	return integerCache.get(picture, func() (*integerFormat, error) { return analyseInteger(picture) })
}

func cachedNumber(picture string, df DecimalFormat) (*numberFormat, error) {
	if df == DefaultDecimalFormat() {
		return defaultNumberCache.get(picture, func() (*numberFormat, error) { return analyseNumber(picture, df) })
	}
	return numberCache.get(numberKey(picture, df), func() (*numberFormat, error) { return analyseNumber(picture, df) })
}

func cachedDateTime(picture string) (*dateTimeFormat, error) {
	return dateTimeCache.get(picture, func() (*dateTimeFormat, error) { return analyseDateTime(picture) })
}

func cachedParser(picture string) (*dateTimeParser, error) {
	return parserCache.get(picture, func() (*dateTimeParser, error) { return newDateTimeParser(picture) })
}

// numberKey identifies a picture together with its decimal format; each
// part is length-prefixed so no choice of properties can collide.
func numberKey(picture string, df DecimalFormat) string {
	var b strings.Builder
	for _, s := range []string{df.DecimalSeparator, df.GroupingSeparator, df.ExponentSeparator, df.MinusSign,
		df.Infinity, df.NaN, df.Percent, df.PerMille, df.ZeroDigit, df.Digit, df.PatternSeparator, picture} {
		b.WriteString(strconv.Itoa(len(s)))
		b.WriteByte(':')
		b.WriteString(s)
	}
	return b.String()
}
