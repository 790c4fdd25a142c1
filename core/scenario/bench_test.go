package scenario

import (
	"encoding/json"
	"fmt"
	"os"
	"testing"

	"slrplay/core/share"
)

// hundredSteps is a 100-step scenario: create, edit, resources, deletions
// that fail and succeed, over and over.
func hundredSteps() []byte {
	var steps []map[string]any
	add := func(op string, in map[string]any) {
		steps = append(steps, map[string]any{"as": "admin", "op": op, "input": in})
	}
	for i := 0; len(steps) < 100; i++ {
		arn := fmt.Sprintf("arn:aws:ses:us-east-1:111122223333:configuration-set/s%d", i)
		add("service:CreateResource", map[string]any{"Service": "ses.amazonaws.com", "ResourceArn": arn})
		add("iam:UpdateRoleDescription", map[string]any{"RoleName": "AWSServiceRoleForAmazonSES", "Description": fmt.Sprintf("round %d", i)})
		add("iam:DeleteServiceLinkedRole", map[string]any{"RoleName": "AWSServiceRoleForAmazonSES"})
		add("clock:Advance", map[string]any{"Seconds": 10})
		add("service:DeleteResource", map[string]any{"ResourceArn": arn})
		add("iam:DeleteServiceLinkedRole", map[string]any{"RoleName": "AWSServiceRoleForAmazonSES"})
		add("clock:Advance", map[string]any{"Seconds": 10})
	}
	doc := map[string]any{"scenario": 1, "title": "hundred", "seed": 7, "principals": map[string]any{"admin": map[string]any{
		"arn": "arn:aws:iam::111122223333:user/admin", "policies": []any{map[string]any{"Version": "2012-10-17",
			"Statement": []any{map[string]any{"Effect": "Allow", "Action": "*", "Resource": "*"}}}}}},
		"steps": steps[:100]}
	b, _ := json.Marshal(doc)
	return b
}

// BenchmarkRun100Steps: loading and running a 100-step scenario. Target: at
// most 2 ms.
func BenchmarkRun100Steps(b *testing.B) {
	text := hundredSteps()
	b.ReportAllocs()
	for b.Loop() {
		s, err := Load("bench.json", text)
		if err != nil {
			b.Fatal(err)
		}
		if t, err := s.Run(); err != nil || len(t.Steps) != 100 {
			b.Fatal("steps")
		}
	}
}

// BenchmarkShareTypical: a typical gallery scenario's share link (the
// median size of testdata/scenarios, 2.7 KB), both ways. Targets: at most
// 200 µs, and a fragment under 2,000 characters.
func BenchmarkShareTypical(b *testing.B) {
	doc, err := os.ReadFile("../../testdata/scenarios/active-session.json")
	if err != nil {
		b.Fatal(err)
	}
	frag, _ := share.Encode(doc, 0)
	for b.Loop() {
		f, _ := share.Encode(doc, 3)
		share.Decode(f)
	}
	b.ReportMetric(float64(len(frag)), "fragment-chars")
}

// TestGalleryLinks: every gallery scenario round-trips through a share link,
// and a typical one fits in under 2,000 characters.
func TestGalleryLinks(t *testing.T) {
	for _, name := range []string{"iam-guide-create-any", "active-session", "trust-policy", "custom-suffixes"} {
		doc, _ := os.ReadFile("../../testdata/scenarios/" + name + ".json")
		frag, err := share.Encode(doc, 0)
		if err != nil {
			t.Fatal(err)
		}
		if len(frag) >= 2000 {
			t.Errorf("%s: fragment of %d characters", name, len(frag))
		}
		l, err := share.Decode(frag)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := Load(name, l.Scenario); err != nil {
			t.Errorf("%s does not load after a round trip: %v", name, err)
		}
	}
}
