package bridge

import (
	"bufio"
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
