package summary

import (
	"testing"

	"slrplay/core/internal/managed"
	"slrplay/core/reference"
)

// TestManagedPolicies summarizes every current AWS managed policy. Each
// row's level counts add up to its actions, and a policy that grants
// nothing says why: a name the reference does not know or a note on a row. (LakeFormationDataAccess-
// ServiceRolePolicy is one: s3:ListAllMyBuckets on "arn:aws:s3:::*",
// where the action has no resource type and needs "*".)
func TestManagedPolicies(t *testing.T) {
	all := managed.Policies(t)
	c := reference.Default()
	for name, doc := range all {
		s := Summarize(parse(t, doc), c)
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
