package bridge

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"slrplay/core/eval"
)

// corpus returns the conformance cases, file by file, as parsed members.
func corpus(t *testing.T) map[string][]map[string]json.RawMessage {
	t.Helper()
	files, _ := filepath.Glob("../../../testdata/eval/*.jsonl")
	out := map[string][]map[string]json.RawMessage{}
	for _, file := range files {
		f, err := os.Open(file)
		if err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(f)
		sc.Buffer(nil, 1<<20)
		for sc.Scan() {
			if strings.TrimSpace(sc.Text()) == "" {
				continue
			}
			var m map[string]json.RawMessage
			if err := json.Unmarshal(sc.Bytes(), &m); err != nil {
				t.Fatalf("%s: %v", file, err)
			}
			out[file] = append(out[file], m)
		}
		f.Close()
	}
	if len(out) == 0 {
		t.Fatal("no corpus")
	}
	return out
}

// withRequest writes a case's members, request last, so that cases with
// the same policies and different requests differ only in the request.
func withRequest(m map[string]json.RawMessage, req string) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		if k != "request" {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	var b strings.Builder
	b.WriteString("{")
	for _, k := range keys {
		kb, _ := json.Marshal(k)
		b.Write(kb)
		b.WriteString(": ")
		b.Write(m[k])
		b.WriteString(", ")
	}
	b.WriteString(`"request": ` + req + "}")
	return b.String()
}

// oddRequests are requests at the edges of what a case may say: every
// kind of context value, and ones RunCase refuses.
var oddRequests = []string{
	`{"principal": "arn:aws:iam::111122223333:user/alice", "action": "s3:GetObject", "resource": "arn:aws:s3:::b/k", "context": {"x:n": 10.50, "x:big": 1e21, "x:b": true, "x:none": [], "x:many": ["x", 1, false], "x:nul": null, "AWS:Mixed": "a", "aws:mixed": "b"}}`,
	`{"principal": "arn:aws:iam::111122223333:user/alice", "action": "sts:AssumeRole", "resource": "arn:aws:iam::111122223333:role/Dev"}`,
	`{"principal": "ses.amazonaws.com", "action": "iam:CreateServiceLinkedRole", "resource": ""}`,
	`{"principal": "arn:aws:iam::111122223333:root", "action": "iam:DeleteRole", "resource": "*", "resourceAccount": "444455556666"}`,
	`{"principal": "arn:aws:iam::111122223333:user/alice", "action": "s3:GetObject", "context": {"x:bad": [[1]]}}`,
	`{"principal": "arn:aws:iam::111122223333:user/alice", "action": "s3:GetObject", "context": {"x:bad": {"x": 1}}}`,
	`{"principal": 7, "action": "s3:GetObject"}`,
	`{"principal": "arn:aws:iam::111122223333:user/alice"}`,
	`null`,
	`"request"`,
	// The ones the fast reader leaves to encoding/json, and the ones it reads itself.
	`{"action": "s3:GetObject", "Action": "s3:PutObject", "resource": "*"}`,
	`{"principal": "arn:aws:iam::111122223333:user/\u0061lice", "action": "s3:GetObject", "resource": "*", "extra": [1, {"x": 2}]}`,
	`{"principal": null, "action": "s3:GetObject", "context": null}`,
	`{"action": "s3:GetObject", "context": {"x:dup": "1", "x:dup": "2"}}`,
	`{"action": "s3:GetObject", "context": {"x:u": "\u00fc\ud83d\ude80", "x:\u0064up": "2"}}`,
	`{"action": "s3:GetObject", "context": {"x:n": -0, "x:big": 123456789012345678, "x:b": 1.0, "x:many": [1e2, "1", 0], "x:u": "ü🚀"}}`,
	`{"action": "s3:GetObject", "context": {"x:n": 10, "x:big": 0, "x:many": [true, "x", 42], "x:dup": "2", "x:u": "ü🚀", "AWS:Mixed": ["a", "b"]}}`,
	`{"action": "s3:GetObject", "resourceAccount": "444455556666", "RESOURCE": "arn:aws:s3:::b/k"}`,
	`{"action": "s3:GetObject" , "context" : { } }`,
}

// oddPolicies look at every key of oddRequests, so that the trace shows
// how each value was read.
var oddPolicies = map[string]json.RawMessage{
	"id": json.RawMessage(`"odd"`),
	"identityPolicies": json.RawMessage(`[{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*",
		"Condition": {"StringEquals": {"x:n": "10.5", "x:big": "1e+21", "x:b": "true", "aws:mixed": ["a", "b"], "x:dup": "2", "x:u": "ü🚀"},
		              "ForAnyValue:StringEquals": {"x:many": ["1", "false"], "x:none": "x"}, "Null": {"x:nul": "false"}}}]}]`),
	"resourcePolicy": json.RawMessage(`{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:user/alice"}, "Action": "*", "Resource": "*"}]}`),
	"scps":           json.RawMessage(`[{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}, []]`),
}

// TestCachedMatchesRunCase: a case decided from cached policies gives, byte
// for byte, what eval.RunCase gives for the same text, for every
// conformance case's policies against every request of its file and the
// odd ones.
func TestCachedMatchesRunCase(t *testing.T) {
	hits := cases.hits
	n, plain := 0, 0
	for file, ms := range corpus(t) {
		var reqs []string
		for _, m := range ms {
			reqs = append(reqs, string(m["request"]))
		}
		reqs = append(reqs, oddRequests...)
		for _, m := range append(ms, oddPolicies) {
			for _, req := range reqs {
				line := withRequest(m, req)
				want, err := eval.RunCase([]byte(line), eval.Options{Trace: true})
				if bad, ok := err.(*eval.ErrCase); ok {
					id := ""
					if want != nil {
						id = want.ID
					}
					want = eval.InvalidCase(id, bad.Reason)
				}
				wb, _ := json.Marshal(want)
				if _, ok := plainRequest(req); ok {
					plain++
				}
				if got := Evaluate(line); got != string(wb) {
					t.Fatalf("%s: cached and RunCase differ on\n%s\ngot  %s\nwant %s", file, line, got, wb)
				}
				n++
			}
		}
	}
	if got := cases.hits - hits; got < n/2 {
		t.Errorf("only %d of %d evaluations came from the cache", got, n)
	}
	if plain == 0 || plain == n {
		t.Errorf("%d of %d requests read by the fast reader: both readers must be exercised", plain, n)
	}
}

// TestCacheKeys: the cache answers only for the text it compiled, and a
// case naming its request twice, in any case, is never cached.
func TestCacheKeys(t *testing.T) {
	pol := `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}`
	deny := `{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "s3:GetObject", "Resource": "*"}]}`
	req := `{"principal": "arn:aws:iam::111122223333:user/alice", "action": "s3:GetObject", "resource": "arn:aws:s3:::b/k"}`
	decision := func(line string) string {
		var r struct{ EvalDecision string }
		json.Unmarshal([]byte(Evaluate(line)), &r)
		return r.EvalDecision
	}
	if d := decision(`{"identityPolicies": [` + pol + `], "request": ` + req + `}`); d != "allowed" {
		t.Fatalf("allow: %s", d)
	}
	if d := decision(`{"identityPolicies": [` + deny + `], "request": ` + req + `}`); d != "explicitDeny" {
		t.Errorf("a changed policy was answered from the cache: %s", d)
	}
	// encoding/json takes the last of two "request" members, matched ignoring case.
	twice := `{"identityPolicies": [` + pol + `], "request": ` + req + `, "Request": {"action": "s3:PutObject", "resource": "*"}}`
	for i := 0; i < 2; i++ {
		if d := decision(twice); d != "implicitDeny" {
			t.Errorf("pass %d: a case with two requests: %s, want the second request's implicitDeny", i, d)
		}
	}
	if _, _, ok := requestValue(twice); ok {
		t.Error("a case with two requests has a request value")
	}
}
