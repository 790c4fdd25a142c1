package shortlink

import (
	"net/netip"
	"sync"
	"time"
)

// Rate is how many POSTs one client may make: Burst at once, then one
// every Every. The zero Rate sets no limit.
type Rate struct {
	Burst int
	Every time.Duration
}

// DefaultRate lets a class of 30 behind one address share a scenario each
// at the same moment, then the class three a minute (README.md has the
// numbers against the free plan's 1,000 KV writes a day).
var DefaultRate = Rate{Burst: 30, Every: 20 * time.Second}

// maxClients bounds the clients a limiter remembers (about 50 bytes each).
const maxClients = 10_000

// limiter keeps a Rate per client in memory, as a generic cell rate
// algorithm: a client's entry is the time at which its bucket is full
// again, so a client not seen for Burst·Every needs no entry at all. It
// guarantees the rate within one program, that is one Workers isolate;
// nothing is shared between isolates.
type limiter struct {
	rate Rate
	now  func() time.Time

	mu   sync.Mutex
	full map[string]time.Time
}

func newLimiter(rate Rate) *limiter {
	return &limiter{rate: rate, now: time.Now, full: map[string]time.Time{}}
}

// allow takes one request of client from its bucket; when the bucket is
// empty it takes nothing and says how long until it is not.
func (l *limiter) allow(client string) (ok bool, retryAfter time.Duration) {
	if l == nil || l.rate.Burst <= 0 {
		return true, 0
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	full, seen := l.full[client]
	if full.Before(now) {
		full = now
	}
	if wait := full.Sub(now) - time.Duration(l.rate.Burst-1)*l.rate.Every; wait > 0 {
		return false, wait
	}
	if !seen && len(l.full) >= maxClients {
		l.forget(now)
	}
	l.full[client] = full.Add(l.rate.Every)
	return true, 0
}

// forget drops the clients whose buckets are full again, which is the
// same as not knowing them; if every one is still busy (many addresses
// at once), it drops them all, so that memory stays bounded at the price
// of a fresh burst for each.
func (l *limiter) forget(now time.Time) {
	for c, full := range l.full {
		if !full.After(now) {
			delete(l.full, c)
		}
	}
	if len(l.full) >= maxClients {
		clear(l.full)
	}
}

// clientOf names a request's client by its address: the edge's
// CF-Connecting-IP (which a client cannot set on Cloudflare), else the
// connection's. An IPv6 client has a /64 to itself, so it counts as one.
func clientOf(connectingIP, remoteAddr string) string {
	s := connectingIP
	if s == "" {
		s = remoteAddr
		if ap, err := netip.ParseAddrPort(remoteAddr); err == nil {
			s = ap.Addr().String()
		}
	}
	addr, err := netip.ParseAddr(s)
	if err != nil {
		return s
	}
	if addr = addr.Unmap().WithZone(""); addr.Is6() {
		p, _ := addr.Prefix(64)
		return p.String()
	}
	return addr.String()
}
