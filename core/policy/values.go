package policy

import (
	"cmp"
	"encoding/base64"
	"strconv"
	"strings"
	"time"

	"slrplay/core/internal/ipaddr"
)

// Dates. AWS reads ISO 8601 from year 0001 to 9999, and epoch seconds; both
// are kept as a time.Time, which spans that range and more, and are compared
// with time.Time.Compare. (Unix nanoseconds, int64, overflow outside
// 1677–2262: a Deny until 9999 would wrap into the past.)
var (
	minDate = time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC).Unix()
	maxDate = time.Date(9999, 12, 31, 23, 59, 59, 0, time.UTC).Unix()
)

// ParseDate reads a condition date as AWS does: an ISO 8601 date or date-time
// (with Z or an offset, seconds and fractions optional) of a year from 0001
// to 9999, or epoch seconds within the same span. Both come back as the same
// instant, so "1767225600" and "2026-01-01T00:00:00Z" compare equal.
func ParseDate(s string) (time.Time, bool) {
	if s == "" {
		return time.Time{}, false
	}
	if isDigits(s) || s[0] == '-' && isDigits(s[1:]) {
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil || n < minDate || n > maxDate {
			return time.Time{}, false
		}
		return time.Unix(n, 0).UTC(), true
	}
	for _, layout := range dateLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			return t, t.Year() >= 1 // the year as written, before its offset applies
		}
	}
	return time.Time{}, false
}

var dateLayouts = []string{
	time.RFC3339Nano,
	"2006-01-02",
	"2006-01-02T15:04Z07:00",
	"2006-01-02T15:04:05",
	"2006-01-02T15:04:05.999999999",
	"20060102T150405Z",
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := range len(s) {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// Decimal is a Numeric operator's value kept as the decimal it is written as,
// so that numbers compare by their exact value: 9007199254740993 is not
// 9007199254740992 (float64 cannot tell them apart), 1.10 is 1.1, 1e3 is
// 1000 and -0 is 0. It refers to the text it was read from: reading and
// comparing numbers allocates nothing.
type Decimal struct {
	// digits are the significant digits as written, from the first non-zero
	// one to the last, with the decimal point when it falls between them:
	// "1.1" of "001.100", "1" of "100". Zero has none.
	digits string
	// exp places the digits: the value is 0.d₁d₂d₃… × 10^exp.
	exp int64
	neg bool
}

// maxExpDigits bounds the digits of an exponent (after its leading zeros), so
// that exp never overflows: 1e999999999 is read, 1e9999999999 is not.
const maxExpDigits = 9

// ParseNumber reads a Numeric operator's value: an integer or a decimal, with
// an optional sign and exponent ("10", "-2.5", ".5", "1e3"), whose magnitude
// a float64 can hold. "NaN", "Infinity", hexadecimal and "1e309" are not
// numbers (IAM-RULES D); numbers too small for a float64 are kept exactly.
func ParseNumber(s string) (Decimal, bool) {
	var n Decimal
	i := 0
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		n.neg = s[i] == '-'
		i++
	}
	dot, first, last, count := -1, -1, -1, 0
	for ; i < len(s); i++ {
		c := s[i]
		switch {
		case '0' <= c && c <= '9':
			count++
			if c != '0' {
				if first < 0 {
					first = i
				}
				last = i
			}
			continue
		case c == '.' && dot < 0:
			dot = i
			continue
		}
		break
	}
	end := i // of the digits and point
	if count == 0 {
		return Decimal{}, false
	}
	var e int64
	if i < len(s) {
		if s[i] != 'e' && s[i] != 'E' {
			return Decimal{}, false
		}
		i++
		eneg := i < len(s) && s[i] == '-'
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		if i == len(s) {
			return Decimal{}, false
		}
		for sig := 0; i < len(s); i++ {
			c := s[i]
			if c < '0' || c > '9' {
				return Decimal{}, false
			}
			if e > 0 || c != '0' {
				sig++
			}
			if sig > maxExpDigits {
				return Decimal{}, false
			}
			e = e*10 + int64(c-'0')
		}
		if eneg {
			e = -e
		}
	}
	if first < 0 {
		return Decimal{}, true // zero, whatever its sign
	}
	n.digits = s[first : last+1]
	switch {
	case dot < 0:
		n.exp = int64(end - first)
	case first < dot:
		n.exp = int64(dot - first)
	default:
		n.exp = -int64(first - dot - 1)
	}
	n.exp += e
	// Below 10^308 every number fits; near and above it, float64 says.
	if n.exp > 308 {
		_, err := strconv.ParseFloat(s, 64)
		return n, err == nil
	}
	return n, true
}

// Cmp compares two numbers by value: -1 if n < m, 0 if they are equal, +1 if
// n > m.
func (n Decimal) Cmp(m Decimal) int {
	if sn, sm := n.sign(), m.sign(); sn != sm || sn == 0 {
		return cmp.Compare(sn, sm)
	}
	c := cmp.Compare(n.exp, m.exp)
	if c == 0 {
		c = compareDigits(n.digits, m.digits)
	}
	if n.neg {
		return -c
	}
	return c
}

func (n Decimal) sign() int {
	switch {
	case n.digits == "":
		return 0
	case n.neg:
		return -1
	}
	return 1
}

// compareDigits compares two runs of significant digits at the same
// exponent, skipping their decimal points. Both end in a non-zero digit, so
// the longer run, once the shorter is exhausted, is the greater.
func compareDigits(a, b string) int {
	i, j := 0, 0
	for {
		if i < len(a) && a[i] == '.' {
			i++
		}
		if j < len(b) && b[j] == '.' {
			j++
		}
		switch {
		case i == len(a) || j == len(b):
			return cmp.Compare(len(a)-i, len(b)-j) // 0 only when both are exhausted
		case a[i] != b[j]:
			return cmp.Compare(a[i], b[j])
		}
		i++
		j++
	}
}

// ParseBool reads a Bool or Null operator's value: true or false, in any case.
func ParseBool(s string) (value, ok bool) {
	switch {
	case strings.EqualFold(s, "true"):
		return true, true
	case strings.EqualFold(s, "false"):
		return false, true
	}
	return false, false
}

// ParseCIDR reads an IpAddress operator's value: a CIDR block, or a bare
// address meaning /32 (IPv4) or /128 (IPv6). An IPv4-mapped IPv6 block
// (::ffff:203.0.113.0/120) is the IPv4 block it maps (203.0.113.0/24), as a
// request's IPv4-mapped address is the IPv4 address it maps: the two forms
// match each other. Wider IPv6 blocks (::/0) are IPv6 blocks only.
func ParseCIDR(s string) (ipaddr.Prefix, bool) {
	var p ipaddr.Prefix
	if strings.Contains(s, "/") {
		q, ok := ipaddr.ParsePrefix(s)
		if !ok {
			return ipaddr.Prefix{}, false
		}
		p = q.Masked()
	} else {
		a, ok := ipaddr.ParseAddr(s)
		if !ok {
			return ipaddr.Prefix{}, false
		}
		p = ipaddr.PrefixFrom(a, a.BitLen())
	}
	if a := p.Addr(); a.Is4In6() && p.Bits() >= 96 {
		p = ipaddr.PrefixFrom(a.Unmap(), p.Bits()-96)
	}
	return p, true
}

// ParseBinary reads a BinaryEquals value: base64.
func ParseBinary(s string) ([]byte, bool) {
	b, err := base64.StdEncoding.DecodeString(s)
	return b, err == nil
}
