// Package ipaddr reads IP addresses and CIDR blocks exactly as net/netip
// does, for the IpAddress condition operators, and tests whether a block
// holds an address. It is what the core needs of netip, without netip's
// interned zones: they link package unique (with its concurrent map and weak
// pointers), 30 KB of the page's WebAssembly gzipped. The tests check it
// against netip.
package ipaddr

import (
	"strconv"
	"strings"
)

// Addr is an IPv4 or IPv6 address; the zero Addr is none.
type Addr struct {
	hi, lo uint64 // the 128 bits; an IPv4 address in the low 32
	bits   uint8  // 32 for IPv4, 128 for IPv6, 0 for none
	zoned  bool   // IPv6 written with a zone (fe80::1%eth0)
}

// Prefix is a CIDR block: an address and how many of its leading bits count.
type Prefix struct {
	addr Addr
	n    uint8 // the length plus one; 0 (the zero Prefix): no block
}

// ParseAddr reads an address as netip.ParseAddr does: IPv4 as four decimal
// fields from 0 to 255 without leading zeros; IPv6 in RFC 4291's text form,
// with at most one "::", an IPv4 tail, and a zone after '%'.
func ParseAddr(s string) (Addr, bool) {
	switch i := strings.IndexAny(s, ".:%"); {
	case i < 0 || s[i] == '%':
		return Addr{}, false
	case s[i] == '.':
		if v4, ok := parse4(s); ok {
			return Addr{lo: uint64(v4), bits: 32}, true
		}
		return Addr{}, false
	}
	return parse6(s)
}

// parse4 reads a dotted IPv4 address.
func parse4(s string) (uint32, bool) {
	var v uint32
	for n := range 4 {
		field, rest, more := strings.Cut(s, ".")
		if more != (n < 3) || field == "" || len(field) > 3 || len(field) > 1 && field[0] == '0' {
			return 0, false
		}
		b := 0
		for _, c := range []byte(field) {
			if c < '0' || c > '9' {
				return 0, false
			}
			b = b*10 + int(c-'0')
		}
		if b > 255 {
			return 0, false
		}
		v, s = v<<8|uint32(b), rest
	}
	return v, true
}

// parse6 reads an IPv6 address, as netip's parseIPv6.
func parse6(s string) (Addr, bool) {
	zoned := false
	if i := strings.IndexByte(s, '%'); i >= 0 {
		if i == len(s)-1 {
			return Addr{}, false
		}
		s, zoned = s[:i], true
	}
	var ip [16]byte
	ellipsis := -1 // where "::" stands, in bytes
	i := 0
	if strings.HasPrefix(s, "::") {
		ellipsis, s = 0, s[2:]
	}
	for i < 16 && s != "" {
		n, group := 0, 0
		for ; n < len(s) && n <= 4; n++ {
			d := hexDigit(s[n])
			if d < 0 {
				break
			}
			group = group<<4 | d
		}
		if n == 0 || n > 4 {
			return Addr{}, false
		}
		if n < len(s) && s[n] == '.' { // an IPv4 tail: the last 4 bytes
			v4, ok := parse4(s)
			if !ok || ellipsis < 0 && i != 12 || i > 12 {
				return Addr{}, false
			}
			ip[i], ip[i+1], ip[i+2], ip[i+3] = byte(v4>>24), byte(v4>>16), byte(v4>>8), byte(v4)
			i, s = i+4, ""
			break
		}
		ip[i], ip[i+1] = byte(group>>8), byte(group)
		i, s = i+2, s[n:]
		if s == "" {
			break
		}
		if s[0] != ':' || len(s) == 1 {
			return Addr{}, false
		}
		if s = s[1:]; s[0] == ':' {
			if ellipsis >= 0 {
				return Addr{}, false
			}
			ellipsis, s = i, s[1:]
		}
	}
	switch {
	case s != "":
		return Addr{}, false
	case i < 16:
		if ellipsis < 0 {
			return Addr{}, false
		}
		n := 16 - i
		copy(ip[ellipsis+n:], ip[ellipsis:i])
		clear(ip[ellipsis : ellipsis+n])
	case ellipsis >= 0: // "::" stands for at least one group
		return Addr{}, false
	}
	a := Addr{bits: 128, zoned: zoned}
	for k := range 8 {
		a.hi, a.lo = a.hi<<8|uint64(ip[k]), a.lo<<8|uint64(ip[k+8])
	}
	return a, true
}

func hexDigit(c byte) int {
	switch {
	case '0' <= c && c <= '9':
		return int(c - '0')
	case 'a' <= c && c <= 'f':
		return int(c-'a') + 10
	case 'A' <= c && c <= 'F':
		return int(c-'A') + 10
	}
	return -1
}

// IsValid reports whether a is an address, not the zero Addr.
func (a Addr) IsValid() bool { return a.bits != 0 }

// BitLen is 32 for IPv4, 128 for IPv6, 0 for none.
func (a Addr) BitLen() int { return int(a.bits) }

// Is4In6 reports whether a is an IPv4-mapped IPv6 address (::ffff:a.b.c.d).
func (a Addr) Is4In6() bool { return a.bits == 128 && a.hi == 0 && a.lo>>32 == 0xffff }

// Unmap returns the IPv4 address an IPv4-mapped one maps (without its
// zone), and any other address as it is.
func (a Addr) Unmap() Addr {
	if a.Is4In6() {
		return Addr{lo: a.lo & 0xffffffff, bits: 32}
	}
	return a
}

// ParsePrefix reads a CIDR block as netip.ParsePrefix does: an address
// without a zone, '/', and a decimal length without a sign or leading zeros
// up to the address's bit length. Bits after the length are kept (see Masked).
func ParsePrefix(s string) (Prefix, bool) {
	i := strings.LastIndexByte(s, '/')
	if i < 0 {
		return Prefix{}, false
	}
	a, ok := ParseAddr(s[:i])
	digits := s[i+1:]
	if !ok || a.zoned || len(digits) > 1 && (digits[0] < '1' || digits[0] > '9') {
		return Prefix{}, false
	}
	bits, err := strconv.Atoi(digits)
	if err != nil || bits < 0 || bits > a.BitLen() {
		return Prefix{}, false
	}
	return PrefixFrom(a, bits), true
}

// PrefixFrom is the block of a's first bits bits, a without its zone; with a
// length out of range, no block.
func PrefixFrom(a Addr, bits int) Prefix {
	if !a.IsValid() || bits < 0 || bits > a.BitLen() {
		return Prefix{}
	}
	a.zoned = false
	return Prefix{a, uint8(bits + 1)}
}

// Addr is the block's address as written.
func (p Prefix) Addr() Addr { return p.addr }

// Bits is the block's length, -1 for none.
func (p Prefix) Bits() int { return int(p.n) - 1 }

// mask is the block's bits of an address's 128.
func (p Prefix) mask() (hi, lo uint64) {
	n := p.Bits() + 128 - p.addr.BitLen() // of the 128
	switch {
	case n >= 128:
		return ^uint64(0), ^uint64(0)
	case n >= 64:
		return ^uint64(0), ^(^uint64(0) >> (n - 64))
	}
	return ^(^uint64(0) >> n), 0
}

// Masked is the block with the bits after its length cleared.
func (p Prefix) Masked() Prefix {
	if p.n == 0 {
		return p
	}
	hi, lo := p.mask()
	p.addr.hi &= hi
	p.addr.lo &= lo
	return p
}

// Contains reports whether the block holds a: an address of the same family
// and without a zone, whose leading bits are the block's.
func (p Prefix) Contains(a Addr) bool {
	if p.n == 0 || a.zoned || !a.IsValid() || a.bits != p.addr.bits {
		return false
	}
	hi, lo := p.mask()
	return (a.hi^p.addr.hi)&hi == 0 && (a.lo^p.addr.lo)&lo == 0
}

// Is6 reports whether a is an IPv6 address (an IPv4-mapped one included).
func (a Addr) Is6() bool { return a.bits == 128 }

// WithBit returns a with bit i set, counting from the first (most
// significant) bit of its length: the second half of a block starts there.
func (a Addr) WithBit(i int) Addr {
	pos := int(a.bits) - 1 - i // from the least significant bit
	if pos >= 64 {
		a.hi |= 1 << (pos - 64)
	} else {
		a.lo |= 1 << pos
	}
	return a
}

// String writes a as netip.Addr.String does (without a zone): IPv4 in
// dotted decimal; IPv6 in RFC 5952's form, the first longest run of two or
// more zero groups written "::", an IPv4-mapped address as ::ffff:a.b.c.d.
func (a Addr) String() string {
	v4 := func(x uint32) string {
		return strconv.Itoa(int(x>>24)) + "." + strconv.Itoa(int(x>>16&0xff)) + "." + strconv.Itoa(int(x>>8&0xff)) + "." + strconv.Itoa(int(x&0xff))
	}
	switch {
	case !a.IsValid():
		return "invalid IP"
	case a.bits == 32:
		return v4(uint32(a.lo))
	case a.Is4In6():
		return "::ffff:" + v4(uint32(a.lo))
	}
	var g [8]uint16
	for i := range 4 {
		g[i] = uint16(a.hi >> (48 - 16*i))
		g[4+i] = uint16(a.lo >> (48 - 16*i))
	}
	start, length := -1, 0
	for i := 0; i < 8; {
		j := i
		for j < 8 && g[j] == 0 {
			j++
		}
		if j-i > length && j-i >= 2 {
			start, length = i, j-i
		}
		i = max(j, i+1)
	}
	var b strings.Builder
	for i := 0; i < 8; i++ {
		if i == start {
			b.WriteString("::")
			i += length - 1
			continue
		}
		if i > 0 && i != start+length {
			b.WriteByte(':')
		}
		b.WriteString(strconv.FormatUint(uint64(g[i]), 16))
	}
	return b.String()
}
