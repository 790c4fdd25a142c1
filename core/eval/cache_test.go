package eval

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
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

// TestCacheConcurrent: RunCase from several goroutines on one Cache, with
// traces, gives every goroutine the answer RunCase gives alone. The policy
// is prepared once and shared: its statements compiled on first use, its
// templates filled in per request, and its places in the source (not
// ASCII) looked up by every trace. Run with -race.
func TestCacheConcurrent(t *testing.T) {
	pol := `{"Version": "2012-10-17", "Statement": [
  {"Sid": "Daily", "Effect": "Allow", "Action": ["s3:Get*", "s3:List?ucket"],
   "Resource": ["arn:aws:s3:::b/${aws:username}/*", "arn:aws:s3:::b/tägliche/*?*"],
   "Condition": {"StringLike": {"s3:prefix": ["x*?a?b*", "${aws:username}/*"]}, "ArnLike": {"aws:SourceArn": "arn:aws:*:*:111122223333:*"}}},
  {"Effect": "Deny", "Action": "s3:DeleteObject", "Resource": "*"}
]}`
	request := func(action string, i int) []byte {
		return []byte(fmt.Sprintf(`{"identityPolicies": [%s], "request": {"principal": "arn:aws:iam::111122223333:user/u%d",
			"action": %q, "resource": "arn:aws:s3:::b/u%d/k",
			"context": {"aws:username": "u%d", "s3:prefix": "u%d/p", "aws:SourceArn": "arn:aws:sns:eu-west-1:111122223333:t"}}}`, pol, i, action, i, i, i))
	}
	const n = 8
	want := make([]string, n)
	for i := range n {
		res, err := RunCase(request("s3:GetObject", i), Options{Trace: true})
		if err != nil {
			t.Fatal(err)
		}
		want[i] = string(res.AppendJSON(nil))
	}
	// The cache holds the policy, compiled, with nothing looked up in it yet.
	cache := NewCache(16)
	if res, err := RunCase(request("ec2:RunInstances", 0), Options{Cache: cache}); err != nil || len(res.MatchedStatements) > 0 {
		t.Fatal("the warm-up request should match nothing", err)
	}
	start := make(chan struct{})
	got := make([]string, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			res, err := RunCase(request("s3:GetObject", i), Options{Trace: true, Cache: cache})
			if err != nil {
				got[i] = err.Error()
				return
			}
			got[i] = string(res.AppendJSON(nil))
		}()
	}
	close(start)
	wg.Wait()
	for i := range n {
		if got[i] != want[i] {
			t.Errorf("request %d:\ngot  %s\nwant %s", i, got[i], want[i])
		}
	}
}
