package scenario

import (
	"strings"
	"testing"

	"slrplay/core/jsontext"
)

// outputJSON is a step's output as the transcript writes it.
func outputJSON(st StepResult) string {
	return string(jsontext.AppendAny(nil, st.Output))
}

// TestAWSShapes: outputs have AWS's shapes (CONTRACT 2.1). GetRole has
// RoleLastUsed ({} before the service used the role) and no
// AttachedPolicies; ListAttachedRolePolicies lists the managed policy at its
// ARN; ListRoles and CreateServiceLinkedRole leave RoleLastUsed out, as AWS's do.
func TestAWSShapes(t *testing.T) {
	tr := runDoc(t, pathsDoc(
		`{"as": "admin", "op": "iam:GetRole", "input": {"RoleName": "AWSServiceRoleForAmazonSES"}}`,
		`{"as": "ses.amazonaws.com", "op": "service:Call", "input": {"Service": "ses.amazonaws.com", "Action": "cloudwatch:PutMetricData", "Resource": "*", "Context": {"cloudwatch:namespace": "AWS/SES"}}}`,
		`{"as": "admin", "op": "iam:GetRole", "input": {"RoleName": "AWSServiceRoleForAmazonSES"}}`,
		`{"as": "admin", "op": "iam:ListAttachedRolePolicies", "input": {"RoleName": "AWSServiceRoleForAmazonSES"}}`,
		`{"as": "admin", "op": "clock:Advance", "input": {"Seconds": 30}}`,
		`{"as": "ses.amazonaws.com", "op": "service:StartSession", "input": {"Service": "ses.amazonaws.com", "Region": "eu-west-1"}}`,
		`{"as": "admin", "op": "iam:GetRole", "input": {"RoleName": "AWSServiceRoleForAmazonSES"}}`,
	))
	for i, st := range tr.Steps {
		if st.Error != nil {
			t.Fatalf("step %d: %v", i, st.Error)
		}
	}
	for _, i := range []int{0, 1, 2} {
		if out := outputJSON(tr.Steps[i]); strings.Contains(out, "RoleLastUsed") || strings.Contains(out, "AttachedPolicies") {
			t.Errorf("step %d (%s) has fields AWS's has not: %s", i, tr.Steps[i].Op, out)
		}
	}
	wants := map[int]string{
		3: `"RoleLastUsed":{}`,
		5: `"RoleLastUsed":{"LastUsedDate":"2026-01-01T00:00:00Z","Region":"us-east-1"}`,
		6: `{"AttachedPolicies":[{"PolicyArn":"arn:aws:iam::aws:policy/aws-service-role/AmazonSESServiceRolePolicy","PolicyName":"AmazonSESServiceRolePolicy"}],"IsTruncated":false}`,
		9: `"RoleLastUsed":{"LastUsedDate":"2026-01-01T00:00:30Z","Region":"eu-west-1"}`,
	}
	for i, want := range wants {
		if out := outputJSON(tr.Steps[i]); !strings.Contains(out, want) {
			t.Errorf("step %d (%s): %s\nwant it to hold %s", i, tr.Steps[i].Op, out, want)
		}
		if strings.Contains(outputJSON(tr.Steps[i]), "AttachedPolicies\":[\"") {
			t.Errorf("step %d: AttachedPolicies as names", i)
		}
	}
	if auth := tr.Steps[6].Authorization; auth == nil || auth.EvalDecision != "allowed" {
		t.Errorf("ListAttachedRolePolicies not authorized: %+v", auth)
	}
}

// TestListAttachedRolePoliciesAuthorized: the op is authorized as
// iam:ListAttachedRolePolicies on the role, like every iam: step.
func TestListAttachedRolePoliciesAuthorized(t *testing.T) {
	tr := runDoc(t, `{"scenario": 1, "principals": {
	  "admin": {"arn": "arn:aws:iam::111122223333:user/admin", "policies": [{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}]},
	  "reader": {"arn": "arn:aws:iam::111122223333:user/reader", "policies": [{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iam:GetRole", "Resource": "*"}]}]}},
	 "steps": [
	  {"as": "admin", "op": "iam:CreateServiceLinkedRole", "input": {"AWSServiceName": "ses.amazonaws.com"}},
	  {"as": "reader", "op": "iam:ListAttachedRolePolicies", "input": {"RoleName": "AWSServiceRoleForAmazonSES"}}]}`)
	st := tr.Steps[1]
	want := "User: arn:aws:iam::111122223333:user/reader is not authorized to perform: iam:ListAttachedRolePolicies on resource: arn:aws:iam::111122223333:role/aws-service-role/ses.amazonaws.com/AWSServiceRoleForAmazonSES because no identity-based policy allows the iam:ListAttachedRolePolicies action"
	if st.Error == nil || st.Error.Code != "AccessDenied" || st.Error.Message != want {
		t.Errorf("got %+v\nwant AccessDenied: %s", st.Error, want)
	}
}

// TestCreateWithTags: CreateServiceLinkedRole takes no Tags. The document
// loads; the step runs and fails with the API's validation error, creating
// nothing; TagRole tags the role once it exists.
func TestCreateWithTags(t *testing.T) {
	tr := runDoc(t, pathsDoc(
		`{"as": "admin", "op": "iam:CreateServiceLinkedRole", "input": {"AWSServiceName": "lex.amazonaws.com", "Tags": [{"Key": "team", "Value": "bots"}]}, "expect": {"error": "ValidationError"}}`,
	))
	st := tr.Steps[3]
	if st.Error == nil || st.Error.Code != "ValidationError" || !strings.Contains(st.Error.Message, "You cannot attach tags to service-linked roles during creation") {
		t.Fatalf("got %+v, want the validation error", st.Error)
	}
	if !tr.OK || len(st.State.Roles) != 2 || st.Output != nil {
		t.Errorf("the step changed the account or answered: %+v", st)
	}
}

// TestServiceDeletesItsRole: a service with deletesRoleWithLastResource
// (here set by the scenario's services) deletes its role when its last
// resource goes: the step says so, and the state has no role and no task.
func TestServiceDeletesItsRole(t *testing.T) {
	doc := func(deletes string) string {
		return `{"scenario": 1, "principals": {"admin": {"arn": "arn:aws:iam::111122223333:user/admin",
	  "policies": [{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}]}},
	 "services": [{"servicePrincipal": "ses.amazonaws.com", "deletesRoleWithLastResource": ` + deletes + `}],
	 "steps": [
	  {"as": "admin", "op": "service:CreateResource", "input": {"Service": "ses.amazonaws.com", "ResourceArn": "arn:aws:ses:us-east-1:111122223333:configuration-set/news"}},
	  {"as": "admin", "op": "service:DeleteResource", "input": {"ResourceArn": "arn:aws:ses:us-east-1:111122223333:configuration-set/news"}}]}`
	}
	tr := runDoc(t, doc("true"))
	last := tr.Steps[1]
	if got := outputJSON(last); got != `{"DeletedRole":"AWSServiceRoleForAmazonSES"}` || len(last.State.Roles) != 0 || len(last.State.DeletionTasks) != 0 {
		t.Errorf("output %s, roles %v, tasks %v", got, last.State.Roles, last.State.DeletionTasks)
	}
	tr = runDoc(t, doc("false"))
	if last := tr.Steps[1]; outputJSON(last) != `{}` || len(last.State.Roles) != 1 {
		t.Errorf("without the field: output %s, roles %v", outputJSON(last), last.State.Roles)
	}
	if _, err := Load("s.json", []byte(strings.Replace(doc("true"), "deletesRoleWithLastResource", "deletesRoleWithLastResourc", 1))); err == nil || !strings.Contains(err.Error(), `did you mean "deletesRoleWithLastResource"?`) {
		t.Errorf("a misspelt field: %v", err)
	}
}

// TestEmptyAnswers: AWS answers AttachRolePolicy (and the other changes
// to an ordinary role) with an empty body, and ListRoles without each
// role's Tags, with IsTruncated.
func TestEmptyAnswers(t *testing.T) {
	tr := runDoc(t, pathsDoc(
		`{"as": "admin", "op": "iam:CreateRole", "input": {"RoleName": "app", "AssumeRolePolicyDocument": `+string(jsontext.Marshal(ec2Trust))+`}}`,
		`{"as": "admin", "op": "iam:AttachRolePolicy", "input": {"RoleName": "app", "PolicyArn": "arn:aws:iam::aws:policy/ReadOnlyAccess"}}`,
		`{"as": "admin", "op": "iam:TagRole", "input": {"RoleName": "app", "Tags": [{"Key": "team", "Value": "web"}]}}`,
		`{"as": "admin", "op": "iam:ListRoles", "input": {"PathPrefix": "/"}}`,
		`{"as": "admin", "op": "iam:ListAttachedRolePolicies", "input": {"RoleName": "app"}}`,
	))
	if st := tr.Steps[4]; st.Error != nil || len(st.Output) != 0 {
		t.Errorf("AttachRolePolicy: %v %s, want an empty answer", st.Error, outputJSON(st))
	}
	if out := outputJSON(tr.Steps[6]); strings.Contains(out, "Tags") || !strings.HasPrefix(out, `{"IsTruncated":false,"Roles":[`) {
		t.Errorf("ListRoles: %s", out)
	}
	if out := outputJSON(tr.Steps[7]); out != `{"AttachedPolicies":[{"PolicyArn":"arn:aws:iam::aws:policy/ReadOnlyAccess","PolicyName":"ReadOnlyAccess"}],"IsTruncated":false}` {
		t.Errorf("ListAttachedRolePolicies: %s", out)
	}
}

// TestLastUseRegion: a service's call is a use of its role in the Region of
// the resource it acts on; a resource without a Region (IAM's, or "*") is
// a use in the scenario's Region.
func TestLastUseRegion(t *testing.T) {
	call := func(resource string) string {
		return `{"as": "ses.amazonaws.com", "op": "service:Call", "input": {"Service": "ses.amazonaws.com", "Action": "cloudwatch:PutMetricData", "Resource": "` + resource + `", "Context": {"cloudwatch:namespace": "AWS/SES"}}}`
	}
	tr := runDoc(t, pathsDoc(call("arn:aws:cloudwatch:eu-west-1:111122223333:alarm:x"), call("*")))
	for i, want := range map[int]string{3: "eu-west-1", 4: "us-east-1"} {
		var ses *RoleState
		for j := range tr.Steps[i].State.Roles {
			if r := &tr.Steps[i].State.Roles[j]; r.RoleName == "AWSServiceRoleForAmazonSES" {
				ses = r
			}
		}
		if ses == nil || ses.RoleLastUsed == nil || ses.RoleLastUsed.Region != want {
			t.Errorf("step %d: %+v, want last used in %s", i, ses, want)
		}
	}
}

// TestPolicyDocumentsChecked: a policy an IAM call stores is a JSON string
// holding a valid policy, as AWS's API takes it: an invalid one is AWS's
// MalformedPolicyDocument and one that is not a string a ValidationError,
// and nothing is stored (an invalid trust policy once let any caller the
// identity policy allowed assume the role, and a PolicyDocument written as
// an object was stored empty). A service-linked role refuses the change
// before its document is looked at.
func TestPolicyDocumentsChecked(t *testing.T) {
	trust := string(jsontext.Marshal(ec2Trust))
	tr := runDoc(t, pathsDoc(
		`{"as": "admin", "op": "iam:CreateRole", "input": {"RoleName": "app", "AssumeRolePolicyDocument": "{}"}}`,
		`{"as": "admin", "op": "iam:CreateRole", "input": {"RoleName": "app", "AssumeRolePolicyDocument": {"Version": "2012-10-17"}}}`,
		`{"as": "admin", "op": "iam:CreateRole", "input": {"RoleName": "app", "AssumeRolePolicyDocument": `+trust+`}}`,
		`{"as": "admin", "op": "iam:PutRolePolicy", "input": {"RoleName": "app", "PolicyName": "p", "PolicyDocument": {"Version": "2012-10-17", "Statement": []}}}`,
		`{"as": "admin", "op": "iam:PutRolePolicy", "input": {"RoleName": "app", "PolicyName": "p", "PolicyDocument": "{\"Statement\": \"no\"}"}}`,
		`{"as": "admin", "op": "iam:UpdateAssumeRolePolicy", "input": {"RoleName": "app", "PolicyDocument": "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"sts:AssumeRole\"}]}"}}`,
		`{"as": "admin", "op": "iam:PutRolePolicy", "input": {"RoleName": "AWSServiceRoleForBatch", "PolicyName": "p", "PolicyDocument": "{}"}}`,
		`{"as": "admin", "op": "iam:GetRole", "input": {"RoleName": "app"}}`,
	))
	for i, want := range []string{"MalformedPolicyDocument: The role trust policy is not a valid policy: ",
		"ValidationError: AssumeRolePolicyDocument is the role trust policy as a JSON string",
		"", "ValidationError: PolicyDocument is the identity-based policy as a JSON string",
		"MalformedPolicyDocument: The identity-based policy is not a valid policy: ",
		"MalformedPolicyDocument: The role trust policy is not a valid policy: ",
		"UnmodifiableEntity: ", ""} {
		st := tr.Steps[3+i]
		got := ""
		if st.Error != nil {
			got = st.Error.Code + ": " + st.Error.Message
		}
		if want == "" && got != "" || !strings.HasPrefix(got, want) {
			t.Errorf("step %d (%s): %q, want %q", 3+i, st.Op, got, want)
		}
	}
	if out := outputJSON(tr.Steps[10]); !strings.Contains(out, `"AssumeRolePolicyDocument":`+string(jsontext.Marshal(ec2Trust))) {
		t.Errorf("the role's trust policy changed: %s", out)
	}
	if len(tr.Steps[10].State.Roles) != 3 {
		t.Errorf("roles %+v, want Batch's, SES's and app", tr.Steps[10].State.Roles)
	}
}

// TestCreateRoleOptions: CreateRole takes AWS's optional parameters; its
// Tags reach the request as aws:RequestTag/KEY and aws:TagKeys, as AWS
// sends them; ListRoles leaves out the PermissionsBoundary GetRole shows;
// a session of a role with a boundary, whose document the playground does
// not have, is refused rather than left unlimited.
func TestCreateRoleOptions(t *testing.T) {
	trust := string(jsontext.Marshal(ec2Trust))
	create := func(name, tag string) string {
		return `{"as": "tagger", "op": "iam:CreateRole", "input": {"RoleName": "` + name + `", "AssumeRolePolicyDocument": ` + trust +
			`, "Description": "d", "MaxSessionDuration": 7200, "PermissionsBoundary": "arn:aws:iam::aws:policy/ReadOnlyAccess", "Tags": [{"Key": "team", "Value": "` + tag + `"}]}}`
	}
	doc := strings.Replace(pathsDoc(create("web", "web"), create("db", "db"),
		`{"as": "admin", "op": "iam:ListRoles", "input": {"PathPrefix": "/"}}`,
		`{"as": "admin", "op": "iam:GetRole", "input": {"RoleName": "web"}}`,
		`{"as": "admin", "op": "iam:UpdateAssumeRolePolicy", "input": {"RoleName": "web", "PolicyDocument": "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", \"Principal\": {\"AWS\": \"arn:aws:iam::111122223333:user/admin\"}, \"Action\": \"sts:AssumeRole\"}]}"}}`,
		`{"as": "admin", "op": "sts:AssumeRole", "input": {"RoleArn": "arn:aws:iam::111122223333:role/web", "RoleSessionName": "web-session"}}`,
		`{"as": "s", "op": "aws:Call", "input": {"Action": "s3:ListAllMyBuckets", "Resource": "*"}}`),
		`"principals": {`, `"principals": {"s": {"arn": "arn:aws:sts::111122223333:assumed-role/web/web-session"},
		"tagger": {"arn": "arn:aws:iam::111122223333:user/tagger", "policies": [{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iam:CreateRole", "Resource": "*",
			"Condition": {"StringEquals": {"aws:RequestTag/team": "web"}, "ForAllValues:StringEquals": {"aws:TagKeys": ["team"]}}}]}]}, `, 1)
	tr := runDoc(t, doc)
	if e := tr.Steps[3].Error; e != nil {
		t.Fatalf("CreateRole tagged team=web: %+v", e)
	}
	if e := tr.Steps[4].Error; e == nil || e.Code != "AccessDenied" {
		t.Errorf("CreateRole tagged team=db: %+v, want AccessDenied", e)
	}
	if out := outputJSON(tr.Steps[5]); strings.Contains(out, "PermissionsBoundary") || !strings.Contains(out, `"RoleName":"web"`) {
		t.Errorf("ListRoles: %s", out)
	}
	out := outputJSON(tr.Steps[6])
	for _, want := range []string{`"Description":"d"`, `"MaxSessionDuration":7200`, `"Tags":[{"Key":"team","Value":"web"}]`,
		`"PermissionsBoundary":{"PermissionsBoundaryArn":"arn:aws:iam::aws:policy/ReadOnlyAccess","PermissionsBoundaryType":"Policy"}`} {
		if !strings.Contains(out, want) {
			t.Errorf("GetRole: %s\nlacks %s", out, want)
		}
	}
	if e := tr.Steps[8].Error; e != nil {
		t.Fatalf("AssumeRole: %+v", e)
	}
	if e := tr.Steps[9].Error; e == nil || e.Code != "NotSimulated" || !strings.Contains(e.Message, "permissions boundary arn:aws:iam::aws:policy/ReadOnlyAccess") {
		t.Errorf("a session of a role with a boundary: %+v, want NotSimulated", e)
	}
}
