package eval

import (
	"encoding/json"
	"strings"
	"testing"
)

// pol is a policy document of the given statements.
func pol(statements ...string) string {
	return `{"Version": "2012-10-17", "Statement": [` + strings.Join(statements, ",") + `]}`
}

const (
	alice   = "arn:aws:iam::111122223333:user/alice"
	session = "arn:aws:sts::111122223333:assumed-role/reader/s1"
	role    = "arn:aws:iam::111122223333:role/reader"
	other   = "arn:aws:iam::444455556666:user/bob"
	object  = "arn:aws:s3:::bucket/key"
)

var (
	allowGet = `{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}`
	denyGet  = `{"Effect": "Deny", "Action": "s3:GetObject", "Resource": "*"}`
	allowAll = `{"Effect": "Allow", "Action": "*", "Resource": "*"}`
	allowEC2 = `{"Effect": "Allow", "Action": "ec2:*", "Resource": "*"}`
	grantTo  = func(p string) string {
		return `{"Effect": "Allow", "Principal": {"AWS": "` + p + `"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::bucket/*"}`
	}
	grantStar = `{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::bucket/*"}`
)

type caseSpec struct {
	identity           []string
	resource, boundary string
	session            string
	scps, rcps         [][]string
	principal, action  string
	resourceARN        string
	resourceAccount    string
	context            map[string]any
}

func run(t *testing.T, c caseSpec) *CaseResult {
	t.Helper()
	m := map[string]any{}
	raw := func(s string) json.RawMessage { return json.RawMessage(s) }
	var ids []json.RawMessage
	for _, p := range c.identity {
		ids = append(ids, raw(p))
	}
	m["identityPolicies"] = ids
	if c.resource != "" {
		m["resourcePolicy"] = raw(c.resource)
	}
	if c.boundary != "" {
		m["permissionsBoundary"] = raw(c.boundary)
	}
	if c.session != "" {
		m["sessionPolicy"] = raw(c.session)
	}
	levels := func(ls [][]string) []any {
		var out []any
		for _, l := range ls {
			var ps []json.RawMessage
			for _, p := range l {
				ps = append(ps, raw(p))
			}
			out = append(out, ps)
		}
		return out
	}
	m["scps"], m["rcps"] = levels(c.scps), levels(c.rcps)
	if c.principal == "" {
		c.principal = alice
	}
	if c.action == "" {
		c.action = "s3:GetObject"
	}
	if c.resourceARN == "" {
		c.resourceARN = object
	}
	m["request"] = map[string]any{"principal": c.principal, "action": c.action, "resource": c.resourceARN, "resourceAccount": c.resourceAccount, "context": c.context}
	line, _ := json.Marshal(m)
	res, err := RunCase(line, Options{})
	if err != nil {
		t.Fatalf("%v\n%s", err, line)
	}
	return res
}

func TestDecisions(t *testing.T) {
	fullAccess := pol(allowAll)
	tests := []struct {
		name string
		c    caseSpec
		want Decision
	}{
		{"nothing allows", caseSpec{}, ImplicitDeny},
		{"identity allows", caseSpec{identity: []string{pol(allowGet)}}, Allowed},
		{"explicit deny wins", caseSpec{identity: []string{pol(allowAll), pol(denyGet)}}, ExplicitDeny},
		{"deny in a resource policy wins", caseSpec{identity: []string{pol(allowGet)}, resource: pol(strings.Replace(grantStar, "Allow", "Deny", 1))}, ExplicitDeny},
		// SCPs: every level must allow; they never grant.
		{"SCPs allow at every level", caseSpec{identity: []string{pol(allowGet)}, scps: [][]string{{fullAccess}, {pol(allowGet)}}}, Allowed},
		{"an SCP level without the action", caseSpec{identity: []string{pol(allowGet)}, scps: [][]string{{fullAccess}, {pol(allowEC2)}}}, ImplicitDeny},
		{"SCPs pooled within a level", caseSpec{identity: []string{pol(allowGet)}, scps: [][]string{{pol(allowEC2), pol(allowGet)}}}, Allowed},
		{"an SCP alone grants nothing", caseSpec{scps: [][]string{{fullAccess}}}, ImplicitDeny},
		{"SCP deny", caseSpec{identity: []string{pol(allowGet)}, scps: [][]string{{fullAccess, pol(denyGet)}}}, ExplicitDeny},
		// RCPs only deny.
		{"RCP without allow does not block", caseSpec{identity: []string{pol(allowGet)}, rcps: [][]string{{pol(`{"Effect": "Deny", "Principal": "*", "Action": "s3:PutObject", "Resource": "*"}`)}}}, Allowed},
		{"RCP deny", caseSpec{identity: []string{pol(allowGet)}, rcps: [][]string{{pol(`{"Effect": "Deny", "Principal": "*", "Action": "s3:GetObject", "Resource": "*"}`)}}}, ExplicitDeny},
		// Resource policies in the same account.
		{"resource policy names the user", caseSpec{resource: pol(grantTo(alice))}, Allowed},
		{"resource policy names the account", caseSpec{resource: pol(grantTo("111122223333"))}, ImplicitDeny},
		{"resource policy names the account, identity allows", caseSpec{identity: []string{pol(allowGet)}, resource: pol(grantTo("arn:aws:iam::111122223333:root"))}, Allowed},
		{"resource policy with *", caseSpec{resource: pol(grantStar)}, Allowed},
		{"resource policy for another principal", caseSpec{resource: pol(grantTo("arn:aws:iam::111122223333:user/carol"))}, ImplicitDeny},
		{"role ARN covers its sessions", caseSpec{principal: session, resource: pol(grantTo(role))}, Allowed},
		// Boundaries and session policies cap grants to the role, not to the user or session itself.
		{"boundary caps identity", caseSpec{identity: []string{pol(allowGet)}, boundary: pol(allowEC2)}, ImplicitDeny},
		{"boundary allows", caseSpec{identity: []string{pol(allowGet)}, boundary: pol(allowGet)}, Allowed},
		{"boundary does not cap a grant to the user", caseSpec{resource: pol(grantTo(alice)), boundary: pol(allowEC2)}, Allowed},
		{"boundary caps a grant to the role", caseSpec{principal: session, resource: pol(grantTo(role)), boundary: pol(allowEC2)}, ImplicitDeny},
		{"boundary does not cap a grant to the session", caseSpec{principal: session, resource: pol(grantTo(session)), boundary: pol(allowEC2)}, Allowed},
		{"session policy caps identity", caseSpec{principal: session, identity: []string{pol(allowGet)}, session: pol(allowEC2)}, ImplicitDeny},
		{"session policy only for sessions", caseSpec{identity: []string{pol(allowGet)}, session: pol(allowEC2)}, Allowed},
		{"session policy does not cap a grant to the session", caseSpec{principal: session, resource: pol(grantTo(session)), session: pol(allowEC2)}, Allowed},
		{"boundary deny", caseSpec{identity: []string{pol(allowGet)}, boundary: pol(allowAll, denyGet)}, ExplicitDeny},
		// Cross account: both sides.
		{"cross account: resource only", caseSpec{principal: other, resource: pol(grantTo(other)), resourceAccount: "111122223333"}, ImplicitDeny},
		{"cross account: identity only", caseSpec{principal: other, identity: []string{pol(allowGet)}, resourceAccount: "111122223333"}, ImplicitDeny},
		{"cross account: both", caseSpec{principal: other, identity: []string{pol(allowGet)}, resource: pol(grantTo(other)), resourceAccount: "111122223333"}, Allowed},
		{"cross account: * needs identity", caseSpec{principal: other, resource: pol(grantStar), resourceAccount: "111122223333"}, ImplicitDeny},
		// NotPrincipal, NotAction, NotResource.
		{"NotPrincipal role does not exclude its session", caseSpec{principal: session, identity: []string{pol(allowGet)},
			resource: pol(grantStar, `{"Effect": "Deny", "NotPrincipal": {"AWS": "`+role+`"}, "Action": "s3:*", "Resource": "*"}`)}, ExplicitDeny},
		{"NotPrincipal session excludes it", caseSpec{principal: session, identity: []string{pol(allowGet)},
			resource: pol(grantStar, `{"Effect": "Deny", "NotPrincipal": {"AWS": ["`+role+`", "`+session+`"]}, "Action": "s3:*", "Resource": "*"}`)}, Allowed},
		{"NotAction allows other services", caseSpec{action: "dynamodb:GetItem", resourceARN: "arn:aws:dynamodb:eu-west-1:111122223333:table/t", identity: []string{pol(`{"Effect": "Allow", "NotAction": "iam:*", "Resource": "*"}`)}}, Allowed},
		{"NotAction excludes its own", caseSpec{action: "iam:CreateUser", resourceARN: "arn:aws:iam::111122223333:user/bob", identity: []string{pol(`{"Effect": "Allow", "NotAction": "iam:*", "Resource": "*"}`)}}, ImplicitDeny},
		{"NotResource", caseSpec{identity: []string{pol(`{"Effect": "Allow", "Action": "s3:*", "NotResource": "arn:aws:s3:::secret/*"}`)}}, Allowed},
		{"NotResource excludes", caseSpec{resourceARN: "arn:aws:s3:::secret/x", identity: []string{pol(`{"Effect": "Allow", "Action": "s3:*", "NotResource": "arn:aws:s3:::secret/*"}`)}}, ImplicitDeny},
		{"no resource type needs Resource *", caseSpec{action: "s3:ListAllMyBuckets", resourceARN: "*", identity: []string{pol(`{"Effect": "Allow", "Action": "s3:*", "Resource": "arn:aws:s3:::*"}`)}}, ImplicitDeny},
		// Root and services.
		{"root in its own account", caseSpec{principal: "arn:aws:iam::111122223333:root"}, Allowed},
		{"root under an SCP", caseSpec{principal: "arn:aws:iam::111122223333:root", scps: [][]string{{pol(allowEC2)}}}, ImplicitDeny},
		{"service assumes its role", caseSpec{principal: "ses.amazonaws.com", action: "sts:AssumeRole", resourceARN: "arn:aws:iam::111122223333:role/aws-service-role/ses.amazonaws.com/AWSServiceRoleForAmazonSES",
			resource: pol(`{"Effect": "Allow", "Principal": {"Service": "ses.amazonaws.com"}, "Action": "sts:AssumeRole"}`)}, Allowed},
		{"another service may not", caseSpec{principal: "ec2.amazonaws.com", action: "sts:AssumeRole", resourceARN: "arn:aws:iam::111122223333:role/aws-service-role/ses.amazonaws.com/AWSServiceRoleForAmazonSES",
			resource: pol(`{"Effect": "Allow", "Principal": {"Service": "ses.amazonaws.com"}, "Action": "sts:AssumeRole"}`)}, ImplicitDeny},
		{"invalid policy", caseSpec{identity: []string{pol(`{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": {"StringEqual": {"a:b": "c"}}}`)}}, Error},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := run(t, tc.c).EvalDecision; got != tc.want {
				t.Errorf("got %s, want %s", got, tc.want)
			}
		})
	}
}

// TestResultShape: the matched statements, per-type details and missing keys.
func TestResultShape(t *testing.T) {
	res := run(t, caseSpec{
		identity: []string{pol(`{"Sid": "Read", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"}}}`, allowGet)},
		boundary: pol(allowGet),
	})
	if res.EvalDecision != Allowed || len(res.MatchedStatements) != 2 {
		t.Fatalf("%+v", res)
	}
	m := res.MatchedStatements[0]
	if m.SourcePolicyID != "identity[0]" || m.SourcePolicyType != "IAM Policy" || m.StatementIndex != 1 || m.StartPosition.Line != 1 {
		t.Errorf("matched %+v", m)
	}
	if res.DecisionDetails.Identity != Allowed || res.DecisionDetails.Boundary != Allowed || res.DecisionDetails.SCP != "" {
		t.Errorf("details %+v", res.DecisionDetails)
	}
	if strings.Join(res.MissingContextValues, ",") != "aws:MultiFactorAuthPresent" {
		t.Errorf("missing %v", res.MissingContextValues)
	}
}

// TestManyPlainActions: a statement of many plain action names is looked up
// in a set; the set matches as the patterns would: ignoring case, whole
// names only.
func TestManyPlainActions(t *testing.T) {
	names := []string{"s3:GetObject", "S3:PUTOBJECT", "s3:ListBucket", "s3:DeleteObject", "s3:GetBucketPolicy",
		"s3:GetObjectTagging", "s3:PutObjectAcl", "s3:RestoreObject"}
	quoted, _ := json.Marshal(names)
	p := pol(`{"Effect": "Allow", "Action": ` + string(quoted) + `, "Resource": "*"}`)
	for _, tc := range []struct {
		action string
		want   Decision
	}{
		{"s3:GetObject", Allowed}, {"S3:getobject", Allowed}, {"s3:PutObject", Allowed}, {"s3:putobjectacl", Allowed},
		{"S3:RESTOREOBJECT", Allowed}, {"s3:GetObjectVersion", ImplicitDeny}, {"s3:DeleteObjectVersion", ImplicitDeny},
		{"s3:PutObjectTagging", ImplicitDeny}, {"s3:GetObjectAcl", ImplicitDeny},
		// Not AWS actions: a request that cannot happen.
		{"s3:Get", Error}, {"s3:GetObjec", Error},
	} {
		if got := run(t, caseSpec{identity: []string{p}, action: tc.action}).EvalDecision; got != tc.want {
			t.Errorf("%s: got %s, want %s", tc.action, got, tc.want)
		}
	}
}
