package eval

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzEvaluate: any case line evaluates without a panic, and adding a
// statement about an unrelated action never changes the decision: in
// particular a Deny never turns into an Allow.
//
//	go test ./core/eval -run '^$' -fuzz FuzzEvaluate
func FuzzEvaluate(f *testing.F) {
	files, _ := filepath.Glob("../../testdata/eval/*.jsonl")
	for _, file := range files {
		b, _ := os.ReadFile(file)
		for _, line := range strings.Split(string(b), "\n") {
			if strings.TrimSpace(line) != "" {
				f.Add(string(caseOf([]byte(line))))
			}
		}
	}
	f.Add(`{"identityPolicies":[{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"s3:*","Resource":"*","Condition":{"StringNotEquals":{"aws:RequestedRegion":"eu-west-1"}}},{"Effect":"Allow","Action":"*","Resource":"*"}]}],"request":{"principal":"arn:aws:iam::111122223333:user/a","action":"s3:GetObject","resource":"arn:aws:s3:::b/k","context":{"aws:RequestedRegion":"us-east-1"}}}`)
	f.Add(`{"identityPolicies":[],"resourcePolicy":{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:role/r"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}]},"permissionsBoundary":{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"ec2:*","Resource":"*"}]},"request":{"principal":"arn:aws:sts::111122223333:assumed-role/r/s","action":"s3:GetObject","resource":"arn:aws:s3:::b/k"}}`)
	f.Fuzz(func(t *testing.T, line string) {
		res, err := RunCase([]byte(line), Options{Trace: true})
		if err != nil || res.EvalDecision == Error {
			return
		}
		var c map[string]any
		d := json.NewDecoder(strings.NewReader(line))
		d.UseNumber() // numbers round-trip as written, not as float64
		if d.Decode(&c) != nil {
			return
		}
		var req map[string]any
		for k, v := range c {
			if strings.EqualFold(k, "request") {
				req, _ = v.(map[string]any)
			}
		}
		for k, v := range req {
			if a, _ := v.(string); strings.EqualFold(k, "action") && strings.HasPrefix(strings.ToLower(a), "zzunrelated:") {
				return
			}
		}
		key := "identityPolicies" // the decoder matches field names ignoring case
		for k := range c {
			if strings.EqualFold(k, key) {
				key = k
			}
		}
		ids, _ := c[key].([]any)
		c[key] = append(ids, map[string]any{"Version": "2012-10-17", "Statement": []any{
			map[string]any{"Effect": "Allow", "Action": "zzunrelated:Nothing", "Resource": "*"},
			map[string]any{"Effect": "Deny", "Action": "zzunrelated:Other", "Resource": "*"},
		}})
		more, _ := json.Marshal(c)
		again, err := RunCase(more, Options{})
		if err != nil {
			t.Fatalf("the case broke by adding a policy: %v", err)
		}
		if again.EvalDecision != res.EvalDecision {
			t.Fatalf("an unrelated statement changed %s into %s\n%s", res.EvalDecision, again.EvalDecision, line)
		}
		// Every denial names its gate and says why; an unrelated statement
		// changes neither.
		if (res.DeniedBy == nil) != (res.EvalDecision == Allowed) || (res.Explanation == "") != (res.DeniedBy == nil) {
			t.Fatalf("%s with refusal %+v and explanation %q\n%s", res.EvalDecision, res.DeniedBy, res.Explanation, line)
		}
		if res.DeniedBy != nil && (*again.DeniedBy != *res.DeniedBy || again.Explanation != res.Explanation) {
			t.Fatalf("an unrelated statement changed the refusal %+v %q into %+v %q\n%s", *res.DeniedBy, res.Explanation, *again.DeniedBy, again.Explanation, line)
		}
	})
}

// FuzzWildcard: every matcher of a wildcard pattern (gobwas/glob, the
// prefix form, the segment matcher with its Shift-And search) gives the
// answer of refMatch, the plain dynamic-programming matcher, on any
// pattern and value, UTF-8 or not; literal marks some of the pattern's
// '*' and '?' as literal characters (as ${*} and ${?} give them), bit i
// for the i-th; fold compares in lower case, as actions do.
//
//	go test ./core/eval -run '^$' -fuzz FuzzWildcard
func FuzzWildcard(f *testing.F) {
	seeds := []struct{ pattern, value string }{
		{"*", ""},
		{"a?c", "aüc"},
		{"*a*b*c*", "xaxbxcx"},
		{"x*?*y", "xy"},
		{"a*b\xff", "azzb\xff"},
		{"a\xc3*", "a\xc3\xbc"},    // a truncated character is not the start of one
		{"x*\xbc*y", "x\xc3\xbcy"}, // nor a lone continuation byte part of one
		{"*\ufffd*", "\xff"},       // a written U+FFFD is not a byte that is not UTF-8
		{"*???????????????????b", "aaaaaaaaaaaaaaaaaaaaaab"},                       // a '?' run after a star
		{"*aaaaaaaaaa?b", "aaaaaaaaaaaaaaaaaaaaaaab"},                              // a literal, then '?', after a star
		{"x*a?a?a?a?b*c*d", "xaaaaaaaababcd"},                                      // a short segment with '?'
		{"x*?a?b?c?*y*", "x1a2b3c4y"},                                              // leading and trailing '?' of a segment
		{"*" + strings.Repeat("a?", 40) + "b*x*", strings.Repeat("a", 100) + "bx"}, // two words of Shift-And state
		{"*" + strings.Repeat("?", 63) + "é*é*é", strings.Repeat("é", 70)},
		{"İ*?*a*", "i̇xxa"}, // lower case longer than the character
		{"a*b*c*d", "abcbcd"},
	}
	for _, s := range seeds {
		f.Add(s.pattern, s.value, false, uint64(0))
		f.Add(s.pattern, strings.ToUpper(s.value), true, uint64(0))
		f.Add(s.pattern, s.value, false, uint64(0b10))
	}
	f.Fuzz(func(t *testing.T, pattern, value string, fold bool, literal uint64) {
		if len(pattern)*len(value) > 1<<20 {
			return // refMatch is quadratic
		}
		w := wildOf(pattern)
		k := 0
		for i, wild := range w.isWild {
			if wild {
				w.isWild[i] = literal>>(k%64)&1 == 0
				k++
			}
		}
		checkAgainstRef(t, w, fold, value)
	})
}
