package compare

import (
	"bytes"
	"encoding/base64"
	"slices"
	"slrplay/core/internal/ipaddr"
	"strings"
	"time"

	"slrplay/core/policy"
)

// Numbers, dates, addresses, booleans and binary values are compared with
// the policy's constants only, so a few values decide them: each constant,
// one value strictly between each two neighbours, one below the least, one
// above the greatest, and one that does not read for the operator at all
// (it matches no constant). candidates lists them; the caller keeps one of
// each combination of outcomes, so no region is missed and none counted
// twice. Every candidate is checked to read as the operator reads it
// before it is offered.

// notAValue reads as no number, date, address, boolean or base64.
const notAValue = "x"

type num struct {
	text string
	d    policy.Decimal
}

func numberCandidates(consts []string) []string {
	var ps []*num // pointers: the page shares one copy of the sort code for them
	for _, s := range consts {
		if d, ok := policy.ParseNumber(s); ok {
			ps = append(ps, &num{s, d})
		}
	}
	slices.SortFunc(ps, func(a, b *num) int { return a.d.Cmp(b.d) })
	var ns []num
	for i, p := range ps {
		if i == 0 || p.d.Cmp(ps[i-1].d) != 0 {
			ns = append(ns, *p)
		}
	}
	out := []string{notAValue}
	ok := func(s string, lo, hi *policy.Decimal) bool {
		d, good := policy.ParseNumber(s)
		return good && (lo == nil || d.Cmp(*lo) > 0) && (hi == nil || d.Cmp(*hi) < 0)
	}
	pick := func(lo, hi *policy.Decimal, cands []string) {
		for _, c := range cands {
			if ok(c, lo, hi) {
				out = append(out, c)
				return
			}
		}
	}
	if len(ns) == 0 {
		return append(out, "0")
	}
	for i, n := range ns {
		out = append(out, n.text)
		if i+1 < len(ns) {
			pick(&ns[i].d, &ns[i+1].d, between(n, ns[i+1]))
		}
	}
	first, last := ns[0], ns[len(ns)-1]
	pick(nil, &first.d, append([]string{"0", "-1", "-1e308"}, negate(grow(abs(first.text), 1))))
	pick(&last.d, nil, []string{"0", "1", "1e308", grow(abs(last.text), 1)})
	return out
}

// between proposes numbers strictly between lo < hi, written as decimals:
// zero when the signs differ, else the one nearer zero with more digits.
func between(lo, hi num) []string {
	cands := []string{"0"}
	var zero policy.Decimal
	for z := 1; z <= 2*(len(lo.text)+len(hi.text))+4; z++ {
		if lo.d.Cmp(zero) >= 0 {
			cands = append(cands, grow(abs(lo.text), z)) // lo + a little
		}
		if hi.d.Cmp(zero) <= 0 {
			cands = append(cands, negate(grow(abs(hi.text), z))) // hi - a little
		}
	}
	return cands
}

// grow writes a non-negative number plus one unit in the z-th place after
// its last digit: "1.5" → "1.501" for z = 2, "1e3" → "1.01e3".
func grow(s string, z int) string {
	mant, exp := s, ""
	if i := strings.IndexAny(s, "eE"); i >= 0 {
		mant, exp = s[:i], s[i:]
	}
	if !strings.Contains(mant, ".") {
		mant += "."
	}
	return mant + strings.Repeat("0", z-1) + "1" + exp
}

func abs(s string) string { return strings.TrimLeft(s, "+-") }

func negate(s string) string { return "-" + s }

func dateCandidates(consts []string) []string {
	var pts []*time.Time
	texts := map[time.Time]string{}
	for _, s := range consts {
		if t, ok := policy.ParseDate(s); ok {
			t = t.UTC()
			if _, dup := texts[t]; !dup {
				texts[t] = s
				pts = append(pts, &t)
			}
		}
	}
	slices.SortFunc(pts, func(a, b *time.Time) int { return a.Compare(*b) })
	ts := make([]time.Time, len(pts))
	for i, t := range pts {
		ts[i] = *t
	}
	out := []string{notAValue}
	write := func(t time.Time, lo, hi *time.Time) {
		s := t.Format(time.RFC3339Nano)
		if d, ok := policy.ParseDate(s); ok && (lo == nil || d.After(*lo)) && (hi == nil || d.Before(*hi)) {
			out = append(out, s)
		}
	}
	if len(ts) == 0 {
		return append(out, "2026-01-01T00:00:00Z")
	}
	for i, t := range ts {
		out = append(out, texts[t])
		var hi *time.Time
		if i+1 < len(ts) {
			hi = &ts[i+1]
		}
		write(t.Add(time.Nanosecond), &ts[i], hi) // above the last too
	}
	write(ts[0].Add(-time.Nanosecond), nil, &ts[0])
	return out
}

func boolCandidates() []string { return []string{"true", "false", notAValue} }

func binaryCandidates(consts []string) []string {
	out := []string{notAValue}
	var have [][]byte
	for _, s := range consts {
		if b, ok := policy.ParseBinary(s); ok {
			out = append(out, s)
			have = append(have, b)
		}
	}
	// A value none of them is: one of the 257 strings of at most one byte.
	for n := -1; n < 256; n++ {
		b := []byte{}
		if n >= 0 {
			b = []byte{byte(n)}
		}
		if !slices.ContainsFunc(have, func(h []byte) bool { return bytes.Equal(h, b) }) {
			return append(out, base64.StdEncoding.EncodeToString(b))
		}
	}
	return out
}

// ipCandidates: for each block, an address in it and in none of the blocks
// inside it (blocks nest or are apart, so that address is in exactly the
// blocks around it); then an IPv4 and an IPv6 address in none.
func ipCandidates(consts []string) []string {
	var ps []ipaddr.Prefix
	for _, s := range consts {
		if p, ok := policy.ParseCIDR(s); ok {
			ps = append(ps, p)
		}
	}
	out := []string{notAValue}
	// An IPv4-mapped IPv6 address in a request is read as the IPv4 one.
	mapped := mustPrefix("::ffff:0:0/96")
	add := func(p ipaddr.Prefix) {
		var inner []ipaddr.Prefix
		for _, q := range ps {
			if q.Bits() > p.Bits() && p.Contains(q.Addr()) {
				inner = append(inner, q)
			}
		}
		if p.Addr().Is6() {
			inner = append(inner, mapped)
		}
		if a, ok := freeAddr(p, inner); ok {
			out = append(out, a.String())
		}
	}
	for _, p := range ps {
		add(p)
	}
	ps = append(ps, mustPrefix("0.0.0.0/0"), mustPrefix("::/0"))
	add(mustPrefix("0.0.0.0/0"))
	add(mustPrefix("::/0"))
	return out
}

// freeAddr finds an address of p in none of the blocks of avoid.
func freeAddr(p ipaddr.Prefix, avoid []ipaddr.Prefix) (ipaddr.Addr, bool) {
	var inside []ipaddr.Prefix
	for _, q := range avoid {
		switch {
		case q.Bits() <= p.Bits() && q.Contains(p.Addr()):
			return ipaddr.Addr{}, false
		case p.Contains(q.Addr()):
			inside = append(inside, q)
		}
	}
	if len(inside) == 0 {
		return p.Addr(), true
	}
	if p.Bits() == p.Addr().BitLen() {
		return ipaddr.Addr{}, false
	}
	lo := ipaddr.PrefixFrom(p.Addr(), p.Bits()+1)
	hi := ipaddr.PrefixFrom(p.Addr().WithBit(p.Bits()), p.Bits()+1)
	if a, ok := freeAddr(lo, inside); ok {
		return a, true
	}
	return freeAddr(hi, inside)
}

// matchValue reports whether the request value v matches a condition's
// policy value pv by the operator's comparison, before negation, as
// core/eval compares them (non-string types).
func matchValue(op policy.Operator, v, pv string) bool {
	switch op.Type {
	case policy.OpNumeric:
		n, ok1 := policy.ParseNumber(v)
		m, ok2 := policy.ParseNumber(pv)
		return ok1 && ok2 && op.Cmp.Holds(n.Cmp(m))
	case policy.OpDate:
		t, ok1 := policy.ParseDate(v)
		u, ok2 := policy.ParseDate(pv)
		return ok1 && ok2 && op.Cmp.Holds(t.Compare(u))
	case policy.OpBool:
		b, ok1 := policy.ParseBool(v)
		c, ok2 := policy.ParseBool(pv)
		return ok1 && ok2 && b == c
	case policy.OpIP:
		p, ok := policy.ParseCIDR(pv)
		a, valid := ipaddr.ParseAddr(v)
		return ok && valid && p.Contains(a.Unmap())
	case policy.OpBinary:
		b, ok1 := policy.ParseBinary(v)
		c, ok2 := policy.ParseBinary(pv)
		return ok1 && ok2 && bytes.Equal(b, c)
	}
	return false
}

// readable reports whether a policy value reads for the operator.
func readable(t policy.OpType, s string) bool {
	var ok bool
	switch t {
	case policy.OpNumeric:
		_, ok = policy.ParseNumber(s)
	case policy.OpDate:
		_, ok = policy.ParseDate(s)
	case policy.OpBool, policy.OpNull:
		_, ok = policy.ParseBool(s)
	case policy.OpIP:
		_, ok = policy.ParseCIDR(s)
	case policy.OpBinary:
		_, ok = policy.ParseBinary(s)
	default:
		ok = true
	}
	return ok
}

// mustPrefix reads a CIDR block written in this file.
func mustPrefix(s string) ipaddr.Prefix {
	p, ok := ipaddr.ParsePrefix(s)
	if !ok {
		panic("compare: bad block " + s)
	}
	return p
}
