package bridge

import (
	"bufio"
	"encoding/json"
	"os"
	"testing"

	"slrplay/core/eval"
)

// seedCase is the first case of the seed corpus: the WorkMail console
// policy (MFA and eu-west-1) and a request it allows.
func seedCase(b *testing.B) string {
	f, err := os.Open("../../../testdata/eval/seeds.jsonl")
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	sc.Scan()
	return withoutAnnotations(b, sc.Text())
}

// BenchmarkEvaluateEditedRequest is the page's case after an edit of the
// request: the policies come from the cache. Target (in the page, where it
// is slower): at most 100 µs.
func BenchmarkEvaluateEditedRequest(b *testing.B) {
	line := seedCase(b)
	Evaluate(line)
	b.ReportAllocs()
	for b.Loop() {
		Evaluate(line)
	}
}

// BenchmarkEvaluateNewPolicies is a case whose policies were never seen.
func BenchmarkEvaluateNewPolicies(b *testing.B) {
	line := seedCase(b)
	b.ReportAllocs()
	for b.Loop() {
		policies = eval.NewCache(64)
		Evaluate(line)
	}
}

// BenchmarkEvaluatePageCase is the case the page sends as a learner edits
// the request (web/bench.mjs measures it in the browser): the policy as
// its editor's text, and the request's fields and context.
func BenchmarkEvaluatePageCase(b *testing.B) {
	text, err := os.ReadFile("../../../testdata/policies/workmail-console-mfa-region.json")
	if err != nil {
		b.Fatal(err)
	}
	line, err := json.Marshal(map[string]any{"id": "page", "identityPolicies": []string{string(text)}, "request": map[string]any{
		"principal": "arn:aws:iam::111122223333:user/alice",
		"action":    "workmail:ListUsers",
		"resource":  "arn:aws:workmail:eu-west-1:111122223333:organization/m-n1pq2345678r901st2u3vx45x6789yza",
		"context":   map[string]any{"aws:RequestedRegion": "eu-west-1", "aws:MultiFactorAuthPresent": "true"},
	}})
	if err != nil {
		b.Fatal(err)
	}
	Evaluate(string(line))
	b.ReportAllocs()
	for b.Loop() {
		Evaluate(string(line))
	}
}
