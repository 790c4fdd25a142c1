package summary

import (
	"os"
	"slices"
	"strings"
	"testing"

	"slrplay/core/diag"
	"slrplay/core/policy"
	"slrplay/core/reference"
)

// summarize summarizes a policy that must parse. (The IAM guide's
// examples do not all validate: "arn:aws:cloudfront:*" lacks ARN fields.)
func summarize(t testing.TB, text string) *Summary {
	t.Helper()
	return Summarize(parse(t, text), reference.Default())
}

func parse(t testing.TB, text string) *policy.Document {
	t.Helper()
	doc, findings := policy.Parse(diag.NewSource("p.json", text))
	if doc.Broken {
		t.Fatalf("the policy does not parse: %v", findings)
	}
	return doc
}

// rowOf returns the row of the service and effect, failing without one.
func rowOf(t *testing.T, s *Summary, prefix, effect string) Service {
	t.Helper()
	for _, r := range s.Services {
		if r.Service.Prefix == prefix && r.Effect == effect {
			return r
		}
	}
	t.Fatalf("no %s row for %s in %+v", effect, prefix, s.Services)
	return Service{}
}

func names(actions []*reference.Action) []string {
	out := make([]string, len(actions))
	for i, a := range actions {
		out[i] = a.FullName()
	}
	return out
}

func read(t testing.TB, name string) string {
	t.Helper()
	b, err := os.ReadFile("../../testdata/summary/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// AdministratorAccess: every service of the reference, Full access on all
// resources, every level whole, nothing to warn about.
func TestAdministratorAccess(t *testing.T) {
	c := reference.Default()
	s := summarize(t, read(t, "AdministratorAccess.json"))
	if len(s.Services) != len(c.Services) || len(s.Warnings) != 0 || len(s.Uncategorized.Services)+len(s.Uncategorized.Actions) != 0 {
		t.Fatalf("%d rows of %d services, warnings %q, uncategorized %+v", len(s.Services), len(c.Services), s.Warnings, s.Uncategorized)
	}
	actions := 0
	for _, r := range s.Services {
		actions += len(r.Actions())
		if r.AccessLevel != "Full access" || r.Effect != "Allow" || !slices.Equal(r.Resources, []string{"All resources"}) || len(r.Conditions) != 0 {
			t.Errorf("%s: %+v", r.Service.Prefix, r)
		}
		for _, l := range r.Levels {
			if l.Granted != l.Total || l.Total == 0 {
				t.Errorf("%s %s: %d of %d", r.Service.Prefix, l.Level, l.Granted, l.Total)
			}
		}
	}
	if actions != c.Count() {
		t.Errorf("%d actions, the reference has %d", actions, c.Count())
	}
}

// PowerUserAccess: Allow with NotAction iam:*, organizations:*, account:*
// grants every other service whole; the three it names get only what the
// second statement gives back.
func TestNotActionPowerUser(t *testing.T) {
	c := reference.Default()
	s := summarize(t, read(t, "PowerUserAccess.json"))
	if len(s.Services) != len(c.Services) || len(s.Warnings) != 0 {
		t.Fatalf("%d rows for %d services; warnings %q", len(s.Services), len(c.Services), s.Warnings)
	}
	for _, r := range s.Services {
		limited := r.Service.Prefix == "iam" || r.Service.Prefix == "organizations" || r.Service.Prefix == "account"
		if limited == (r.AccessLevel == "Full access") {
			t.Errorf("%s: %s", r.Service.Prefix, r.AccessLevel)
		}
	}
	iam := rowOf(t, s, "iam", "Allow")
	if got := strings.Join(names(iam.Actions()), " "); got != "iam:CreateServiceLinkedRole iam:DeleteServiceLinkedRole iam:ListRoles" {
		t.Errorf("iam: %s", got)
	}
	if org := rowOf(t, s, "organizations", "Allow"); org.AccessLevel != "Limited: Read" {
		t.Errorf("organizations: %s", org.AccessLevel)
	}
}

// The words come from the counts: every List action of S3 and one Read
// action is "Full: List Limited: Read"; the levels count every level S3
// has, granted or not.
func TestAccessLevelWords(t *testing.T) {
	s3 := reference.Default().Service("s3")
	var list []string
	var read string
	total := map[reference.AccessLevel]int{}
	for _, a := range s3.Actions() {
		total[a.Level]++
		switch {
		case a.Level == reference.List:
			list = append(list, `"`+a.FullName()+`"`)
		case a.Level == reference.Read && read == "":
			read = `"` + a.FullName() + `"`
		}
	}
	s := summarize(t, `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":[`+strings.Join(append(list, read), ",")+`],"Resource":"*"}}`)
	r := rowOf(t, s, "s3", "Allow")
	if r.AccessLevel != "Full: List Limited: Read" {
		t.Errorf("access level %q", r.AccessLevel)
	}
	want := []Level{
		{reference.List, len(list), total[reference.List]},
		{reference.Read, 1, total[reference.Read]},
		{reference.Write, 0, total[reference.Write]},
		{reference.PermissionsManagement, 0, total[reference.PermissionsManagement]},
		{reference.Tagging, 0, total[reference.Tagging]},
	}
	if !slices.Equal(r.Levels, want) {
		t.Errorf("levels %+v, want %+v", r.Levels, want)
	}
	s = summarize(t, `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":[`+strings.Join(list, ",")+`],"Resource":"*"}}`)
	if r := rowOf(t, s, "s3", "Allow"); r.AccessLevel != "Full: List" {
		t.Errorf("every List action: %q", r.AccessLevel)
	}
}

// The IAM guide's troubleshooting examples, each with the console's
// warning.
func TestConsoleWarnings(t *testing.T) {
	for _, c := range []struct {
		name, policy string
		warnings     []string
	}{
		// The guide's example: since it was written, a few ec2:Describe*
		// actions have taken an instance as their resource.
		{"an action without an applicable resource", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"ec2:Describe*","Resource":"arn:aws:ec2:us-east-2:123456789012:instance/*"}]}`,
			[]string{SomeNoGrant, "Amazon EC2 (Allow): " + actionNoRes}},
		{"no action with an applicable resource", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:ListAllMyBuckets","Resource":"arn:aws:s3:::bucket"}]}`,
			// Both warnings hold; the console shows only this one.
			[]string{NoGrant, "Amazon S3 (Allow): " + resNoAction}},
		{"no resource of the service", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:ListAllMyBuckets","Resource":"arn:aws:sqs:us-east-1:123456789012:q"}]}`,
			[]string{NoGrant, "Amazon S3 (Allow): " + noResources + ` s3:ListAllMyBuckets needs "Resource": "*".`, "Amazon SQS (Allow): " + noActions}},
		{"fixed with *", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"ec2:Describe*","Resource":"*"}]}`, nil},
		{"a resource without an applicable action", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"cloudfront:*","Resource":["arn:aws:cloudfront:*","arn:aws:s3:::examplebucket"]}]}`,
			// CloudFront actions without a resource type need "*".
			[]string{SomeNoGrant, "Amazon CloudFront (Allow): " + actionNoRes, "Amazon S3 (Allow): " + noActions}},
		{"a condition without an applicable action", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:ListBucketVersions","s3:ListBucket"],"Resource":"*",
			"Condition":{"StringEquals":{"s3:prefix":["custom"],"s3:VersionId":["1234"]}}}]}`,
			[]string{NoGrant, "Amazon S3 (Allow): " + condNoAction}},
		{"no action matches both conditions", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:ListBucketVersions","s3:ListBucket","s3:GetObjectVersion"],"Resource":"*",
			"Condition":{"StringEquals":{"s3:prefix":["custom"],"s3:VersionId":["1234"]}}}]}`,
			[]string{NoGrant, "Amazon S3 (Allow): " + actionNoCond}},
		{"fixed in two statements", `{"Version":"2012-10-17","Statement":[
			{"Effect":"Allow","Action":["s3:ListBucketVersions","s3:ListBucket"],"Resource":"*","Condition":{"StringEquals":{"s3:prefix":"custom"}}},
			{"Effect":"Allow","Action":"s3:GetObjectVersion","Resource":"*","Condition":{"StringEquals":{"s3:VersionId":"1234"}}}]}`, nil},
		{"a key that need not be present takes nothing away", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:ListBucket","Resource":"*",
			"Condition":{"StringEqualsIfExists":{"s3:VersionId":"1234"}}}]}`,
			[]string{SomeNoGrant, "Amazon S3 (Allow): " + condNoAction}},
		{"a global key applies to every action", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:ListBucket","Resource":"*",
			"Condition":{"IpAddress":{"aws:SourceIp":"203.0.113.0/24"}}}]}`, nil},
		{"no statement", `{"Version":"2012-10-17","Statement":[]}`, []string{NoGrant}},
		{"unknown names", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["dynamobd:*","s3:GetObjekt","s3:ListBucket"],"Resource":"*"}]}`,
			[]string{SomeNoGrant}},
	} {
		t.Run(c.name, func(t *testing.T) {
			s := summarize(t, c.policy)
			// The console's words start each warning; the actions
			// that take no effect may follow.
			if len(s.Warnings) != len(c.warnings) || slices.ContainsFunc(s.Warnings, func(w string) bool {
				return !strings.HasPrefix(w, c.warnings[slices.Index(s.Warnings, w)])
			}) {
				t.Errorf("warnings\n%q\nwant\n%q", s.Warnings, c.warnings)
			}
		})
	}
}

// The IAM guide's SummaryAllElements policy, as its pages describe the
// console's summary of it.
func TestSummaryAllElements(t *testing.T) {
	s := summarize(t, read(t, "summary-all-elements.json"))
	deny := rowOf(t, s, "s3", "Deny")
	if deny.AccessLevel != "Full access" || !slices.Equal(deny.Resources, []string{"arn:aws:s3:::customer", "arn:aws:s3:::customer/*"}) ||
		!slices.Equal(deny.Notes[:1], []string{deny.Notes[0]}) || !strings.HasPrefix(deny.Notes[0], actionNoRes) {
		t.Errorf("S3 deny: %s %q %q", deny.AccessLevel, deny.Resources, deny.Notes)
	}
	allow := rowOf(t, s, "s3", "Allow")
	if got := strings.Join(names(allow.Actions()), " "); got != "s3:GetObject s3:ListAllMyBuckets s3:PutObject s3:PutObjectAcl" {
		t.Errorf("S3 allow: %s", got)
	}
	if !slices.Equal(allow.Notes, []string{resNoAction, condNoAction}) {
		t.Errorf("S3 allow notes %q", allow.Notes)
	}
	if !slices.Contains(allow.Resources, "arn:aws:autoscling:us-east-2:123456789012:autoscalgrp") {
		t.Errorf("an ARN of no service named shows in every row of its statement: %q", allow.Resources)
	}
	billing := rowOf(t, s, "aws-portal", "Allow")
	if !slices.Equal(billing.Conditions, []string{"IpAddress aws:SourceIp = 203.0.113.0/24"}) || billing.Notes != nil {
		t.Errorf("billing: %q %q", billing.Conditions, billing.Notes)
	}
	if cc := rowOf(t, s, "codecommit", "Allow"); len(cc.Notes) != 1 || !strings.HasPrefix(cc.Notes[0], noResources) {
		t.Errorf("codecommit: %q", cc.Notes)
	}
	if !slices.Equal(s.Uncategorized.Services, []string{"codedploy"}) || !slices.Equal(s.Uncategorized.Actions, []string{"ec2:GetConsoleScreenshots", "s3:DeletObject"}) {
		t.Errorf("uncategorized %+v", s.Uncategorized)
	}
	for _, w := range []string{SomeNoGrant, "AWS CodeBuild (Allow): " + noActions, "AWS CodeDeploy (Allow): " + noActions} {
		if !slices.Contains(s.Warnings, w) {
			t.Errorf("no warning %q in %q", w, s.Warnings)
		}
	}
}

func TestRows(t *testing.T) {
	// Case-insensitive, AWS's casing out; a Deny row before the Allow.
	s := summarize(t, `{"Version":"2012-10-17","Statement":[
		{"Effect":"Allow","Action":["S3:getobject","s3:GETOBJECT"],"NotResource":["arn:aws:s3:::secret/*","arn:aws:s3:::private/*"]},
		{"Effect":"Deny","Action":"s3:PutObject","Resource":"arn:aws:s3:::b/*","Condition":{"Bool":{"aws:SecureTransport":"false"}}}]}`)
	if len(s.Services) != 2 || s.Services[0].Effect != "Deny" {
		t.Fatalf("%+v", s.Services)
	}
	allow := rowOf(t, s, "s3", "Allow")
	if got := names(allow.Actions()); !slices.Equal(got, []string{"s3:GetObject"}) {
		t.Errorf("actions %q", got)
	}
	if !slices.Equal(allow.Resources, []string{"All resources except arn:aws:s3:::secret/*, arn:aws:s3:::private/*"}) {
		t.Errorf("resources %q", allow.Resources)
	}
	if deny := rowOf(t, s, "s3", "Deny"); !slices.Equal(deny.Conditions, []string{"Bool aws:SecureTransport = false"}) || len(s.Warnings) != 0 {
		t.Errorf("deny %+v, warnings %q", deny, s.Warnings)
	}

	// A wildcard over service prefixes; a pattern that covers nothing.
	s = summarize(t, `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["codecommit:Get*","s3:Nothing*","nosuchservice*:Get*"],"Resource":"*"}]}`)
	cc := rowOf(t, s, "codecommit", "Allow")
	want, _ := reference.Default().Expand("codecommit:get*")
	if !slices.Equal(cc.Actions(), want) {
		t.Errorf("codecommit:Get*: %q, want %q", names(cc.Actions()), names(want))
	}
	if !slices.Equal(s.Uncategorized.Actions, []string{"s3:Nothing*"}) || !slices.Equal(s.Uncategorized.Services, []string{"nosuchservice*"}) {
		t.Errorf("uncategorized %+v", s.Uncategorized)
	}

	// Deny with NotAction: every service but the one named, denied.
	s = summarize(t, `{"Version":"2012-10-17","Statement":[{"Effect":"Deny","NotAction":"sts:*","Resource":"*"}]}`)
	if n := len(reference.Default().Services) - 1; len(s.Services) != n {
		t.Errorf("%d rows, want %d", len(s.Services), n)
	}
	for _, r := range s.Services {
		if r.Service.Prefix == "sts" || r.Effect != "Deny" || r.AccessLevel != "Full access" {
			t.Errorf("%s %s %s", r.Service.Prefix, r.Effect, r.AccessLevel)
		}
	}
}

// Odd names and ARNs give rows, uncategorized names and notes, never a
// panic: "*:*" is every action, as "*" is.
func TestOddInput(t *testing.T) {
	s := summarize(t, `{"Version":"2012-10-17","Statement":[
		{"Effect":"Allow","Action":["*:*",":","s3:","s3GetObject","**:Get*"],"Resource":["arn:::::","${","arn:aws:s3:::${aws:username","arn:aws:s3:::b/${*}"]},
		{"Effect":"Deny","Action":"s3:Get?bject","NotResource":"*"},
		{"Effect":"Maybe","Action":"s3:GetObject","Resource":"*"}]}`)
	if n := len(reference.Default().Services); len(s.Services) != n+1 {
		t.Errorf("%d rows, want %d", len(s.Services), n+1)
	}
	if !slices.Equal(s.Uncategorized.Actions, []string{":", "s3:", "s3GetObject"}) {
		t.Errorf("uncategorized %+v", s.Uncategorized)
	}
	deny := rowOf(t, s, "s3", "Deny")
	if !slices.Equal(names(deny.Actions()), []string{"s3:GetObject"}) || deny.AccessLevel != "Limited: Read" || len(deny.Notes) != 1 {
		t.Errorf("deny: %+v", deny)
	}
	if allow := rowOf(t, s, "s3", "Allow"); allow.AccessLevel != "Full access" {
		t.Errorf("allow: %+v", allow)
	}
}
