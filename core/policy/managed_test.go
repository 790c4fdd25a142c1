package policy_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"slrplay/core/diag"
	"slrplay/core/internal/managed"
	"slrplay/core/policy"
)

// TestManagedPolicies lints the current version of every AWS managed policy
// as an identity policy: IAM stored them all, so none may get an ERROR. The
// catalog's checks must not cry wolf where AWS itself writes a policy.
func TestManagedPolicies(t *testing.T) {
	all := managed.Policies(t)
	counts := map[string]int{}
	for name, doc := range all {
		src := diag.NewSource(name, doc)
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
