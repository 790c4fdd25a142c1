package eval

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
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
		{"a\xc3*", false, []string{"a\xc3", "a\xc3b"}, []string{"a\xc3\xbc"}},        // a truncated character does not begin ü
		{"ς", true, []string{"ς"}, []string{"σ"}},                                    // lower case tells them apart, EqualFold does not
		{"İx*", true, []string{"ix", "ixyz"}, []string{"i", "i̇x"}},                  // lower case one byte shorter
		{"İ*?*a*", true, []string{"iba", "ibbab"}, []string{"ia", "ba"}},
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

// refMatch is the obviously correct matcher the others are checked
// against: dynamic programming over the characters of w and s (a character
// as utf8.DecodeRuneInString reads it), ok[j] saying that the pattern read
// so far matches s[:j]'s first j characters. Quadratic: for tests only.
func refMatch(w wildcard, s string) bool {
	type char struct {
		text string
		wild byte // '*', '?' or 0 for a literal
	}
	split := func(text string, isWild []bool) []char {
		var out []char
		for i := 0; i < len(text); {
			_, n := utf8.DecodeRuneInString(text[i:])
			c := char{text: text[i : i+n]}
			if isWild != nil && isWild[i] {
				c.wild = text[i]
			}
			out = append(out, c)
			i += n
		}
		return out
	}
	pat, val := split(w.text, w.isWild), split(s, nil)
	ok := make([]bool, len(val)+1)
	ok[0] = true
	for _, p := range pat {
		next := make([]bool, len(val)+1)
		for j := range next {
			switch p.wild {
			case '*':
				next[j] = ok[j] || j > 0 && next[j-1]
			case '?':
				next[j] = j > 0 && ok[j-1]
			default:
				next[j] = j > 0 && ok[j-1] && val[j-1].text == p.text
			}
		}
		ok = next
	}
	return ok[len(val)]
}

// checkAgainstRef checks every way a pattern can be matched (compiled as a
// whole, from plain text when w's marks are those of its text, and by the
// segment matcher alone) against refMatch. With fold, the pattern's literal
// text and s compare in lower case.
func checkAgainstRef(t *testing.T, w wildcard, fold bool, s string) {
	t.Helper()
	p := compileWildcard(w, fold)
	var whole *pattern
	if slices.Equal(w.isWild, wildOf(w.text).isWild) {
		c := compilePattern(w.text, fold)
		whole = &c
	}
	if fold {
		w, s = lowerWildcard(w), strings.ToLower(s)
	}
	want := refMatch(w, s)
	if got := p.match(s); got != want {
		t.Fatalf("pattern %q (wild %v, fold %v) on %q: got %v, want %v", w.text, w.isWild, fold, s, got, want)
	}
	if whole != nil && whole.match(s) != want {
		t.Fatalf("compilePattern(%q, %v) on %q: got %v, want %v", w.text, fold, s, !want, want)
	}
	if got := matchSegments(segmentsOf(w), s); got != want {
		t.Fatalf("segments of %q (wild %v) on %q: got %v, want %v", w.text, w.isWild, s, got, want)
	}
}

// TestWildcardAgreesWithReference: random patterns over a small alphabet
// (so that they match often) give refMatch's answers, through glob, the
// prefix form and the segment matcher alike, UTF-8 or not.
func TestWildcardAgreesWithReference(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	alphabet := []string{"a", "b", "ü", "\xc3", "\xbc", "\xff", "*", "?", "A"}
	for range 20000 {
		var pb strings.Builder
		for range rng.IntN(9) {
			pb.WriteString(alphabet[rng.IntN(len(alphabet))])
		}
		w := wildOf(pb.String())
		if rng.IntN(4) == 0 { // some '*' and '?' literal, as from ${*} and ${?}
			for i := range w.isWild {
				w.isWild[i] = w.isWild[i] && rng.IntN(3) > 0
			}
		}
		for range 10 {
			var sb strings.Builder
			for range rng.IntN(10) {
				sb.WriteString(alphabet[rng.IntN(len(alphabet))])
			}
			checkAgainstRef(t, w, rng.IntN(3) == 0, sb.String())
		}
	}
}

// TestLongSegments: segments longer than one word of Shift-And state, with
// the matches ending across word boundaries.
func TestLongSegments(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for range 300 {
		var pb strings.Builder
		pb.WriteString("*")
		for range 60 + rng.IntN(150) {
			pb.WriteString([]string{"a", "b", "?", "é"}[rng.IntN(4)])
		}
		pb.WriteString("*")
		pat := pb.String()
		for range 5 {
			var sb strings.Builder
			for range rng.IntN(400) {
				sb.WriteString([]string{"a", "b", "é"}[rng.IntN(3)])
			}
			s := sb.String()
			// Plant the pattern somewhere, with its '?' filled in.
			if rng.IntN(2) == 0 {
				at := rng.IntN(len(s) + 1)
				for at > 0 && at < len(s) && !utf8.RuneStart(s[at]) {
					at--
				}
				filled := strings.ReplaceAll(strings.Trim(pat, "*"), "?", "b")
				s = s[:at] + filled + s[at:]
			}
			checkAgainstRef(t, wildOf(pat), false, s)
		}
	}
}

// worstPatterns are the patterns that made matching quadratic in the
// value, each with a value of about n bytes and whether it matches.
func worstPatterns(n int) []struct {
	name, pattern, value string
	want                 bool
} {
	a, q, aq := strings.Repeat("a", n), strings.Repeat("?", 2000), strings.Repeat("a?", 1000)
	return []struct {
		name, pattern, value string
		want                 bool
	}{
		// gobwas/glob retried what follows its star at every character
		// (after a '?') or at every occurrence of the literal.
		{"star-question-run", "*" + q + "b", a + "b", true},
		{"star-literal-question", "*" + strings.Repeat("a", 2000) + "?b", a + "b", true},
		// The segment matcher tried a segment with '?' at every character.
		{"segment-question-run", "x*" + q + "b*c", "x" + a + "c", false},
		{"segment-alternating", "x*" + aq + "b*c", "x" + a + "c", false},
		{"segment-short", "x*a?a?a?a?b*c*d", "x" + a + "d", false},
	}
}

// TestWildcardLinear: the patterns that were quadratic in the value match
// a 1 MB value at once (the old matchers took hours: the test did not end
// within go test's -timeout), and right, as StringLike and as ArnLike.
func TestWildcardLinear(t *testing.T) {
	for _, tc := range worstPatterns(1 << 20) {
		p := compilePattern(tc.pattern, false)
		if p.match(tc.value) != tc.want {
			t.Errorf("%s: got %v on %d bytes", tc.name, !tc.want, len(tc.value))
		}
		arn := compileARN(wildOf("arn:aws:s3:::" + tc.pattern))
		if arn.match("arn:aws:s3:::"+tc.value) != tc.want {
			t.Errorf("%s: ArnLike got %v on %d bytes", tc.name, !tc.want, len(tc.value))
		}
	}
}

// BenchmarkWildcardWorst: the worst patterns against values of 10 KB and
// 1 MB. Linear matching shows as the same MB/s at both sizes.
//
//	go test ./core/eval -run '^$' -bench WildcardWorst
func BenchmarkWildcardWorst(b *testing.B) {
	for _, n := range []int{10 << 10, 1 << 20} {
		for _, tc := range worstPatterns(n) {
			b.Run(fmt.Sprintf("%s/%dKB", tc.name, n>>10), func(b *testing.B) {
				p := compilePattern(tc.pattern, false)
				b.SetBytes(int64(len(tc.value)))
				for b.Loop() {
					if p.match(tc.value) != tc.want {
						b.Fatal("wrong answer")
					}
				}
			})
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
