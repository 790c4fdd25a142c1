package policy_test

import (
	"strings"
	"testing"

	"slrplay/core/diag"
	"slrplay/core/policy"
)

// hostile are large inputs built to make a careless linter quadratic: each
// must be linted (and rendered) in about linear time. A regression shows as a
// test that does not end.
func hostile() map[string]string {
	many := func(item string, n int) string { return strings.TrimSuffix(strings.Repeat(item+",", n), ",") }
	stmt := func(body string) string { return `{"Version": "2012-10-17", "Statement": [{` + body + `}]}` }
	return map[string]string{
		"invalid actions":         stmt(`"Effect": "Allow", "Resource": "*", "Action": [` + many(`"not an action"`, 300000) + `]`),
		"case-duplicate keys":     stmt(`"Effect": "Allow", "Action": "s3:*", "Resource": "*", "Condition": {"StringEquals": {` + many(`"aws:username": "a", "AWS:USERNAME": "b"`, 100000) + `}}`),
		"unknown operators":       stmt(`"Effect": "Allow", "Action": "s3:*", "Resource": "*", "Condition": {` + many(`"StringEqualsss": {}`, 200000) + `}`),
		"unknown elements":        stmt(`"Effect": "Allow", "Action": "s3:*", "Resource": "*", ` + many(`"Actionsss": 1`, 300000)),
		"many statements":         `{"Version": "2012-10-17", "Statement": [` + many(`{"Effect": "Alow", "Action": "s3:*", "Resource": "*"}`, 100000) + `]}`,
		"one long non-ASCII line": stmt(`"Sid": "` + strings.Repeat("ü", 1000000) + `", "Effect": "Allow", "Resource": "*", "Action": [` + many(`"é"`, 200000) + `]`),
		"variables":               stmt(`"Effect": "Allow", "Action": "s3:*", "Resource": "arn:aws:s3:::` + strings.Repeat("${aws:usrname}", 300000) + `"`),
		"missing commas":          `{"Statement": [` + strings.Repeat(`"a" `, 1000000) + `]}`,
		"empty statements":        `{"Version": "2012-10-17", "Statement": [` + many(`{}`, 2000000) + `]}`,
		"scalar statements":       `{"Version": "2012-10-17", "Statement": [` + many(`1`, 3000000) + `]}`,
	}
}

func TestHostileInputsEnd(t *testing.T) {
	for name, text := range hostile() {
		t.Run(name, func(t *testing.T) {
			src := diag.NewSource("hostile.json", text)
			_, _, findings := policy.Lint(src, policy.Identity)
			if len(findings) == 0 {
				t.Fatal("no findings")
			}
			if len(findings) > policy.MaxFindings+1 {
				t.Errorf("%d findings listed, more than %d", len(findings), policy.MaxFindings)
			}
			// The summary carries the worst of what it counts: unknown
			// variables are warnings, everything else here is an error.
			want := diag.Error
			if name == "variables" {
				want = diag.Warning
			}
			if last := findings[len(findings)-1]; len(findings) > policy.MaxFindings && (last.Code != "TOO_MANY_FINDINGS" || last.Severity != want) {
				t.Errorf("last finding %s %s, want TOO_MANY_FINDINGS carrying %s", last.Code, last.Severity, want)
			}
			var b strings.Builder
			diag.Render(&b, src, findings)
			findings.Reports()
		})
	}
}
