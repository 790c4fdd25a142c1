package scenario

import (
	"strings"
	"testing"
)

// TestAccessDeniedEndings: an AccessDenied ends as AWS's does for the
// gate that refused (IAM-RULES D), not always "because no identity-based
// policy allows", even when the identity policy allows "*".
func TestAccessDeniedEndings(t *testing.T) {
	const all = `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}`
	const s3Only = `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}`
	const denyGetRole = `{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "iam:GetRole", "Resource": "*"}]}`
	const sesRole = "arn:aws:iam::111122223333:role/aws-service-role/ses.amazonaws.com/AWSServiceRoleForAmazonSES"
	user := func(name, extra string) string {
		return `"` + name + `": {"arn": "arn:aws:iam::111122223333:user/` + name + `", "policies": [` + all + `]` + extra + `}`
	}
	create := `{"as": "%s", "op": "iam:CreateServiceLinkedRole", "input": {"AWSServiceName": "ses.amazonaws.com"}}`
	tests := []struct {
		name, principals, scps, steps string
		want                          string
	}{
		{"permissions boundary", user("bounded", `, "permissionsBoundary": `+s3Only), "",
			strings.Replace(create, "%s", "bounded", 1),
			"because no permissions boundary allows the iam:CreateServiceLinkedRole action"},
		{"service control policy", user("admin", ""), `[` + all + `, ` + s3Only + `]`,
			strings.Replace(create, "%s", "admin", 1),
			"because no service control policy allows the iam:CreateServiceLinkedRole action"},
		{"trust policy", user("admin", ""), "",
			strings.Replace(create, "%s", "admin", 1) + `, {"as": "admin", "op": "sts:AssumeRole", "input": {"RoleArn": "` + sesRole + `", "RoleSessionName": "admin"}}`,
			"because no resource-based policy allows the sts:AssumeRole action"},
		{"explicit deny in an identity policy", `"denier": {"arn": "arn:aws:iam::111122223333:user/denier", "policies": [` + all + `, ` + denyGetRole + `]}`, "",
			`{"as": "denier", "op": "iam:GetRole", "input": {"RoleName": "AWSServiceRoleForAmazonSES"}}`,
			"with an explicit deny in an identity-based policy"},
		{"no identity policy", `"nobody": {"arn": "arn:aws:iam::111122223333:user/nobody", "policies": []}`, "",
			`{"as": "nobody", "op": "iam:GetRole", "input": {"RoleName": "AWSServiceRoleForAmazonSES"}}`,
			"because no identity-based policy allows the iam:GetRole action"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			doc := `{"scenario": 1, "principals": {` + tc.principals + `}`
			if tc.scps != "" {
				doc += `, "scps": ` + tc.scps
			}
			doc += `, "steps": [` + tc.steps + `]}`
			tr := runDoc(t, doc)
			last := tr.Steps[len(tr.Steps)-1]
			if last.Error == nil || last.Error.Code != "AccessDenied" {
				t.Fatalf("last step %+v, want AccessDenied", last)
			}
			if !strings.HasSuffix(last.Error.Message, " "+tc.want) {
				t.Errorf("message %q\nwant it to end %q", last.Error.Message, tc.want)
			}
		})
	}
}
