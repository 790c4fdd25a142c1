package slr

import (
	"fmt"
	"testing"
	"time"
)

// lastUsed: the output role's RoleLastUsed is as GetRole's JSON gives it:
// {} before the first use ("" date), else {LastUsedDate, Region}.
func lastUsed(date, region string) func(*play, any) string {
	return func(_ *play, out any) string {
		r, _ := out.(*Role)
		if r == nil {
			return "no role"
		}
		want := `{}`
		if date != "" {
			want = fmt.Sprintf(`{"LastUsedDate":%q,"Region":%q}`, date, region)
		}
		if got := string(r.RoleLastUsed.AppendJSON(nil)); got != want {
			return "RoleLastUsed " + got + ", want " + want
		}
		return ""
	}
}

func useRole(service, region string) step {
	return step{does: "UseRole " + service + " " + region, run: func(p *play) (any, *Error) {
		p.a.UseRole(service, region)
		return nil, nil
	}}
}

func listAttached(name string) step {
	return step{does: "ListAttachedRolePolicies " + name, run: func(p *play) (any, *Error) {
		return p.a.ListAttachedRolePolicies(name)
	}}
}

func attached(want ...AttachedPolicy) func(*play, any) string {
	if want == nil {
		want = []AttachedPolicy{}
	}
	return func(_ *play, out any) string {
		if got := jsonOf(out); got != jsonOf(want) {
			return "AttachedPolicies " + got + ", want " + jsonOf(want)
		}
		return ""
	}
}

// The IAM guide's "Cleaning up a service-linked role": before deleting,
// review the last accessed information. GetRole's RoleLastUsed is {} until
// the service uses the role, then when and where it last did.
func TestRoleLastUsed(t *testing.T) {
	const ses = "AWSServiceRoleForAmazonSES"
	runRows(t, Builtin(), []row{
		{"a role the service never used: {}",
			[]step{createSLR("ses.amazonaws.com", "", ""), getRole(ses).gives(lastUsed("", ""))},
			"roles(1): AWSServiceRoleForAmazonSES"},
		{"a session is a use: its Region and the clock; a later use replaces both",
			[]step{createSLR("ses.amazonaws.com", "", ""), advance(60), startSession("ses.amazonaws.com", "eu-west-1"),
				getRole(ses).gives(lastUsed("2026-01-01T00:01:00Z", "eu-west-1")),
				advance(3600), useRole("ses.amazonaws.com", "us-east-1"),
				getRole(ses).gives(lastUsed("2026-01-01T01:01:00Z", "us-east-1"))},
			"roles(1): AWSServiceRoleForAmazonSES; sessions: ses.amazonaws.com@eu-west-1"},
		{"another service's use leaves the role as it was",
			[]step{createSLR("ses.amazonaws.com", "", ""), createSLR("events.workmail.amazonaws.com", "", ""),
				useRole("events.workmail.amazonaws.com", "us-east-1"), getRole(ses).gives(lastUsed("", ""))},
			"roles(2): AWSServiceRoleForAmazonSES, AWSServiceRoleForAmazonWorkMailEvents"},
		{"a role created again after its deletion starts unused",
			[]step{createSLR("ses.amazonaws.com", "", ""), useRole("ses.amazonaws.com", "us-east-1"),
				deleteSLR(ses), advance(10), createSLR("ses.amazonaws.com", "", ""), getRole(ses).gives(lastUsed("", ""))},
			"roles(1): AWSServiceRoleForAmazonSES; tasks: SUCCEEDED"},
	})
	// The use is recorded from the clock, never by the caller's time.
	a := NewAccount(acct, Builtin(), t0, 1)
	a.CreateServiceLinkedRole("ses.amazonaws.com", "", "")
	a.Advance(90 * time.Second)
	a.UseRole("ses.amazonaws.com", "us-east-2")
	if r, _ := a.Role("AWSServiceRoleForAmazonSES"); r.RoleLastUsed.LastUsedDate == nil || !r.RoleLastUsed.LastUsedDate.Equal(t0.Add(90*time.Second)) {
		t.Errorf("LastUsedDate %v", r.RoleLastUsed.LastUsedDate)
	}
}

// ListAttachedRolePolicies lists a service-linked role's managed policy by
// its name and AWS's ARN, under arn:aws:iam::aws:policy/aws-service-role/.
func TestListAttachedRolePolicies(t *testing.T) {
	runRows(t, Builtin(), []row{
		{"the service's managed policy, at its ARN",
			[]step{createSLR("events.workmail.amazonaws.com", "", ""),
				listAttached("AWSServiceRoleForAmazonWorkMailEvents").gives(attached(AttachedPolicy{"AmazonWorkMailEventsServiceRolePolicy",
					"arn:aws:iam::aws:policy/aws-service-role/AmazonWorkMailEventsServiceRolePolicy"}))},
			"roles(1): AWSServiceRoleForAmazonWorkMailEvents"},
		{"an ordinary role: what was attached, in order; [] when nothing is",
			[]step{createRole("app", "/"), listAttached("app").gives(attached()),
				step{does: "AttachRolePolicy", run: func(p *play) (any, *Error) {
					return p.a.Modify("AttachRolePolicy", "app", "arn:aws:iam::aws:policy/ReadOnlyAccess", "")
				}},
				listAttached("app").gives(attached(AttachedPolicy{"ReadOnlyAccess", "arn:aws:iam::aws:policy/ReadOnlyAccess"}))},
			"roles(1): app"},
		{"a role that does not exist",
			[]step{listAttached("nobody").fails("NoSuchEntity: The role with name nobody cannot be found.")},
			"empty"},
	})
}

// A service that deletes its role with its last resource (CONTRACT 3's
// deletesRoleWithLastResource) does so when nothing else uses the role; one
// that does not leaves the role, to be deleted with DeleteServiceLinkedRole.
func TestDeletesRoleWithLastResource(t *testing.T) {
	self, err := Builtin().With(entries(`{"servicePrincipal": "ses.amazonaws.com", "deletesRoleWithLastResource": true}`))
	if err != nil {
		t.Fatal(err)
	}
	const ses = "AWSServiceRoleForAmazonSES"
	id1, id2 := "arn:aws:ses:us-east-1:111122223333:configuration-set/one", "arn:aws:ses:us-east-1:111122223333:configuration-set/two"
	gone := func(_ *play, out any) string {
		if r, _ := out.(*Role); r == nil || r.RoleName != ses {
			return fmt.Sprintf("deleted %v, want the role", out)
		}
		return ""
	}
	runRows(t, self, []row{
		{"the last resource takes the role with it, at once and without a deletion task",
			[]step{createResource("ses.amazonaws.com", "us-east-1", id1), createResource("ses.amazonaws.com", "us-east-1", id2),
				deleteResource(id1), getRole(ses), deleteResource(id2).gives(gone),
				getRole(ses).fails("NoSuchEntity: The role with name AWSServiceRoleForAmazonSES cannot be found.")},
			"empty"},
		{"not while the service holds a session with it",
			[]step{createResource("ses.amazonaws.com", "us-east-1", id1), startSession("ses.amazonaws.com", "eu-west-1"),
				deleteResource(id1), getRole(ses)},
			"roles(1): AWSServiceRoleForAmazonSES; sessions: ses.amazonaws.com@eu-west-1"},
		{"a resource in a Region without the role never used it: the role stays",
			[]step{createResource("ses.amazonaws.com", "us-east-1", id1), createResource("ses.amazonaws.com", "us-west-1", id2),
				deleteResource(id2), getRole(ses)},
			"roles(1): AWSServiceRoleForAmazonSES; resources: " + id1},
	})
	runRows(t, Builtin(), []row{
		{"by default the role outlives its last resource",
			[]step{createResource("ses.amazonaws.com", "us-east-1", id1), deleteResource(id1), getRole(ses)},
			"roles(1): AWSServiceRoleForAmazonSES"},
	})
	if s, _ := Builtin().Lookup("ses.amazonaws.com"); s.DeletesRoleWithLastResource {
		t.Error("no built-in service is documented to delete its own role")
	}
}
