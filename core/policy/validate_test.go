package policy

import (
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"slrplay/core/diag"
)

// doc wraps statements in a 2012-10-17 policy document.
func doc(statements string) string {
	return `{"Version": "2012-10-17", "Statement": [` + statements + `]}`
}

// cond wraps a Condition element in a Deny statement that is otherwise valid
// for every identity-like policy type.
func cond(c string) string {
	return doc(`{"Effect": "Deny", "Action": "s3:*", "Resource": "*", "Condition": ` + c + `}`)
}

// showPath writes an Access Analyzer path as Statement/0/Condition/key:Bool:
// values by name, indexes by number, keys with "key:" before them.
func showPath(p diag.Path) string {
	parts := make([]string, len(p))
	for i, e := range p {
		switch e.Kind {
		case diag.IndexOf:
			parts[i] = strconv.Itoa(e.N)
		case diag.KeyOf:
			parts[i] = "key:" + e.Name
		default:
			parts[i] = e.Name
		}
	}
	return strings.Join(parts, "/")
}

func lint(t *testing.T, typ Type, text string) (*diag.Source, diag.List) {
	t.Helper()
	src := diag.NewSource("test.json", text)
	_, _, findings := Lint(src, typ)
	return src, findings
}

func codes(l diag.List) []string {
	out := make([]string, len(l))
	for i, f := range l {
		out[i] = f.Code + " at " + showPath(f.Path)
	}
	return out
}

// posAt computes, independently of diag, the position of byte offset off.
func posAt(text string, off int) diag.Pos {
	line := 1 + strings.Count(text[:off], "\n")
	start := strings.LastIndexByte(text[:off], '\n') + 1
	return diag.Pos{Line: line, Column: utf8.RuneCountInString(text[start:off]), Offset: utf8.RuneCountInString(text[:off])}
}

// nthIndex is the byte offset of occurrence n (from 1) of sub in s, or -1.
func nthIndex(s, sub string, n int) int {
	at := -1
	for ; n > 0; n-- {
		i := strings.Index(s[at+1:], sub)
		if i < 0 {
			return -1
		}
		at += 1 + i
	}
	return at
}

// codeCase is a policy that must produce a finding. The finding's span must
// cover exactly snippet, at its first occurrence in the policy; "#2" after
// the snippet means its second occurrence.
type codeCase struct {
	typ     Type
	code    string
	sev     diag.Severity
	path    string
	snippet string
	policy  string
}

const (
	E  = diag.Error
	SW = diag.SecurityWarning
	W  = diag.Warning
	S  = diag.Suggestion
)

var codeCases = []codeCase{
	// The document.
	{Identity, "MISSING_STATEMENT", E, "", "{", `{"Version": "2012-10-17"}`},
	{Identity, "MISSING_STATEMENT", E, "Statement", "[]", `{"Version": "2012-10-17", "Statement": []}`},
	{Identity, "MISSING_VERSION", W, "", "{", `{"Statement": {"Effect": "Deny", "Action": "s3:*", "Resource": "*"}}`},
	{Identity, "INVALID_VERSION", E, "Version", `"2012-10-18"`, `{"Version": "2012-10-18", "Statement": {"Effect": "Deny", "Action": "s3:*", "Resource": "*"}}`},
	{Identity, "INVALID_VERSION", E, "Version", `2012`, `{"Version": 2012, "Statement": {"Effect": "Deny", "Action": "s3:*", "Resource": "*"}}`},
	{Identity, "STATEMENT_WITHOUT_POLICY", W, "", `{"Effect": "Deny", "Action": "s3:*", "Resource": "*"}`, `{"Effect": "Deny", "Action": "s3:*", "Resource": "*"}`},
	{Identity, "STATEMENT_WITHOUT_POLICY", W, "", `[{"Effect": "Deny", "Action": "s3:*", "Resource": "*"}]`, `[{"Effect": "Deny", "Action": "s3:*", "Resource": "*"}]`},
	{Identity, "INVALID_POLICY_ELEMENT", E, "key:statement", `"statement"`, `{"Version": "2012-10-17", "statement": []}`},
	{Identity, "INVALID_POLICY_ELEMENT", E, "Statement/0/key:Actions", `"Actions"`, doc(`{"Effect": "Deny", "Actions": "s3:*", "Resource": "*"}`)},
	{Identity, "DUPLICATE_KEY", E, "key:Version", `"Version"#2`, `{"Version": "2012-10-17", "Version": "2008-10-17", "Statement": []}`},
	{Identity, "DUPLICATE_KEY", E, "Statement/0/key:Effect", `"Effect"#2`, doc(`{"Effect": "Deny", "Action": "s3:*", "Effect": "Allow", "Resource": "*"}`)},
	{Identity, "DUPLICATE_KEY", E, "Statement/0/Condition/key:Bool", `"Bool"#2`, cond(`{"Bool": {"aws:SecureTransport": "false"}, "Bool": {"aws:ViaAWSService": "false"}}`)},
	{Identity, "DUPLICATE_KEY", E, "Statement/0/Condition/StringEquals/key:aws:username", `"aws:username"#2`, cond(`{"StringEquals": {"aws:username": "a", "aws:username": "b"}}`)},
	{Identity, "DATA_TYPE_MISMATCH", E, "Id", `42`, `{"Version": "2012-10-17", "Id": 42, "Statement": {"Effect": "Deny", "Action": "s3:*", "Resource": "*"}}`},
	{Identity, "DATA_TYPE_MISMATCH", E, "Statement", `"Deny"`, `{"Version": "2012-10-17", "Statement": "Deny"}`},
	{Identity, "DATA_TYPE_MISMATCH", E, "Statement/1", `"Deny"#2`, doc(`{"Effect": "Deny", "Action": "s3:*", "Resource": "*"}, "Deny"`)},
	{Identity, "DATA_TYPE_MISMATCH", E, "Statement/0/Sid", `99`, doc(`{"Sid": 99, "Effect": "Deny", "Action": "s3:*", "Resource": "*"}`)},
	{Identity, "DATA_TYPE_MISMATCH", E, "Statement/0/Action", `5`, doc(`{"Effect": "Deny", "Action": 5, "Resource": "*"}`)},
	{Identity, "DATA_TYPE_MISMATCH", E, "Statement/0/Resource/1", `true`, doc(`{"Effect": "Deny", "Action": "s3:*", "Resource": ["*", true]}`)},
	{Identity, "DATA_TYPE_MISMATCH", E, "Statement/0/Condition", `[]`, cond(`[]`)},
	{Identity, "DATA_TYPE_MISMATCH", E, "Statement/0/Condition/StringEquals", `"x"`, cond(`{"StringEquals": "x"}`)},
	{Identity, "DATA_TYPE_MISMATCH", E, "Statement/0/Condition/StringEquals/aws:username", `{"a": "b"}`, cond(`{"StringEquals": {"aws:username": {"a": "b"}}}`)},
	{Identity, "DATA_TYPE_MISMATCH", E, "Statement/0/Condition/StringEquals/aws:username/1", `null`, cond(`{"StringEquals": {"aws:username": ["a", null]}}`)},
	{Resource, "DATA_TYPE_MISMATCH", E, "Statement/0/Principal/AWS", `{"x": "y"}`, doc(`{"Effect": "Deny", "Principal": {"AWS": {"x": "y"}}, "Action": "s3:*", "Resource": "*"}`)},

	// Sid, Effect, Action, Resource.
	{Identity, "EMPTY_SID_VALUE", S, "Statement/0/Sid", `""`, doc(`{"Sid": "", "Effect": "Deny", "Action": "s3:*", "Resource": "*"}`)},
	{Identity, "UNSUPPORTED_SID", E, "Statement/0/Sid", `"deny-s3"`, doc(`{"Sid": "deny-s3", "Effect": "Deny", "Action": "s3:*", "Resource": "*"}`)},
	{Identity, "UNIQUE_SIDS_REQUIRED", E, "Statement/1/Sid", `"A"#2`, doc(`{"Sid": "A", "Effect": "Deny", "Action": "s3:*", "Resource": "*"}, {"Sid": "A", "Effect": "Deny", "Action": "ec2:*", "Resource": "*"}`)},
	{Resource, "UNIQUE_SIDS_RECOMMENDED", W, "Statement/1/Sid", `"A"#2`, doc(`{"Sid": "A", "Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "*"}, {"Sid": "A", "Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "*"}`)},
	{Identity, "MISSING_EFFECT", E, "Statement/0", `{"Action": "s3:*", "Resource": "*"}`, doc(`{"Action": "s3:*", "Resource": "*"}`)},
	{Identity, "INVALID_EFFECT", E, "Statement/0/Effect", `"allow"`, doc(`{"Effect": "allow", "Action": "s3:*", "Resource": "*"}`)},
	{Identity, "INVALID_EFFECT", E, "Statement/0/Effect", `true`, doc(`{"Effect": true, "Action": "s3:*", "Resource": "*"}`)},
	{Identity, "MISSING_ACTION", E, "Statement/0", `{"Effect": "Deny", "Resource": "*"}`, doc(`{"Effect": "Deny", "Resource": "*"}`)},
	{Identity, "MISSING_RESOURCE", E, "Statement/0", `{"Effect": "Deny", "Action": "s3:*"}`, doc(`{"Effect": "Deny", "Action": "s3:*"}`)},
	{Identity, "UNSUPPORTED_ELEMENT_COMBINATION", E, "Statement/0/NotAction", `"s3:Get*"`, doc(`{"Effect": "Deny", "Action": "s3:*", "NotAction": "s3:Get*", "Resource": "*"}`)},
	{Identity, "UNSUPPORTED_ELEMENT_COMBINATION", E, "Statement/0/NotResource", `"arn:aws:s3:::b"`, doc(`{"Effect": "Deny", "Action": "s3:*", "Resource": "*", "NotResource": "arn:aws:s3:::b"}`)},
	{Resource, "UNSUPPORTED_ELEMENT_COMBINATION", E, "Statement/0/NotPrincipal", `{"AWS": "111122223333"}`, doc(`{"Effect": "Deny", "Principal": "*", "NotPrincipal": {"AWS": "111122223333"}, "Action": "s3:*", "Resource": "*"}`)},
	{Identity, "EMPTY_ARRAY_ACTION", S, "Statement/0/Action", `[]`, doc(`{"Effect": "Deny", "Action": [], "Resource": "*"}`)},
	{Identity, "EMPTY_ARRAY_RESOURCE", S, "Statement/0/Resource", `[]`, doc(`{"Effect": "Deny", "Action": "s3:*", "Resource": []}`)},
	{Identity, "INVALID_ACTION", E, "Statement/0/Action/1", `"s3GetObject"`, doc(`{"Effect": "Deny", "Action": ["s3:GetObject", "s3GetObject"], "Resource": "*"}`)},
	{Identity, "INVALID_ACTION", E, "Statement/0/Action", `"s3:Get Object"`, doc(`{"Effect": "Deny", "Action": "s3:Get Object", "Resource": "*"}`)},
	{Identity, "VARIABLE_UNSUPPORTED_IN_ELEMENT", E, "Statement/0/Action", `"s3:${aws:username}"`, doc(`{"Effect": "Deny", "Action": "s3:${aws:username}", "Resource": "*"}`)},
	{Resource, "VARIABLE_UNSUPPORTED_IN_ELEMENT", E, "Statement/0/Principal/AWS", `"arn:aws:iam::111122223333:user/${aws:username}"`, doc(`{"Effect": "Deny", "Principal": {"AWS": "arn:aws:iam::111122223333:user/${aws:username}"}, "Action": "s3:*", "Resource": "*"}`)},
	{Identity, "INVALID_ARN_PREFIX", E, "Statement/0/Resource", `"s3:::bucket"`, doc(`{"Effect": "Deny", "Action": "s3:*", "Resource": "s3:::bucket"}`)},
	{Identity, "INVALID_ARN_PREFIX", E, "Statement/0/Resource/1", `"ARN:aws:s3:::bucket"`, doc(`{"Effect": "Deny", "Action": "s3:*", "Resource": ["arn:aws:s3:::bucket", "ARN:aws:s3:::bucket"]}`)},
	{Identity, "MISSING_ARN_FIELD", E, "Statement/0/Resource", `"arn:aws:s3:bucket"`, doc(`{"Effect": "Deny", "Action": "s3:*", "Resource": "arn:aws:s3:bucket"}`)},
	{Identity, "INVALID_PARTITION", E, "Statement/0/Resource", `"arn:amazon:s3:::bucket"`, doc(`{"Effect": "Deny", "Action": "s3:*", "Resource": "arn:amazon:s3:::bucket"}`)},
	{Identity, "INVALID_ARN_SERVICE_CASE", E, "Statement/0/Resource", `"arn:aws:S3:::bucket"`, doc(`{"Effect": "Deny", "Action": "s3:*", "Resource": "arn:aws:S3:::bucket"}`)},
	{Identity, "INVALID_ARN_ACCOUNT", E, "Statement/0/Resource", `"arn:aws:iam::1234:role/app"`, doc(`{"Effect": "Deny", "Action": "iam:*", "Resource": "arn:aws:iam::1234:role/app"}`)},

	// Policy variables.
	{Identity, "MISSING_BRACE_IN_VARIABLE", E, "Statement/0/Resource", `${aws:username`, doc(`{"Effect": "Deny", "Action": "s3:*", "Resource": "arn:aws:s3:::b/${aws:username"}`)},
	{Identity, "EMPTY_VARIABLE", E, "Statement/0/Resource", `${ }`, doc(`{"Effect": "Deny", "Action": "s3:*", "Resource": "arn:aws:s3:::b/${ }/x"}`)},
	{Identity, "UNSUPPORTED_SPACE_IN_VARIABLE", E, "Statement/0/Resource", `${aws: username}`, doc(`{"Effect": "Deny", "Action": "s3:*", "Resource": "arn:aws:s3:::b/${aws: username}"}`)},
	{Identity, "MISSING_QUOTE_IN_VARIABLE", E, "Statement/0/Resource", `${aws:username, nobody}`, doc(`{"Effect": "Deny", "Action": "s3:*", "Resource": "arn:aws:s3:::b/${aws:username, nobody}"}`)},
	{Identity, "UNKNOWN_POLICY_VARIABLE", W, "Statement/0/Resource", `${aws:usrname}`, doc(`{"Effect": "Deny", "Action": "s3:*", "Resource": "arn:aws:s3:::b/${aws:usrname}"}`)},
	{Identity, "UNKNOWN_POLICY_VARIABLE", W, "Statement/0/Condition/StringEquals/s3:prefix", `${aws:usrname}`, cond(`{"StringEquals": {"s3:prefix": "home/${aws:usrname}/"}}`)},
	{Identity, "VARIABLE_IGNORED_IN_VERSION", W, "Statement/Resource", `${aws:username}`, `{"Version": "2008-10-17", "Statement": {"Effect": "Deny", "Action": "s3:*", "Resource": "arn:aws:s3:::b/${aws:username}"}}`},
	{Identity, "VARIABLE_IGNORED_IN_VERSION", W, "Statement/Resource", `${aws:username}`, `{"Statement": {"Effect": "Deny", "Action": "s3:*", "Resource": "arn:aws:s3:::b/${aws:username}"}}`},
	{Identity, "INVALID_VARIABLE_FOR_OPERATOR", E, "Statement/0/Condition/NumericLessThan/aws:MultiFactorAuthAge", `"${aws:username}"`, cond(`{"NumericLessThan": {"aws:MultiFactorAuthAge": "${aws:username}"}}`)},

	// Condition operators and keys.
	{Identity, "EMPTY_OBJECT_CONDITION", S, "Statement/0/Condition", `{}`, cond(`{}`)},
	{Identity, "EMPTY_OBJECT_CONDITION", S, "Statement/0/Condition/StringEquals", `{}`, cond(`{"StringEquals": {}}`)},
	{Identity, "INVALID_CONDITION_OPERATOR", E, "Statement/0/Condition/key:StringEqual", `"StringEqual"`, cond(`{"StringEqual": {"aws:username": "a"}}`)},
	{Identity, "INVALID_CONDITION_OPERATOR", E, "Statement/0/Condition/key:stringEquals", `"stringEquals"`, cond(`{"stringEquals": {"aws:username": "a"}}`)},
	{Identity, "NULL_WITH_IF_EXISTS", E, "Statement/0/Condition/key:NullIfExists", `"NullIfExists"`, cond(`{"NullIfExists": {"aws:TokenIssueTime": "true"}}`)},
	{Identity, "NULL_WITH_QUALIFIER", S, "Statement/0/Condition/key:ForAnyValue:Null", `"ForAnyValue:Null"`, cond(`{"ForAnyValue:Null": {"aws:TagKeys": "true"}}`)},
	{Identity, "DUPLICATE_KEYS_WITH_DIFFERENT_CASE", E, "Statement/0/Condition/StringEquals/key:AWS:UserName", `"AWS:UserName"`, cond(`{"StringEquals": {"aws:username": "a", "AWS:UserName": "b"}}`)},
	{Identity, "INVALID_CONDITION_KEY_FORMAT", E, "Statement/0/Condition/StringEquals/key:username", `"username"`, cond(`{"StringEquals": {"username": "a"}}`)},
	{Identity, "INVALID_CONDITION_KEY_FORMAT", E, "Statement/0/Condition/StringEquals/key:aws:", `"aws:"`, cond(`{"StringEquals": {"aws:": "a"}}`)},
	{Identity, "MISSING_TAG_KEY_IN_CONDITION", E, "Statement/0/Condition/StringEquals/key:aws:ResourceTag/", `"aws:ResourceTag/"`, cond(`{"StringEquals": {"aws:ResourceTag/": "a"}}`)},
	{Identity, "MISSING_TAG_KEY_IN_CONDITION", E, "Statement/0/Condition/StringEquals/key:aws:PrincipalTag", `"aws:PrincipalTag"`, cond(`{"StringEquals": {"aws:PrincipalTag": "a"}}`)},
	{Identity, "DEPRECATED_GLOBAL_CONDITION_KEY", W, "Statement/0/Condition/ArnEquals/key:aws:ARN", `"aws:ARN"`, cond(`{"ArnEquals": {"aws:ARN": "arn:aws:iam::111122223333:user/a"}}`)},
	// The catalog's checks (catalog.go), with the examples of Access Analyzer's check reference.
	{Identity, "INVALID_GLOBAL_CONDITION_KEY", E, "Statement/0/Condition/StringEquals/key:aws:Usrname", `"aws:Usrname"`, cond(`{"StringEquals": {"aws:Usrname": "a"}}`)},
	{Identity, "INVALID_ACTION", E, "Statement/0/Action", `"s3:GetObjekt"`, doc(`{"Effect": "Allow", "Action": "s3:GetObjekt", "Resource": "*"}`)},
	{Identity, "INVALID_ACTION", E, "Statement/0/Action/1", `"iam:CreateServiceLinkedRoles"`, doc(`{"Effect": "Allow", "Action": ["iam:GetRole", "iam:CreateServiceLinkedRoles"], "Resource": "*"}`)},
	{Identity, "INVALID_ACTION", E, "Statement/0/NotAction", `"s3:Gte*"`, doc(`{"Effect": "Deny", "NotAction": "s3:Gte*", "Resource": "*"}`)},
	{Identity, "INVALID_SERVICE_IN_ACTION", E, "Statement/0/Action", `"workmial:ListUsers"`, doc(`{"Effect": "Allow", "Action": "workmial:ListUsers", "Resource": "*"}`)},
	{Identity, "ACTION_NOT_IN_REFERENCE", W, "Statement/0/Action/0", `"deepracer:CreateModel"`, doc(`{"Effect": "Allow", "Action": ["deepracer:CreateModel"], "Resource": "*"}`)},
	{Identity, "ACTION_NOT_IN_REFERENCE", W, "Statement/0/Action", `"budgets:CreateBudget"`, doc(`{"Effect": "Allow", "Action": "budgets:CreateBudget", "Resource": "*"}`)},
	{Identity, "INVALID_SERVICE_CONDITION_KEY", E, "Statement/0/Condition/StringLike/key:s3:prefixx", `"s3:prefixx"`, cond(`{"StringLike": {"s3:prefixx": "home/*"}}`)},
	{Identity, "INVALID_SERVICE_CONDITION_KEY", E, "Statement/0/Condition/StringEquals/key:s4:prefix", `"s4:prefix"`, cond(`{"StringEquals": {"s4:prefix": "a"}}`)},
	{Identity, "UNSUPPORTED_ACTION_FOR_CONDITION_KEY", W, "Statement/0/Condition/StringLike/key:s3:prefix", `"s3:prefix"`, doc(`{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": {"StringLike": {"s3:prefix": "home/*"}}}`)},
	{Identity, "TYPE_MISMATCH", W, "Statement/0/Condition/StringEquals/key:s3:max-keys", `"s3:max-keys"`, doc(`{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "*", "Condition": {"StringEquals": {"s3:max-keys": "10"}}}`)},
	{Identity, "WILDCARD_IN_ARN_SERVICE", W, "Statement/0/Resource", `"arn:aws:s3*:::my-bucket"`, doc(`{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3*:::my-bucket"}`)},
	{Identity, "REDUNDANT_ACTION", S, "Statement/0/Action/1", `"s3:GetObject"`, doc(`{"Effect": "Allow", "Action": ["s3:Get*", "s3:GetObject"], "Resource": "*"}`)},
	{Identity, "REDUNDANT_ACTION", S, "Statement/0/Action/2", `"S3:getobject"`, doc(`{"Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject", "S3:getobject"], "Resource": "*"}`)},
	{Identity, "FORALLVALUES_WITH_SINGLE_VALUED_KEY", SW, "Statement/0/Condition/ForAllValues:StringEquals/key:aws:RequestedRegion", `"aws:RequestedRegion"`, cond(`{"ForAllValues:StringEquals": {"aws:RequestedRegion": ["eu-west-1"]}}`)},
	{Identity, "FORANYVALUE_WITH_SINGLE_VALUED_KEY", S, "Statement/0/Condition/ForAnyValue:StringEquals/key:aws:RequestedRegion", `"aws:RequestedRegion"`, cond(`{"ForAnyValue:StringEquals": {"aws:RequestedRegion": ["eu-west-1"]}}`)},
	{Identity, "MISSING_QUALIFIER", E, "Statement/0/Condition/StringEquals/key:aws:TagKeys", `"aws:TagKeys"`, cond(`{"StringEquals": {"aws:TagKeys": "team"}}`)},
	{Identity, "TYPE_MISMATCH", W, "Statement/0/Condition/StringEquals/key:aws:CurrentTime", `"aws:CurrentTime"`, cond(`{"StringEquals": {"aws:CurrentTime": "2026-01-01"}}`)},
	{Identity, "TYPE_MISMATCH", W, "Statement/0/Condition/ArnLike/key:aws:PrincipalAccount", `"aws:PrincipalAccount"`, cond(`{"ArnLike": {"aws:PrincipalAccount": "arn:aws:iam::111122223333:root"}}`)},
	{Identity, "STRING_LIKE_OPERATOR_WITH_ARN_CONDITION_KEYS", SW, "Statement/0/Condition/StringLike/key:aws:SourceArn", `"aws:SourceArn"`, cond(`{"StringLike": {"aws:SourceArn": "arn:aws:sns:*:111122223333:*"}}`)},

	// Condition values.
	{Identity, "EMPTY_ARRAY_CONDITION", S, "Statement/0/Condition/StringEquals/aws:username", `[]`, cond(`{"StringEquals": {"aws:username": []}}`)},
	{Identity, "EMPTY_ARRAY_CONDITION_IFEXISTS", S, "Statement/0/Condition/StringEqualsIfExists/aws:username", `[]`, cond(`{"StringEqualsIfExists": {"aws:username": []}}`)},
	{Identity, "EMPTY_ARRAY_CONDITION_FORALLVALUES", S, "Statement/0/Condition/ForAllValues:StringEquals/aws:TagKeys", `[]`, cond(`{"ForAllValues:StringEquals": {"aws:TagKeys": []}}`)},
	{Identity, "EMPTY_ARRAY_CONDITION_FORANYVALUE", S, "Statement/0/Condition/ForAnyValue:StringEquals/aws:TagKeys", `[]`, cond(`{"ForAnyValue:StringEquals": {"aws:TagKeys": []}}`)},
	{Identity, "INVALID_CONDITION_MULTIPLE_BOOLEAN", E, "Statement/0/Condition/Bool/aws:SecureTransport", `["true", "false"]`, cond(`{"Bool": {"aws:SecureTransport": ["true", "false"]}}`)},
	{Identity, "INVALID_CONDITION_DATA_TYPE", E, "Statement/0/Condition/StringEquals/aws:PrincipalAccount/1", `444455556666`, cond(`{"StringEquals": {"aws:PrincipalAccount": ["111122223333", 444455556666]}}`)},
	{Identity, "TYPE_MISMATCH_NUMBER", W, "Statement/0/Condition/NumericLessThan/aws:MultiFactorAuthAge", `"one hour"`, cond(`{"NumericLessThan": {"aws:MultiFactorAuthAge": "one hour"}}`)},
	{Identity, "TYPE_MISMATCH_DATE", W, "Statement/0/Condition/DateGreaterThan/aws:CurrentTime", `"yesterday"`, cond(`{"DateGreaterThan": {"aws:CurrentTime": "yesterday"}}`)},
	{Identity, "TYPE_MISMATCH_BOOLEAN", W, "Statement/0/Condition/Bool/aws:SecureTransport", `"yes"`, cond(`{"Bool": {"aws:SecureTransport": "yes"}}`)},
	{Identity, "TYPE_MISMATCH_BOOLEAN", W, "Statement/0/Condition/Null/aws:TokenIssueTime", `99`, cond(`{"Null": {"aws:TokenIssueTime": 99}}`)},
	{Identity, "TYPE_MISMATCH_IP_RANGE", E, "Statement/0/Condition/IpAddress/aws:SourceIp/1", `"10.0.0.300/8"`, cond(`{"IpAddress": {"aws:SourceIp": ["10.0.0.0/8", "10.0.0.300/8"]}}`)},
	{Identity, "TYPE_MISMATCH_STRING", W, "Statement/0/Condition/BinaryEquals/s3:x-amz-meta-key", `"not base64!"`, cond(`{"BinaryEquals": {"s3:x-amz-meta-key": "not base64!"}}`)},
	{Identity, "TYPE_MISMATCH_ARN", W, "Statement/0/Condition/ArnLike/aws:SourceArn", `"my-topic"`, cond(`{"ArnLike": {"aws:SourceArn": "my-topic"}}`)},
	{Identity, "WILDCARD_WITHOUT_LIKE_OPERATOR", W, "Statement/0/Condition/StringEquals/aws:PrincipalTag/team", `"dev*"`, cond(`{"StringEquals": {"aws:PrincipalTag/team": "dev*"}}`)},

	// Statements that grant more than meant.
	{Identity, "ALLOW_WITH_NOT_ACTION", SW, "Statement/0/NotAction", `"iam:*"`, doc(`{"Effect": "Allow", "NotAction": "iam:*", "Resource": "*"}`)},
	{Identity, "ALLOW_WITH_NOT_RESOURCE", SW, "Statement/0/NotResource", `["arn:aws:s3:::secret/*"]`, doc(`{"Effect": "Allow", "Action": "s3:GetObject", "NotResource": ["arn:aws:s3:::secret/*"]}`)},
	{Identity, "FULL_ACCESS", SW, "Statement/0/Action", `"*"`, doc(`{"Effect": "Allow", "Action": "*", "Resource": "*"}`)},
	{Identity, "PASS_ROLE_WITH_STAR_IN_RESOURCE", SW, "Statement/0/Action/1", `"iam:PassRole"`, doc(`{"Effect": "Allow", "Action": ["ec2:RunInstances", "iam:PassRole"], "Resource": "*"}`)},
	{Session, "PASS_ROLE_WITH_STAR_IN_RESOURCE", SW, "Statement/0/Action", `"iam:Pass*"`, doc(`{"Effect": "Allow", "Action": "iam:Pass*", "Resource": "*"}`)},
	{Identity, "PASS_ROLE_WITH_STAR_IN_ACTION_AND_RESOURCE", SW, "Statement/0/Action", `"iam:*"`, doc(`{"Effect": "Allow", "Action": "iam:*", "Resource": "*"}`)},
	{Identity, "PASS_ROLE_WITH_NOT_RESOURCE", SW, "Statement/0/Action", `"iam:PassRole"`, doc(`{"Effect": "Allow", "Action": "iam:PassRole", "NotResource": "arn:aws:iam::111122223333:role/admin"}`)},
	{Identity, "CREATE_SLR_WITH_STAR_IN_RESOURCE", W, "Statement/0/Action", `"iam:CreateServiceLinkedRole"`, doc(`{"Effect": "Allow", "Action": "iam:CreateServiceLinkedRole", "Resource": "*"}`)},
	{Identity, "CREATE_SLR_WITH_STAR_IN_ACTION_AND_RESOURCE", W, "Statement/0/Action/0", `"iam:*"`, doc(`{"Effect": "Allow", "Action": ["iam:*"], "Resource": ["*"]}`)},
	{Identity, "PASS_ROLE_WITH_STAR_IN_ACTION_AND_NOT_RESOURCE", SW, "Statement/0/Action", `"*"`, doc(`{"Effect": "Allow", "Action": "*", "NotResource": "arn:aws:iam::111122223333:role/admin"}`)},
	{Identity, "CREATE_SLR_WITH_STAR_IN_ACTION_AND_NOT_RESOURCE", W, "Statement/0/Action/1", `"iam:*"`, doc(`{"Effect": "Allow", "Action": ["s3:GetObject", "iam:*"], "NotResource": "arn:aws:iam::111122223333:role/admin"}`)},
	{Identity, "CREATE_SLR_WITH_NOT_RESOURCE", W, "Statement/0/Action", `"iam:CreateServiceLinkedRole"`, doc(`{"Effect": "Allow", "Action": "iam:CreateServiceLinkedRole", "NotResource": "arn:aws:iam::*:role/aws-service-role/ses.amazonaws.com/*"}`)},

	// Principals.
	{Identity, "UNSUPPORTED_PRINCIPAL", E, "Statement/0/Principal", `"*"`, doc(`{"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "*"}`)},
	{Resource, "MISSING_PRINCIPAL", E, "Statement/0", `{"Effect": "Deny", "Action": "s3:*", "Resource": "*"}`, doc(`{"Effect": "Deny", "Action": "s3:*", "Resource": "*"}`)},
	{Resource, "ALLOW_WITH_NOT_PRINCIPAL", SW, "Statement/0/NotPrincipal", `{"AWS": "111122223333"}`, doc(`{"Effect": "Allow", "NotPrincipal": {"AWS": "111122223333"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}`)},
	{Resource, "INVALID_PRINCIPAL_FORMAT", E, "Statement/0/Principal", `"everyone"`, doc(`{"Effect": "Deny", "Principal": "everyone", "Action": "s3:*", "Resource": "*"}`)},
	{Resource, "INVALID_PRINCIPAL_FORMAT", E, "Statement/0/Principal", `["*"]`, doc(`{"Effect": "Deny", "Principal": ["*"], "Action": "s3:*", "Resource": "*"}`)},
	{Resource, "INVALID_PRINCIPAL_FORMAT", E, "Statement/0/Principal/AWS/1", `"alice"`, doc(`{"Effect": "Deny", "Principal": {"AWS": ["111122223333", "alice"]}, "Action": "s3:*", "Resource": "*"}`)},
	{Resource, "INVALID_PRINCIPAL_FORMAT", E, "Statement/0/Principal/CanonicalUser", `"abc"`, doc(`{"Effect": "Deny", "Principal": {"CanonicalUser": "abc"}, "Action": "s3:*", "Resource": "*"}`)},
	{Resource, "INVALID_PRINCIPAL_FORMAT", E, "Statement/0/Principal/Federated", `"my idp"`, doc(`{"Effect": "Deny", "Principal": {"Federated": "my idp"}, "Action": "s3:*", "Resource": "*"}`)},
	{Resource, "EMPTY_OBJECT_PRINCIPAL", S, "Statement/0/Principal", `{}`, doc(`{"Effect": "Deny", "Principal": {}, "Action": "s3:*", "Resource": "*"}`)},
	{Resource, "EMPTY_ARRAY_PRINCIPAL", S, "Statement/0/Principal/AWS", `[]`, doc(`{"Effect": "Deny", "Principal": {"AWS": []}, "Action": "s3:*", "Resource": "*"}`)},
	{Resource, "INVALID_PRINCIPAL_KEY", E, "Statement/0/Principal/key:User", `"User"`, doc(`{"Effect": "Deny", "Principal": {"User": "alice"}, "Action": "s3:*", "Resource": "*"}`)},
	{Resource, "INVALID_SERVICE_PRINCIPAL_FORMAT", E, "Statement/0/Principal/Service", `"EC2.amazonaws.com"`, doc(`{"Effect": "Deny", "Principal": {"Service": "EC2.amazonaws.com"}, "Action": "s3:*", "Resource": "*"}`)},
	{Resource, "INVALID_SERVICE_PRINCIPAL_FORMAT", E, "Statement/0/Principal/Service", `"ec2"`, doc(`{"Effect": "Deny", "Principal": {"Service": "ec2"}, "Action": "s3:*", "Resource": "*"}`)},
	{Resource, "UNSUPPORTED_WILDCARD_IN_PRINCIPAL", E, "Statement/0/Principal/AWS/1", `"arn:aws:iam::111122223333:role/app-*"`, doc(`{"Effect": "Deny", "Principal": {"AWS": ["111122223333", "arn:aws:iam::111122223333:role/app-*"]}, "Action": "s3:*", "Resource": "*"}`)},
}

// notEmitted are the codes of severities that Validate never reports, with why.
var notEmitted = map[string]string{
	"JSON_SYNTAX_ERROR":            "Parse reports it (tested with the parser)",
	"INVALID_POLICY_SHAPE":         "Parse reports it (tested with the parser)",
	"TOO_MANY_FINDINGS":            "Lint reports it when a document has more than MaxFindings (hostile_test.go)",
	"UNKNOWN_GLOBAL_CONDITION_KEY": "only without a catalog (TestWithoutCatalog)",
}

// TestEveryCode checks that each code the validator reports is reported for
// a policy that has the problem, at the right place, with its severity.
func TestEveryCode(t *testing.T) {
	tested := map[string]bool{}
	for _, c := range append(codeCases, typeCodeCases...) {
		tested[c.code] = true
		t.Run(c.code, func(t *testing.T) { checkCase(t, c) })
	}
	for code := range severities {
		if !tested[code] && notEmitted[code] == "" {
			t.Errorf("%s: no test case produces it", code)
		}
		if tested[code] && notEmitted[code] != "" {
			t.Errorf("%s: listed as not emitted, but a test case produces it", code)
		}
	}
}

func checkCase(t *testing.T, c codeCase) {
	t.Helper()
	snippet, nth := c.snippet, 1
	if s, n, ok := strings.Cut(c.snippet, "#"); ok {
		snippet, nth = s, int(n[0]-'0')
	}
	src, findings := lint(t, c.typ, c.policy)
	var same []diag.Finding
	for _, f := range findings {
		if f.Code == c.code && showPath(f.Path) == c.path {
			same = append(same, f)
		}
	}
	if len(same) == 0 {
		t.Fatalf("%s policy %s\nwant %s at %q; got %q", c.typ, c.policy, c.code, c.path, codes(findings))
	}
	f := same[0]
	if f.Severity != c.sev {
		t.Errorf("severity %s, want %s", f.Severity, c.sev)
	}
	if got := src.Text[f.Span.Start:f.Span.End]; got != snippet {
		t.Errorf("span covers %q, want %q", got, snippet)
	}
	if at := nthIndex(c.policy, snippet, nth); f.Span.Start != at {
		t.Errorf("span starts at byte %d, want %d (occurrence %d of %q)", f.Span.Start, at, nth, snippet)
	}
	if want := (diag.Range{Start: posAt(c.policy, f.Span.Start), End: posAt(c.policy, f.Span.End)}); f.Range != want {
		t.Errorf("range %+v, want %+v", f.Range, want)
	}
	if f.Message == "" || !strings.HasPrefix(f.Link, "https://docs.aws.amazon.com/") {
		t.Errorf("message %q, link %q", f.Message, f.Link)
	}
}

// TestNearMisses lists policies that come close to a check without failing it.
func TestNearMisses(t *testing.T) {
	for _, c := range []struct {
		typ    Type
		code   string
		policy string
	}{
		{Identity, "MISSING_VERSION", `{"Effect": "Deny", "Action": "s3:*", "Resource": "*"}`},
		{Identity, "INVALID_VERSION", `{"Version": "2008-10-17", "Statement": {"Effect": "Deny", "Action": "s3:*", "Resource": "*"}}`},
		{Identity, "UNSUPPORTED_SID", doc(`{"Sid": "DenyS3ForAll2", "Effect": "Deny", "Action": "s3:*", "Resource": "*"}`)},
		{Identity, "UNIQUE_SIDS_REQUIRED", doc(`{"Sid": "A", "Effect": "Deny", "Action": "s3:*", "Resource": "*"}, {"Sid": "a", "Effect": "Deny", "Action": "ec2:*", "Resource": "*"}`)},
		{Identity, "UNIQUE_SIDS_REQUIRED", doc(`{"Sid": "", "Effect": "Deny", "Action": "s3:*", "Resource": "*"}, {"Sid": "", "Effect": "Deny", "Action": "ec2:*", "Resource": "*"}`)},
		{Identity, "INVALID_ACTION", doc(`{"Effect": "Deny", "Action": ["*", "s3:*", "s3:Get*Acl", "ec2:Describe?pcs", "iam:PassRole", "cloudhsm:GetConfig"], "Resource": "*"}`)},
		{Identity, "INVALID_ARN_ACCOUNT", doc(`{"Effect": "Deny", "Action": "iam:*", "Resource": ["arn:aws:iam::aws:policy/ReadOnlyAccess", "arn:aws:iam::*:role/x", "arn:aws:iam::${aws:PrincipalAccount}:role/x", "arn:aws:iam::111122223333:role/x"]}`)},
		{Identity, "INVALID_PARTITION", doc(`{"Effect": "Deny", "Action": "s3:*", "Resource": ["arn:aws-cn:s3:::b", "arn:aws-us-gov:s3:::b", "arn:*:s3:::b", "arn:aws*:s3:::b"]}`)},
		{Identity, "WILDCARD_WITHOUT_LIKE_OPERATOR", cond(`{"StringLike": {"aws:PrincipalTag/team": "dev*"}}`)},
		{Identity, "WILDCARD_WITHOUT_LIKE_OPERATOR", cond(`{"StringEquals": {"s3:prefix": "literal${*}star"}}`)},
		{Identity, "TYPE_MISMATCH", cond(`{"NumericLessThan": {"aws:EpochTime": "1767225600"}, "StringEquals": {"aws:SourceArn": "arn:aws:sns:us-east-1:111122223333:t"}}`)},
		{Identity, "TYPE_MISMATCH", cond(`{"Null": {"aws:CurrentTime": "true"}, "DateLessThanIfExists": {"aws:CurrentTime": "2026-01-01T00:00:00Z"}}`)},
		{Identity, "TYPE_MISMATCH_DATE", cond(`{"DateLessThan": {"aws:CurrentTime": ["1767225600", 1767225600, "2026-01-01", "2026-01-01T02:00:00+02:00", "2026-01-01T00:00:00.5Z"]}}`)},
		{Identity, "TYPE_MISMATCH_IP_RANGE", cond(`{"IpAddress": {"aws:SourceIp": ["203.0.113.5", "10.0.0.0/8", "2001:db8::/32", "2001:db8::1"]}}`)},
		{Identity, "TYPE_MISMATCH_NUMBER", cond(`{"NumericLessThan": {"aws:MultiFactorAuthAge": ["3600", 3600, "0.5"]}}`)},
		{Identity, "TYPE_MISMATCH_ARN", cond(`{"ArnLike": {"aws:SourceArn": ["arn:aws:sns:*:111122223333:*", "*"]}}`)},
		{Identity, "TYPE_MISMATCH_BOOLEAN", cond(`{"Bool": {"aws:MultiFactorAuthPresent": true}, "Null": {"aws:TokenIssueTime": "FALSE"}}`)},
		{Identity, "INVALID_CONDITION_DATA_TYPE", cond(`{"StringEquals": {"aws:PrincipalAccount": ["111122223333", "444455556666"]}}`)},
		{Identity, "INVALID_CONDITION_MULTIPLE_BOOLEAN", cond(`{"Bool": {"aws:SecureTransport": ["false"]}}`)},
		{Identity, "FORALLVALUES_WITH_SINGLE_VALUED_KEY", cond(`{"ForAllValues:StringEquals": {"aws:TagKeys": ["team", "cost"]}}`)},
		{Identity, "MISSING_QUALIFIER", cond(`{"ForAnyValue:StringEquals": {"aws:TagKeys": "team"}, "Null": {"aws:TagKeys": "false"}}`)},
		{Identity, "MISSING_TAG_KEY_IN_CONDITION", cond(`{"StringEquals": {"aws:ResourceTag/team": "a", "aws:PrincipalTag/team": "${aws:PrincipalTag/team}"}}`)},
		{Identity, "UNKNOWN_GLOBAL_CONDITION_KEY", cond(`{"StringEquals": {"AWS:USERNAME": "a", "aws:sourcevpce": "vpce-1", "s3:prefix": "a"}}`)},
		{Identity, "DUPLICATE_KEY", cond(`{"StringEquals": {"aws:username": "a"}, "StringEqualsIgnoreCase": {"aws:username": "a"}}`)},
		{Identity, "STRING_LIKE_OPERATOR_WITH_ARN_CONDITION_KEYS", cond(`{"ArnLike": {"aws:SourceArn": "arn:aws:sns:*:111122223333:*"}, "StringLike": {"aws:username": "a*"}}`)},
		{Identity, "UNKNOWN_POLICY_VARIABLE", doc(`{"Effect": "Deny", "Action": "s3:*", "Resource": ["arn:aws:s3:::b/${aws:username}", "arn:aws:s3:::b/${AWS:UserID}", "arn:aws:s3:::b/${aws:PrincipalTag/team, 'none'}", "arn:aws:s3:::b/${s3:prefix}", "arn:aws:s3:::b/${cognito-identity.amazonaws.com:sub}", "arn:aws:s3:::b/${aws:username }", "arn:aws:s3:::b/${*}${?}${$}"]}`)},
		// A bare statement is read as 2012-10-17, as STATEMENT_WITHOUT_POLICY says.
		{Identity, "VARIABLE_IGNORED_IN_VERSION", `{"Effect": "Deny", "Action": "s3:*", "Resource": "arn:aws:s3:::b/${aws:username}"}`},
		{Identity, "PASS_ROLE_WITH_STAR_IN_RESOURCE", doc(`{"Effect": "Allow", "Action": "iam:PassRole", "Resource": "*", "Condition": {"StringEquals": {"iam:PassedToService": "ec2.amazonaws.com"}}}`)},
		{Identity, "PASS_ROLE_WITH_STAR_IN_RESOURCE", doc(`{"Effect": "Allow", "Action": "iam:PassRole", "Resource": "arn:aws:iam::111122223333:role/app-*"}`)},
		{Identity, "PASS_ROLE_WITH_STAR_IN_RESOURCE", doc(`{"Effect": "Deny", "Action": "iam:PassRole", "Resource": "*"}`)},
		{Boundary, "PASS_ROLE_WITH_STAR_IN_RESOURCE", doc(`{"Effect": "Allow", "Action": "iam:PassRole", "Resource": "*"}`)},
		{Identity, "CREATE_SLR_WITH_STAR_IN_RESOURCE", doc(`{"Effect": "Allow", "Action": "iam:CreateServiceLinkedRole", "Resource": "*", "Condition": {"StringLike": {"iam:AWSServiceName": "ses.amazonaws.com"}}}`)},
		{Identity, "FULL_ACCESS", doc(`{"Effect": "Allow", "Action": "*", "Resource": "*", "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"}}}`)},
		{Resource, "FULL_ACCESS", doc(`{"Effect": "Allow", "Principal": {"AWS": "111122223333"}, "Action": "*", "Resource": "*"}`)},
		{Identity, "ALLOW_WITH_NOT_ACTION", doc(`{"Effect": "Deny", "NotAction": "iam:*", "Resource": "*"}`)},
		{Resource, "ALLOW_WITH_NOT_PRINCIPAL", doc(`{"Effect": "Deny", "NotPrincipal": {"AWS": "111122223333"}, "Action": "s3:*", "Resource": "*"}`)},
		{Resource, "UNSUPPORTED_WILDCARD_IN_PRINCIPAL", doc(`{"Effect": "Deny", "Principal": {"AWS": "*"}, "Action": "s3:*", "Resource": "*"}`)},
		{Resource, "INVALID_PRINCIPAL_FORMAT", doc(`{"Effect": "Deny", "Principal": {"AWS": ["111122223333", "arn:aws:iam::111122223333:root", "arn:aws:sts::111122223333:assumed-role/r/s"], "Federated": ["cognito-identity.amazonaws.com", "arn:aws:iam::111122223333:saml-provider/idp"], "CanonicalUser": "79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be"}, "Action": "s3:*", "Resource": "*"}`)},
		{Resource, "INVALID_SERVICE_PRINCIPAL_FORMAT", doc(`{"Effect": "Deny", "Principal": {"Service": ["ec2.amazonaws.com", "s3.amazonaws.com.cn"]}, "Action": "s3:*", "Resource": "*"}`)},
	} {
		t.Run(c.code, func(t *testing.T) {
			_, findings := lint(t, c.typ, c.policy)
			for _, f := range findings {
				if f.Code == c.code {
					t.Errorf("%s policy %s\nunexpected %s at %s: %s", c.typ, c.policy, f.Code, showPath(f.Path), f.Message)
				}
			}
		})
	}
}

// TestVariablesIn2008 checks that variables a 2008-10-17 policy holds are
// read as text with a warning, not rejected.
func TestVariablesIn2008(t *testing.T) {
	_, findings := lint(t, Identity, `{"Version": "2008-10-17", "Statement": {"Effect": "Deny", "Action": "s3:*", "Resource": "arn:aws:s3:::b/${aws:username}/${aws:userid}", "Condition": {"StringLike": {"s3:prefix": "${aws:username}/*"}}}}`)
	if findings.HasErrors() {
		t.Errorf("errors for variables in 2008-10-17: %q", codes(findings))
	}
	want := []string{"VARIABLE_IGNORED_IN_VERSION at Statement/Resource", "VARIABLE_IGNORED_IN_VERSION at Statement/Condition/StringLike/s3:prefix"}
	if got := codes(findings); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got %q, want %q (one warning per string)", got, want)
	}
}

// TestDidYouMean checks the suggestions in messages.
func TestDidYouMean(t *testing.T) {
	for _, c := range []struct {
		typ          Type
		policy, want string
	}{
		{Identity, doc(`{"Effect": "Deny", "Actions": "s3:*", "Resource": "*"}`), `Did you mean "Action"?`},
		{Identity, doc(`{"effect": "Deny", "Action": "s3:*", "Resource": "*"}`), `Did you mean "Effect"?`},
		{Identity, doc(`{"Effect": "Deny", "Action": "s3:*", "Resources": "*"}`), `Did you mean "Resource"?`},
		{Identity, `{"Version": "2012-10-17", "Statements": []}`, `Did you mean "Statement"?`},
		{Identity, doc(`{"Effect": "allow", "Action": "s3:*", "Resource": "*"}`), `Did you mean "Allow"?`},
		{Identity, doc(`{"Effect": "Dney", "Action": "s3:*", "Resource": "*"}`), `Did you mean "Deny"?`},
		{Identity, cond(`{"StringEqual": {"aws:username": "a"}}`), `Did you mean "StringEquals"?`},
		{Identity, cond(`{"ForAllValue:StringEqualsIfExists": {"aws:TagKeys": "a"}}`), `Did you mean "ForAllValues:StringEqualsIfExists"?`},
		{Identity, cond(`{"StringEqualIfExists": {"aws:username": "a"}}`), `Did you mean "StringEqualsIfExists"?`},
		{Identity, cond(`{"ForAnyValue:StringLikeIfExists": {"aws:TagKeys": "a"}, "stringlike": {"aws:username": "a"}}`), `Did you mean "StringLike"?`},
		{Identity, cond(`{"StringEquals": {"aws:Usrname": "a"}}`), `Did you mean "aws:username"?`},
		{Identity, cond(`{"StringEquals": {"aws:ResourceTags/team": "a"}}`), `Did you mean "aws:ResourceTag/team"?`},
		{Identity, doc(`{"Effect": "Deny", "Action": "s3:*", "Resource": "arn:aws:s3:::b/${aws:usernme}"}`), `Did you mean "aws:username"?`},
		{Resource, doc(`{"Effect": "Deny", "Principal": {"Aws": "*"}, "Action": "s3:*", "Resource": "*"}`), `Did you mean "AWS"?`},
	} {
		_, findings := lint(t, c.typ, c.policy)
		found := false
		for _, f := range findings {
			found = found || strings.Contains(f.Message, c.want)
		}
		if !found {
			t.Errorf("%s: no message says %s; got %q", c.policy, c.want, codes(findings))
		}
	}
	// Nothing close: no suggestion.
	_, findings := lint(t, Identity, doc(`{"Effect": "Deny", "Action": "s3:*", "Resource": "*", "Frobnicate": 1}`))
	for _, f := range findings {
		if strings.Contains(f.Message, "Did you mean") {
			t.Errorf("suggestion for an unrelated name: %s", f.Message)
		}
	}
}

// TestPositionsAfterNonASCII checks that ranges count characters, not bytes.
func TestPositionsAfterNonASCII(t *testing.T) {
	policy := "{\"Version\": \"2012-10-17\", \"Statement\": {\n  \"Sid\": \"Café\", \"Effect\": \"Allow\",\n  \"Effect\": \"Deny\", \"Action\": \"s3:*\", \"Resource\": \"*\"}}"
	checkCase(t, codeCase{Identity, "UNSUPPORTED_SID", E, "Statement/Sid", `"Café"`, policy})
	checkCase(t, codeCase{Identity, "DUPLICATE_KEY", E, "Statement/key:Effect", `"Effect"#2`, policy})
	_, findings := lint(t, Identity, policy)
	for _, f := range findings {
		if f.Code == "UNSUPPORTED_SID" && (f.Range.End.Column != 15 || f.Range.End.Line != 2) {
			t.Errorf("the Sid ends at %+v, want line 2 column 15", f.Range.End)
		}
	}
}
