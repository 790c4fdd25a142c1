package policy

import (
	"encoding/base64"
	"net/netip"
	"strconv"
	"strings"
	"time"
)

// ParseDate reads a condition date as AWS does: an ISO 8601 date or date-time
// (with Z or an offset, seconds and fractions optional) or epoch seconds.
// Both come back as the same instant, so "1767225600" and
// "2026-01-01T00:00:00Z" compare equal.
func ParseDate(s string) (time.Time, bool) {
	if s == "" {
		return time.Time{}, false
	}
	if isDigits(s) || s[0] == '-' && isDigits(s[1:]) {
		n, err := strconv.ParseInt(s, 10, 64)
		return time.Unix(n, 0).UTC(), err == nil
	}
	for _, layout := range dateLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			return t, true
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

// ParseNumber reads a Numeric operator's value: an integer or a decimal.
func ParseNumber(s string) (float64, bool) {
	if s == "" || strings.ContainsAny(s, "xXpP_") {
		return 0, false
	}
	f, err := strconv.ParseFloat(s, 64)
	return f, err == nil && !strings.EqualFold(s, "nan") && !strings.Contains(strings.ToLower(s), "inf")
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
// address meaning /32 (IPv4) or /128 (IPv6).
func ParseCIDR(s string) (netip.Prefix, bool) {
	if strings.Contains(s, "/") {
		p, err := netip.ParsePrefix(s)
		return p.Masked(), err == nil
	}
	a, err := netip.ParseAddr(s)
	if err != nil {
		return netip.Prefix{}, false
	}
	return netip.PrefixFrom(a, a.BitLen()), true
}

// ParseBinary reads a BinaryEquals value: base64.
func ParseBinary(s string) ([]byte, bool) {
	b, err := base64.StdEncoding.DecodeString(s)
	return b, err == nil
}
