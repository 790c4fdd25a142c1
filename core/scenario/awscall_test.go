package scenario

import (
	"strings"
	"testing"

	awsref "slrplay/core/reference"
)

// awsCallDoc is a scenario where two teams' WorkMail organizations exist,
// tagged with their team, and a user of team red may list the users of
// an organization only when it is tagged team=red (the WorkMail guide's
// "Authorization based on Amazon WorkMail tags").
func awsCallDoc(calls ...string) string {
	const policy = `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "workmail:ListUsers", "Resource": "arn:aws:workmail:us-east-1:111122223333:organization/*",
		"Condition": {"StringEquals": {"aws:ResourceTag/team": "red"}}}]}`
	doc := `{"scenario": 1, "principals": {
		"admin": {"arn": "arn:aws:iam::111122223333:user/admin", "policies": [{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}]},
		"red": {"arn": "arn:aws:iam::111122223333:user/red", "policies": [` + policy + `]}},
	"steps": [
		{"as": "admin", "op": "service:CreateResource", "input": {"Service": "events.workmail.amazonaws.com", "Region": "us-east-1",
			"ResourceArn": "arn:aws:workmail:us-east-1:111122223333:organization/m-red", "Tags": [{"Key": "team", "Value": "red"}]}},
		{"as": "admin", "op": "service:CreateResource", "input": {"Service": "events.workmail.amazonaws.com", "Region": "us-east-1",
			"ResourceArn": "arn:aws:workmail:us-east-1:111122223333:organization/m-blue", "Tags": [{"Key": "team", "Value": "blue"}]}}`
	for _, c := range calls {
		doc += ",\n" + c
	}
	return doc + "]}"
}

func listUsers(org string) string {
	return `{"as": "red", "op": "aws:Call", "input": {"Action": "workmail:ListUsers", "Resource": "arn:aws:workmail:us-east-1:111122223333:organization/` + org + `"}}`
}

// TestAWSCallResourceTags: a principal's own call is authorized with the
// tags of the resource it acts on as aws:ResourceTag/KEY: the own team's
// organization is allowed (output {}), the other team's refused with
// AWS's AccessDenied naming the action, the resource and the gate.
func TestAWSCallResourceTags(t *testing.T) {
	tr := runDoc(t, awsCallDoc(listUsers("m-red"), listUsers("m-blue")))
	own, other := tr.Steps[2], tr.Steps[3]
	if own.Error != nil || own.Output == nil || len(own.Output) != 0 {
		t.Fatalf("own team's organization: output %v, error %v; want {} and no error", own.Output, own.Error)
	}
	if own.Authorization == nil || own.Authorization.EvalDecision != "allowed" {
		t.Fatalf("own team's organization: authorization %+v, want allowed", own.Authorization)
	}
	if got := tr.Steps[0].State.Resources[0].Tags; len(got) != 1 || got[0].Key != "team" || got[0].Value != "red" {
		t.Errorf("the created organization's tags are %v, want [team=red]", got)
	}
	want := "User: arn:aws:iam::111122223333:user/red is not authorized to perform: workmail:ListUsers on resource: arn:aws:workmail:us-east-1:111122223333:organization/m-blue because no identity-based policy allows the workmail:ListUsers action"
	if other.Error == nil || other.Error.Code != "AccessDenied" || other.Error.Message != want {
		t.Fatalf("other team's organization: error %+v\nwant AccessDenied %q", other.Error, want)
	}
}

// TestAWSCallEnding: a refusal by another gate than the identity policy
// ends as AWS's does for that gate.
func TestAWSCallEnding(t *testing.T) {
	doc := strings.Replace(awsCallDoc(listUsers("m-red")), `"principals"`,
		`"scps": [{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "workmail:*", "Resource": "*"}, {"Effect": "Allow", "Action": "*", "Resource": "*"}]}], "principals"`, 1)
	tr := runDoc(t, doc)
	last := tr.Steps[len(tr.Steps)-1]
	if last.Error == nil || !strings.HasSuffix(last.Error.Message, " with an explicit deny in a service control policy") {
		t.Fatalf("error %+v, want AccessDenied ending with the SCP's explicit deny", last.Error)
	}
}

// TestAWSCallContext: the step's Context reaches the request, and the
// runner's own keys are there too (aws:RequestedRegion from the
// resource's Region).
func TestAWSCallContext(t *testing.T) {
	const pol = `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*",
		"Condition": {"StringEquals": {"aws:SourceVpc": "vpc-1", "aws:RequestedRegion": "eu-west-1"}}}]}`
	call := func(vpc string) string {
		return `{"as": "u", "op": "aws:Call", "input": {"Action": "s3:GetObject", "Resource": "arn:aws:s3:::bucket/key", "Region": "eu-west-1", "Context": {"aws:SourceVpc": "` + vpc + `"}}}`
	}
	tr := runDoc(t, `{"scenario": 1, "principals": {"u": {"arn": "arn:aws:iam::111122223333:user/u", "policies": [`+pol+`]}},
		"steps": [`+call("vpc-1")+`, `+call("vpc-2")+`]}`)
	if tr.Steps[0].Error != nil || tr.Steps[1].Error == nil || tr.Steps[1].Error.Code != "AccessDenied" {
		t.Fatalf("errors %+v, %+v; want the first allowed, the second AccessDenied", tr.Steps[0].Error, tr.Steps[1].Error)
	}
}

// TestAWSCallNotInCatalog: a call that cannot happen in AWS is refused
// before IAM is asked, as AWS's API would: an action it does not have,
// and a specific resource for an action that takes only "*".
func TestAWSCallNotInCatalog(t *testing.T) {
	tr := runDoc(t, awsCallDoc(
		`{"as": "admin", "op": "aws:Call", "input": {"Action": "workmail:ListUser", "Resource": "*"}}`,
		`{"as": "admin", "op": "aws:Call", "input": {"Action": "workmail:CreateOrganization", "Resource": "arn:aws:workmail:us-east-1:111122223333:organization/m-red"}}`))
	unknown, specific := tr.Steps[2], tr.Steps[3]
	if unknown.Error == nil || unknown.Error.Code != "InvalidAction" || !strings.Contains(unknown.Error.Message, "workmail:ListUser is not an AWS action") || unknown.Authorization != nil {
		t.Errorf("unknown action: error %+v, authorization %+v; want InvalidAction and no authorization", unknown.Error, unknown.Authorization)
	}
	if specific.Error == nil || specific.Error.Code != "ValidationError" || !strings.Contains(specific.Error.Message, "has no resource type") {
		t.Errorf("CreateOrganization on an organization: error %+v; want ValidationError", specific.Error)
	}
}

// TestAWSCallNeedsPrincipal: aws:Call is a principal's call; as a service
// principal it would go unauthorized, so Load refuses it at the step.
func TestAWSCallNeedsPrincipal(t *testing.T) {
	_, err := Load("doc.json", []byte(`{"scenario": 1, "steps": [{"as": "workmail.amazonaws.com", "op": "aws:Call", "input": {"Action": "workmail:ListUsers", "Resource": "*"}}]}`))
	if err == nil || !strings.Contains(err.Error(), "doc.json:1:27: step 0: aws:Call is a principal's own call") {
		t.Fatalf("Load: %v, want the step refused at its place", err)
	}
}

// TestAWSCallWithoutCatalog: on the page before AWS's catalog loads, an
// aws:Call cannot be checked against it; it says so rather than let IAM
// allow a call AWS would refuse (here, a specific resource for an action
// that takes only "*", which the policy's "*" would allow).
func TestAWSCallWithoutCatalog(t *testing.T) {
	cat := awsref.Default()
	awsref.Use(nil)
	t.Cleanup(func() { awsref.Use(cat) })
	tr := runDoc(t, awsCallDoc(`{"as": "admin", "op": "aws:Call", "input": {"Action": "workmail:CreateOrganization", "Resource": "arn:aws:workmail:us-east-1:111122223333:organization/m-red"}}`))
	last := tr.Steps[len(tr.Steps)-1]
	if last.Error == nil || last.Error.Code != "ServiceUnavailable" || last.Authorization != nil {
		t.Fatalf("error %+v, authorization %+v; want ServiceUnavailable and no decision", last.Error, last.Authorization)
	}
}

// TestAWSCallRequestTags: a call's own tags reach the request as AWS sends
// them (WorkMail's "pass tags in a request"): Tags as aws:RequestTag/KEY
// and aws:TagKeys, TagKeys (UntagResource) as aws:TagKeys; a call that
// carries none sends neither key; an action that takes no tags, or tags
// that are not a list of tags, are refused before IAM is asked.
func TestAWSCallRequestTags(t *testing.T) {
	const org = "arn:aws:workmail:us-east-1:111122223333:organization/m-red"
	const pol = `{"Version": "2012-10-17", "Statement": [
		{"Effect": "Allow", "Action": "workmail:TagResource", "Resource": "*",
		 "Condition": {"StringEquals": {"aws:RequestTag/team": "red"}, "ForAllValues:StringEquals": {"aws:TagKeys": ["team", "cost-center"]}}},
		{"Effect": "Allow", "Action": "workmail:UntagResource", "Resource": "*",
		 "Condition": {"ForAllValues:StringEquals": {"aws:TagKeys": ["cost-center"]}}}]}`
	call := func(action, tagging string) string {
		if tagging != "" {
			tagging = ", " + tagging
		}
		return `{"as": "u", "op": "aws:Call", "input": {"Action": "` + action + `", "Resource": "` + org + `"` + tagging + `}}`
	}
	steps := []struct{ action, tagging, want string }{
		{"workmail:TagResource", `"Tags": [{"Key": "team", "Value": "red"}]`, "allowed"},
		{"workmail:TagResource", `"Tags": [{"Key": "team", "Value": "red"}, {"Key": "cost-center", "Value": "42"}]`, "allowed"},
		{"workmail:TagResource", `"Tags": [{"Key": "team", "Value": "blue"}]`, "AccessDenied"},
		{"workmail:TagResource", `"Tags": [{"Key": "team", "Value": "red"}, {"Key": "owner", "Value": "u"}]`, "AccessDenied"}, // a key not in the list
		{"workmail:TagResource", ``, "AccessDenied"},                                                                          // no tags: no aws:RequestTag/team
		{"workmail:UntagResource", `"TagKeys": ["cost-center"]`, "allowed"},
		{"workmail:UntagResource", `"TagKeys": ["team"]`, "AccessDenied"},
		{"workmail:ListUsers", `"Tags": [{"Key": "team", "Value": "red"}]`, "ValidationError: workmail:ListUsers takes no tags"},
		{"workmail:TagResource", `"TagKeys": ["team"], "Tags": [{"Key": "team", "Value": "red"}]`, "ValidationError: A call carries Tags"},
		{"workmail:TagResource", `"Tags": {"team": "red"}`, `ValidationError: Tags is a list of tags, each {"Key": "...", "Value": "..."} with a Key, not {"team":"red"}.`},
		{"workmail:UntagResource", `"TagKeys": "team"`, `ValidationError: TagKeys is a list of tag keys`},
	}
	var calls []string
	for _, s := range steps {
		calls = append(calls, call(s.action, s.tagging))
	}
	tr := runDoc(t, `{"scenario": 1, "principals": {"u": {"arn": "arn:aws:iam::111122223333:user/u", "policies": [`+pol+`]}},
		"steps": [`+strings.Join(calls, ",\n")+`]}`)
	for i, s := range steps {
		st := tr.Steps[i]
		got := "allowed"
		if st.Error != nil {
			got = st.Error.Code + ": " + st.Error.Message
		}
		if !strings.HasPrefix(got, s.want) {
			t.Errorf("%s with %s: %s, want %s", s.action, s.tagging, got, s.want)
		}
		if strings.HasPrefix(s.want, "ValidationError") && st.Authorization != nil {
			t.Errorf("%s with %s: refused, yet IAM was asked: %+v", s.action, s.tagging, st.Authorization)
		}
	}
}
