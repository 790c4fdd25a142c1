package eval

import (
	"encoding/json"
	"testing"

	"slrplay/core/diag"
	"slrplay/core/policy"
)

// holds evaluates one condition block as the only condition of an Allow
// statement and reports whether the request is allowed.
func holds(t *testing.T, version, condition string, ctx map[string][]string) bool {
	t.Helper()
	text := `{"Version": "` + version + `", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": ` + condition + `}]}`
	doc, _ := policy.Parse(diag.NewSource("p", text))
	p, findings := Prepare("identity[0]", doc, policy.Identity)
	if p == nil {
		t.Fatalf("%s: invalid: %v", condition, findings)
	}
	set := Set{Identity: []*Policy{p}}
	var res Result
	set.Evaluate(NewRequest("arn:aws:iam::111122223333:user/alice", "s3:GetObject", "arn:aws:s3:::b/k", "", NewContext(ctx)), &res, Options{})
	return res.Decision == Allowed
}

func TestOperators(t *testing.T) {
	type vals = map[string][]string
	k := func(v ...string) vals { return vals{"k:k": v} }
	absent := vals{}
	tests := []struct {
		name, cond string
		ctx        vals
		want       bool
	}{
		// Strings: values OR; negated NOR; absent keys make negated true.
		{"StringEquals hit", `{"StringEquals": {"k:k": ["a", "b"]}}`, k("b"), true},
		{"StringEquals miss", `{"StringEquals": {"k:k": ["a", "b"]}}`, k("c"), false},
		{"StringEquals case", `{"StringEquals": {"k:k": "a"}}`, k("A"), false},
		{"StringEquals absent", `{"StringEquals": {"k:k": "a"}}`, absent, false},
		{"StringNotEquals NOR", `{"StringNotEquals": {"k:k": ["a", "b"]}}`, k("b"), false},
		{"StringNotEquals other", `{"StringNotEquals": {"k:k": ["a", "b"]}}`, k("c"), true},
		{"StringNotEquals absent", `{"StringNotEquals": {"k:k": "a"}}`, absent, true},
		{"StringEqualsIgnoreCase", `{"StringEqualsIgnoreCase": {"k:k": "abc"}}`, k("AbC"), true},
		{"StringNotEqualsIgnoreCase", `{"StringNotEqualsIgnoreCase": {"k:k": "abc"}}`, k("AbC"), false},
		{"StringLike star crosses colons", `{"StringLike": {"k:k": "a*z"}}`, k("a:b/c:z"), true},
		{"StringLike question", `{"StringLike": {"k:k": "a?c"}}`, k("abc"), true},
		{"StringLike brackets literal", `{"StringLike": {"k:k": "[ab]*"}}`, k("a1"), false},
		{"StringLike brackets literal hit", `{"StringLike": {"k:k": "[ab]*"}}`, k("[ab]1"), true},
		{"StringNotLike", `{"StringNotLike": {"k:k": "a*"}}`, k("abc"), false},
		{"StringNotLike absent", `{"StringNotLike": {"k:k": "a*"}}`, absent, true},
		{"StringEquals with a star is literal", `{"StringEquals": {"k:k": "a*"}}`, k("abc"), false},
		// Numbers.
		{"NumericLessThan", `{"NumericLessThan": {"k:k": "10"}}`, k("9.5"), true},
		{"NumericLessThan equal", `{"NumericLessThan": {"k:k": 10}}`, k("10"), false},
		{"NumericLessThanEquals", `{"NumericLessThanEquals": {"k:k": "10"}}`, k("10"), true},
		{"NumericGreaterThan", `{"NumericGreaterThan": {"k:k": "10"}}`, k("11"), true},
		{"NumericGreaterThanEquals", `{"NumericGreaterThanEquals": {"k:k": "10"}}`, k("9"), false},
		{"NumericEquals", `{"NumericEquals": {"k:k": "10"}}`, k("10.0"), true},
		{"NumericNotEquals", `{"NumericNotEquals": {"k:k": "10"}}`, k("10"), false},
		{"NumericNotEquals absent", `{"NumericNotEquals": {"k:k": "10"}}`, absent, true},
		{"Numeric not a number", `{"NumericLessThan": {"k:k": "10"}}`, k("ten"), false},
		// Dates: ISO 8601 and epoch seconds are instants.
		{"DateLessThan ISO", `{"DateLessThan": {"k:k": "2026-01-02T00:00:00Z"}}`, k("2026-01-01T23:59:59Z"), true},
		{"DateLessThan epoch vs ISO", `{"DateLessThan": {"k:k": "2026-01-01T00:00:01Z"}}`, k("1767225600"), true},
		{"DateEquals offset", `{"DateEquals": {"k:k": "2026-01-01T01:00:00+01:00"}}`, k("2026-01-01T00:00:00Z"), true},
		{"DateGreaterThan", `{"DateGreaterThan": {"k:k": "2026-01-01"}}`, k("2025-12-31T23:00:00Z"), false},
		{"DateNotEquals absent", `{"DateNotEquals": {"k:k": "2026-01-01"}}`, absent, true},
		// Bool, Null, Binary.
		{"Bool true", `{"Bool": {"k:k": "true"}}`, k("true"), true},
		{"Bool JSON true", `{"Bool": {"k:k": true}}`, k("TRUE"), true},
		{"Bool false", `{"Bool": {"k:k": "true"}}`, k("false"), false},
		{"Bool absent", `{"Bool": {"k:k": "false"}}`, absent, false},
		{"Null true absent", `{"Null": {"k:k": "true"}}`, absent, true},
		{"Null true present", `{"Null": {"k:k": "true"}}`, k("x"), false},
		{"Null false present", `{"Null": {"k:k": "false"}}`, k("x"), true},
		{"BinaryEquals", `{"BinaryEquals": {"k:k": "QmluYXJ5"}}`, k("QmluYXJ5"), true},
		{"BinaryEquals miss", `{"BinaryEquals": {"k:k": "QmluYXJ5"}}`, k("QmluYXJ6"), false},
		// IP addresses.
		{"IpAddress CIDR", `{"IpAddress": {"k:k": "203.0.113.0/24"}}`, k("203.0.113.9"), true},
		{"IpAddress bare is /32", `{"IpAddress": {"k:k": "203.0.113.9"}}`, k("203.0.113.10"), false},
		{"IpAddress IPv6", `{"IpAddress": {"k:k": "2001:db8::/32"}}`, k("2001:db8:1::7"), true},
		{"NotIpAddress", `{"NotIpAddress": {"k:k": "203.0.113.0/24"}}`, k("198.51.100.1"), true},
		{"NotIpAddress absent", `{"NotIpAddress": {"k:k": "203.0.113.0/24"}}`, absent, true},
		{"IpAddress with a zone", `{"IpAddress": {"k:k": "fe80::/10"}}`, k("fe80::1%eth0"), false},
		{"NotIpAddress with a zone", `{"NotIpAddress": {"k:k": "fe80::/10"}}`, k("fe80::1%eth0"), true},
		{"IpAddress not an address", `{"IpAddress": {"k:k": "203.0.113.0/24"}}`, k("203.0.113.x"), false},
		{"IPv4-mapped IPv6 is IPv4", `{"IpAddress": {"k:k": "203.0.113.0/24"}}`, k("::ffff:203.0.113.9"), true},
		{"ForAnyValue:IpAddress among other values", `{"ForAnyValue:IpAddress": {"k:k": "203.0.113.0/24"}}`, k("none", "198.51.100.1", "203.0.113.9"), true},
		{"ForAllValues:IpAddress with one not an address", `{"ForAllValues:IpAddress": {"k:k": "203.0.113.0/24"}}`, k("203.0.113.8", "oops"), false},
		// ARNs: field by field.
		{"ArnLike", `{"ArnLike": {"k:k": "arn:aws:sns:*:111122223333:topic"}}`, k("arn:aws:sns:eu-west-1:111122223333:topic"), true},
		{"ArnLike star stays in field", `{"ArnLike": {"k:k": "arn:aws:sns:*:topic"}}`, k("arn:aws:sns:eu-west-1:111122223333:topic"), false},
		{"StringLike crosses fields", `{"StringLike": {"k:k": "arn:aws:sns:*:topic"}}`, k("arn:aws:sns:eu-west-1:111122223333:topic"), true},
		{"ArnEquals", `{"ArnEquals": {"k:k": "arn:aws:iam::111122223333:role/r"}}`, k("arn:aws:iam::111122223333:role/r"), true},
		{"ArnNotLike absent", `{"ArnNotLike": {"k:k": "arn:aws:iam::*:role/r"}}`, absent, true},
		{"ArnNotEquals", `{"ArnNotEquals": {"k:k": "arn:aws:iam::111122223333:role/r"}}`, k("arn:aws:iam::111122223333:role/s"), true},
		// IfExists.
		{"IfExists absent", `{"StringEqualsIfExists": {"k:k": "a"}}`, absent, true},
		{"IfExists present", `{"StringEqualsIfExists": {"k:k": "a"}}`, k("b"), false},
		{"negated IfExists absent", `{"StringNotEqualsIfExists": {"k:k": "a"}}`, absent, true},
		// Sets.
		{"ForAllValues all in", `{"ForAllValues:StringEquals": {"k:k": ["a", "b", "c"]}}`, k("a", "c"), true},
		{"ForAllValues one out", `{"ForAllValues:StringEquals": {"k:k": ["a", "b"]}}`, k("a", "z"), false},
		{"ForAllValues absent", `{"ForAllValues:StringEquals": {"k:k": ["a"]}}`, absent, true},
		{"ForAllValues empty", `{"ForAllValues:StringEquals": {"k:k": ["a"]}}`, k(), true},
		{"ForAnyValue one in", `{"ForAnyValue:StringEquals": {"k:k": ["a"]}}`, k("z", "a"), true},
		{"ForAnyValue absent", `{"ForAnyValue:StringEquals": {"k:k": ["a"]}}`, absent, false},
		{"ForAnyValue empty", `{"ForAnyValue:StringEquals": {"k:k": ["a"]}}`, k(), false},
		{"ForAllValues negated", `{"ForAllValues:StringNotEquals": {"k:k": ["a", "b"]}}`, k("c", "d"), true},
		{"ForAllValues negated hit", `{"ForAllValues:StringNotEquals": {"k:k": ["a", "b"]}}`, k("c", "a"), false},
		{"ForAnyValue negated", `{"ForAnyValue:StringNotEquals": {"k:k": ["a"]}}`, k("a", "c"), true},
		{"ForAnyValue like", `{"ForAnyValue:StringLike": {"k:k": ["team-*"]}}`, k("x", "team-1"), true},
		{"plain operator, many values", `{"StringEquals": {"k:k": ["a", "b"]}}`, k("a", "b"), false},
		{"plain negated, many values", `{"StringNotEquals": {"k:k": ["a"]}}`, k("c", "d"), false},
		// Keys and operators AND.
		{"two keys AND", `{"StringEquals": {"k:k": "a", "k:j": "b"}}`, vals{"k:k": {"a"}, "k:j": {"c"}}, false},
		{"two operators AND", `{"StringEquals": {"k:k": "a"}, "StringLike": {"k:j": "b*"}}`, vals{"k:k": {"a"}, "k:j": {"bc"}}, true},
		// Key names ignore case, tag keys included; values do not.
		{"key case", `{"StringEquals": {"aws:PrincipalTag/Team": "red"}}`, vals{"AWS:principaltag/team": {"red"}}, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := holds(t, "2012-10-17", tc.cond, tc.ctx); got != tc.want {
				b, _ := json.Marshal(tc.ctx)
				t.Errorf("%s with %s: allowed=%v, want %v", tc.cond, b, got, tc.want)
			}
		})
	}
}

func TestVariables(t *testing.T) {
	type vals = map[string][]string
	tests := []struct {
		name, version, cond string
		ctx                 vals
		want                bool
	}{
		{"substituted", "2012-10-17", `{"StringEquals": {"k:k": "${aws:username}"}}`, vals{"k:k": {"alice"}, "aws:username": {"alice"}}, true},
		{"name ignores case", "2012-10-17", `{"StringEquals": {"k:k": "${AWS:UserName}"}}`, vals{"k:k": {"alice"}, "aws:username": {"alice"}}, true},
		{"default", "2012-10-17", `{"StringEquals": {"k:k": "${aws:username, 'nobody'}"}}`, vals{"k:k": {"nobody"}}, true},
		{"no value: positive fails", "2012-10-17", `{"StringEquals": {"k:k": "${aws:username}"}}`, vals{"k:k": {"${aws:username}"}}, false},
		{"no value: negated matches", "2012-10-17", `{"StringNotEquals": {"k:k": "${aws:username}"}}`, vals{"k:k": {"x"}}, true},
		{"old version: literal", "2008-10-17", `{"StringEquals": {"k:k": "${aws:username}"}}`, vals{"k:k": {"${aws:username}"}, "aws:username": {"alice"}}, true},
		{"escapes", "2012-10-17", `{"StringLike": {"k:k": "a${*}b${?}${$}"}}`, vals{"k:k": {"a*b?$"}}, true},
		{"escaped star is literal", "2012-10-17", `{"StringLike": {"k:k": "a${*}b"}}`, vals{"k:k": {"axb"}}, false},
		{"value with a star is literal", "2012-10-17", `{"StringLike": {"k:k": "home/${aws:username}/*"}}`, vals{"k:k": {"home/x/y"}, "aws:username": {"*"}}, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := holds(t, tc.version, tc.cond, tc.ctx); got != tc.want {
				t.Errorf("allowed=%v, want %v", got, tc.want)
			}
		})
	}
}

// TestValueEdges: values at the edges of their types (IAM-RULES D). Dates
// compare as instants over years 0001–9999; numbers by their exact value;
// a policy value that does not read for its operator never makes a
// condition true, the values beside it keep their meaning; IPv4-mapped IPv6
// blocks and addresses are the IPv4 ones they map.
func TestValueEdges(t *testing.T) {
	type vals = map[string][]string
	k := func(v ...string) vals { return vals{"k:k": v} }
	now := k("2026-06-01T12:00:00Z")
	absent := vals{}
	tests := []struct {
		name, cond string
		ctx        vals
		want       bool
	}{
		// Dates beyond 1677–2262, policy side and request side.
		{"until 9999", `{"DateLessThan": {"k:k": "9999-12-31T23:59:59Z"}}`, now, true},
		{"after 1600", `{"DateGreaterThan": {"k:k": "1600-01-01T00:00:00Z"}}`, now, true},
		{"after year 1", `{"DateGreaterThan": {"k:k": "0001-01-01T00:00:00Z"}}`, now, true},
		{"before year 1", `{"DateLessThan": {"k:k": "0001-01-01"}}`, now, false},
		{"until 2300", `{"DateLessThan": {"k:k": "2300-01-01"}}`, k("2262-05-01T00:00:00Z"), true},
		{"epoch seconds of 9999", `{"DateEquals": {"k:k": "253402300799"}}`, k("9999-12-31T23:59:59Z"), true},
		{"epoch seconds of year 1", `{"DateEquals": {"k:k": "-62135596800"}}`, k("0001-01-01T00:00:00Z"), true},
		{"request in 9999", `{"DateGreaterThan": {"k:k": "2026-01-01T00:00:00Z"}}`, k("9999-12-31T23:59:59Z"), true},
		{"request in 1600", `{"DateLessThan": {"k:k": "2026-01-01T00:00:00Z"}}`, k("1600-01-01T00:00:00Z"), true},
		{"request offset past 9999", `{"DateGreaterThan": {"k:k": "9999-12-31T23:59:59Z"}}`, k("9999-12-31T23:59:59-01:00"), true},
		{"nanoseconds far out", `{"DateLessThan": {"k:k": "8000-01-01T00:00:00.000000002Z"}}`, k("8000-01-01T00:00:00.000000001Z"), true},
		// Exact numbers.
		{"beyond float64: equal", `{"NumericEquals": {"k:k": "9007199254740993"}}`, k("9007199254740992"), false},
		{"beyond float64: not equal", `{"NumericNotEquals": {"k:k": "9007199254740993"}}`, k("9007199254740992"), true},
		{"beyond float64: greater", `{"NumericGreaterThan": {"k:k": "9007199254740992"}}`, k("9007199254740993"), true},
		{"decimals beyond float64", `{"NumericGreaterThan": {"k:k": "0.1"}}`, k("0.10000000000000000001"), true},
		{"below float64", `{"NumericGreaterThan": {"k:k": "0"}}`, k("1e-400"), true},
		{"minus zero", `{"NumericEquals": {"k:k": "-0"}}`, k("0"), true},
		{"trailing zeros", `{"NumericEquals": {"k:k": "1.10"}}`, k("1.1"), true},
		{"exponent", `{"NumericEquals": {"k:k": "1e3"}}`, k("1000"), true},
		{"negative", `{"NumericLessThan": {"k:k": "-1.5"}}`, k("-1.25"), false},
		// Policy values that do not read: never a true condition.
		{"NaN", `{"NumericGreaterThan": {"k:k": "NaN"}}`, k("5"), false},
		{"Infinity", `{"NumericLessThan": {"k:k": "Infinity"}}`, k("5"), false},
		{"1e309", `{"NumericLessThan": {"k:k": "1e309"}}`, k("5"), false},
		{"-Infinity", `{"NumericGreaterThan": {"k:k": "-Infinity"}}`, k("5"), false},
		{"negated NaN", `{"NumericNotEquals": {"k:k": "NaN"}}`, k("5"), false},
		{"negated NaN, ForAllValues", `{"ForAllValues:NumericNotEquals": {"k:k": "NaN"}}`, k("5", "6"), false},
		{"negated NaN, ForAnyValue", `{"ForAnyValue:NumericNotEquals": {"k:k": "NaN"}}`, k("5", "6"), false},
		{"NaN beside a number", `{"NumericLessThan": {"k:k": ["NaN", "10"]}}`, k("5"), true},
		{"negated NaN beside a number", `{"NumericNotEquals": {"k:k": ["NaN", "5"]}}`, k("7"), true},
		{"negated NaN beside the number", `{"NumericNotEquals": {"k:k": ["NaN", "5"]}}`, k("5"), false},
		{"negated NaN, key absent", `{"NumericNotEquals": {"k:k": "NaN"}}`, absent, true},
		{"garbage date", `{"DateGreaterThan": {"k:k": "garbage"}}`, now, false},
		{"negated garbage date", `{"DateNotEquals": {"k:k": "garbage"}}`, now, false},
		{"date past 9999 in epoch seconds", `{"DateLessThan": {"k:k": "999999999999"}}`, now, false},
		{"year 0000", `{"DateLessThan": {"k:k": "0000-01-01T00:00:00Z"}}`, k("0001-01-01T00:00:00Z"), false},
		{"bad Bool", `{"Bool": {"k:k": "yes"}}`, k("false"), false},
		{"bad Null, key present", `{"Null": {"k:k": "maybe"}}`, k("x"), false},
		{"bad Null, key absent", `{"Null": {"k:k": "maybe"}}`, absent, false},
		{"Null without values", `{"Null": {"k:k": []}}`, absent, false},
		{"bad Binary", `{"BinaryEquals": {"k:k": "!!!!"}}`, k(""), false},
		// Request values that do not read match no policy value.
		{"request NaN", `{"NumericLessThan": {"k:k": "10"}}`, k("NaN"), false},
		{"request -Infinity", `{"NumericLessThan": {"k:k": "10"}}`, k("-Infinity"), false},
		{"request 1e309", `{"NumericGreaterThan": {"k:k": "10"}}`, k("1e309"), false},
		{"request year 0000", `{"DateLessThan": {"k:k": "2026-01-01"}}`, k("0000-06-01T00:00:00Z"), false},
		{"request garbage date", `{"DateLessThan": {"k:k": "2026-01-01"}}`, k("garbage"), false},
		{"request bad Binary", `{"BinaryEquals": {"k:k": ""}}`, k("!!!!"), false},
		// IPv4-mapped IPv6 is IPv4, both ways, for IpAddress and NotIpAddress.
		{"mapped block, IPv4 request", `{"IpAddress": {"k:k": "::ffff:203.0.113.0/120"}}`, k("203.0.113.1"), true},
		{"mapped block, mapped request", `{"IpAddress": {"k:k": "::ffff:203.0.113.0/120"}}`, k("::ffff:203.0.113.1"), true},
		{"mapped block, other request", `{"IpAddress": {"k:k": "::ffff:203.0.113.0/120"}}`, k("198.51.100.1"), false},
		{"mapped address", `{"IpAddress": {"k:k": "::ffff:203.0.113.9"}}`, k("203.0.113.9"), true},
		{"not in mapped block", `{"NotIpAddress": {"k:k": "::ffff:203.0.113.0/120"}}`, k("203.0.113.1"), false},
		{"not in mapped block, other", `{"NotIpAddress": {"k:k": "::ffff:203.0.113.0/120"}}`, k("198.51.100.1"), true},
		{"IPv4 block, mapped request", `{"NotIpAddress": {"k:k": "203.0.113.0/24"}}`, k("::ffff:203.0.113.9"), false},
		{"::/0 is IPv6 only", `{"IpAddress": {"k:k": "::/0"}}`, k("203.0.113.1"), false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := holds(t, "2012-10-17", tc.cond, tc.ctx); got != tc.want {
				b, _ := json.Marshal(tc.ctx)
				t.Errorf("%s with %s: allowed=%v, want %v", tc.cond, b, got, tc.want)
			}
		})
	}
}

// TestUnreadableCIDR: a bad CIDR is a validation ERROR, so no policy with one
// is evaluated; compiled all the same, it makes neither IpAddress nor
// NotIpAddress true.
func TestUnreadableCIDR(t *testing.T) {
	for _, c := range []string{
		`{"IpAddress": {"k:k": "10.0.0.300/8"}}`,
		`{"NotIpAddress": {"k:k": "10.0.0.300/8"}}`,
		`{"NotIpAddress": {"k:k": ["203.0.113.0/33", "garbage"]}}`,
		`{"ForAllValues:NotIpAddress": {"k:k": "::1/129"}}`,
	} {
		text := `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": ` + c + `}]}`
		doc, _ := policy.Parse(diag.NewSource("p", text))
		conds := compileConditions(doc.Statements[0].Condition, true)
		r := NewRequest("arn:aws:iam::111122223333:user/alice", "s3:GetObject", "arn:aws:s3:::b/k", "", NewContext(map[string][]string{"k:k": {"198.51.100.1"}}))
		if out := conds[0].eval(r); out.ok {
			t.Errorf("%s holds for 198.51.100.1", c)
		}
	}
}

// BenchmarkNumericDateConditions: Evaluate with Numeric and Date conditions,
// whose request values are read in every comparison. Target: 0 allocations.
func BenchmarkNumericDateConditions(b *testing.B) {
	set := Set{Identity: []*Policy{prepared(b, `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "*",
		"Condition": {"NumericLessThanEquals": {"s3:max-keys": ["100", "1e3"]}, "NumericGreaterThan": {"aws:MultiFactorAuthAge": "-1"},
		"DateLessThan": {"aws:CurrentTime": "2030-01-01T00:00:00Z"}, "DateGreaterThan": {"aws:CurrentTime": "2020-01-01T00:00:00Z"}}}]}`)}}
	req := NewRequest("arn:aws:iam::111122223333:user/alice", "s3:ListBucket", "arn:aws:s3:::b", "", NewContext(map[string][]string{
		"s3:max-keys": {"1000"}, "aws:MultiFactorAuthAge": {"3600"}, "aws:CurrentTime": {"2026-06-01T12:00:00Z"}}))
	benchEvaluate(b, &set, req)
}
