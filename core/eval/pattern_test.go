package eval

import (
	"math/rand/v2"
	"strings"
	"testing"
)

func TestPattern(t *testing.T) {
	tests := []struct {
		pattern string
		fold    bool
		yes, no []string
	}{
		{"s3:Get*", true, []string{"s3:getobject", "s3:get"}, []string{"s3:putobject", "ec2:getx"}},
		{"*", false, []string{"", "anything:at/all"}, nil},
		{"a?c", false, []string{"abc", "a-c", "aüc"}, []string{"ac", "abbc"}},
		{"{a,b}[c]\\d!", false, []string{"{a,b}[c]\\d!"}, []string{"a", "ac", "{a,b}c"}}, // glob syntax is literal
		{"a.b(c)+", false, []string{"a.b(c)+"}, []string{"axb(c)+", "a.b(cc)"}},          // regex syntax is literal
		{"arn:aws:s3:::bucket/*", false, []string{"arn:aws:s3:::bucket/", "arn:aws:s3:::bucket/a/b:c"}, []string{"arn:aws:s3:::bucket2/a"}},
		{"*a*b*c*", false, []string{"abc", "xaxbxcx", "aabbcc"}, []string{"acb", "cba", ""}},
		{"a*b*c*d", false, []string{"abcd", "a-b-c-d", "abcbcd"}, []string{"abdc", "abc", "bcda"}},
		{"x*?*y", false, []string{"xzy", "xzzzy"}, []string{"xy"}},
		{"a*b\xff", false, []string{"ab\xff", "azzb\xff"}, []string{"ab", "ab\xfe"}}, // not UTF-8: glob refuses it, the greedy matcher takes it
	}
	for _, tc := range tests {
		p := compilePattern(tc.pattern, tc.fold)
		checkMatches(t, tc.pattern, p.match, tc.yes, tc.no)
	}
}

// checkMatches checks that match accepts every string of yes and none of no.
func checkMatches(t *testing.T, pattern string, match func(string) bool, yes, no []string) {
	t.Helper()
	for _, s := range yes {
		if !match(s) {
			t.Errorf("%q should match %q", pattern, s)
		}
	}
	for _, s := range no {
		if match(s) {
			t.Errorf("%q should not match %q", pattern, s)
		}
	}
}

// TestSegmentsAgreeWithGlob: the greedy matcher used for many-star patterns
// gives gobwas/glob's answers on the patterns both can take.
func TestSegmentsAgreeWithGlob(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	alphabet := []string{"a", "b", "ü", "*", "?"}
	for range 3000 {
		var pb strings.Builder
		for range rng.IntN(7) {
			pb.WriteString(alphabet[rng.IntN(len(alphabet))])
		}
		pat := pb.String()
		if strings.Count(pat, "*") > maxGlobStars {
			continue
		}
		g := compilePattern(pat, false)
		segs := segmentsOf(wildOf(pat))
		for range 20 {
			var sb strings.Builder
			for range rng.IntN(8) {
				sb.WriteString(alphabet[rng.IntN(3)])
			}
			s := sb.String()
			if want, got := g.match(s), matchSegments(segs, s); want != got {
				t.Fatalf("pattern %q on %q: glob says %v, segments say %v", pat, s, want, got)
			}
		}
	}
}

// TestPathologicalPattern: the pattern that takes a backtracking matcher
// 50 s ends at once (a regression shows as a test that does not end).
func TestPathologicalPattern(t *testing.T) {
	p := compilePattern("*a*a*a*a*a*a*a*a*a*a*b", false)
	if p.segs == nil {
		t.Fatal("a many-star pattern should use the greedy matcher")
	}
	if p.match(strings.Repeat("a", 40)) {
		t.Error("matched without a b")
	}
	if !p.match(strings.Repeat("a", 40) + "b") {
		t.Error("did not match with the b")
	}
	long := compilePattern(strings.Repeat("*ab", 20)+"*c*d", false)
	if long.match(strings.Repeat("ab", 500000) + "d") {
		t.Error("matched without a c")
	}
}

func TestARNPattern(t *testing.T) {
	tests := []struct {
		pattern string
		yes, no []string
	}{
		{"arn:aws:iam::*:role/aws-service-role/ses.amazonaws.com/*", []string{"arn:aws:iam::111122223333:role/aws-service-role/ses.amazonaws.com/AWSServiceRoleForAmazonSES"}, []string{"arn:aws:iam::111122223333:role/ses.amazonaws.com/x"}},
		{"arn:aws:s3:::b/*", []string{"arn:aws:s3:::b/k:with:colons"}, []string{"arn:aws:s3:::c/k", "*"}},
		{"arn:aws:sns:*:111122223333:t", []string{"arn:aws:sns:eu-west-1:111122223333:t"}, []string{"arn:aws:sns:eu:west:111122223333:t"}}, // * stays in its field
		{"*", []string{"*", "arn:aws:s3:::x"}, nil},
	}
	for _, tc := range tests {
		p := compileARN(wildOf(tc.pattern))
		checkMatches(t, tc.pattern, p.match, tc.yes, tc.no)
	}
}
