package eval

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
)

// allowS3 is an identity policy allowing s3:GetObject; boundEC2 a boundary
// allowing only ec2: with it a request for s3:GetObject is denied.
const (
	allowS3  = `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}`
	boundEC2 = `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "ec2:*", "Resource": "*"}]}`
	aliceGet = `"principal": "arn:aws:iam::111122223333:user/alice", "action": "s3:GetObject", "resource": "arn:aws:s3:::b/k"`
)

// TestCaseFields: a field the contract does not know, or one written
// twice, is never skipped: the case is an error naming it, the nearest
// known name and its column. Before, "permissionBoundaries" was skipped and
// the request allowed as if there were no boundary.
func TestCaseFields(t *testing.T) {
	tests := []struct {
		name, line string
		want       string // in the reason; "" = evaluated
		at         string // the key at fault: its last occurrence is where the error points
	}{
		{"boundary misspelt", `{"id": "c", "identityPolicies": [` + allowS3 + `], "permissionBoundaries": ` + boundEC2 + `, "request": {` + aliceGet + `}}`,
			"permissionBoundaries: did you mean permissionsBoundary?", `"permissionBoundaries"`},
		{"request field misspelt", `{"identityPolicies": [], "request": {` + aliceGet + `, "contxt": {}}}`,
			"request.contxt: did you mean context?", `"contxt"`},
		{"wrong case", `{"Request": {` + aliceGet + `}}`, "Request: did you mean request?", `"Request"`},
		{"nothing near", `{"request": {` + aliceGet + `}, "zzzzzz": 1}`, "unknown field zzzzzz: the fields are id, ", `"zzzzzz"`},
		{"field twice", `{"identityPolicies": [], "identityPolicies": [` + allowS3 + `], "request": {` + aliceGet + `}}`,
			"identityPolicies is written twice", `"identityPolicies"`},
		{"request field twice", `{"request": {` + aliceGet + `, "action": "s3:PutObject"}}`, "request.action is written twice", `"action"`},
		{"context key twice", `{"request": {` + aliceGet + `, "context": {"aws:SourceIp": "10.0.0.1", "AWS:sourceip": "192.0.2.1"}}}`,
			`context key "AWS:sourceip": written twice`, `"AWS:sourceip"`},
		{"deriveContext not a boolean", `{"request": {` + aliceGet + `}, "deriveContext": "yes"}`, "deriveContext must be true or false", `"yes"`},
		{"identityPolicies not an array", `{"identityPolicies": ` + allowS3 + `, "request": {` + aliceGet + `}}`, "identityPolicies must be an array, not an object", `{"Version"`},
		{"scps not an array", `{"scps": "x", "request": {` + aliceGet + `}}`, "scps must be an array, not a string", `"x"`},
		{"the known fields", `{"id": "c", "identityPolicies": [], "resourcePolicy": null, "permissionsBoundary": null, "sessionPolicy": null, "scps": [], "rcps": [], "deriveContext": false, "request": {` + aliceGet + `, "resourceAccount": "111122223333", "context": {}}}`, "", ""},
	}
	for _, tt := range tests {
		res, err := RunCase([]byte(tt.line), Options{})
		if tt.want == "" {
			if err != nil || res.EvalDecision != ImplicitDeny {
				t.Errorf("%s: %v, %+v", tt.name, err, res)
			}
			continue
		}
		bad, ok := err.(*ErrCase)
		if !ok || !strings.Contains(bad.Reason, tt.want) {
			t.Errorf("%s: %v, want %q", tt.name, err, tt.want)
			continue
		}
		out := bad.Result("c", tt.line)
		if out.EvalDecision != Error || len(out.Errors[0].Locations) != 1 {
			t.Errorf("%s: %+v", tt.name, out)
			continue
		}
		if at, col := out.Errors[0].Locations[0].Span.Start, strings.LastIndex(tt.line, tt.at); at.Line != 1 || at.Column != col {
			t.Errorf("%s: at %d:%d, want 1:%d", tt.name, at.Line, at.Column, col)
		}
	}
}

// TestCaseSizes: a policy or a case over its cap is refused with the sizes
// in the message, not read.
func TestCaseSizes(t *testing.T) {
	big := `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Sid": "` + strings.Repeat("a", MaxPolicyBytes) + `"}]}`
	res, err := RunCase([]byte(`{"identityPolicies": [`+big+`], "request": {`+aliceGet+`}}`), Options{})
	if err != nil || res.EvalDecision != Error || len(res.Errors) != 1 || res.Errors[0].IssueCode != "POLICY_TOO_LARGE" ||
		res.Errors[0].FindingDetails != "identity[0] is 1.1 MiB; policies are read up to 1 MiB (AWS stores a few KiB at most)" {
		t.Errorf("%v, %+v", err, res)
	}
	huge := `{"identityPolicies": [` + strings.Repeat(big+",", 4) + big + `], "request": {` + aliceGet + `}}`
	if _, err := RunCase([]byte(huge), Options{}); err == nil || !strings.Contains(err.Error(), "the case is 5.1 MiB; cases are read up to 4 MiB") {
		t.Errorf("%v", err)
	}
	for n, want := range map[int]string{0: "0 bytes", 1023: "1023 bytes", 1024: "1 KiB", 1025: "1.1 KiB", 55 << 20: "55 MiB", 1<<20 + 1: "1.1 MiB"} {
		if got := Size(n); got != want {
			t.Errorf("Size(%d) = %q, want %q", n, got, want)
		}
	}
}

// TestDeriveContext: with "deriveContext": true the keys AWS puts in every
// request are added and listed; a key the case gives wins; without it the
// context is what the case says.
func TestDeriveContext(t *testing.T) {
	now := time.Date(2026, 12, 6, 3, 4, 5, 0, time.UTC)
	onlyTLS := `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": {"Bool": {"aws:SecureTransport": "true"}, "StringEquals": {"aws:username": "alice", "aws:PrincipalType": "User"}}}]}`
	tests := []struct {
		name, principal, extra string
		want                   Decision
		derived                map[string]string
	}{
		{"user", "arn:aws:iam::111122223333:user/team/alice", `, "deriveContext": true`, Allowed, map[string]string{
			"aws:PrincipalArn": "arn:aws:iam::111122223333:user/team/alice", "aws:PrincipalAccount": "111122223333", "aws:PrincipalType": "User",
			"aws:username": "alice", "aws:ResourceAccount": "111122223333", "aws:CurrentTime": "2026-12-06T03:04:05Z",
			"aws:EpochTime": "1796526245", "aws:SecureTransport": "true"}},
		{"not asked", "arn:aws:iam::111122223333:user/alice", ``, ImplicitDeny, nil},
		{"given wins", "arn:aws:iam::111122223333:user/alice", `, "deriveContext": true`, ImplicitDeny, nil},
		{"session", "arn:aws:sts::111122223333:assumed-role/Dev/alice", `, "deriveContext": true`, ImplicitDeny, map[string]string{
			"aws:PrincipalArn": "arn:aws:iam::111122223333:role/Dev", "aws:PrincipalAccount": "111122223333", "aws:PrincipalType": "AssumedRole",
			"aws:ResourceAccount": "111122223333", "aws:CurrentTime": "2026-12-06T03:04:05Z", "aws:EpochTime": "1796526245", "aws:SecureTransport": "true"}},
	}
	for _, tt := range tests {
		ctx := `{}`
		if tt.name == "given wins" {
			ctx = `{"aws:SecureTransport": false}`
		}
		line := `{"identityPolicies": [` + onlyTLS + `], "request": {"principal": "` + tt.principal + `", "action": "s3:GetObject", "resource": "arn:aws:s3:::b/k", "context": ` + ctx + `}` + tt.extra + `}`
		res, err := RunCase([]byte(line), Options{Now: now})
		if err != nil || res.EvalDecision != tt.want {
			t.Errorf("%s: %v, %+v", tt.name, err, res)
			continue
		}
		if tt.derived != nil {
			got, _ := json.Marshal(res.DerivedContext)
			want, _ := json.Marshal(tt.derived)
			if string(got) != string(want) {
				t.Errorf("%s: derived %s\nwant %s", tt.name, got, want)
			}
		}
		if tt.name == "given wins" && res.DerivedContext["aws:SecureTransport"] != "" {
			t.Errorf("a given key was derived: %v", res.DerivedContext)
		}
		if want, _ := json.Marshal(res); string(res.AppendJSON(nil)) != string(want) {
			t.Errorf("%s: JSON differs from encoding/json's:\n%s\n%s", tt.name, res.AppendJSON(nil), want)
		}
	}
}
