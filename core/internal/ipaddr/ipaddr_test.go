package ipaddr

import (
	"encoding/binary"
	"net/netip"
	"testing"
)

// corpus is text at the edges of both address families' forms.
var corpus = []string{
	"", ".", ":", "::", ":::", "%", "%eth0", "0.0.0.0", "1.2.3.4", "255.255.255.255", "256.1.1.1", "01.2.3.4",
	"1.2.3", "1.2.3.4.", "1.2.3.4.5", "1..3.4", ".1.2.3", "1.2.3.-4", "1.2.3.4%eth0", "1.2.3.04", "1.2.3.0",
	"203.0.113.9", "203.0.113.0", "::1", "::", "::%eth0", "fe80::1%eth0", "fe80::1%", "fe80::1%%", "FE80::A",
	"2001:db8::", "2001:db8::1", "2001:0db8:0000:0000:0000:0000:0000:0001", "2001:db8:0:0:0:0:0:1:2",
	"2001:db8:0:0:0:0:0:1", "2001:db8::0:0:0:0:0:1", "1:2:3:4:5:6:7::", "::1:2:3:4:5:6:7", "1::2::3",
	"12345::", "1:2", "1:", ":1", "1:2:3:4:5:6:7:8:", "g::", "::ffff:203.0.113.9", "::ffff:203.0.113.0",
	"::ffff:cb00:7109", "::203.0.113.9", "1:2:3:4:5:6:1.2.3.4", "1:2:3:4:5:6:7:1.2.3.4", "1:2:3:4:5::1.2.3.4",
	"::ffff:1.2.3", "::ffff:1.2.3.4.5", "::ffff:01.2.3.4", "::1.2.3.4%eth0", "::ffff:1.2.3.4%eth0",
	"::ffff:1234.1.1.1", "::a.b.c.d", "1.2.3.4::", "::ffff:0:0", "0:0:0:0:0:ffff:102:304",
}

var prefixCorpus = []string{
	"", "/", "1.2.3.4/", "1.2.3.4/0", "1.2.3.4/8", "1.2.3.4/32", "1.2.3.4/33", "1.2.3.4/-1", "1.2.3.4/+8",
	"1.2.3.4/08", "1.2.3.4/00", "1.2.3.4/ 8", "203.0.113.0/24", "203.0.113.77/24", "::/0", "::1/128",
	"::1/129", "2001:db8::/32", "2001:db8::1/64", "fe80::1%eth0/64", "::ffff:203.0.113.0/120",
	"::ffff:203.0.113.0/96", "::ffff:203.0.113.0/95", "::ffff:0:0/96", "1.2.3.4/99999999999999999999",
	"1.2.3.4/1/2", "::/64", "8000::/1", "ffff:ffff::/33", "203.0.113.9", "1.2.3.4/31", "1.2.3.4/1",
}

func sameAddr(a Addr, n netip.Addr) bool {
	if a.BitLen() != n.BitLen() || a.zoned != (n.Zone() != "") || a.Is4In6() != n.Is4In6() {
		return false
	}
	switch a.BitLen() {
	case 32:
		return a.hi == 0 && a.lo == uint64(binary.BigEndian.Uint32(n.AsSlice()))
	case 128:
		b := n.As16()
		return a.hi == binary.BigEndian.Uint64(b[:8]) && a.lo == binary.BigEndian.Uint64(b[8:])
	}
	return a == Addr{}
}

// check compares ParseAddr, Unmap and ParsePrefix, Masked and Contains with
// netip's on s and t.
func check(t *testing.T, s, u string) {
	a, ok := ParseAddr(s)
	na, err := netip.ParseAddr(s)
	if ok != (err == nil) || !sameAddr(a, na) {
		t.Fatalf("ParseAddr(%q) = %+v, %v; netip: %v, %v", s, a, ok, na, err)
	}
	if !sameAddr(a.Unmap(), na.Unmap()) {
		t.Fatalf("ParseAddr(%q).Unmap() = %+v; netip: %v", s, a.Unmap(), na.Unmap())
	}
	p, ok := ParsePrefix(s)
	np, err := netip.ParsePrefix(s)
	if ok != (err == nil) || p.Bits() != np.Bits() || ok && !sameAddr(p.Addr(), np.Addr()) {
		t.Fatalf("ParsePrefix(%q) = %+v, %v; netip: %v, %v", s, p, ok, np, err)
	}
	if m, nm := p.Masked(), np.Masked(); m.Bits() != nm.Bits() || ok && !sameAddr(m.Addr(), nm.Addr()) {
		t.Fatalf("ParsePrefix(%q).Masked() = %+v; netip: %v", s, m, nm)
	}
	if q, nq := PrefixFrom(a, a.BitLen()), netip.PrefixFrom(na, na.BitLen()); q.Bits() != nq.Bits() {
		t.Fatalf("PrefixFrom(%q) = %+v; netip: %v", s, q, nq)
	}
	if ok := a.IsValid() && !a.zoned; ok && a.String() != na.String() {
		t.Fatalf("ParseAddr(%q).String() = %q; netip: %q", s, a, na)
	}
	if a.IsValid() && !a.zoned {
		b := na.AsSlice()
		for i := range a.BitLen() {
			c := append([]byte(nil), b...)
			c[i/8] |= 0x80 >> (i % 8)
			nc, _ := netip.AddrFromSlice(c)
			if got := a.WithBit(i); !sameAddr(got, nc) || got.Is6() != nc.Is6() || got.String() != nc.String() {
				t.Fatalf("ParseAddr(%q).WithBit(%d) = %v; netip: %v", s, i, got, nc)
			}
		}
	}
	b, _ := ParseAddr(u)
	nb, _ := netip.ParseAddr(u)
	for _, c := range []struct {
		p  Prefix
		np netip.Prefix
	}{{p, np}, {p.Masked(), np.Masked()}, {PrefixFrom(a, a.BitLen()), netip.PrefixFrom(na, na.BitLen())}} {
		for _, x := range []struct {
			a  Addr
			na netip.Addr
		}{{b, nb}, {b.Unmap(), nb.Unmap()}, {a, na}} {
			if got, want := c.p.Contains(x.a), c.np.Contains(x.na); got != want {
				t.Fatalf("%v.Contains(%v) = %v; netip: %v", c.np, x.na, got, want)
			}
		}
	}
}

func TestAgainstNetip(t *testing.T) {
	all := append(append([]string{}, corpus...), prefixCorpus...)
	for _, s := range all {
		for _, u := range all {
			check(t, s, u)
		}
	}
}

func TestZeroPrefixIsNone(t *testing.T) {
	a, _ := ParseAddr("1.2.3.4")
	if p := (Prefix{}); p.Bits() != -1 || p.Contains(a) || p.Contains(Addr{}) {
		t.Errorf("the zero Prefix is a block: %d bits", p.Bits())
	}
}

func FuzzAgainstNetip(f *testing.F) {
	for i, s := range corpus {
		f.Add(s, prefixCorpus[i%len(prefixCorpus)])
		f.Add(prefixCorpus[i%len(prefixCorpus)], s)
	}
	f.Fuzz(check)
}
