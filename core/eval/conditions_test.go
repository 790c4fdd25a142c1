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
