package summary

import "testing"

func TestOverlaps(t *testing.T) {
	const (
		bucket = "arn:${Partition}:s3:::${BucketName}"
		object = "arn:${Partition}:s3:::${BucketName}/${ObjectName}"
		lambda = "arn:${Partition}:lambda:${Region}:${Account}:function:${FunctionName}"
		group  = "arn:${Partition}:codedeploy:${Region}:${Account}:deploymentgroup:${ApplicationName}/${DeploymentGroupName}"
		user   = "arn:${Partition}:iam::${Account}:user/${UserNameWithPath}"
	)
	for _, c := range []struct {
		arn, format string
		want        bool
	}{
		{"arn:aws:s3:::customer", bucket, true},
		{"arn:aws:s3:::customer", object, false}, // no '/': no object
		{"arn:aws:s3:::customer/*", object, true},
		{"arn:aws:s3:::customer/*", bucket, true}, // a bucket's name may hold '/' as far as the format says
		{"arn:aws:s3:::*", object, true},          // * takes the '/'
		{"arn:aws:s3:::", bucket, false},          // a variable is never empty
		{"arn:aws:ec2:us-east-2:123456789012:instance/*", bucket, false},
		{"arn:aws:lambda:us-east-1:123456789012:function:fn:1", lambda, true}, // the last field takes colons
		{"arn:aws:lambda:us-east-1:123456789012:function:*", lambda, true},
		{"arn:aws:lambda:*:*:*", lambda, true},
		{"arn:aws:lambda:us-east-1:12:34:function:fn", lambda, false}, // a variable inside a field takes no colon
		{"arn:aws:codedeploy:us-west-2:123456789012:deploymentgroup:*", group, true},
		{"arn:aws:codedeploy:us-west-2:123456789012:deploymentgroup:app", group, false}, // no '/'
		{"arn:aws:iam::*:user/${aws:username}", user, true},
		{"arn:aws:iam::*:user/${*}", user, true},
		{"arn:aws:lambda:${aws:RequestedRegion}:123456789012:function:f", lambda, true}, // a variable is a value, its name's colon none of the ARN's
		{"arn:aws:iam::123456789012:role/${aws:username}", user, false},
		{"arn:aws:iam::*:role/${aws:username}", user, true}, // * crosses colons: "1:user/x:role/y" has both forms
		{"arn:aws:s3:::customer?", bucket, true},
		{"*", object, true},
		{"arn:aws:S3:::customer", bucket, false}, // ARNs are case-sensitive
	} {
		if got := overlaps(policyTokens(c.arn), formatTokens(c.format)); got != c.want {
			t.Errorf("overlaps(%q, %q) = %v, want %v", c.arn, c.format, got, c.want)
		}
	}
}
