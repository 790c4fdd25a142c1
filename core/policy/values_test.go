package policy

import (
	"math/big"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"time"

	"slrplay/core/internal/ipaddr"

	"slrplay/core/diag"
)

func TestParseNumber(t *testing.T) {
	for _, s := range []string{"0", "-0", "+0", "0.000", ".0", "0e5", "10", "-2.5", ".5", "5.", "+5", "1e3", "1E+3", "2.5e-3",
		"1e-400", "0.1e-999999999", "1.7976931348623157e308", "-1.7976931348623157e308", "179769313486231570814527423731704356798070567525844996598917476803157260780028538760589558632766878171540458953514382464234321326889464182768467546703537516986049910576551282076245490090389328944075868508455133942304583236903222948165808559332123348274797826204144723168738177180919299881250404026184124858368",
		"9007199254740993", "1e0000000000005"} {
		if _, ok := ParseNumber(s); !ok {
			t.Errorf("ParseNumber(%q): not a number, want one", s)
		}
	}
	for _, s := range []string{"", "-", "+", ".", "-.", "e5", "1e", "1e+", "1e-", "1e5.5", "1..2", "1.2.3", " 1", "1 ", "1,5", "1_000",
		"0x10", "0b1", "1p3", "NaN", "nan", "Infinity", "-Infinity", "inf", "+Inf", "1e309", "-1e309", "1.8e308", "2e308",
		"1e1000000000", "1e9999999999", "ten", "1e3x", "--1", "+-1"} {
		if n, ok := ParseNumber(s); ok {
			t.Errorf("ParseNumber(%q) = %+v, want not a number", s, n)
		}
	}
}

func TestDecimalCmp(t *testing.T) {
	for _, c := range []struct {
		a, b string
		want int
	}{
		{"9007199254740993", "9007199254740992", 1}, // float64 reads both as ...992
		{"9007199254740992", "9007199254740993", -1},
		{"9007199254740993", "9007199254740993.0", 0},
		{"-0", "0", 0},
		{"-0.0", "+0e7", 0},
		{"1.10", "1.1", 0},
		{"1.1", "1.10000000000000000000001", -1},
		{"1e3", "1000", 0},
		{"1000", "999.9999999999999999999", 1},
		{"10", "9", 1},
		{"0.5", ".5", 0},
		{"5.", "5", 0},
		{"100.5", "1.005e2", 0},
		{"0.0012", "1.2e-3", 0},
		{"0.0012", "0.00012", 1},
		{"-1", "1", -1},
		{"-2", "-1", -1},
		{"-1.5", "-1.25", -1},
		{"-0.001", "0", -1},
		{"0", "1e-400", -1},
		{"1e-400", "2e-400", -1},
		{"1e308", "9e307", 1},
		{"12", "120", -1},
		{"120", "12e1", 0},
		{"101", "11", 1},
		{"1.01", "1.1", -1},
	} {
		a, okA := ParseNumber(c.a)
		b, okB := ParseNumber(c.b)
		if !okA || !okB {
			t.Fatalf("%q, %q: not numbers", c.a, c.b)
		}
		if got := a.Cmp(b); got != c.want {
			t.Errorf("%s <=> %s = %d, want %d", c.a, c.b, got, c.want)
		}
		if got := b.Cmp(a); got != -c.want {
			t.Errorf("%s <=> %s = %d, want %d", c.b, c.a, got, -c.want)
		}
	}
}

func TestDecimalCmpAllocatesNothing(t *testing.T) {
	a, _ := ParseNumber("9007199254740993")
	if n := testing.AllocsPerRun(100, func() {
		b, _ := ParseNumber("9007199254740992.5e-0")
		_ = a.Cmp(b)
	}); n != 0 {
		t.Errorf("%v allocations, want 0", n)
	}
}

// decimalSyntax is what ParseNumber reads, before the range check.
var decimalSyntax = regexp.MustCompile(`^[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?$`)

// FuzzDecimal: ParseNumber reads what strconv.ParseFloat reads in decimal
// form without a range error, and Cmp agrees with math/big.
//
//	go test ./core/policy -run '^$' -fuzz FuzzDecimal
func FuzzDecimal(f *testing.F) {
	for _, c := range [][2]string{{"9007199254740993", "9007199254740992"}, {"-0", "0"}, {"1.10", "1.1"}, {"1e3", "1000"},
		{".5", "5."}, {"-1.5", "-1.25"}, {"1e-400", "0"}, {"1.7976931348623157e308", "1.8e308"}, {"NaN", "Infinity"}, {"0012.3400e-2", "0.1234"}} {
		f.Add(c[0], c[1])
	}
	f.Fuzz(func(t *testing.T, a, b string) {
		small := func(s string) bool { // an exponent math/big can expand quickly
			_, e, found := strings.Cut(strings.ToLower(s), "e")
			return !found || len(strings.TrimLeft(strings.TrimLeft(e, "+-"), "0")) <= 3
		}
		x, okA := ParseNumber(a)
		if small(a) {
			_, err := strconv.ParseFloat(a, 64)
			if want := decimalSyntax.MatchString(a) && err == nil; okA != want {
				t.Fatalf("ParseNumber(%q) reads: %v, want %v", a, okA, want)
			}
		}
		y, okB := ParseNumber(b)
		if !okA || !okB || !small(a) || !small(b) {
			return
		}
		ra, _ := new(big.Rat).SetString(a)
		rb, _ := new(big.Rat).SetString(b)
		if ra == nil || rb == nil {
			return // a form math/big does not read ("5.")
		}
		if got, want := x.Cmp(y), ra.Cmp(rb); got != want {
			t.Fatalf("%s <=> %s = %d, math/big says %d", a, b, got, want)
		}
	})
}

func TestParseDateRange(t *testing.T) {
	for s, want := range map[string]time.Time{
		"0001-01-01T00:00:00Z":           time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC),
		"0001-01-01":                     time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC),
		"1600-01-01T00:00:00Z":           time.Date(1600, 1, 1, 0, 0, 0, 0, time.UTC),
		"9999-12-31T23:59:59Z":           time.Date(9999, 12, 31, 23, 59, 59, 0, time.UTC),
		"9999-12-31T23:59:59-05:00":      time.Date(10000, 1, 1, 4, 59, 59, 0, time.UTC), // written within the years; the instant after them
		"-62135596800":                   time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC),
		"253402300799":                   time.Date(9999, 12, 31, 23, 59, 59, 0, time.UTC),
		"2262-04-11T23:47:16.854775808Z": time.Date(2262, 4, 11, 23, 47, 16, 854775808, time.UTC), // one nanosecond past int64 Unix nanoseconds
	} {
		got, ok := ParseDate(s)
		if !ok || !got.Equal(want) {
			t.Errorf("ParseDate(%q) = %v, %v; want %v", s, got, ok, want)
		}
	}
	for _, s := range []string{"0000-01-01", "0000-12-31T23:59:59Z", "10000-01-01", "-62135596801", "253402300800", "99999999999999", "-9223372036854775808", "9223372036854775807"} {
		if got, ok := ParseDate(s); ok {
			t.Errorf("ParseDate(%q) = %v, want not a date", s, got)
		}
	}
}

func TestParseCIDRMapped(t *testing.T) {
	for s, want := range map[string]string{
		"::ffff:203.0.113.0/120": "203.0.113.0/24",
		"::ffff:203.0.113.7/120": "203.0.113.0/24",
		"::ffff:cb00:7100/120":   "203.0.113.0/24",
		"::ffff:203.0.113.9":     "203.0.113.9/32",
		"::ffff:0.0.0.0/96":      "0.0.0.0/0",
		"::ffff:0:0/95":          "::fffe:0:0/95", // wider than the mapped block: an IPv6 block
		"::/0":                   "::/0",
	} {
		got, ok := ParseCIDR(s)
		if !ok || got != mustPrefix(t, want) {
			t.Errorf("ParseCIDR(%q) = %v, %v; want %s", s, got, ok, want)
		}
	}
}

// TestValueTypeMismatch: a value that its operator cannot read is reported
// with Access Analyzer's TYPE_MISMATCH_* check, its severity, its words and
// its link, at the value.
func TestValueTypeMismatch(t *testing.T) {
	for _, c := range []struct {
		op, key, value, code string
		sev                  diag.Severity
		aws                  string // Access Analyzer's findingDetails, the operator filled in
	}{
		{"NumericGreaterThan", "aws:MultiFactorAuthAge", `"NaN"`, "TYPE_MISMATCH_NUMBER", W, "Add a valid numeric value for the condition operator NumericGreaterThan."},
		{"NumericLessThan", "aws:MultiFactorAuthAge", `"Infinity"`, "TYPE_MISMATCH_NUMBER", W, "Add a valid numeric value for the condition operator NumericLessThan."},
		{"NumericLessThan", "aws:MultiFactorAuthAge", `"1e309"`, "TYPE_MISMATCH_NUMBER", W, "Add a valid numeric value for the condition operator NumericLessThan."},
		{"NumericNotEquals", "aws:MultiFactorAuthAge", `"0x10"`, "TYPE_MISMATCH_NUMBER", W, "Add a valid numeric value for the condition operator NumericNotEquals."},
		// The message's marks for operator and value are not read in the value.
		{"NumericNotEquals", "aws:MultiFactorAuthAge", `"{op} {value}"`, "TYPE_MISMATCH_NUMBER", W, "Add a valid numeric value for the condition operator NumericNotEquals."},
		{"DateGreaterThan", "aws:CurrentTime", `"garbage"`, "TYPE_MISMATCH_DATE", W, "The date condition operator DateGreaterThan is used with an invalid value. Specify a valid date using YYYY-MM-DD or other ISO 8601 date/time format."},
		{"DateLessThan", "aws:CurrentTime", `"0000-01-01T00:00:00Z"`, "TYPE_MISMATCH_DATE", W, "The date condition operator DateLessThan is used with an invalid value."},
		{"DateLessThan", "aws:EpochTime", `"253402300800"`, "TYPE_MISMATCH_DATE", W, "The date condition operator DateLessThan is used with an invalid value."},
		{"Bool", "aws:SecureTransport", `"yes"`, "TYPE_MISMATCH_BOOLEAN", W, "Add a valid Boolean value (true or false) for the condition operator Bool."},
		{"Null", "aws:TokenIssueTime", `"maybe"`, "TYPE_MISMATCH_BOOLEAN", W, "Add a valid Boolean value (true or false) for the condition operator Null."},
		{"NotIpAddress", "aws:SourceIp", `"203.0.113.0/33"`, "TYPE_MISMATCH_IP_RANGE", E, "The condition operator NotIpAddress is used with an invalid IP range value. Specify the IP range in standard CIDR format."},
		{"BinaryEquals", "s3:x-amz-meta-key", `"!!!!"`, "TYPE_MISMATCH_STRING", W, "Add a valid base64-encoded string value for the condition operator BinaryEquals."},
	} {
		t.Run(c.code+" "+c.value, func(t *testing.T) {
			policy := cond(`{"` + c.op + `": {"` + c.key + `": ` + c.value + `}}`)
			src, findings := lint(t, Identity, policy)
			var f *diag.Finding
			for i := range findings {
				if findings[i].Code == c.code {
					f = &findings[i]
				}
			}
			if f == nil {
				t.Fatalf("%s: no %s; got %q", policy, c.code, codes(findings))
			}
			if f.Severity != c.sev {
				t.Errorf("severity %s, want %s", f.Severity, c.sev)
			}
			if !strings.HasPrefix(f.Message, c.aws) || !strings.Contains(f.Message, c.value) {
				t.Errorf("message %q: want Access Analyzer's %q and the value %s", f.Message, c.aws, c.value)
			}
			if got := src.Text[f.Span.Start:f.Span.End]; got != c.value {
				t.Errorf("span covers %q, want the value %s", got, c.value)
			}
			slug := map[diag.Severity]string{E: "error", W: "general-warning"}[c.sev]
			if want := checkRef + "#access-analyzer-reference-policy-checks-" + slug + "-" + strings.ToLower(strings.ReplaceAll(c.code, "_", "-")); f.Link != want {
				t.Errorf("link %s, want %s", f.Link, want)
			}
		})
	}
	// Values at the edges that do read: no finding.
	for _, c := range []string{
		`{"DateLessThan": {"aws:CurrentTime": ["9999-12-31T23:59:59Z", "0001-01-01", "1600-01-01T00:00:00Z", "-62135596800", "253402300799"]}}`,
		`{"NumericLessThan": {"aws:MultiFactorAuthAge": ["9007199254740993", "-0", "1.10", "1e3", "1e-400", "1.7976931348623157e308"]}}`,
		`{"IpAddress": {"aws:SourceIp": ["::ffff:203.0.113.0/120", "::ffff:203.0.113.9"]}}`,
	} {
		if _, findings := lint(t, Identity, cond(c)); len(findings) > 0 {
			t.Errorf("%s: %q, want no finding", c, codes(findings))
		}
	}
}

func mustPrefix(t *testing.T, s string) ipaddr.Prefix {
	t.Helper()
	p, ok := ipaddr.ParsePrefix(s)
	if !ok {
		t.Fatalf("not a CIDR block: %s", s)
	}
	return p
}

func mustAddr(t *testing.T, s string) ipaddr.Addr {
	t.Helper()
	a, ok := ipaddr.ParseAddr(s)
	if !ok {
		t.Fatalf("not an address: %s", s)
	}
	return a
}
