package scenario

import (
	"strings"
	"testing"
)

// sessionDoc: a role Alice may assume, which may list WorkMail's users and
// describe its organizations; "s" is her session of it, acting in steps.
func sessionDoc(assume string, steps ...string) string {
	doc := `{"scenario": 1, "principals": {
		"admin": {"arn": "arn:aws:iam::111122223333:user/admin", "policies": [{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iam:*", "Resource": "*"}]}]},
		"alice": {"arn": "arn:aws:iam::111122223333:user/alice", "policies": [{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": "*"}]}]},
		"s": {"arn": "arn:aws:sts::111122223333:assumed-role/R/alice"}},
	"steps": [
		{"as": "admin", "op": "iam:CreateRole", "input": {"RoleName": "R", "AssumeRolePolicyDocument": "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", \"Principal\": {\"AWS\": \"arn:aws:iam::111122223333:user/alice\"}, \"Action\": \"sts:AssumeRole\"}]}"}},
		{"as": "admin", "op": "iam:PutRolePolicy", "input": {"RoleName": "R", "PolicyName": "p", "PolicyDocument": "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", \"Action\": [\"workmail:ListUsers\", \"workmail:DescribeOrganization\"], \"Resource\": \"*\"}]}"}}`
	if assume != "" {
		doc += `, {"as": "alice", "op": "sts:AssumeRole", "input": {"RoleArn": "arn:aws:iam::111122223333:role/R", "RoleSessionName": "alice"` + assume + `}}`
	}
	for _, s := range steps {
		doc += ", " + s
	}
	return doc + "]}"
}

func sessionCall(action string) string {
	return `{"as": "s", "op": "aws:Call", "input": {"Action": "workmail:` + action + `", "Resource": "arn:aws:workmail:us-east-1:111122223333:organization/m-1"}}`
}

// TestSessionActsWithItsRole: a role session acts with the role's inline
// policies, limited by the session policy its AssumeRole passed; with
// aws:PrincipalArn the role's ARN, as AWS sends it.
func TestSessionActsWithItsRole(t *testing.T) {
	sp := `, "Policy": "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"workmail:ListUsers\", \"Resource\": \"*\"}]}"`
	tr := runDoc(t, sessionDoc(sp, sessionCall("ListUsers"), sessionCall("DescribeOrganization")))
	if e := tr.Steps[2].Error; e != nil {
		t.Fatalf("AssumeRole: %+v", e)
	}
	if e := tr.Steps[3].Error; e != nil {
		t.Errorf("ListUsers, which role and session policy allow: %+v", e)
	}
	want := "User: arn:aws:sts::111122223333:assumed-role/R/alice is not authorized to perform: workmail:DescribeOrganization on resource: arn:aws:workmail:us-east-1:111122223333:organization/m-1 because no session policy allows the workmail:DescribeOrganization action"
	if e := tr.Steps[4].Error; e == nil || e.Message != want {
		t.Errorf("DescribeOrganization, which the session policy leaves out: %+v\nwant %q", e, want)
	}

	// Without a session policy the role's permissions are the session's;
	// a condition on aws:PrincipalArn sees the role's ARN.
	tr = runDoc(t, strings.Replace(sessionDoc("", `{"as": "alice", "op": "sts:AssumeRole", "input": {"RoleArn": "arn:aws:iam::111122223333:role/R", "RoleSessionName": "alice"}}`, sessionCall("DescribeOrganization")),
		`\"Resource\": \"*\"}]}"}}`, `\"Resource\": \"*\", \"Condition\": {\"StringEquals\": {\"aws:PrincipalArn\": \"arn:aws:iam::111122223333:role/R\"}}}]}"}}`, 1))
	if e := tr.Steps[3].Error; e != nil {
		t.Errorf("DescribeOrganization without a session policy: %+v", e)
	}
}

// TestSessionCredentials: a session no AssumeRole began has no
// credentials; a session's expire after DurationSeconds; DurationSeconds
// outside 900..MaxSessionDuration and a malformed session policy are
// AWS's errors.
func TestSessionCredentials(t *testing.T) {
	tr := runDoc(t, sessionDoc("", sessionCall("ListUsers")))
	if e := tr.Steps[2].Error; e == nil || e.Code != "InvalidClientTokenId" {
		t.Errorf("before AssumeRole: %+v, want InvalidClientTokenId", e)
	}
	tr = runDoc(t, sessionDoc(`, "DurationSeconds": 900`, sessionCall("ListUsers"),
		`{"as": "admin", "op": "clock:Advance", "input": {"Seconds": 899}}`, sessionCall("ListUsers"),
		`{"as": "admin", "op": "clock:Advance", "input": {"Seconds": 1}}`, sessionCall("ListUsers")))
	for i, want := range map[int]string{3: "", 5: "", 7: "ExpiredToken"} {
		if got := tr.Steps[i].Error; (got == nil) != (want == "") || got != nil && got.Code != want {
			t.Errorf("step %d: %+v, want %q", i, got, want)
		}
	}
	for _, tc := range []struct{ assume, want string }{
		{`, "DurationSeconds": 899`, "greater than or equal to 900"},
		{`, "DurationSeconds": 3601`, "exceeds the MaxSessionDuration set for this role"},
		{`, "Policy": "{\"Statement\": \"no\"}"`, "MalformedPolicyDocument"},
		{`, "Policy": {"Version": "2012-10-17", "Statement": []}`, "ValidationError: Policy is the session policy as a JSON string"},
	} {
		tr = runDoc(t, sessionDoc(tc.assume))
		if e := tr.Steps[2].Error; e == nil || !strings.Contains(e.Code+": "+e.Message, tc.want) {
			t.Errorf("AssumeRole with %s: %+v, want %q", tc.assume, e, tc.want)
		}
	}
}

// TestSessionDeclaresNoPolicies: a session's permissions are its role's;
// policies declared for it would be a second, untrue source, and Load
// refuses them.
func TestSessionDeclaresNoPolicies(t *testing.T) {
	_, err := Load("doc.json", []byte(`{"scenario": 1, "principals": {"s": {"arn": "arn:aws:sts::111122223333:assumed-role/R/x", "policies": [{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}]}}}`))
	if err == nil || !strings.Contains(err.Error(), `doc.json:1:37: principal "s" is a session of the role R`) {
		t.Fatalf("Load: %v", err)
	}
}

// TestAssumeRoleAnswer: AssumeRole answers as AWS does, but for the
// secrets the playground does not issue: the session's ARN and id
// (ROLEID:SESSION) and when its credentials expire. A role ARN of another
// account is outside the one account a scenario simulates, and one whose
// path is not the role's names no role: neither is taken for the role of
// the same name here.
func TestAssumeRoleAnswer(t *testing.T) {
	assume := func(arn string) string {
		return `{"as": "alice", "op": "sts:AssumeRole", "input": {"RoleArn": "` + arn + `", "RoleSessionName": "alice"}}`
	}
	tr := runDoc(t, sessionDoc(`, "DurationSeconds": 900`, assume("arn:aws:iam::444455556666:role/R"), assume("arn:aws:iam::111122223333:role/team/R"), assume("R")))
	out := outputJSON(tr.Steps[2])
	roleID := tr.Steps[0].Output["Role"].(map[string]any)["RoleId"].(string)
	want := `{"AssumedRoleUser":{"Arn":"arn:aws:sts::111122223333:assumed-role/R/alice","AssumedRoleId":"` + roleID + `:alice"},"Credentials":{"Expiration":"2026-01-01T00:15:00Z"}}`
	if out != want {
		t.Errorf("AssumeRole: %s\nwant %s", out, want)
	}
	for i, code := range map[int]string{3: "NotSimulated", 4: "NoSuchEntity", 5: "ValidationError"} {
		if i == 5 && tr.Steps[i].Error != nil && !strings.HasPrefix(tr.Steps[i].Error.Message, "RoleArn is the ARN") {
			t.Errorf("RoleArn R: %+v", tr.Steps[i].Error)
		}
		if e := tr.Steps[i].Error; e == nil || e.Code != code {
			t.Errorf("step %d: %+v, want %s", i, e, code)
		}
	}
}

// TestAssumeRoleSessionName: RoleSessionName is required, 2 to 64 of
// AWS's characters; it is not made up from the caller's name.
func TestAssumeRoleSessionName(t *testing.T) {
	assume := func(name string) string {
		return `{"as": "alice", "op": "sts:AssumeRole", "input": {"RoleArn": "arn:aws:iam::111122223333:role/R"` + name + `}}`
	}
	tr := runDoc(t, sessionDoc("", assume(""), assume(`, "RoleSessionName": "a"`), assume(`, "RoleSessionName": "a b"`), assume(`, "RoleSessionName": 12`), assume(`, "RoleSessionName": "a+=,.@_-z"`)))
	for i, want := range []string{"ValidationError: Missing required parameter in input: \"RoleSessionName\"",
		"ValidationError: 1 validation error detected: Value 'a' at 'roleSessionName'", "ValidationError: 1 validation error detected: Value 'a b'",
		"ValidationError: 1 validation error detected: Value 12 ", ""} {
		st := tr.Steps[2+i]
		got := ""
		if st.Error != nil {
			got = st.Error.Code + ": " + st.Error.Message
		}
		if want == "" && got != "" || !strings.HasPrefix(got, want) {
			t.Errorf("step %d: %q, want %q", 2+i, got, want)
		}
		if want != "" && st.Authorization != nil {
			t.Errorf("step %d: refused, yet authorized: %+v", 2+i, st.Authorization)
		}
	}
}
