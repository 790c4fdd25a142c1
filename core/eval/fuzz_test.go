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
				f.Add(line)
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
	})
}
