package policy

import (
	"encoding/json"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"slrplay/core/diag"
)

// typeCodeCases are the codes of one policy type's grammar; TestEveryCode
// runs them with codeCases.
var typeCodeCases = []codeCase{
	{SCP, "SCP_SYNTAX_ERROR_PRINCIPAL", E, "Statement/0/NotPrincipal", `{"AWS": "111122223333"}`, doc(`{"Effect": "Deny", "NotPrincipal": {"AWS": "111122223333"}, "Action": "s3:*", "Resource": "*"}`)},
	{SCP, "SCP_SYNTAX_ERROR_ACTION_WILDCARD", E, "Statement/0/Action/1", `"s3:*Object"`, doc(`{"Effect": "Deny", "Action": ["s3:Get*", "s3:*Object"], "Resource": "*"}`)},
	{RCP, "RCP_SYNTAX_ERROR_PRINCIPAL", E, "Statement/0/Principal", `{"AWS": "*"}`, doc(`{"Effect": "Deny", "Principal": {"AWS": "*"}, "Action": "s3:*", "Resource": "*"}`)},
	{RCP, "RCP_SYNTAX_ERROR_PRINCIPAL", E, "Statement/0/NotPrincipal", `"*"`, doc(`{"Effect": "Deny", "NotPrincipal": "*", "Action": "s3:*", "Resource": "*"}`)},
	{RCP, "RCP_SYNTAX_ERROR_ALLOW", E, "Statement/0/Effect", `"Allow"`, doc(`{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "*"}`)},
	{RCP, "RCP_SYNTAX_ERROR_ALLOW", E, "Statement/0/Effect", `"Allow"`, doc(`{"Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*", "Condition": {"Bool": {"aws:SecureTransport": "true"}}}`)},
	{RCP, "RCP_SYNTAX_ERROR_NOTACTION", E, "Statement/0/NotAction", `"s3:GetObject"`, doc(`{"Effect": "Deny", "Principal": "*", "NotAction": "s3:GetObject", "Resource": "*"}`)},
	{RCP, "RCP_SYNTAX_ERROR_ACTION", E, "Statement/0/Action/1", `"ec2:RunInstances"`, doc(`{"Effect": "Deny", "Principal": "*", "Action": ["s3:*", "ec2:RunInstances"], "Resource": "*"}`)},
	{RCP, "MISSING_PRINCIPAL", E, "Statement/0", `{"Effect": "Deny", "Action": "s3:*", "Resource": "*"}`, doc(`{"Effect": "Deny", "Action": "s3:*", "Resource": "*"}`)},
	{Trust, "UNIQUE_SIDS_RECOMMENDED", W, "Statement/1/Sid", `"A"#2`, doc(`{"Sid": "A", "Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}, {"Sid": "A", "Effect": "Allow", "Principal": {"Service": "ecs.amazonaws.com"}, "Action": "sts:AssumeRole"}`)},
	{SCP, "UNIQUE_SIDS_REQUIRED", E, "Statement/1/Sid", `"A"#2`, doc(`{"Sid": "A", "Effect": "Deny", "Action": "s3:*", "Resource": "*"}, {"Sid": "A", "Effect": "Deny", "Action": "ec2:*", "Resource": "*"}`)},
	{RCP, "UNSUPPORTED_SID", E, "Statement/0/Sid", `"deny s3"`, doc(`{"Sid": "deny s3", "Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "*"}`)},
	{Trust, "MISSING_PRINCIPAL", E, "Statement/0", `{"Effect": "Allow", "Action": "sts:AssumeRole"}`, doc(`{"Effect": "Allow", "Action": "sts:AssumeRole"}`)},
	{Trust, "ROLE_TRUST_POLICY_SYNTAX_ERROR_NOTPRINCIPAL", E, "Statement/0/NotPrincipal", `{"AWS": "111122223333"}`, doc(`{"Effect": "Deny", "NotPrincipal": {"AWS": "111122223333"}, "Action": "sts:AssumeRole"}`)},
	{Trust, "ROLE_TRUST_POLICY_UNSUPPORTED_WILDCARD_IN_PRINCIPAL", E, "Statement/0/Principal", `"*"`, doc(`{"Effect": "Allow", "Principal": "*", "Action": "sts:AssumeRole"}`)},
	{Trust, "ROLE_TRUST_POLICY_SYNTAX_ERROR_RESOURCE", E, "Statement/0/Resource", `"*"`, doc(`{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole", "Resource": "*"}`)},
	{Trust, "ROLE_TRUST_POLICY_SYNTAX_ERROR_RESOURCE", E, "Statement/0/NotResource", `"*"`, doc(`{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole", "NotResource": "*"}`)},
	{Trust, "MISMATCHED_ACTION_FOR_PRINCIPAL", E, "Statement/0/Action", `"sts:AssumeRole"`, doc(`{"Effect": "Allow", "Principal": {"Federated": "arn:aws:iam::111122223333:saml-provider/idp"}, "Action": "sts:AssumeRole"}`)},
	{Trust, "MISMATCHED_ACTION_FOR_PRINCIPAL", E, "Statement/0/Action", `["sts:AssumeRoleWithSAML"]`, doc(`{"Effect": "Allow", "Principal": {"Federated": "cognito-identity.amazonaws.com"}, "Action": ["sts:AssumeRoleWithSAML"]}`)},
	{Trust, "MISMATCHED_ACTION_FOR_PRINCIPAL", E, "Statement/0/Action/1", `"sts:AssumeRoleWithWebIdentity"`, doc(`{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com", "AWS": "111122223333"}, "Action": ["sts:AssumeRole", "sts:AssumeRoleWithWebIdentity"]}`)},
	{Boundary, "UNSUPPORTED_PRINCIPAL", E, "Statement/0/Principal", `{"AWS": "111122223333"}`, doc(`{"Effect": "Allow", "Principal": {"AWS": "111122223333"}, "Action": "s3:*", "Resource": "*"}`)},
	{Session, "UNSUPPORTED_PRINCIPAL", E, "Statement/0/NotPrincipal", `{"AWS": "111122223333"}`, doc(`{"Effect": "Deny", "NotPrincipal": {"AWS": "111122223333"}, "Action": "s3:*", "Resource": "*"}`)},
	{Identity, "POLICY_SIZE_EXCEEDS_IDENTITY_POLICY_QUOTA", W, "", "{", sized(Identity, 6145)},
	{Boundary, "POLICY_SIZE_EXCEEDS_IDENTITY_POLICY_QUOTA", W, "", "{", sized(Boundary, 6145)},
	{Session, "POLICY_SIZE_EXCEEDS_SESSION_POLICY_QUOTA", W, "", "{", sized(Session, 2049)},
	{Trust, "POLICY_SIZE_EXCEEDS_ROLE_TRUST_POLICY_QUOTA", W, "", "{", sized(Trust, 2049)},
	{SCP, "POLICY_SIZE_EXCEEDS_SCP_QUOTA", E, "", "{", sized(SCP, 5121)},
	{RCP, "POLICY_SIZE_EXCEEDS_RCP_QUOTA", E, "", "{", sized(RCP, 5121)},
}

// validStatements is a statement of each type that raises nothing; SID
// stands for its Sid.
var validStatements = map[Type]string{
	Identity: `{"Sid": "SID", "Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject"], "Resource": "arn:aws:s3:::bucket/${aws:username}/*", "Condition": {"Bool": {"aws:MultiFactorAuthPresent": true}}}`,
	Resource: `{"Sid": "SID", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:role/app"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::bucket/*", "Condition": {"Bool": {"aws:SecureTransport": "true"}}}`,
	Trust:    `{"Sid": "SID", "Effect": "Allow", "Principal": {"Federated": "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"}, "Action": ["sts:AssumeRoleWith*", "sts:TagSession"], "Condition": {"StringEquals": {"token.actions.githubusercontent.com:aud": "sts.amazonaws.com"}}}`,
	SCP:      `{"Sid": "SID", "Effect": "Deny", "Action": ["ec2:*", "s3:Delete*"], "Resource": "*", "Condition": {"StringNotEquals": {"aws:RequestedRegion": ["eu-west-1"]}}}`,
	RCP:      `{"Sid": "SID", "Effect": "Deny", "Principal": "*", "Action": ["s3:*", "sts:*"], "Resource": "*", "Condition": {"BoolIfExists": {"aws:SecureTransport": "false"}}}`,
	Boundary: `{"Sid": "SID", "Effect": "Allow", "Action": ["s3:*", "cloudwatch:*"], "Resource": "*"}`,
	Session:  `{"Sid": "SID", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::bucket/*"}`,
}

var allTypes = []Type{Identity, Resource, Trust, SCP, RCP, Boundary, Session}

// sized is a valid policy of type typ exactly n characters long without white space.
func sized(typ Type, n int) string {
	st := strings.NewReplacer(`": `, `":`, `, `, `,`).Replace(validStatements[typ])
	base := `{"Version":"2012-10-17","Statement":[` + st + `]}`
	return strings.Replace(base, `"SID"`, `"`+strings.Repeat("A", n-len(base)+3)+`"`, 1)
}

func TestValidPolicies(t *testing.T) {
	for _, typ := range allTypes {
		policy := doc(strings.Replace(validStatements[typ], "SID", "First", 1) + ", " + strings.Replace(validStatements[typ], "SID", "Second", 1))
		if _, findings := lint(t, typ, policy); len(findings) > 0 {
			t.Errorf("%s: %q", typ, codes(findings))
		}
	}
	extra := map[Type]string{
		Identity: `{"Effect": "Allow", "Action": "iam:PassRole", "Resource": "*", "Condition": {"StringEquals": {"iam:PassedToService": "ec2.amazonaws.com"}}},
			{"Effect": "Allow", "Action": "iam:CreateServiceLinkedRole", "Resource": "*", "Condition": {"StringLike": {"iam:AWSServiceName": "ses.amazonaws.com"}}}`,
		Trust: `{"Effect": "Allow", "Principal": {"Service": "ses.amazonaws.com", "AWS": "*", "Federated": "arn:aws:iam::111122223333:saml-provider/idp"}, "Action": ["sts:AssumeRole", "sts:AssumeRoleWithSAML"]}`,
		RCP:   `{"Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*"}`, // RCPFullAWSAccess
		SCP:   `{"Effect": "Allow", "Action": "*", "Resource": "*"}`,                   // FullAWSAccess
	}
	for typ, st := range extra {
		if _, findings := lint(t, typ, doc(st)); len(findings) > 0 {
			t.Errorf("%s: %q", typ, codes(findings))
		}
	}
}

// byType runs one statement through every policy type and checks which of
// the watched codes each reports ("" for none).
func byType(t *testing.T, statement string, watch []string, want [7]string) {
	t.Helper()
	for _, typ := range allTypes {
		_, findings := lint(t, typ, doc(statement))
		got := ""
		for _, f := range findings {
			if slices.Contains(watch, f.Code) {
				got = strings.TrimSpace(got + " " + f.Code)
			}
		}
		if got != want[typ] {
			t.Errorf("%s: %s\ngot %q, want %q", typ, statement, got, want[typ])
		}
	}
}

func TestPrincipalByType(t *testing.T) {
	watch := []string{"UNSUPPORTED_PRINCIPAL", "SCP_SYNTAX_ERROR_PRINCIPAL", "MISSING_PRINCIPAL", "RCP_SYNTAX_ERROR_PRINCIPAL",
		"ROLE_TRUST_POLICY_UNSUPPORTED_WILDCARD_IN_PRINCIPAL", "ROLE_TRUST_POLICY_SYNTAX_ERROR_NOTPRINCIPAL", "ALLOW_WITH_NOT_PRINCIPAL"}
	const unsup, scp, missing, rcp = "UNSUPPORTED_PRINCIPAL", "SCP_SYNTAX_ERROR_PRINCIPAL", "MISSING_PRINCIPAL", "RCP_SYNTAX_ERROR_PRINCIPAL"
	//                                        identity resource trust scp rcp boundary session
	byType(t, `{"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "*"}`, watch,
		[7]string{unsup, "", "ROLE_TRUST_POLICY_UNSUPPORTED_WILDCARD_IN_PRINCIPAL", scp, "", unsup, unsup})
	byType(t, `{"Effect": "Deny", "Principal": {"AWS": "111122223333"}, "Action": "s3:*", "Resource": "*"}`, watch,
		[7]string{unsup, "", "", scp, rcp, unsup, unsup})
	byType(t, `{"Effect": "Deny", "Action": "s3:*", "Resource": "*"}`, watch,
		[7]string{"", missing, missing, "", missing, "", ""})
	byType(t, `{"Effect": "Deny", "NotPrincipal": {"AWS": "111122223333"}, "Action": "s3:*", "Resource": "*"}`, watch,
		[7]string{unsup, "", "ROLE_TRUST_POLICY_SYNTAX_ERROR_NOTPRINCIPAL", scp, rcp, unsup, unsup})
	byType(t, `{"Effect": "Allow", "NotPrincipal": {"AWS": "111122223333"}, "Action": "s3:*", "Resource": "*"}`, watch,
		[7]string{unsup, "ALLOW_WITH_NOT_PRINCIPAL", "ROLE_TRUST_POLICY_SYNTAX_ERROR_NOTPRINCIPAL", scp, rcp, unsup, unsup})
}

func TestResourceByType(t *testing.T) {
	watch := []string{"MISSING_RESOURCE", "ROLE_TRUST_POLICY_SYNTAX_ERROR_RESOURCE"}
	const missing, trust = "MISSING_RESOURCE", "ROLE_TRUST_POLICY_SYNTAX_ERROR_RESOURCE"
	byType(t, `{"Effect": "Deny", "Action": "sts:AssumeRole", "Resource": "*"}`, watch, [7]string{"", "", trust, "", "", "", ""})
	byType(t, `{"Effect": "Deny", "Action": "sts:AssumeRole", "NotResource": "arn:aws:iam::111122223333:role/x"}`, watch, [7]string{"", "", trust, "", "", "", ""})
	byType(t, `{"Effect": "Deny", "Action": "sts:AssumeRole"}`, watch, [7]string{missing, missing, "", missing, missing, missing, missing})
}

func TestSidByType(t *testing.T) {
	const unsup, req, rec = "UNSUPPORTED_SID", "UNIQUE_SIDS_REQUIRED", "UNIQUE_SIDS_RECOMMENDED"
	watch := []string{unsup, req, rec}
	byType(t, `{"Sid": "Deny all S3", "Effect": "Deny", "Action": "s3:*", "Resource": "*"}`, watch,
		[7]string{unsup, "", "", unsup, unsup, unsup, unsup})
	byType(t, `{"Sid": "S3", "Effect": "Deny", "Action": "s3:*", "Resource": "*"}, {"Sid": "S3", "Effect": "Deny", "Action": "s3:*", "Resource": "*"}`, watch,
		[7]string{req, rec, rec, req, req, req, req})
}

func TestSCPAndRCPActions(t *testing.T) {
	for _, c := range []struct {
		typ    Type
		action string
		want   string
	}{
		{SCP, `"*"`, ""}, {SCP, `"s3:*"`, ""}, {SCP, `"s3:Get*"`, ""}, {SCP, `"s3:GetObject"`, ""},
		{SCP, `"s3:*Object"`, "SCP_SYNTAX_ERROR_ACTION_WILDCARD"}, {SCP, `"s3:Get*Acl"`, "SCP_SYNTAX_ERROR_ACTION_WILDCARD"},
		{SCP, `"s3:Get?bject"`, ""}, // only a * before the end is refused
		{Identity, `"s3:*Object"`, ""},
		{RCP, `"*"`, ""}, {RCP, `"S3:GetObject"`, ""}, {RCP, `["kms:*", "sqs:*", "secretsmanager:*", "dynamodb:*", "logs:*"]`, ""},
		{RCP, `"iam:PassRole"`, "RCP_SYNTAX_ERROR_ACTION"},
	} {
		principal := ""
		if c.typ == RCP {
			principal = `"Principal": "*", `
		}
		_, findings := lint(t, c.typ, doc(`{"Effect": "Deny", `+principal+`"Action": `+c.action+`, "Resource": "*"}`))
		if got := strings.Join(codes(findings), ", "); c.want == "" && got != "" || !strings.Contains(got, c.want) {
			t.Errorf("%s with Action %s: got %q, want %q", c.typ, c.action, got, c.want)
		}
	}
}

func TestQuotas(t *testing.T) {
	for _, c := range []struct {
		typ   Type
		limit int
		code  string
	}{
		{Identity, 6144, "POLICY_SIZE_EXCEEDS_IDENTITY_POLICY_QUOTA"},
		{Boundary, 6144, "POLICY_SIZE_EXCEEDS_IDENTITY_POLICY_QUOTA"},
		{Trust, 2048, "POLICY_SIZE_EXCEEDS_ROLE_TRUST_POLICY_QUOTA"},
		{SCP, 5120, "POLICY_SIZE_EXCEEDS_SCP_QUOTA"},
		{RCP, 5120, "POLICY_SIZE_EXCEEDS_RCP_QUOTA"},
		{Session, 2048, "POLICY_SIZE_EXCEEDS_SESSION_POLICY_QUOTA"},
	} {
		at := sized(c.typ, c.limit)
		if n := minifiedLen(at); n != c.limit {
			t.Fatalf("%s: test policy is %d characters, want %d", c.typ, n, c.limit)
		}
		// White space outside strings does not count; inside them it does.
		spaced := strings.ReplaceAll(at, `,"`, ",\n          \"")
		// The quota applies to the policy, not to the encoding it was pasted in.
		quoted, _ := json.Marshal(at)
		wrapped := []string{`{"AssumeRolePolicyDocument": ` + string(quoted) + `}`, `{"PolicyDocument": ` + at + `}`, `{"Policy": "` + url.QueryEscape(at) + `"}`}
		for _, policy := range append([]string{at, spaced, url.QueryEscape(at), string(quoted)}, wrapped...) {
			if _, findings := lint(t, c.typ, policy); len(findings) > 0 {
				t.Errorf("%s at the limit (%d bytes): %q", c.typ, len(policy), codes(findings))
			}
		}
		for _, policy := range []string{sized(c.typ, c.limit+1), url.QueryEscape(sized(c.typ, c.limit+1))} {
			if _, findings := lint(t, c.typ, policy); len(findings) != 1 || findings[0].Code != c.code {
				t.Errorf("%s over the limit: %q", c.typ, codes(findings))
			}
		}
	}
	// White space inside strings counts, escapes included.
	for text, want := range map[string]int{"{\n  \"a\" : \"b c\"\n}": 11, `{"a": "b\" c"}`: 13, `[ "\\", 1 ]`: 8} {
		if n := minifiedLen(text); n != want {
			t.Errorf("minifiedLen(%q) = %d, want %d", text, n, want)
		}
	}
	// Resource policy quotas depend on the service.
	for _, typ := range []Type{Resource} {
		if _, findings := lint(t, typ, sized(typ, 30000)); len(findings) > 0 {
			t.Errorf("%s: %q", typ, codes(findings))
		}
	}
}

func TestDetectType(t *testing.T) {
	for _, c := range []struct {
		policy string
		want   Type
	}{
		{doc(`{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}`), Identity},
		{doc(`{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}`), Trust},
		{doc(`{"Effect": "Allow", "Principal": {"Federated": "cognito-identity.amazonaws.com"}, "Action": ["STS:AssumeRoleWithWebIdentity", "sts:TagSession"]}, {"Effect": "Deny", "Action": "s3:*", "Resource": "*"}`), Trust},
		{doc(`{"Effect": "Deny", "NotPrincipal": {"AWS": "111122223333"}, "Action": "sts:AssumeRole"}`), Trust},
		{doc(`{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}`), Resource},
		{doc(`{"Effect": "Allow", "Principal": "*", "Action": "sts:AssumeRole", "Resource": "*"}`), Resource},
		{doc(`{"Effect": "Allow", "Principal": "*", "NotAction": "s3:*"}`), Resource},
		{doc(`{"Effect": "Allow", "Principal": "*", "Action": ["sts:AssumeRole", "s3:GetObject"]}`), Resource},
	} {
		d, _ := Parse(diag.NewSource("", c.policy))
		if got := DetectType(d); got != c.want {
			t.Errorf("DetectType(%s) = %s, want %s", c.policy, got, c.want)
		}
		if _, got, _ := Lint(diag.NewSource("", c.policy), Auto); got != c.want {
			t.Errorf("Lint(Auto) used %s, want %s", got, c.want)
		}
	}
}

func TestParseOperator(t *testing.T) {
	for _, c := range []struct {
		name string
		want Operator
	}{
		{"StringEquals", Operator{Base: "StringEquals", Type: OpString, Cmp: Eq, Known: true}},
		{"ForAnyValue:StringNotLikeIfExists", Operator{Base: "StringNotLike", Type: OpString, Cmp: Like, Negated: true, IfExists: true, Set: ForAnyValue, Known: true}},
		{"ForAllValues:StringEqualsIgnoreCase", Operator{Base: "StringEqualsIgnoreCase", Type: OpString, Cmp: Eq, IgnoreCase: true, Set: ForAllValues, Known: true}},
		{"NumericLessThanEqualsIfExists", Operator{Base: "NumericLessThanEquals", Type: OpNumeric, Cmp: Le, IfExists: true, Known: true}},
		{"DateGreaterThan", Operator{Base: "DateGreaterThan", Type: OpDate, Cmp: Gt, Known: true}},
		{"NotIpAddress", Operator{Base: "NotIpAddress", Type: OpIP, Cmp: In, Negated: true, Known: true}},
		{"ArnEquals", Operator{Base: "ArnEquals", Type: OpARN, Cmp: Like, Known: true}},
		{"BinaryEquals", Operator{Base: "BinaryEquals", Type: OpBinary, Cmp: Eq, Known: true}},
		{"BoolIfExists", Operator{Base: "Bool", Type: OpBool, Cmp: Eq, IfExists: true, Known: true}},
		{"NullIfExists", Operator{Base: "Null", Type: OpNull, Cmp: Exists, IfExists: true, Known: true}},
		{"StringEqual", Operator{Base: "StringEqual"}},
		{"stringEquals", Operator{Base: "stringEquals"}},                                         // names are case-sensitive
		{"forAnyValue:StringEquals", Operator{Base: "forAnyValue:StringEquals"}},                 // so are qualifiers
		{"ForAllValues:", Operator{Set: ForAllValues}},                                           // no base
		{"IfExists", Operator{IfExists: true}},                                                   // no base
		{"StringEqualsIfExistsIfExists", Operator{Base: "StringEqualsIfExists", IfExists: true}}, // one suffix only
	} {
		if got := ParseOperator(c.name); got != c.want {
			t.Errorf("ParseOperator(%q) = %+v, want %+v", c.name, got, c.want)
		}
	}
	if n := len(OperatorNames()); n != 27 {
		t.Errorf("%d operators, want the 27 AWS documents", n)
	}
}

func TestParseDate(t *testing.T) {
	instant := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for _, s := range []string{"1767225600", "2026-01-01", "2026-01-01T00:00:00Z", "2026-01-01T00:00Z", "2026-01-01T02:00:00+02:00",
		"2025-12-31T19:00:00-05:00", "2025-12-31T19:00-05:00", "2026-01-01T00:00:00.000Z", "2026-01-01T00:00:00", "20260101T000000Z"} {
		got, ok := ParseDate(s)
		if !ok || !got.Equal(instant) {
			t.Errorf("ParseDate(%q) = %v, %v; want %v", s, got, ok, instant)
		}
	}
	if got, ok := ParseDate("-86400"); !ok || !got.Equal(time.Date(1969, 12, 31, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("negative epoch: %v, %v", got, ok)
	}
	if a, _ := ParseDate("2026-01-01T00:00:00.5Z"); !a.After(instant) {
		t.Errorf("fractions of a second are lost: %v", a)
	}
	for _, s := range []string{"", "yesterday", "2026-13-01", "2026-02-30", "01/01/2026", "2026-01-01 00:00:00", "99999999999999999999", "1.5", "-"} {
		if got, ok := ParseDate(s); ok {
			t.Errorf("ParseDate(%q) = %v, want not a date", s, got)
		}
	}
}

func TestParseCIDR(t *testing.T) {
	for s, want := range map[string]string{
		"203.0.113.5":     "203.0.113.5/32",
		"10.1.2.3/8":      "10.0.0.0/8",
		"0.0.0.0/0":       "0.0.0.0/0",
		"2001:db8::/32":   "2001:db8::/32",
		"2001:DB8::1":     "2001:db8::1/128",
		"2001:db8::1/128": "2001:db8::1/128",
	} {
		got, ok := ParseCIDR(s)
		if !ok || got != mustPrefix(t, want) {
			t.Errorf("ParseCIDR(%q) = %v, %v; want %s", s, got, ok, want)
		}
	}
	if p, _ := ParseCIDR("203.0.113.5"); !p.Contains(mustAddr(t, "203.0.113.5")) || p.Contains(mustAddr(t, "203.0.113.6")) {
		t.Errorf("a bare address is not /32: %v", p)
	}
	for _, s := range []string{"", "10.0.0.300", "10.0.0.0/33", "2001:db8::/129", "10.0.0.0/", "localhost", "10.0.0"} {
		if got, ok := ParseCIDR(s); ok {
			t.Errorf("ParseCIDR(%q) = %v, want not a range", s, got)
		}
	}
}

func TestForEachVariable(t *testing.T) {
	type seen struct {
		text, name, def string
		hasDef          bool
		problem         string
	}
	for _, c := range []struct {
		s    string
		want []seen
	}{
		{"no variables $ { } ${", []seen{{"${", "", "", false, "MISSING_BRACE_IN_VARIABLE"}}},
		{"home/${aws:username}/x", []seen{{"${aws:username}", "aws:username", "", false, ""}}},
		{"${aws:PrincipalTag/team, 'none'}-${aws:userid,''}", []seen{
			{"${aws:PrincipalTag/team, 'none'}", "aws:PrincipalTag/team", "none", true, ""},
			{"${aws:userid,''}", "aws:userid", "", true, ""}}},
		{"a${*}b${?}c${$}", []seen{{"${*}", "*", "", false, ""}, {"${?}", "?", "", false, ""}, {"${$}", "$", "", false, ""}}},
		{"${aws:username }", []seen{{"${aws:username }", "aws:username", "", false, ""}}},
		{"x/${aws:username", []seen{{"${aws:username", "", "", false, "MISSING_BRACE_IN_VARIABLE"}}},
		{"${a${b}", []seen{{"${a${b}", "", "", false, "MISSING_BRACE_IN_VARIABLE"}}},
		{"${}${  }", []seen{{"${}", "", "", false, "EMPTY_VARIABLE"}, {"${  }", "", "", false, "EMPTY_VARIABLE"}}},
		{"${aws: username}${ aws:username}${aws:user\tname}", []seen{
			{"${aws: username}", "aws: username", "", false, "UNSUPPORTED_SPACE_IN_VARIABLE"},
			{"${ aws:username}", " aws:username", "", false, "UNSUPPORTED_SPACE_IN_VARIABLE"},
			{"${aws:user\tname}", "aws:user\tname", "", false, "UNSUPPORTED_SPACE_IN_VARIABLE"}}},
		{"${aws:username, none}${aws:username, 'none}${aws:username, \"none\"}", []seen{
			{"${aws:username, none}", "aws:username", "", false, "MISSING_QUOTE_IN_VARIABLE"},
			{"${aws:username, 'none}", "aws:username", "", false, "MISSING_QUOTE_IN_VARIABLE"},
			{"${aws:username, \"none\"}", "aws:username", "", false, "MISSING_QUOTE_IN_VARIABLE"}}},
	} {
		var got []seen
		ForEachVariable(c.s, func(v Variable, problem string) bool {
			got = append(got, seen{c.s[v.Start:v.End], v.Name, v.Default, v.HasDefault, problem})
			return true
		})
		if !slices.Equal(got, c.want) {
			t.Errorf("ForEachVariable(%q):\n got %+v\nwant %+v", c.s, got, c.want)
		}
	}
	n := 0
	ForEachVariable("${a}${b}${c}", func(Variable, string) bool { n++; return n < 2 })
	if n != 2 {
		t.Errorf("fn returning false did not stop the walk: %d calls", n)
	}
	if !(Variable{Name: "$"}).Escape() || (Variable{Name: "aws:username"}).Escape() {
		t.Error("Escape")
	}
}

func TestWildcardMatch(t *testing.T) {
	for _, c := range []struct {
		pattern, s string
		fold, want bool
	}{
		{"", "", false, true},
		{"", "a", false, false},
		{"*", "", false, true},
		{"?", "", false, false},
		{"*", "anything:at/all", false, true},
		{"s3:Get*", "s3:GetObject", false, true},
		{"s3:get*", "s3:GetObject", false, false},
		{"s3:get*", "s3:GetObject", true, true},
		{"iam:*Role", "iam:PassRole", true, true},
		{"iam:*Role", "iam:PassRoles", true, false},
		{"a?c", "abc", false, true},
		{"a?c", "ac", false, false},
		{"a*b*c", "aXbYbZc", false, true},
		{"a*b*c", "aXbYbZ", false, false},
		{"*", "*x", false, true}, // a '*' in the text is text
		{"a*", "a*b", false, true},
		{"a*c", "a*b*c", false, true},
		{"*a*a*a*a*a*a*a*a*a*a*b", strings.Repeat("a", 40), false, false},
		{"*a*a*a*a*a*a*a*a*a*a*b", strings.Repeat("a", 40) + "b", false, true},
		{"arn:aws:s3:::b/*", "arn:aws:s3:::b/${aws:username}", false, true},
	} {
		if got := WildcardMatch(c.pattern, c.s, c.fold); got != c.want {
			t.Errorf("WildcardMatch(%q, %q, %v) = %v", c.pattern, c.s, c.fold, got)
		}
	}
}

func TestSplitARN(t *testing.T) {
	for s, want := range map[string]ARN{
		"arn:aws:s3:::bucket/key":                         {"aws", "s3", "", "", "bucket/key"},
		"arn:aws:iam::111122223333:role/a:b":              {"aws", "iam", "", "111122223333", "role/a:b"},
		"arn:aws-cn:sns:cn-north-1:111122223333:topic":    {"aws-cn", "sns", "cn-north-1", "111122223333", "topic"},
		"arn:aws:logs:us-east-1:111122223333:log-group:*": {"aws", "logs", "us-east-1", "111122223333", "log-group:*"},
		"arn:::::": {},
	} {
		if got, ok := SplitARN(s); !ok || got != want {
			t.Errorf("SplitARN(%q) = %+v, %v; want %+v", s, got, ok, want)
		}
	}
	for _, s := range []string{"", "*", "arn:aws:s3:bucket", "aws:s3:::b", "ARN:aws:s3:::b", "arn:aws:iam::111122223333"} {
		if got, ok := SplitARN(s); ok {
			t.Errorf("SplitARN(%q) = %+v, want not an ARN", s, got)
		}
	}
}

func TestLearnMore(t *testing.T) {
	if got := LearnMore("MISSING_EFFECT"); got != checkRef+"#access-analyzer-reference-policy-checks-error-missing-effect" {
		t.Errorf("MISSING_EFFECT: %s", got)
	}
	if got := LearnMore("PASS_ROLE_WITH_STAR_IN_RESOURCE"); !strings.HasSuffix(got, "-security-warning-pass-role-with-star-in-resource") {
		t.Errorf("PASS_ROLE_WITH_STAR_IN_RESOURCE: %s", got)
	}
	if got := LearnMore("FULL_ACCESS"); got != userGuide+"best-practices.html#grant-least-privilege" {
		t.Errorf("FULL_ACCESS: %s", got)
	}
	for code := range ownLinks {
		if _, ok := severities[code]; !ok {
			t.Errorf("%s has a link but no severity", code)
		}
	}
}
