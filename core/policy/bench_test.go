package policy

import (
	"fmt"
	"strings"
	"testing"

	"slrplay/core/diag"
	"slrplay/core/jsontext"
	"slrplay/core/reference"
)

// benchPolicy builds a policy of n blocks of three statements: twenty
// real actions each, spread over the service's, and conditions, about 3 KB
// per block, like the policies people paste: nothing to report.
func benchPolicy(n int) string { return benchPolicyOf(n, func(a string) string { return a }) }

// benchPolicyOf is benchPolicy with each action written as write has it.
func benchPolicyOf(n int, write func(action string) string) string {
	var stmts []string
	for b := range n {
		for s := range 3 {
			var actions []string
			for a := range 20 {
				svc := reference.Default().Service([]string{"s3", "ec2", "logs"}[s])
				actions = append(actions, `"`+write(svc.Actions()[a*svc.ActionCount()/20].FullName())+`"`)
			}
			stmts = append(stmts, fmt.Sprintf(`{
      "Sid": "Block%dStatement%d",
      "Effect": "%s",
      "Action": [%s],
      "Resource": ["arn:aws:s3:::bucket-%d/${aws:username}/*", "arn:aws:ec2:eu-west-1:111122223333:instance/*"],
      "Condition": {
        "StringEquals": {"aws:RequestedRegion": ["eu-west-1", "eu-central-1"]},
        "Bool": {"aws:MultiFactorAuthPresent": "true"},
        "IpAddress": {"aws:SourceIp": ["203.0.113.0/24", "2001:db8::/32"]}
      }
    }`, b, s, []string{"Allow", "Deny", "Allow"}[s], strings.Join(actions, ", "), b))
		}
	}
	return `{"Version": "2012-10-17", "Statement": [` + strings.Join(stmts, ", ") + `]}`
}

func benchLint(b *testing.B, text string) {
	src := diag.NewSource("bench.json", text)
	if _, _, f := Lint(src, Identity); f.HasErrors() {
		b.Fatalf("benchmark policy has findings: %v", f)
	}
	benchLintSource(b, src)
}

func benchLintSource(b *testing.B, src *diag.Source) {
	text := src.Text
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		d, _ := Parse(src)
		Validate(d, Identity)
	}
}

// BenchmarkLint3KB: parse + validate of a 3 KB policy (3 statements, 60
// actions, conditions). Target: at most 20 µs and 100 allocations.
func BenchmarkLint3KB(b *testing.B) {
	if _, _, f := Lint(diag.NewSource("bench.json", benchPolicy(1)), Identity); len(f) > 0 {
		b.Fatalf("benchmark policy has findings: %v", f)
	}
	benchLint(b, benchPolicy(1))
}

// BenchmarkLint3KBTypos: the 3 KB policy with each of its sixty actions
// misspelt (two neighbouring letters swapped), each getting a "did you
// mean": the page lints on every keystroke, typos or not. "again" lints
// the same text, as the page does while one types elsewhere (the catalog
// remembers its suggestions); "first" lints typos never seen, a letter
// changed as well in each of 128 texts taken in turn, more names than
// are remembered. Target: well under 1 ms.
func BenchmarkLint3KBTypos(b *testing.B) {
	typo := func(variant int) func(string) string {
		return func(a string) string {
			_, name, _ := strings.Cut(a, ":")
			t := []byte(a)
			i := len(a) - len(name)/2 // swap two different letters in the middle of the name
			for t[i] == t[i+1] {
				i++
			}
			t[i], t[i+1] = t[i+1], t[i]
			if variant > 0 {
				t[len(a)-len(name)+(1+variant/26)%len(name)] = byte('a' + variant%26)
			}
			return string(t)
		}
	}
	src := diag.NewSource("typos.json", benchPolicyOf(1, typo(0)))
	_, _, f := Lint(src, Identity)
	suggested := 0
	for _, x := range f {
		if x.Code == "INVALID_ACTION" && strings.Contains(x.Message, "Did you mean") {
			suggested++
		}
	}
	if suggested != 60 || len(f) != 60 {
		b.Fatalf("%d actions misspelt with a suggestion, want 60: %v", suggested, f)
	}
	b.Run("again", func(b *testing.B) { benchLintSource(b, src) })
	b.Run("first", func(b *testing.B) {
		var texts []*diag.Source
		for v := range 128 {
			texts = append(texts, diag.NewSource("typos.json", benchPolicyOf(1, typo(v+1))))
		}
		b.SetBytes(int64(len(src.Text)))
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			d, _ := Parse(texts[i%len(texts)])
			Validate(d, Identity)
			i++
		}
	})
}

// BenchmarkLint100KB: the same shape at about 100 KB; time per byte stays
// that of the 3 KB case.
func BenchmarkLint100KB(b *testing.B) { benchLint(b, benchPolicy(33)) }

// BenchmarkHostile: 10 MB of '[' is refused at once.
func BenchmarkHostile(b *testing.B) {
	src := diag.NewSource("hostile.json", strings.Repeat("[", 10<<20))
	b.ReportAllocs()
	for b.Loop() {
		Lint(src, Auto)
	}
}

// The parts of BenchmarkLint3KB, to see where the time goes.

func BenchmarkScan3KB(b *testing.B) {
	text := benchPolicy(1)
	b.ReportAllocs()
	for b.Loop() {
		jsontext.Scan(text)
	}
}

func BenchmarkParse3KB(b *testing.B) {
	src := diag.NewSource("bench.json", benchPolicy(1))
	b.ReportAllocs()
	for b.Loop() {
		Parse(src)
	}
}

func BenchmarkValidate3KB(b *testing.B) {
	d, _ := Parse(diag.NewSource("bench.json", benchPolicy(1)))
	b.ReportAllocs()
	for b.Loop() {
		Validate(d, Identity)
	}
}
