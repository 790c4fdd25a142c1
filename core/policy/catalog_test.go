package policy

import (
	"strings"
	"testing"

	"slrplay/core/diag"
	"slrplay/core/reference"
)

// TestWithoutCatalog: without a catalog (the page before it loads one) the
// grammar's checks run alone, and an unknown global key gets the guide's
// own warning.
func TestWithoutCatalog(t *testing.T) {
	text := doc(`{"Effect": "Allow", "Action": ["s3:GetObjekt", "workmial:ListUsers"], "Resource": "arn:aws:s3*:::b", "Condition": {"StringEquals": {"aws:Usrname": "a", "s3:prefixx": "b"}}}`)
	d, _ := Parse(diag.NewSource("p.json", text))
	grammar, catalog := validate(d, Identity, nil)
	if len(catalog.list) != 0 {
		t.Errorf("catalog findings without a catalog: %v", codes(catalog.list))
	}
	if got := strings.Join(codes(grammar.list), ", "); !strings.HasPrefix(got, "UNKNOWN_GLOBAL_CONDITION_KEY at") || strings.Contains(got, ",") {
		t.Errorf("got %s, want UNKNOWN_GLOBAL_CONDITION_KEY only", got)
	}
}

// TestCheckSplits: Check keeps the grammar's findings and the catalog's apart.
func TestCheckSplits(t *testing.T) {
	text := doc(`{"Effect": "Allow", "Action": "s3:GetObjekt", "Resource": "*"}, {"Effect": "Alow", "Action": "s3:GetObject", "Resource": "*"}`)
	d, _ := Parse(diag.NewSource("p.json", text))
	grammar, catalog := Check(d, Identity)
	if got := strings.Join(codes(grammar), ", "); got != "INVALID_EFFECT at Statement/1/Effect" {
		t.Errorf("grammar: %s", got)
	}
	if got := strings.Join(codes(catalog), ", "); got != "INVALID_ACTION at Statement/0/Action" {
		t.Errorf("catalog: %s", got)
	}
}

// TestCatalogMessages: the findings teach: a suggestion for a typo, the
// honest word for what only AWS's own policies name.
func TestCatalogMessages(t *testing.T) {
	for _, c := range []struct{ statement, want string }{
		{`{"Effect": "Allow", "Action": "s3:GetObjekt", "Resource": "*"}`, "The action s3:GetObjekt does not exist. Did you mean s3:GetObject?"},
		{`{"Effect": "Allow", "Action": "workmial:ListUsers", "Resource": "*"}`, "Did you mean workmail:ListUsers?"},
		{`{"Effect": "Allow", "Action": "iam:CreateServiceLinkedRoles", "Resource": "*"}`, "Did you mean iam:CreateServiceLinkedRole?"},
		{`{"Effect": "Allow", "Action": "s3:Gte*", "Resource": "*"}`, "The action s3:Gte* matches no action of s3. Did you mean s3:Get*?"},
		{`{"Effect": "Allow", "Action": "mobilehub:CreateProject", "Resource": "*"}`, "AWS's own managed policies or guides name it"},
		{`{"Effect": "Allow", "Action": ["s3:*", "s3:GetObject"], "Resource": "*"}`, "The action s3:GetObject is redundant because s3:* in the same statement covers it."},
	} {
		_, findings := lint(t, Identity, doc(c.statement))
		var msgs []string
		for _, f := range findings {
			msgs = append(msgs, f.Message)
		}
		if all := strings.Join(msgs, "\n"); !strings.Contains(all, c.want) {
			t.Errorf("%s: want %q in\n%s", c.statement, c.want, all)
		}
	}
}

// TestNoCatalogFalsePositives: what AWS accepts and uses is not reported.
func TestNoCatalogFalsePositives(t *testing.T) {
	for _, st := range []string{
		// Global keys, tag keys with any tag, AWS's own keys.
		`{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": {"Bool": {"aws:IsMcpServiceAction": "true"}, "StringEquals": {"aws:ResourceTag/team": "a", "aws:PrincipalTag/Dept": "b", "s3:ExistingObjectTag/env": "c"}}}`,
		// A resource type's key (iam:PassRole acts on roles, which carry iam:ResourceTag).
		`{"Effect": "Allow", "Action": "iam:PassRole", "Resource": "*", "Condition": {"StringEquals": {"iam:PassedToService": "ec2.amazonaws.com", "iam:ResourceTag/team": "a"}}}`,
		// Another service's key, set on the requests it makes for you.
		`{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "*", "Condition": {"ArnLike": {"lambda:SourceFunctionArn": "arn:aws:lambda:*:*:function:f"}}}`,
		// A String key holding ARNs, tested with ArnLike as AWS's own policies do.
		`{"Effect": "Allow", "Action": "kms:Decrypt", "Resource": "*", "Condition": {"ArnLike": {"kms:EncryptionContext:aws:s3:arn": "arn:aws:s3:::b/*"}}}`,
		// A key written as ResourceTag/tag-key in the reference.
		`{"Effect": "Allow", "Action": "secretsmanager:GetSecretValue", "Resource": "*", "Condition": {"StringEquals": {"secretsmanager:ResourceTag/SageMaker": "true"}}}`,
		// Wildcards that cover real actions, with any case.
		`{"Effect": "Allow", "Action": ["S3:get*", "ec2:Describe?pcs", "*"], "Resource": "arn:aws:s3:::b/*"}`,
	} {
		_, findings := lint(t, Identity, doc(st))
		for _, f := range findings {
			if f.Code != "FULL_ACCESS" && f.Code != "REDUNDANT_ACTION" {
				t.Errorf("%s: %s %s", st, f.Code, f.Message)
			}
		}
	}
	// An identity provider's keys in a trust policy.
	_, findings := lint(t, Trust, doc(`{"Effect": "Allow", "Principal": {"Federated": "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"}, "Action": "sts:AssumeRoleWithWebIdentity", "Condition": {"StringEquals": {"token.actions.githubusercontent.com:aud": "sts.amazonaws.com", "saml:aud": "x"}}}`))
	for _, f := range findings {
		t.Errorf("trust: %s %s", f.Code, f.Message)
	}
}

// TestRedundantActions: a name written twice or covered by a pattern is
// redundant, however long the list; a name reported as naming nothing is
// not redundant as well.
func TestRedundantActions(t *testing.T) {
	var long []string
	for _, a := range reference.Default().Service("ec2").Actions()[:100] {
		long = append(long, `"`+a.FullName()+`"`)
	}
	long = append(long, `"EC2:`+strings.ToUpper(reference.Default().Service("ec2").Actions()[7].Name)+`"`)
	for _, c := range []struct{ actions, want string }{
		{`["s3:GetObjekt", "s3:Get*"]`, "INVALID_ACTION at Statement/0/Action/0"},
		{`["s3:GetObjekt", "s3:GetObjekt"]`, "INVALID_ACTION at Statement/0/Action/0, INVALID_ACTION at Statement/0/Action/1"},
		{`["s3:Gte*", "s3:Gte*", "s3:*"]`, "INVALID_ACTION at Statement/0/Action/0, INVALID_ACTION at Statement/0/Action/1"},
		{`["workmial:ListUsers", "workmial:ListUsers"]`, "INVALID_SERVICE_IN_ACTION at Statement/0/Action/0, INVALID_SERVICE_IN_ACTION at Statement/0/Action/1"},
		{`["s3:Get*", "s3:get*"]`, "REDUNDANT_ACTION at Statement/0/Action/1"},
		{`["s3:GetObject", "s3:Get*", "s3:getobject"]`, "REDUNDANT_ACTION at Statement/0/Action/0, REDUNDANT_ACTION at Statement/0/Action/2, REDUNDANT_ACTION at Statement/0/Action/2"}, // twice, and covered,
		{`["mobilehub:CreateProject", "MobileHub:createproject"]`, "ACTION_NOT_IN_REFERENCE at Statement/0/Action/0, ACTION_NOT_IN_REFERENCE at Statement/0/Action/1, REDUNDANT_ACTION at Statement/0/Action/1"},
		{"[" + strings.Join(long, ", ") + "]", "REDUNDANT_ACTION at Statement/0/Action/100"},
	} {
		_, findings := lint(t, Identity, doc(`{"Effect": "Allow", "Action": `+c.actions+`, "Resource": "*"}`))
		if got := strings.Join(codes(findings), ", "); got != c.want {
			t.Errorf("%.80s:\n got %s\nwant %s", c.actions, got, c.want)
		}
	}
}
