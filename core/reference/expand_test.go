package reference

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
)

func TestExpand(t *testing.T) {
	c := Default()
	// want: the actions found by reading every action's name, another way.
	all := func(keep func(prefix, name string) bool) []string {
		var out []string
		for _, s := range c.Services {
			for _, a := range s.Actions() {
				if keep(s.Prefix, strings.ToLower(a.Name)) {
					out = append(out, a.FullName())
				}
			}
		}
		return out
	}
	tests := []struct {
		pattern string
		want    []string
	}{
		{"s3:GetObject", []string{"s3:GetObject"}},
		{"S3:getOBJECT", []string{"s3:GetObject"}},
		{"s3:Get?bject", []string{"s3:GetObject"}},
		{"s3:Get*", all(func(p, n string) bool { return p == "s3" && strings.HasPrefix(n, "get") })},
		{"s3:*", all(func(p, n string) bool { return p == "s3" })},
		{"s3:*Object", all(func(p, n string) bool { return p == "s3" && strings.HasSuffix(n, "object") })},
		{"*:Get*", all(func(p, n string) bool { return strings.HasPrefix(n, "get") })},
		{"s3*:*", all(func(p, n string) bool { return strings.HasPrefix(p, "s3") })},
		{"iam:*ServiceLinkedRole*", all(func(p, n string) bool { return p == "iam" && strings.Contains(n, "servicelinkedrole") })},
		{"*", all(func(p, n string) bool { return true })},
		{"s3:GetObjekt", nil},
		{"workmial:*", nil},
		{"s3:Get*Objekt", nil},
	}
	for _, tc := range tests {
		got, err := c.Expand(tc.pattern)
		if err != nil {
			t.Errorf("%s: %v", tc.pattern, err)
			continue
		}
		names := make([]string, len(got))
		for i, a := range got {
			names[i] = a.FullName()
		}
		if !slices.Equal(names, tc.want) {
			t.Errorf("%s: %d actions %.200q, want %d", tc.pattern, len(names), names, len(tc.want))
		}
	}
	if n := len(all(func(p, n string) bool { return p == "s3" })); n != 180 {
		t.Errorf("s3 has %d actions, want the source's 180", n)
	}
	for _, pattern := range []string{"", "s3GetObject", ":GetObject", "s3:", "s3:Get Object", "s3:Get/Object", "s3:GetObject:x", "s_3:GetObject", "s3:Get\u00e9", "${aws:username}"} {
		_, err := c.Expand(pattern)
		var pe *PatternError
		if !errors.As(err, &pe) || pe.Pattern != pattern || !strings.Contains(err.Error(), "is not an action") {
			t.Errorf("%q: %v", pattern, err)
		}
	}
	if _, err := c.Expand("s3:Get\u00e9"); err == nil || !strings.Contains(err.Error(), `'é' cannot be part of an action`) {
		t.Errorf("a non-ASCII letter: %v", err)
	}
}

func TestSuggest(t *testing.T) {
	c := Default()
	tests := []struct {
		pattern string
		want    []string
	}{
		{"s3:GetObjekt", []string{"s3:GetObject"}},
		{"s3:getobjekt", []string{"s3:GetObject"}},
		{"workmial:ListUsers", []string{"workmail:ListUsers"}},
		{"iam:CreateServiceLinkedRoles", []string{"iam:CreateServiceLinkedRole"}},
		{"ec2:DescribeInstance", []string{"ec2:DescribeInstances"}},
		{"workmial:List*", []string{"workmail:List*"}},
		{"workmial:ListUserz", []string{"workmail:ListUsers"}}, // both misspelt
		{"iam:PasRole", []string{"iam:PassRole"}},
		{"s3:Frobnicate", nil},
		{"nosuchservice:GetObject", nil},
		{"s3:Gte*", []string{"s3:Get*"}},
		{"ec2:descibe*", []string{"ec2:Describe*"}},
		{"s3:Gxx*", nil}, // two typos in three letters: too far, however near Get* is
		{"iam:*Rol", nil},
		{"s3:Get*Objekt", nil}, // a wildcard inside the action: nothing to compare
		{"s*:GetObjekt", nil},
		{"s3GetObject", nil},
	}
	for _, tc := range tests {
		if got := c.Suggest(tc.pattern); !slices.Equal(got, tc.want) {
			t.Errorf("%s: %q, want %q", tc.pattern, got, tc.want)
		}
	}
	if got := c.SuggestServices("cloudwatc"); !slices.Contains(got, "cloudwatch") {
		t.Errorf("cloudwatc: %q", got)
	}
	if got := c.SuggestServices("s4"); len(got) == 0 || len(got) > maxSuggestions {
		t.Errorf("s4: %q", got)
	}
}

func TestDistance(t *testing.T) {
	tests := []struct {
		a, b string
		want int
	}{
		{"", "", 0}, {"a", "", 1}, {"", "abc", 3}, {"workmial", "workmail", 1}, {"getobjekt", "getobject", 1},
		{"kitten", "sitting", 3}, {"ca", "abc", 3}, {"abcd", "badc", 2}, {"GetObjekt", "getobject", 1},
	}
	for _, tc := range tests {
		if got := Distance(tc.a, tc.b, 5); got != tc.want {
			t.Errorf("%q %q: %d, want %d", tc.a, tc.b, got, tc.want)
		}
		if got := Distance(tc.a, tc.b, tc.want-1); got != tc.want && tc.want > 0 {
			t.Errorf("%q %q within %d: %d, want %d (more than the limit)", tc.a, tc.b, tc.want-1, got, tc.want)
		}
	}
	long := strings.Repeat("x", 1<<20)
	if got := Distance(long, long+"y", 2); got != 1 {
		t.Errorf("a megabyte: %d", got)
	}
}

// TestDistanceBand compares the banded, early-leaving table, and Distance
// that leaves out what both words start and end with, with the whole one on every pair of short words over a small alphabet, where
// swaps, repeats and length differences abound.
func TestDistanceBand(t *testing.T) {
	var words []string
	var gen func(w string)
	gen = func(w string) {
		words = append(words, w)
		if len(w) < 5 {
			for _, c := range "abc" {
				gen(w + string(c))
			}
		}
	}
	gen("")
	var row []int
	for _, a := range words {
		for _, b := range words {
			want := fullDistances(a, b)
			for limit := range 4 {
				if got := Distance(a, b, limit); got != min(want[len(b)], limit+1) {
					t.Fatalf("Distance(%q, %q, %d) = %d, want %d", a, b, limit, got, min(want[len(b)], limit+1))
				}
				var last []int
				last, row = alignRow(a, b, limit, row)
				for j, d := range last {
					if (d <= limit || want[j] <= limit) && d != want[j] {
						t.Fatalf("%q %q[:%d] within %d: %d, want %d", a, b, j, limit, d, want[j])
					}
				}
			}
		}
	}
}

// fullDistances is the textbook table: the distance between a and each
// prefix of b.
func fullDistances(a, b string) []int {
	d := make([][]int, len(a)+1)
	for i := range d {
		d[i] = make([]int, len(b)+1)
		for j := range d[i] {
			switch {
			case i == 0:
				d[i][j] = j
			case j == 0:
				d[i][j] = i
			default:
				cost := 1
				if a[i-1] == b[j-1] {
					cost = 0
				}
				d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
				if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
					d[i][j] = min(d[i][j], d[i-2][j-2]+1)
				}
			}
		}
	}
	return d[len(a)]
}

// TestSuggestRemembered: an answer is remembered, a caller may change the
// answer it gets, and what is remembered stays bounded.
func TestSuggestRemembered(t *testing.T) {
	c := Default()
	first := c.Suggest("s3:GetObjekt")
	first[0] = "changed"
	if got := c.Suggest("s3:GetObjekt"); !slices.Equal(got, []string{"s3:GetObject"}) {
		t.Errorf("second answer: %q", got)
	}
	for i := range maxRemembered + 10 {
		c.Suggest(fmt.Sprintf("s3:Thing%d", i))
	}
	remembered.Lock()
	n := len(remembered.answers)
	remembered.Unlock()
	if n > maxRemembered {
		t.Errorf("%d answers remembered, at most %d", n, maxRemembered)
	}
	long := "s3:" + strings.Repeat("GetObject", 100)
	c.Suggest(long)
	remembered.Lock()
	_, kept := remembered.answers[rememberedKey{c, long}]
	remembered.Unlock()
	if kept {
		t.Error("a long name is remembered")
	}
}

// FuzzDistance: Distance, banded, trimmed and left early, is the whole
// table's answer up to its limit, on any text.
func FuzzDistance(f *testing.F) {
	f.Add("DescribeInstanse", "describeinstances", 3)
	f.Add("ab", "ba", 1)
	f.Fuzz(func(t *testing.T, a, b string, limit int) {
		if len(a) > 40 || len(b) > 40 {
			return
		}
		limit = (limit%5 + 5) % 5
		want := min(fullDistances(asciiLower(a), asciiLower(b))[len(b)], limit+1)
		if got := Distance(a, b, limit); got != want {
			t.Fatalf("Distance(%q, %q, %d) = %d, want %d", a, b, limit, got, want)
		}
	})
}
