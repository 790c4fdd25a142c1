package compare

import (
	"runtime"
	"strconv"
	"strings"
	"testing"

	"slrplay/core/internal/managed"
	"slrplay/core/reference"
)

// policy3KB is a policy of about 3 KB, as people write them: a few
// services, specific buckets and tables, conditions on tags, network and
// time, a Deny carve-out.
func policy3KB(variant int) string {
	v := strconv.Itoa(variant)
	stmts := []string{
		`{"Sid":"Read","Effect":"Allow","Action":["s3:GetObject","s3:GetObjectVersion","s3:ListBucket"],"Resource":["arn:aws:s3:::app-data-` + v + `","arn:aws:s3:::app-data-` + v + `/*","arn:aws:s3:::shared/reports/*"]}`,
		`{"Sid":"Write","Effect":"Allow","Action":["s3:PutObject","s3:DeleteObject"],"Resource":"arn:aws:s3:::app-data-` + v + `/uploads/*","Condition":{"StringEquals":{"s3:x-amz-server-side-encryption":"aws:kms"},"IpAddress":{"aws:SourceIp":["10.0.0.0/8","192.168.` + v + `.0/24"]}}}`,
		`{"Sid":"Tables","Effect":"Allow","Action":["dynamodb:GetItem","dynamodb:Query","dynamodb:PutItem","dynamodb:UpdateItem"],"Resource":["arn:aws:dynamodb:eu-west-1:111122223333:table/orders","arn:aws:dynamodb:eu-west-1:111122223333:table/orders/index/*"],"Condition":{"ForAllValues:StringEquals":{"dynamodb:Attributes":["id","status","total","created"]}}}`,
		`{"Sid":"Logs","Effect":"Allow","Action":["logs:CreateLogStream","logs:PutLogEvents"],"Resource":"arn:aws:logs:eu-west-1:111122223333:log-group:/app/*"}`,
		`{"Sid":"Queue","Effect":"Allow","Action":["sqs:SendMessage","sqs:ReceiveMessage","sqs:DeleteMessage"],"Resource":"arn:aws:sqs:eu-west-1:111122223333:jobs-*"}`,
		`{"Sid":"Tagged","Effect":"Allow","Action":["ec2:StartInstances","ec2:StopInstances"],"Resource":"arn:aws:ec2:*:111122223333:instance/*","Condition":{"StringEquals":{"aws:ResourceTag/team":"payments"}}}`,
		`{"Sid":"Describe","Effect":"Allow","Action":["ec2:Describe*","cloudwatch:GetMetricData","cloudwatch:ListMetrics"],"Resource":"*"}`,
		`{"Sid":"Until","Effect":"Allow","Action":"kms:Decrypt","Resource":"arn:aws:kms:eu-west-1:111122223333:key/*","Condition":{"DateLessThan":{"aws:CurrentTime":"2027-0` + v + `-01T00:00:00Z"},"Bool":{"aws:SecureTransport":"true"}}}`,
		`{"Sid":"NoDelete","Effect":"Deny","Action":["s3:DeleteBucket","dynamodb:DeleteTable"],"Resource":"*"}`,
		`{"Sid":"Secure","Effect":"Deny","Action":"s3:*","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":"false"}}}`,
		`{"Sid":"Lambda","Effect":"Allow","Action":["lambda:InvokeFunction","lambda:GetFunction"],"Resource":["arn:aws:lambda:eu-west-1:111122223333:function:app-` + v + `-*","arn:aws:lambda:eu-west-1:111122223333:function:shared-*:live"]}`,
		`{"Sid":"Topics","Effect":"Allow","Action":"sns:Publish","Resource":"arn:aws:sns:*:111122223333:alerts-*","Condition":{"StringLike":{"aws:PrincipalTag/team":["pay*","ops"]}}}`,
		`{"Sid":"Secrets","Effect":"Allow","Action":"secretsmanager:GetSecretValue","Resource":"arn:aws:secretsmanager:eu-west-1:111122223333:secret:app/` + v + `/*","Condition":{"ForAnyValue:StringEquals":{"aws:CalledVia":["cloudformation.amazonaws.com"]}}}`,
		`{"Sid":"Params","Effect":"Allow","Action":["ssm:GetParameter","ssm:GetParameters"],"Resource":"arn:aws:ssm:eu-west-1:111122223333:parameter/app/` + v + `/*","Condition":{"NumericLessThanEquals":{"aws:MultiFactorAuthAge":"3600"}}}`,
	}
	return `{"Version":"2012-10-17","Statement":[` + strings.Join(stmts, ",\n") + `]}`
}

func benchCompare(b *testing.B, a, bb string) {
	pa, _, fa := ReadPolicy("A", "a", a, false)
	pb, _, fb := ReadPolicy("B", "b", bb, false)
	if pa == nil || pb == nil {
		b.Fatal(fa, fb)
	}
	cat := reference.Default()
	cat.Check() // the catalog read whole, as a long-running process has it
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	b.ResetTimer()
	var r *Result
	for b.Loop() {
		var err error
		if r, err = Compare(pa, pb, Options{Catalog: cat}); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	runtime.ReadMemStats(&after)
	b.ReportMetric(float64(after.TotalAlloc-before.TotalAlloc)/float64(b.N)/(1<<20), "MB-alloc/op")
	if r.Unconfirmed > 0 {
		b.Errorf("%d unconfirmed", r.Unconfirmed)
	}
}

// BenchmarkCompare3KB: two policies of 3 KB each (the budget: 50 ms).
func BenchmarkCompare3KB(b *testing.B) {
	a, bb := policy3KB(1), policy3KB(2)
	if len(a) < 2800 || len(a) > 3500 {
		b.Fatalf("policy is %d bytes", len(a))
	}
	benchCompare(b, a, bb)
}

// BenchmarkAdministratorVsReadOnly: AWS's AdministratorAccess against
// ReadOnlyAccess (the budget: 1 s, 200 MB).
func BenchmarkAdministratorVsReadOnly(b *testing.B) {
	all := managed.Policies(b)
	benchCompare(b, all["AdministratorAccess"], all["ReadOnlyAccess"])
}

// BenchmarkViewOnlyVsReadOnly: two large managed policies of many
// statements each, both naming thousands of actions.
func BenchmarkViewOnlyVsReadOnly(b *testing.B) {
	all := managed.Policies(b)
	benchCompare(b, all["ViewOnlyAccess"], all["ReadOnlyAccess"])
}
