package eval

import (
	"fmt"
	"strings"
	"testing"

	"slrplay/core/diag"
	"slrplay/core/policy"
	"slrplay/core/reference"
)

// benchPolicy is a 3 KB identity policy of three statements, sixty
// actions of AWS's and conditions, like the ones people paste.
func benchPolicy() string { return benchPolicyOf(benchAction) }

// benchAction is the a-th of twenty of the service's actions named
// Get..., Put..., Describe... or List..., spread over them.
func benchAction(svc string, a int) string {
	var names []string
	for _, act := range reference.Default().Service(svc).Actions() {
		for _, verb := range []string{"Get", "Put", "Describe", "List"} {
			if strings.HasPrefix(act.Name, verb) {
				names = append(names, act.FullName())
			}
		}
	}
	return names[a*len(names)/20]
}

// benchPolicyOf is benchPolicy with its actions named by name.
func benchPolicyOf(name func(svc string, a int) string) string {
	var stmts []string
	for s, svc := range []string{"s3", "ec2", "logs"} {
		var actions []string
		for a := range 20 {
			actions = append(actions, `"`+name(svc, a)+`"`)
		}
		stmts = append(stmts, fmt.Sprintf(`{
      "Sid": "Statement%d", "Effect": "%s",
      "Action": [%s],
      "Resource": ["arn:aws:%s:eu-west-1:111122223333:thing/team-%d/*", "arn:aws:%s:eu-central-1:111122223333:thing/*"],
      "Condition": {
        "StringEquals": {"aws:RequestedRegion": ["eu-west-1", "eu-central-1"]},
        "Bool": {"aws:MultiFactorAuthPresent": "true"},
        "IpAddress": {"aws:SourceIp": ["203.0.113.0/24", "2001:db8::/32"]}
      }
    }`, s, []string{"Allow", "Deny", "Allow"}[s], strings.Join(actions, ", "), svc, s, svc))
	}
	return `{"Version": "2012-10-17", "Statement": [` + strings.Join(stmts, ", ") + `]}`
}

// benchRequest asks for an action of the first statement, which allows it.
func benchRequest() *Request {
	ctx := NewContext(map[string][]string{
		"aws:RequestedRegion": {"eu-west-1"}, "aws:MultiFactorAuthPresent": {"true"}, "aws:SourceIp": {"203.0.113.7"},
	})
	return NewRequest("arn:aws:iam::111122223333:user/alice", benchAction("s3", 8), "arn:aws:s3:eu-west-1:111122223333:thing/team-0/report", "", ctx)
}

func prepared(b *testing.B, text string) *Policy {
	doc, _ := policy.Parse(diag.NewSource("bench", text))
	p, findings := Prepare("identity[0]", doc, policy.Identity)
	if p == nil {
		b.Fatalf("benchmark policy is invalid: %v", findings)
	}
	return p
}

// cleanBenchPolicy is benchPolicy prepared, which AWS's catalog finds
// nothing to warn about.
func cleanBenchPolicy(b *testing.B) *Policy {
	p := prepared(b, benchPolicy())
	if len(p.Warnings) > 0 {
		b.Fatalf("benchmark policy names what AWS does not: %v", p.Warnings)
	}
	return p
}

// BenchmarkEvaluate3KB: Evaluate on a prepared 3 KB policy. Target: at most
// 200 ns and 0 allocations.
func BenchmarkEvaluate3KB(b *testing.B) {
	set := Set{Identity: []*Policy{cleanBenchPolicy(b)}}
	req := benchRequest()
	benchEvaluate(b, &set, req)
}

// BenchmarkParsePrepareEvaluate3KB: the whole way from text to decision.
// Target: at most 20 µs.
func BenchmarkParsePrepareEvaluate3KB(b *testing.B) {
	cleanBenchPolicy(b)
	benchParsePrepareEvaluate(b, benchPolicy())
}

// BenchmarkParsePrepareEvaluate3KBUnknown: the same with sixty actions AWS
// does not have (s3:GetThing0...), each a warning with its "did you mean":
// the page prepares on every keystroke, typos or not.
func BenchmarkParsePrepareEvaluate3KBUnknown(b *testing.B) {
	benchParsePrepareEvaluate(b, benchPolicyOf(func(svc string, a int) string {
		return fmt.Sprintf("%s:%sThing%d", svc, []string{"Get", "Put", "Describe", "List"}[a%4], a)
	}))
}

func benchParsePrepareEvaluate(b *testing.B, text string) {
	req := benchRequest()
	var res Result
	b.ReportAllocs()
	for b.Loop() {
		doc, _ := policy.Parse(diag.NewSource("bench", text))
		p, _ := Prepare("identity[0]", doc, policy.Identity)
		set := Set{Identity: []*Policy{p}}
		set.Evaluate(req, &res, Options{})
	}
}

// BenchmarkEvaluate5000Statements: a prepared policy of 5,000 statements over
// 100 services, one request. Target: at most 5 µs per request.
func BenchmarkEvaluate5000Statements(b *testing.B) {
	var stmts []string
	for i := range 5000 {
		stmts = append(stmts, fmt.Sprintf(`{"Effect": "Allow", "Action": ["svc%d:Get%d", "svc%d:List*"], "Resource": "arn:aws:svc%d:*:111122223333:thing/%d/*",
			"Condition": {"StringEquals": {"aws:RequestedRegion": "eu-west-1"}}}`, i%100, i, i%100, i%100, i))
	}
	text := `{"Version": "2012-10-17", "Statement": [` + strings.Join(stmts, ",") + `]}`
	set := Set{Identity: []*Policy{prepared(b, text)}}
	req := NewRequest("arn:aws:iam::111122223333:user/alice", "svc42:Get4942", "arn:aws:svc42:eu-west-1:111122223333:thing/4942/x",
		"", NewContext(map[string][]string{"aws:RequestedRegion": {"eu-west-1"}}))
	benchEvaluate(b, &set, req)
}

// benchEvaluate measures Evaluate of a request the set allows, reusing one
// Result as callers that care about allocations do.
func benchEvaluate(b *testing.B, set *Set, req *Request) {
	var res Result
	set.Evaluate(req, &res, Options{})
	if res.Decision != Allowed {
		b.Fatalf("decision %s", res.Decision)
	}
	b.ReportAllocs()
	for b.Loop() {
		set.Evaluate(req, &res, Options{})
	}
}
