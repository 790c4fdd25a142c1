package reference

import (
	"regexp"
	"strings"
	"testing"
	"time"
)

func TestGlobMatch(t *testing.T) {
	tests := []struct {
		pattern, s string
		want       bool
	}{
		{"get*", "getobject", true},
		{"get*", "get", true},
		{"*object", "getobject", true},
		{"*object", "getobjectacl", false},
		{"get?bject", "getobject", true},
		{"get?bject", "getbject", false},
		{"*", "", true},
		{"?", "", false},
		{"", "", true},
		{"", "a", false},
		{"*a?b*", "aaxb", true}, // ? belongs to its literal: "a" placed first at 0 would miss
		{"*a?b", "aaxb", true},
		{"a*b*c", "abc", true},
		{"a*b*c", "acb", false},
		{"*ab*ab", "abab", true},
		{"*ab*ab", "ab", false},
		{"*?", "x", true},
		{"??*", "x", false},
		{"*a*a*a*a*a*a*a*a*a*a*b", strings.Repeat("a", 40), false},
		{"get${x}", "get${x}", true}, // no variables in action patterns
		{"get${x}", "getobject", false},
	}
	for _, tc := range tests {
		if got := globSyntax.match(tc.pattern, tc.s); got != tc.want {
			t.Errorf("%q on %q: %v, want %v", tc.pattern, tc.s, got, tc.want)
		}
	}
}

func TestMatchARN(t *testing.T) {
	tests := []struct {
		format, arn string
		want        bool
	}{
		{"arn:${Partition}:s3:::${BucketName}/${ObjectName}", "arn:aws:s3:::b/k", true},
		{"arn:${Partition}:s3:::${BucketName}/${ObjectName}", "arn:aws:s3:::b/a/b/c:d", true}, // the last variable takes colons too
		{"arn:${Partition}:s3:::${BucketName}/${ObjectName}", "arn:aws:s3:::b/", false},       // a variable is never empty
		{"arn:${Partition}:s3:::${BucketName}/${ObjectName}", "arn:aws:s3:::b", false},
		{"arn:${Partition}:s3:::${BucketName}/${ObjectName}", "arn:aws:s3:us-east-1::b/k", false},
		{"arn:${Partition}:s3:::${BucketName}", "arn:aws:s3:::b", true},
		{"arn:${Partition}:s3:::${BucketName}", "arn:aws:s3:::", false},
		{"arn:${Partition}:s3:::${BucketName}", "arn:aws:s3:::b/k", true}, // formats overlap: ResourceFor prefers a required type
		{"arn:${Partition}:iam::${Account}:role/${RoleNameWithPath}", "arn:aws:iam::111122223333:role/a/b", true},
		{"arn:${Partition}:iam::${Account}:role/${RoleNameWithPath}", "arn:aws:iam:us-east-1:111122223333:role/a", false},
		{"arn:${Partition}:iam::${Account}:role/${RoleNameWithPath}", "arn:aws:iam::111122223333:Role/a", false}, // case matters in ARNs
		{"arn:${Partition}:iam::${Account}:role/${RoleNameWithPath}", "arn:aws:iam::111122223333", false},
		{"arn:${Partition}:logs:${Region}:${Account}:log-group:${LogGroupName}:log-stream:${LogStreamName}", "arn:aws:logs:eu-west-1:1:log-group:g:log-stream:s", true},
		{"arn:${Partition}:logs:${Region}:${Account}:log-group:${LogGroupName}:log-stream:${LogStreamName}", "arn:aws:logs:eu-west-1:1:log-group:g", false},
		{"arn:${Partition}:codeartifact:${Region}:${Account}:package-group/${DomainName}${EncodedPackageGroupPattern}", "arn:aws:codeartifact:us-east-1:1:package-group/dp", true},
		{"arn:${Partition}:codeartifact:${Region}:${Account}:package-group/${DomainName}${EncodedPackageGroupPattern}", "arn:aws:codeartifact:us-east-1:1:package-group/d", false},
		{"arn:${Partition}:amplifybackend:${Region}:${Account}:/backend/*", "arn:aws:amplifybackend:us-east-1:1:/backend/", true},
		{"arn:${Partition}:amplifybackend:${Region}:${Account}:/backend/${AppId}/api/*", "arn:aws:amplifybackend:us-east-1:1:/backend/app/api/x", true},
		{"arn:${Partition}:amplifybackend:${Region}:${Account}:/backend/${AppId}/api/*", "arn:aws:amplifybackend:us-east-1:1:/backend/app/auth/x", false},
		{"arn:${Partition}:account::${Account}:account", "arn:aws:account::1:account", true},
		{"arn:${Partition}:account::${Account}:account", "arn:aws:account::1:account/x", false},
		{"arn:${Partition}:account::${Account}:account", "*", false},
		{"arn:${Partition}:account::${Account}:account", "", false},
	}
	for _, tc := range tests {
		if got := matchARN(tc.format, tc.arn); got != tc.want {
			t.Errorf("%s on %s: %v, want %v", tc.format, tc.arn, got, tc.want)
		}
	}
}

// Every resource type's format matches an ARN made from it, and the
// matcher stays fast on a text built to make a backtracking one crawl.
func TestMatchEveryFormat(t *testing.T) {
	variable := regexp.MustCompile(`\$\{[^}]*\}`)
	for _, s := range Default().Services {
		for _, rt := range s.ResourceTypes() {
			arn := strings.ReplaceAll(variable.ReplaceAllString(rt.ARN, "x1"), "*", "")
			if !rt.Matches(arn) {
				t.Errorf("%s %s: %s does not match %s", s.Prefix, rt.Name, rt.ARN, arn)
			}
		}
	}
	format := "arn:${Partition}:s3:::" + strings.Repeat("${A}a", 30) + "b"
	start := time.Now()
	if matchARN(format, "arn:aws:s3:::"+strings.Repeat("a", 100000)) {
		t.Error("matched")
	}
	if d := time.Since(start); d > 100*time.Millisecond {
		t.Errorf("took %v", d)
	}
}

// FuzzMatch compares the matcher with regular expressions, which place
// wildcards by another method.
func FuzzMatch(f *testing.F) {
	f.Add("*a?b*", "aaxb", false)
	f.Add("${A}/${B}", "x/y/z", true)
	f.Add("a*<k>b", "a-b", true)
	f.Fuzz(func(t *testing.T, pattern, s string, template bool) {
		if len(pattern) > 40 || len(s) > 200 || !isASCII(pattern+s) { // the catalog is ASCII; regexp's . is a rune
			return
		}
		x := syntax(template)
		var re strings.Builder
		re.WriteString(`^(?s:`)
		for p := pattern; p != ""; {
			if x.gapStart(p) {
				min, rest := x.gap(p)
				re.WriteString(".*")
				for range min {
					re.WriteString(".")
				}
				p = rest
				continue
			}
			if p[0] == '?' && x == globSyntax {
				re.WriteString(".")
			} else {
				re.WriteString(regexp.QuoteMeta(p[:1]))
			}
			p = p[1:]
		}
		re.WriteString(`)$`)
		want := regexp.MustCompile(re.String()).MatchString(s)
		if got := x.match(pattern, s); got != want {
			t.Errorf("%q on %q (template %v): %v, regexp %s says %v", pattern, s, template, got, re.String(), want)
		}
	})
}

func isASCII(s string) bool {
	for i := range len(s) {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}
