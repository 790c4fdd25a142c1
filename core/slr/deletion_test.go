package slr

import (
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// Checks on deletion tasks.

var uuidPattern = `[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}`

// taskOf: the output is a new task id of the form
// task/aws-service-role/<principal>/<name>/<uuid>.
func taskOf(principal, name string) func(*play, any) string {
	re := regexp.MustCompile("^" + regexp.QuoteMeta("task/aws-service-role/"+principal+"/"+name+"/") + uuidPattern + "$")
	return func(p *play, out any) string {
		id := out.(string)
		if !re.MatchString(id) {
			return "task id " + id
		}
		if slices.Contains(p.tasks[:len(p.tasks)-1], id) {
			return "task id " + id + " given before"
		}
		return ""
	}
}

// sameTask: the output is the id the k-th delete gave.
func sameTask(k int) func(*play, any) string {
	return func(p *play, out any) string {
		if out.(string) != p.tasks[k] {
			return fmt.Sprintf("task id %s, want %s", out, p.tasks[k])
		}
		return ""
	}
}

// statusIs: the task has that status, no reason, and names its role.
func statusIs(status, role string) func(*play, any) string {
	return func(_ *play, out any) string {
		t := out.(*DeletionTask)
		if t.Status != status || t.Reason != nil || t.RoleName != role {
			return fmt.Sprintf("got %s, want %s of %s", jsonOf(t), status, role)
		}
		return ""
	}
}

// failed: the task failed for that reason, with that usage list, rendered
// "Region [arn arn], Region []".
func failed(reason, usage string) func(*play, any) string {
	return func(_ *play, out any) string {
		t := out.(*DeletionTask)
		if t.Status != Failed || t.Reason == nil {
			return "got " + jsonOf(t) + ", want FAILED"
		}
		var us []string
		for _, u := range t.Reason.RoleUsageList {
			if u.Resources == nil {
				return "Resources null in " + jsonOf(t.Reason) // AWS gives a list, empty or not
			}
			var arns []string
			for _, arn := range u.Resources {
				arns = append(arns, cmpOr(arn, `""`))
			}
			us = append(us, u.Region+" ["+strings.Join(arns, " ")+"]")
		}
		if t.Reason.Reason != reason || strings.Join(us, ", ") != usage || t.Reason.RoleUsageList == nil {
			return fmt.Sprintf("reason %s, want %q with %q", jsonOf(t.Reason), reason, usage)
		}
		return ""
	}
}

// cmpOr is s, or alt when s is empty.
func cmpOr(s, alt string) string {
	if s == "" {
		return alt
	}
	return s
}

func inUse(service string) string {
	return "The role is still used by resources of " + service + ". Delete them, then delete the role again."
}

func inSession(service string) string {
	return "The role has an active session with " + service + ". Sessions cannot be revoked: wait for it to end, then delete the role again."
}

// createdRole: CreateResource created the named role (or, with "", none).
func createdRole(name string) func(*play, any) string {
	return func(_ *play, out any) string {
		o := out.(resourceOut)
		if got := ""; o.created != nil && o.created.RoleName != name || o.created == nil && name != "" || !o.res.UsesRole {
			if o.created != nil {
				got = o.created.RoleName
			}
			return fmt.Sprintf("created %q, want %q; resource %s", got, name, jsonOf(o.res))
		}
		return ""
	}
}

func TestDeleteServiceLinkedRole(t *testing.T) {
	const (
		wm     = "AWSServiceRoleForAmazonWorkMailEvents"
		ses    = "AWSServiceRoleForAmazonSES"
		id1    = "arn:aws:ses:us-east-1:111122223333:identity/example.com"
		id2    = "arn:aws:ses:us-east-1:111122223333:identity/example.org"
		dublin = "arn:aws:ses:eu-west-1:111122223333:identity/example.net"
		oregon = "arn:aws:ses:us-west-2:111122223333:identity/example.com"
	)
	gone := func(name string) step {
		return getRole(name).fails("NoSuchEntity: The role with name " + name + " cannot be found.")
	}
	runRows(t, Builtin(), []row{
		{"it returns at once with task/aws-service-role/<principal>/<name>/<uuid>: NOT_STARTED until the clock moves, IN_PROGRESS after, SUCCEEDED after 10 s, the role gone",
			[]step{createSLR("events.workmail.amazonaws.com", "", ""),
				deleteSLR(wm).gives(taskOf("events.workmail.amazonaws.com", wm)),
				status().gives(statusIs(NotStarted, wm)), getRole(wm).gives(asCreated),
				advance(0), status().gives(statusIs(NotStarted, wm)),
				advance(1), status().gives(statusIs(InProgress, wm)),
				advance(8), status().gives(statusIs(InProgress, wm)), getRole(wm).gives(asCreated),
				advance(1), status().gives(statusIs(Succeeded, wm)), gone(wm)},
			"tasks: SUCCEEDED"},
		{"a repeat while the task is unfinished returns the same id, however the name is cased",
			[]step{createSLR("events.workmail.amazonaws.com", "", ""),
				deleteSLR(wm), deleteSLR(wm).gives(sameTask(0)),
				advance(3), deleteSLR(strings.ToUpper(wm)).gives(sameTask(0)),
				advance(7), status().gives(statusIs(Succeeded, wm))},
			"tasks: SUCCEEDED"},
		{"a clock jump past the deletion time finishes the task at once",
			[]step{createSLR("events.workmail.amazonaws.com", "", ""), deleteSLR(wm), advance(3600), status().gives(statusIs(Succeeded, wm))},
			"tasks: SUCCEEDED"},
		{"while the deletion is pending the role is still there and its name still taken",
			[]step{createSLR("events.workmail.amazonaws.com", "", ""), deleteSLR(wm), advance(5),
				createSLR("events.workmail.amazonaws.com", "", "").fails("InvalidInput: Service role name AWSServiceRoleForAmazonWorkMailEvents has been taken in this account, please try a different suffix.")},
			"roles(1): AWSServiceRoleForAmazonWorkMailEvents; tasks: IN_PROGRESS"},
		{"after a deletion the role can be created again, with a new id",
			[]step{createSLR("events.workmail.amazonaws.com", "", ""), deleteSLR(wm), advance(10),
				{does: "CreateServiceLinkedRole again", run: func(p *play) (any, *Error) {
					return p.a.CreateServiceLinkedRole("events.workmail.amazonaws.com", "", "")
				}, check: func(p *play, out any) string {
					var was Role
					json.Unmarshal([]byte(p.created[wm]), &was)
					if r := out.(*Role); r.RoleName != wm || r.RoleId == was.RoleId || r.Arn != was.Arn {
						return fmt.Sprintf("got %s after %s", jsonOf(r), p.created[wm])
					}
					return ""
				}}},
			"roles(1): AWSServiceRoleForAmazonWorkMailEvents; tasks: SUCCEEDED"},
		{"after a deletion the same service action creates the role again",
			[]step{createResource("ses.amazonaws.com", "us-east-1", id1).gives(createdRole(ses)), deleteResource(id1),
				deleteSLR(ses), advance(10), status().gives(statusIs(Succeeded, ses)),
				createResource("ses.amazonaws.com", "us-east-1", id2).gives(createdRole(ses))},
			"roles(1): AWSServiceRoleForAmazonSES; tasks: SUCCEEDED; resources: " + id2},
		{"it fails while the service's resources use the role, listed by Region; the role stays and a retry is a new task",
			[]step{createResource("ses.amazonaws.com", "us-east-1", id1), createResource("ses.amazonaws.com", "eu-west-1", dublin),
				createResource("ses.amazonaws.com", "us-east-1", id2), createResource("ses.amazonaws.com", "us-west-2", oregon),
				deleteSLR(ses), advance(10),
				status().gives(failed(inUse("ses.amazonaws.com"), "us-east-1 ["+id1+" "+id2+"], eu-west-1 ["+dublin+"]")),
				getRole(ses).gives(asCreatedByService(ses)),
				deleteSLR(ses).gives(taskOf("ses.amazonaws.com", ses)), status().gives(statusIs(NotStarted, ses))},
			"roles(1): AWSServiceRoleForAmazonSES; tasks: FAILED, NOT_STARTED; resources: " + id1 + ", " + dublin + ", " + id2 + ", " + oregon + " (no role)"},
		{"clean the resources up, retry, and it succeeds; resources in a Region without the role never counted",
			[]step{createResource("ses.amazonaws.com", "us-east-1", id1), createResource("ses.amazonaws.com", "us-west-2", oregon),
				deleteSLR(ses), advance(10), status().gives(failed(inUse("ses.amazonaws.com"), "us-east-1 ["+id1+"]")),
				deleteResource(id1), deleteSLR(ses), advance(10), status().gives(statusIs(Succeeded, ses)), gone(ses)},
			"tasks: FAILED, SUCCEEDED; resources: " + oregon + " (no role)"},
		{"an active session makes it fail, naming the Regions; sessions cannot be revoked: wait for them to end",
			[]step{createSLR("events.workmail.amazonaws.com", "", ""),
				startSession("events.workmail.amazonaws.com", "us-east-1"), startSession("events.workmail.amazonaws.com", "eu-west-1"),
				deleteSLR(wm), advance(10),
				status().gives(failed(inSession("events.workmail.amazonaws.com"), "us-east-1 [], eu-west-1 []")),
				getRole(wm).gives(lastUsed("2026-01-01T00:00:00Z", "eu-west-1")),
				endSession("events.workmail.amazonaws.com", "us-east-1"), endSession("events.workmail.amazonaws.com", "eu-west-1"),
				deleteSLR(wm), advance(10), status().gives(statusIs(Succeeded, wm))},
			"tasks: FAILED, SUCCEEDED"},
		{"resources and sessions: the resources are the reason, the sessions' Regions listed too, each once",
			[]step{createResource("ses.amazonaws.com", "us-east-1", id1), startSession("ses.amazonaws.com", "eu-west-1"),
				startSession("ses.amazonaws.com", "us-east-1"), startSession("ses.amazonaws.com", "eu-west-1"),
				deleteSLR(ses), advance(10), status().gives(failed(inUse("ses.amazonaws.com"), "us-east-1 ["+id1+"], eu-west-1 []"))},
			"roles(1): AWSServiceRoleForAmazonSES; tasks: FAILED; resources: " + id1 +
				"; sessions: ses.amazonaws.com@eu-west-1, ses.amazonaws.com@us-east-1, ses.amazonaws.com@eu-west-1"},
		{"another service's resources and sessions do not count",
			[]step{createSLR("ses.amazonaws.com", "", ""), createResource("events.workmail.amazonaws.com", "us-east-1", "arn:aws:workmail:us-east-1:111122223333:organization/m-1"),
				startSession("events.workmail.amazonaws.com", "us-east-1"),
				deleteSLR(ses), advance(10), status().gives(statusIs(Succeeded, ses))},
			"roles(1): AWSServiceRoleForAmazonWorkMailEvents; tasks: SUCCEEDED; resources: arn:aws:workmail:us-east-1:111122223333:organization/m-1; sessions: events.workmail.amazonaws.com@us-east-1"},
		{"a resource created while the deletion is pending makes it fail",
			[]step{createSLR("ses.amazonaws.com", "", ""), deleteSLR(ses), advance(5), status().gives(statusIs(InProgress, ses)),
				createResource("ses.amazonaws.com", "us-east-1", id1).gives(createdRole("")),
				advance(5), status().gives(failed(inUse("ses.amazonaws.com"), "us-east-1 ["+id1+"]"))},
			"roles(1): AWSServiceRoleForAmazonSES; tasks: FAILED; resources: " + id1},
		{"a session started while the deletion is pending makes it fail",
			[]step{createSLR("ses.amazonaws.com", "", ""), deleteSLR(ses), advance(5),
				startSession("ses.amazonaws.com", "eu-west-1"),
				advance(5), status().gives(failed(inSession("ses.amazonaws.com"), "eu-west-1 []"))},
			"roles(1): AWSServiceRoleForAmazonSES; tasks: FAILED; sessions: ses.amazonaws.com@eu-west-1"},
		{"a resource deleted while the deletion is pending lets it succeed",
			[]step{createResource("ses.amazonaws.com", "us-east-1", id1), deleteSLR(ses), advance(5), deleteResource(id1),
				advance(5), status().gives(statusIs(Succeeded, ses))},
			"tasks: SUCCEEDED"},
		{"DeleteServiceLinkedRole on a role that is not service-linked is InvalidInput; the role stays",
			[]step{createRole("app", "/"),
				deleteSLR("app").fails("InvalidInput: Role app is not a service-linked role: delete it with DeleteRole."),
				getRole("app").gives(asCreated)},
			"roles(1): app"},
		{"DeleteServiceLinkedRole on a missing role is NoSuchEntity",
			[]step{deleteSLR(ses).fails("NoSuchEntity: The role with name AWSServiceRoleForAmazonSES cannot be found.")},
			"empty"},
		{"an unknown task id is NoSuchEntity",
			[]step{createSLR("ses.amazonaws.com", "", ""), deleteSLR(ses),
				statusOf("task/aws-service-role/ses.amazonaws.com/AWSServiceRoleForAmazonSES/00000000-0000-4000-8000-000000000000").
					fails("NoSuchEntity: The deletion task with id task/aws-service-role/ses.amazonaws.com/AWSServiceRoleForAmazonSES/00000000-0000-4000-8000-000000000000 cannot be found.")},
			"roles(1): AWSServiceRoleForAmazonSES; tasks: NOT_STARTED"},
		{"each role has its own task",
			[]step{createSLR("autoscaling.amazonaws.com", "", ""), createSLR("autoscaling.amazonaws.com", "", "web"),
				deleteSLR("AWSServiceRoleForAutoScaling_web").gives(taskOf("autoscaling.amazonaws.com", "AWSServiceRoleForAutoScaling_web")),
				deleteSLR("AWSServiceRoleForAutoScaling").gives(taskOf("autoscaling.amazonaws.com", "AWSServiceRoleForAutoScaling")),
				advance(10), status().gives(statusIs(Succeeded, "AWSServiceRoleForAutoScaling"))},
			"tasks: SUCCEEDED, SUCCEEDED"},
	})
}

// asCreatedByService: the role is as a service created it; such roles are
// not in play.created, so only their shape is checked.
func asCreatedByService(name string) func(*play, any) string {
	return func(_ *play, out any) string {
		r, _ := out.(*Role)
		if r == nil || r.RoleName != name || r.Service == "" || r.MaxSessionDuration != 3600 || len(r.AttachedPolicies) != 1 {
			return "got " + jsonOf(r)
		}
		return ""
	}
}

// TestDeletionReports: what a failed deletion lists depends on the service
// (CONTRACT 3, usageReportLimit), and how long it takes on deletionSeconds.
func TestDeletionReports(t *testing.T) {
	c, err := Builtin().With(entries(
		`{"servicePrincipal": "rds.amazonaws.com", "usageReportLimit": 5}`,
		`{"servicePrincipal": "ses.amazonaws.com", "usageReportLimit": 0}`,
		`{"servicePrincipal": "events.workmail.amazonaws.com", "deletionSeconds": 60}`,
	))
	if err != nil {
		t.Fatal(err)
	}
	const rds = "AWSServiceRoleForRDS"
	db := func(i int) string { return fmt.Sprintf("arn:aws:rds:us-east-1:111122223333:db:db-%d", i) }
	eu := func(i int) string { return fmt.Sprintf("arn:aws:rds:eu-west-1:111122223333:db:db-%d", i) }
	var six []step
	for i := 1; i <= 3; i++ {
		six = append(six, createResource("rds.amazonaws.com", "us-east-1", db(i)))
	}
	six = append(six, createResource("rds.amazonaws.com", "eu-west-1", eu(4)), createResource("rds.amazonaws.com", "eu-west-1", eu(5)),
		createResource("rds.amazonaws.com", "us-east-1", db(6)))
	cleanFive := []step{deleteResource(db(1)), deleteResource(db(2)), deleteResource(db(3)), deleteResource(eu(4)), deleteResource(eu(5))}

	runRows(t, c, []row{
		{"six resources, five reported; clean those five up, retry, and it fails again naming the sixth; clean it up and it succeeds",
			slices.Concat(six,
				[]step{deleteSLR(rds), advance(10),
					status().gives(failed(inUse("rds.amazonaws.com"), "us-east-1 ["+db(1)+" "+db(2)+" "+db(3)+"], eu-west-1 ["+eu(4)+" "+eu(5)+"]"))},
				cleanFive,
				[]step{deleteSLR(rds).gives(taskOf("rds.amazonaws.com", rds)), advance(10),
					status().gives(failed(inUse("rds.amazonaws.com"), "us-east-1 ["+db(6)+"]")),
					getRole(rds).gives(named(rds)),
					deleteResource(db(6)), deleteSLR(rds), advance(10), status().gives(statusIs(Succeeded, rds))}),
			"tasks: FAILED, FAILED, SUCCEEDED"},
		{"seven resources, the first five reported",
			slices.Concat(six, []step{createResource("rds.amazonaws.com", "us-east-1", db(7)), deleteSLR(rds), advance(10),
				status().gives(failed(inUse("rds.amazonaws.com"), "us-east-1 ["+db(1)+" "+db(2)+" "+db(3)+"], eu-west-1 ["+eu(4)+" "+eu(5)+"]")),
				deleteResource(db(1)), deleteSLR(rds), advance(10),
				status().gives(failed(inUse("rds.amazonaws.com"), "us-east-1 ["+db(2)+" "+db(3)+" "+db(6)+"], eu-west-1 ["+eu(4)+" "+eu(5)+"]"))}),
			"roles(1): AWSServiceRoleForRDS; tasks: FAILED, FAILED; resources: " + strings.Join([]string{db(2), db(3), eu(4), eu(5), db(6), db(7)}, ", ")},
		{"five resources are all reported",
			slices.Concat(six[:5], []step{deleteSLR(rds), advance(10),
				status().gives(failed(inUse("rds.amazonaws.com"), "us-east-1 ["+db(1)+" "+db(2)+" "+db(3)+"], eu-west-1 ["+eu(4)+" "+eu(5)+"]"))}),
			"roles(1): AWSServiceRoleForRDS; tasks: FAILED; resources: " + strings.Join([]string{db(1), db(2), db(3), eu(4), eu(5)}, ", ")},
		{"a service may report none of its resources: the deletion still fails",
			[]step{createResource("ses.amazonaws.com", "us-east-1", "arn:aws:ses:us-east-1:111122223333:identity/example.com"),
				deleteSLR("AWSServiceRoleForAmazonSES"), advance(10), status().gives(failed(inUse("ses.amazonaws.com"), ""))},
			"roles(1): AWSServiceRoleForAmazonSES; tasks: FAILED; resources: arn:aws:ses:us-east-1:111122223333:identity/example.com"},
		{"a service that takes 60 s is still IN_PROGRESS after 59",
			[]step{createSLR("events.workmail.amazonaws.com", "", ""), deleteSLR("AWSServiceRoleForAmazonWorkMailEvents"),
				advance(10), status().gives(statusIs(InProgress, "AWSServiceRoleForAmazonWorkMailEvents")),
				advance(49), status().gives(statusIs(InProgress, "AWSServiceRoleForAmazonWorkMailEvents")),
				advance(1), status().gives(statusIs(Succeeded, "AWSServiceRoleForAmazonWorkMailEvents"))},
			"tasks: SUCCEEDED"},
	})
}
