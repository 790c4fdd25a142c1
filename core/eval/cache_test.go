package eval

import (
	"bufio"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"slrplay/core/jsontext"
	"slrplay/core/policy"
)

// withRequest is a case's text with its request replaced by req, the other
// members as written.
func withRequest(t *testing.T, line, req string) string {
	t.Helper()
	c, err := jsontext.Parse(line)
	if err != nil {
		t.Fatal(err.Msg)
	}
	var b strings.Builder
	b.WriteString("{")
	c.Members(func(k, v jsontext.Value) bool {
		if k.Str() != "request" {
			b.WriteString(k.Raw() + ": " + v.Raw() + ", ")
		}
		return true
	})
	b.WriteString(`"request": ` + req + "}")
	return b.String()
}

// oddRequests are requests at the edges of what a case may say: every kind
// of context value, and ones RunCase refuses.
var oddRequests = []string{
	`{"principal": "arn:aws:iam::111122223333:user/alice", "action": "s3:GetObject", "resource": "arn:aws:s3:::b/k", "context": {"x:n": 10.50, "x:big": 1e21, "x:b": true, "x:none": [], "x:many": ["x", 1, false], "x:nul": null, "AWS:Mixed": "a", "aws:mixed": "b"}}`,
	`{"principal": "arn:aws:iam::111122223333:user/alice", "action": "sts:AssumeRole", "resource": "arn:aws:iam::111122223333:role/Dev"}`,
	`{"principal": "arn:aws:iam::111122223333:root", "action": "iam:DeleteRole", "resource": "*", "resourceAccount": "444455556666"}`,
	`{"principal": "arn:aws:iam::111122223333:user/alice", "action": "s3:GetObject", "context": {"x:bad": [[1]]}}`,
	`{"principal": 7, "action": "s3:GetObject"}`,
	`{"action": "s3:GetObject", "context": {"x:dup": "1", "x:dup": "2", "x:u": "\u00fc\ud83d\ude80"}}`,
	`null`,
}

// TestCacheMatchesRunCase: with a cache, every conformance case's policies
// against every request of its file (and odd ones) give, byte for byte,
// what RunCase gives without one, and the policies are compiled once.
func TestCacheMatchesRunCase(t *testing.T) {
	files, _ := filepath.Glob("../../testdata/eval/*.jsonl")
	cache := NewCache(1 << 20)
	n := 0
	for _, file := range files {
		f, err := os.Open(file)
		if err != nil {
			t.Fatal(err)
		}
		var lines, reqs []string
		sc := bufio.NewScanner(f)
		sc.Buffer(nil, 1<<20)
		for sc.Scan() {
			if line := string(caseOf(sc.Bytes())); strings.TrimSpace(line) != "" {
				lines = append(lines, line)
				c, _ := jsontext.Parse(line)
				reqs = append(reqs, c.Get("request").Raw())
			}
		}
		f.Close()
		for _, line := range lines {
			for _, req := range append(reqs, oddRequests...) {
				text := []byte(withRequest(t, line, req))
				want, werr := RunCase(text, Options{Trace: true})
				got, gerr := RunCase(text, Options{Trace: true, Cache: cache})
				if (werr == nil) != (gerr == nil) || werr != nil && werr.Error() != gerr.Error() {
					t.Fatalf("%s: errors differ: %v, %v", text, werr, gerr)
				}
				if werr == nil && string(got.AppendJSON(nil)) != string(want.AppendJSON(nil)) {
					t.Fatalf("%s:\ncached   %s\nuncached %s", text, got.AppendJSON(nil), want.AppendJSON(nil))
				}
				n++
			}
		}
	}
	if n < 10000 || len(cache.m) > n/10 {
		t.Errorf("%d cases compiled %d policies", n, len(cache.m))
	}
}

// TestCacheBounded: a full cache starts again; a policy changed by one
// character is compiled anew.
func TestCacheBounded(t *testing.T) {
	c := NewCache(2)
	pol := func(effect string) string {
		return `{"Version": "2012-10-17", "Statement": [{"Effect": "` + effect + `", "Action": "s3:GetObject", "Resource": "*"}]}`
	}
	a, _ := c.prepare("identity[0]", pol("Allow"), policy.Identity)
	if again, _ := c.prepare("identity[0]", pol("Allow"), policy.Identity); again != a {
		t.Error("the same policy was compiled twice")
	}
	if d, _ := c.prepare("identity[0]", pol("Deny"), policy.Identity); d == a || d == nil {
		t.Error("a changed policy came from the cache")
	}
	c.prepare("identity[1]", pol("Allow"), policy.Identity)
	if len(c.m) > 2 {
		t.Errorf("the cache holds %d policies, at most 2", len(c.m))
	}
}
