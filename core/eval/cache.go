package eval

import (
	"sync"

	"slrplay/core/diag"
	"slrplay/core/policy"
)

// Cache keeps the policies RunCase compiled, by their id, type and text, so
// that cases which repeat policies read and compile each of them once: the
// page decides its case again at every edit of the request, and the
// policies are nearly all of a decision's cost. Give it to RunCase in
// Options. It is safe for concurrent use.
type Cache struct {
	mu  sync.Mutex
	max int
	m   map[cacheKey]cached
}

type cacheKey struct {
	id   string
	t    policy.Type
	text string
}

type cached struct {
	p        *Policy
	findings diag.List
}

// NewCache makes a cache of at most max policies; when it is full, it
// starts again empty, so a stream of ever new policies never grows it.
func NewCache(max int) *Cache { return &Cache{max: max, m: map[cacheKey]cached{}} }

// prepare is PrepareJSON through the cache.
func (c *Cache) prepare(id string, raw string, t policy.Type) (*Policy, diag.List) {
	if c == nil {
		p, findings, _ := PrepareJSON(id, raw, t)
		return p, findings
	}
	key := cacheKey{id, t, raw}
	c.mu.Lock()
	hit, ok := c.m[key]
	c.mu.Unlock()
	if ok {
		return hit.p, hit.findings
	}
	p, findings, _ := PrepareJSON(id, raw, t)
	c.mu.Lock()
	if len(c.m) >= c.max {
		clear(c.m)
	}
	c.m[key] = cached{p, findings}
	c.mu.Unlock()
	return p, findings
}
