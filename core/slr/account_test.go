package slr

import (
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
)

// The tests here and in deletion_test.go are tables that read like the
// docs (IAM-RULES part B, the seed guides): each row is a few operations on
// a fresh account, what each must return, and the account afterwards.

var t0 = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

const acct = "111122223333"

// play is what a row's steps share: the account and what earlier steps gave.
type play struct {
	a       *Account
	tasks   []string          // deletion task ids, in the order returned
	created map[string]string // each role as JSON when it was created, by name
}

// step is one operation. err is the error it must give ("Code: message"),
// "" for none; check, when set, judges its output and says what is wrong.
type step struct {
	does  string
	run   func(p *play) (any, *Error)
	err   string
	check func(p *play, out any) string
}

func (s step) fails(err string) step                          { s.err = err; return s }
func (s step) gives(check func(p *play, out any) string) step { s.check = check; return s }

// row is one case: what the docs say, the steps, and the account after them
// as summary renders it.
type row struct {
	doc   string
	steps []step
	after string
}

func runRows(t *testing.T, c *Catalog, rows []row) {
	t.Helper()
	for _, r := range rows {
		t.Run(r.doc, func(t *testing.T) {
			p := &play{a: NewAccount(acct, c, t0, 1), created: map[string]string{}}
			for i, s := range r.steps {
				out, err := s.run(p)
				got := ""
				if err != nil {
					got = err.Error()
				}
				if got != s.err {
					t.Fatalf("step %d, %s: error %q, want %q", i, s.does, got, s.err)
				}
				if s.check != nil {
					if msg := s.check(p, out); msg != "" {
						t.Fatalf("step %d, %s: %s", i, s.does, msg)
					}
				}
			}
			if got := summary(p.a); got != r.after {
				t.Errorf("account after the steps:\n got %s\nwant %s", got, r.after)
			}
		})
	}
}

// summary renders an account: its roles, deletion tasks, resources (marked
// when they do not use the role) and sessions; long role lists are cut.
func summary(a *Account) string {
	var parts []string
	if rs := a.Roles(); len(rs) > 0 {
		var names []string
		for _, r := range rs {
			names = append(names, r.RoleName)
		}
		if len(names) > 6 {
			names = append(append(names[:3:3], "…"), names[len(names)-2:]...)
		}
		parts = append(parts, fmt.Sprintf("roles(%d): %s", len(rs), strings.Join(names, ", ")))
	}
	if ts := a.Tasks(); len(ts) > 0 {
		var st []string
		for _, t := range ts {
			st = append(st, t.Status)
		}
		parts = append(parts, "tasks: "+strings.Join(st, ", "))
	}
	if rs := a.Resources(); len(rs) > 0 {
		var arns []string
		for _, r := range rs {
			if r.UsesRole {
				arns = append(arns, r.Arn)
			} else {
				arns = append(arns, r.Arn+" (no role)")
			}
		}
		parts = append(parts, "resources: "+strings.Join(arns, ", "))
	}
	if ss := a.Sessions(); len(ss) > 0 {
		var s []string
		for _, x := range ss {
			s = append(s, x.Service+"@"+x.Region)
		}
		parts = append(parts, "sessions: "+strings.Join(s, ", "))
	}
	if len(parts) == 0 {
		return "empty"
	}
	return strings.Join(parts, "; ")
}

func jsonOf(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return "(not JSON: " + err.Error() + ")"
	}
	return string(b)
}

// Steps: the account's operations.

func createSLR(principal, description, suffix string) step {
	return step{does: fmt.Sprintf("CreateServiceLinkedRole(%s, %q, %q)", principal, description, suffix),
		run: func(p *play) (any, *Error) {
			r, err := p.a.CreateServiceLinkedRole(principal, description, suffix)
			if err == nil {
				p.created[r.RoleName] = jsonOf(r)
			}
			return r, err
		}}
}

func createRole(name, path string) step {
	return step{does: "CreateRole " + path + name, run: func(p *play) (any, *Error) {
		r, err := p.a.CreateRole(name, path, TrustPolicy("ec2.amazonaws.com"), RoleOptions{})
		if err == nil {
			p.created[r.RoleName] = jsonOf(r)
		}
		return r, err
	}}
}

// fillRoles creates n ordinary roles, role-0001 on; each must succeed.
func fillRoles(n int) step {
	return step{does: fmt.Sprintf("CreateRole ×%d", n), run: func(p *play) (any, *Error) {
		for i := 1; i <= n; i++ {
			if _, err := p.a.CreateRole(fmt.Sprintf("role-%04d", i), "/", TrustPolicy("ec2.amazonaws.com"), RoleOptions{}); err != nil {
				return nil, err
			}
		}
		return nil, nil
	}}
}

func getRole(name string) step {
	return step{does: "GetRole " + name, run: func(p *play) (any, *Error) { return p.a.GetRole(name) }}
}

func updateDescription(name, description string) step {
	return step{does: "UpdateRoleDescription " + name, run: func(p *play) (any, *Error) {
		return p.a.UpdateRoleDescription(name, description)
	}}
}

func updateRole(name, description string, maxSession int) step {
	return step{does: fmt.Sprintf("UpdateRole %s %d", name, maxSession), run: func(p *play) (any, *Error) {
		return p.a.UpdateRole(name, description, maxSession)
	}}
}

func createRoleWith(name string, opt RoleOptions) step {
	return step{does: "CreateRole " + name, run: func(p *play) (any, *Error) {
		return p.a.CreateRole(name, "/", TrustPolicy("ec2.amazonaws.com"), opt)
	}}
}

// jsonHas: the output, as JSON, holds want.
func jsonHas(want string) func(*play, any) string {
	return func(_ *play, out any) string {
		if got := jsonOf(out); !strings.Contains(got, want) {
			return got + " lacks " + want
		}
		return ""
	}
}

func modify(op, name, key, value string) step {
	return step{does: op + " " + name, run: func(p *play) (any, *Error) { return p.a.Modify(op, name, key, value) }}
}

func tagRole(name, key, value string) step {
	return step{does: "TagRole " + name, run: func(p *play) (any, *Error) {
		return nil, p.a.TagRole(name, []Tag{{Key: key, Value: value}})
	}}
}

// answersNothing is the check of an operation whose AWS answer has an empty
// body (TagRole, UntagRole).
func answersNothing(_ *play, out any) string {
	if out != nil {
		return "answered " + jsonOf(out)
	}
	return ""
}

func untagRole(name, key string) step {
	return step{does: "UntagRole " + name, run: func(p *play) (any, *Error) { return nil, p.a.UntagRole(name, []string{key}) }}
}

func deleteSLR(name string) step {
	return step{does: "DeleteServiceLinkedRole " + name, run: func(p *play) (any, *Error) {
		id, err := p.a.DeleteServiceLinkedRole(name)
		if err == nil {
			p.tasks = append(p.tasks, id)
		}
		return id, err
	}}
}

// status asks for the latest deletion task's status.
func status() step {
	return step{does: "GetServiceLinkedRoleDeletionStatus", run: func(p *play) (any, *Error) {
		return p.a.GetServiceLinkedRoleDeletionStatus(p.tasks[len(p.tasks)-1])
	}}
}

func statusOf(id string) step {
	return step{does: "GetServiceLinkedRoleDeletionStatus " + id, run: func(p *play) (any, *Error) {
		return p.a.GetServiceLinkedRoleDeletionStatus(id)
	}}
}

func advance(seconds int) step {
	return step{does: fmt.Sprintf("Advance %ds", seconds), run: func(p *play) (any, *Error) {
		p.a.Advance(time.Duration(seconds) * time.Second)
		return nil, nil
	}}
}

// resourceOut is what CreateResource returns.
type resourceOut struct {
	res     *Resource
	created *Role
}

func createResource(service, region, arn string) step {
	return step{does: "CreateResource " + arn, run: func(p *play) (any, *Error) {
		res, created, err := p.a.CreateResource(service, region, arn, nil)
		return resourceOut{res, created}, err
	}}
}

func deleteResource(arn string) step {
	return step{does: "DeleteResource " + arn, run: func(p *play) (any, *Error) {
		deleted, err := p.a.DeleteResource(arn)
		if deleted != nil {
			return deleted, err
		}
		return nil, err
	}}
}

func startSession(service, region string) step {
	return step{does: "StartSession " + service + " " + region, run: func(p *play) (any, *Error) {
		return nil, p.a.StartSession(service, region)
	}}
}

func endSession(service, region string) step {
	return step{does: "EndSession " + service + " " + region, run: func(p *play) (any, *Error) {
		return nil, p.a.EndSession(service, region)
	}}
}

// Checks: what an output must be.

// roleWant is a role as GetRole shows it; Tags and policies compare as
// given (nil: none).
type roleWant struct {
	Name, Path, Arn, Description string
	Policies                     []string
	Inline                       map[string]string
	Tags                         []Tag
	MaxSession                   int
	TrustedService               string // the only principal the trust policy allows
}

var roleIDPattern = regexp.MustCompile(`^AROA[A-Z2-7]{17}$`)

func isRole(w roleWant) func(*play, any) string {
	return func(_ *play, out any) string {
		r, _ := out.(*Role)
		if r == nil {
			return "no role"
		}
		var bad []string
		cmp := func(field string, got, want any) {
			if jsonOf(got) != jsonOf(want) {
				bad = append(bad, fmt.Sprintf("%s %s, want %s", field, jsonOf(got), jsonOf(want)))
			}
		}
		cmp("RoleName", r.RoleName, w.Name)
		cmp("Path", r.Path, w.Path)
		cmp("Arn", r.Arn, w.Arn)
		cmp("Description", r.Description, w.Description)
		cmp("AttachedPolicies", r.AttachedPolicies, w.Policies)
		cmp("InlinePolicies", r.InlinePolicies, w.Inline)
		cmp("Tags", r.Tags, w.Tags)
		cmp("MaxSessionDuration", r.MaxSessionDuration, w.MaxSession)
		if !roleIDPattern.MatchString(r.RoleId) {
			bad = append(bad, "RoleId "+r.RoleId)
		}
		if msg := trustsOnly(r.AssumeRolePolicyDocument, w.TrustedService); msg != "" {
			bad = append(bad, msg)
		}
		return strings.Join(bad, "; ")
	}
}

// trustsOnly says what is wrong with a trust policy that must allow
// sts:AssumeRole to the service and nothing else.
func trustsOnly(doc, service string) string {
	var p struct {
		Version   string
		Statement []map[string]any
	}
	if err := json.Unmarshal([]byte(doc), &p); err != nil {
		return "trust policy: " + err.Error()
	}
	want := map[string]any{"Effect": "Allow", "Action": "sts:AssumeRole", "Principal": map[string]any{"Service": service}}
	if p.Version != "2012-10-17" || len(p.Statement) != 1 || jsonOf(p.Statement[0]) != jsonOf(want) {
		return "trust policy " + doc
	}
	return ""
}

// named: the output is the role of that name.
func named(name string) func(*play, any) string {
	return func(_ *play, out any) string {
		if r, _ := out.(*Role); r == nil || r.RoleName != name {
			return fmt.Sprintf("got %s, want role %s", jsonOf(out), name)
		}
		return ""
	}
}

// described: the output role has that description and its creation name.
func described(name, description string) func(*play, any) string {
	return func(_ *play, out any) string {
		if r, _ := out.(*Role); r == nil || r.RoleName != name || r.Description != description {
			return fmt.Sprintf("got %s, want %s described %q", jsonOf(out), name, description)
		}
		return ""
	}
}

// asCreated: the output role is exactly as it was created.
func asCreated(p *play, out any) string {
	r, _ := out.(*Role)
	if r == nil {
		return "no role"
	}
	if got, want := jsonOf(r), p.created[r.RoleName]; got != want {
		return fmt.Sprintf("changed:\n got %s\nwant %s", got, want)
	}
	return ""
}

func TestCreateServiceLinkedRole(t *testing.T) {
	lex := roleWant{Name: "AWSServiceRoleForLexBots", Path: "/aws-service-role/lex.amazonaws.com/",
		Arn:         "arn:aws:iam::111122223333:role/aws-service-role/lex.amazonaws.com/AWSServiceRoleForLexBots",
		Description: "Lex Bots SLR; IAM User Guide uses lex.amazonaws.com as its CreateServiceLinkedRole example. (The permissions policy of this role is not known here: the role grants nothing in the playground.)",
		Policies:    []string{ServicePolicyPrefix + "AmazonLexBotPolicy"}, MaxSession: 3600, TrustedService: "lex.amazonaws.com"}
	ownDescription := lex
	ownDescription.Description = "Bots of the support team"
	workmail := roleWant{Name: "AWSServiceRoleForAmazonWorkMailEvents", Path: "/aws-service-role/events.workmail.amazonaws.com/",
		Arn:         "arn:aws:iam::111122223333:role/aws-service-role/events.workmail.amazonaws.com/AWSServiceRoleForAmazonWorkMailEvents",
		Description: "Amazon WorkMail uses this service-linked role to enable access to AWS services and resources used or managed by Amazon WorkMail events, such as monitoring email events logged by CloudWatch.",
		Policies:    []string{ServicePolicyPrefix + "AmazonWorkMailEventsServiceRolePolicy"}, MaxSession: 3600, TrustedService: "events.workmail.amazonaws.com"}
	autoscalingWeb := roleWant{Name: "AWSServiceRoleForAutoScaling_web", Path: "/aws-service-role/autoscaling.amazonaws.com/",
		Arn:         "arn:aws:iam::111122223333:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling_web",
		Description: "Default SLR for EC2 Auto Scaling groups; custom-suffix variants AWSServiceRoleForAutoScaling_<suffix> have identical permissions; cannot be deleted while used by an Auto Scaling group.",
		Policies:    []string{ServicePolicyPrefix + "AutoScalingServiceRolePolicy"}, MaxSession: 3600, TrustedService: "autoscaling.amazonaws.com"}

	runRows(t, Builtin(), []row{
		{"the service fixes the name: lex.amazonaws.com gets AWSServiceRoleForLexBots, under /aws-service-role/lex.amazonaws.com/, only lex may assume it, its managed policy attached, no tags",
			[]step{createSLR("lex.amazonaws.com", "", "").gives(isRole(lex)), getRole("AWSServiceRoleForLexBots").gives(asCreated)},
			"roles(1): AWSServiceRoleForLexBots"},
		{"a description given at creation replaces the service's",
			[]step{createSLR("lex.amazonaws.com", "Bots of the support team", "").gives(isRole(ownDescription))},
			"roles(1): AWSServiceRoleForLexBots"},
		{"a description of more than 1000 characters is refused, as UpdateRoleDescription refuses it",
			[]step{createSLR("lex.amazonaws.com", strings.Repeat("d", 1001), "").fails("ValidationError: The specified value for description is invalid. It must be at most 1000 characters long."),
				createSLR("lex.amazonaws.com", strings.Repeat("d", 1000), "")},
			"roles(1): AWSServiceRoleForLexBots"},
		{"WorkMail events: the role its guide names, trusting events.workmail.amazonaws.com",
			[]step{createSLR("events.workmail.amazonaws.com", "", "").gives(isRole(workmail))},
			"roles(1): AWSServiceRoleForAmazonWorkMailEvents"},
		{"ListRoles under /aws-service-role/ lists the service-linked roles only",
			[]step{createRole("app", "/"), createSLR("ses.amazonaws.com", "", ""), createSLR("lex.amazonaws.com", "", ""),
				{does: "ListRoles /aws-service-role/", run: func(p *play) (any, *Error) { return p.a.ListRoles(PathPrefix), nil },
					check: func(_ *play, out any) string {
						var names []string
						for _, r := range out.([]*Role) {
							names = append(names, r.RoleName)
						}
						if want := []string{"AWSServiceRoleForLexBots", "AWSServiceRoleForAmazonSES"}; !slices.Equal(names, want) {
							return fmt.Sprintf("listed %v, want %v (sorted by path)", names, want)
						}
						return ""
					}}},
			"roles(3): app, AWSServiceRoleForAmazonSES, AWSServiceRoleForLexBots"},
		{"autoscaling accepts a custom suffix: AWSServiceRoleForAutoScaling_web, beside the default role",
			[]step{createSLR("autoscaling.amazonaws.com", "", "web").gives(isRole(autoscalingWeb)),
				createSLR("autoscaling.amazonaws.com", "", "").gives(named("AWSServiceRoleForAutoScaling"))},
			"roles(2): AWSServiceRoleForAutoScaling_web, AWSServiceRoleForAutoScaling"},
		{"connect and lexv2 accept a suffix too",
			[]step{createSLR("connect.amazonaws.com", "", "calls").gives(named("AWSServiceRoleForAmazonConnect_calls")),
				createSLR("lexv2.amazonaws.com", "", "faq").gives(named("AWSServiceRoleForLexV2Bots_faq"))},
			"roles(2): AWSServiceRoleForAmazonConnect_calls, AWSServiceRoleForLexV2Bots_faq"},
		{"other services refuse a suffix",
			[]step{createSLR("lex.amazonaws.com", "", "web").fails("InvalidInput: Custom suffix is not allowed for lex.amazonaws.com")},
			"empty"},
		{"a service no source says accepts one refuses it (WorkMail)",
			[]step{createSLR("events.workmail.amazonaws.com", "", "x").fails("InvalidInput: Custom suffix is not allowed for events.workmail.amazonaws.com")},
			"empty"},
		{"a second create is refused with InvalidInput, not EntityAlreadyExists",
			[]step{createSLR("lex.amazonaws.com", "", ""),
				createSLR("lex.amazonaws.com", "", "").fails("InvalidInput: Service role name AWSServiceRoleForLexBots has been taken in this account, please try a different suffix.")},
			"roles(1): AWSServiceRoleForLexBots"},
		{"names are unique ignoring case: _SAMPLE then _sample collide",
			[]step{createSLR("autoscaling.amazonaws.com", "", "SAMPLE").gives(named("AWSServiceRoleForAutoScaling_SAMPLE")),
				createSLR("autoscaling.amazonaws.com", "", "sample").fails("InvalidInput: Service role name AWSServiceRoleForAutoScaling_sample has been taken in this account, please try a different suffix."),
				getRole("awsservicerolefor" + "autoscaling_sample").gives(named("AWSServiceRoleForAutoScaling_SAMPLE"))},
			"roles(1): AWSServiceRoleForAutoScaling_SAMPLE"},
		{"an ordinary role holding the name takes it too",
			[]step{createRole("AWSServiceRoleForLexBots", "/"),
				createSLR("lex.amazonaws.com", "", "").fails("InvalidInput: Service role name AWSServiceRoleForLexBots has been taken in this account, please try a different suffix.")},
			"roles(1): AWSServiceRoleForLexBots"},
		{"an unknown service principal is InvalidInput naming it",
			[]step{createSLR("nosuch.amazonaws.com", "", "").fails("InvalidInput: Unknown service principal nosuch.amazonaws.com: the service has no service-linked role.")},
			"empty"},
		{"service principals are case sensitive: Lex.amazonaws.com is unknown",
			[]step{createSLR("Lex.amazonaws.com", "", "").fails("InvalidInput: Unknown service principal Lex.amazonaws.com: the service has no service-linked role.")},
			"empty"},
		{"GetRole of a missing role is NoSuchEntity",
			[]step{getRole("AWSServiceRoleForLexBots").fails("NoSuchEntity: The role with name AWSServiceRoleForLexBots cannot be found.")},
			"empty"},
	})
}

func TestRolesQuota(t *testing.T) {
	runRows(t, Builtin(), []row{
		{"1000 ordinary roles fill the quota: one more is LimitExceeded",
			[]step{fillRoles(1000), createRole("one-too-many", "/").fails("LimitExceeded: Cannot exceed quota for RolesPerAccount: 1000")},
			"roles(1000): role-0001, role-0002, role-0003, …, role-0999, role-1000"},
		{"only service-linked roles may exceed it, and then ordinary roles still may not",
			[]step{fillRoles(1000),
				createSLR("lex.amazonaws.com", "", "").gives(named("AWSServiceRoleForLexBots")),
				createSLR("autoscaling.amazonaws.com", "", "web").gives(named("AWSServiceRoleForAutoScaling_web")),
				createRole("one-too-many", "/").fails("LimitExceeded: Cannot exceed quota for RolesPerAccount: 1000")},
			"roles(1002): role-0001, role-0002, role-0003, …, AWSServiceRoleForLexBots, AWSServiceRoleForAutoScaling_web"},
		{"service-linked roles count toward the quota: 999 ordinary and one service-linked fill it",
			[]step{createSLR("lex.amazonaws.com", "", ""), fillRoles(999),
				createRole("one-too-many", "/").fails("LimitExceeded: Cannot exceed quota for RolesPerAccount: 1000")},
			"roles(1000): AWSServiceRoleForLexBots, role-0001, role-0002, …, role-0998, role-0999"},
		{"a service creates its role at the quota too",
			[]step{fillRoles(1000), createResource("ses.amazonaws.com", "eu-west-1", "arn:aws:ses:eu-west-1:111122223333:identity/example.com")},
			"roles(1001): role-0001, role-0002, role-0003, …, role-1000, AWSServiceRoleForAmazonSES; resources: arn:aws:ses:eu-west-1:111122223333:identity/example.com"},
		{"CreateRole may not use the service-linked path",
			[]step{createRole("Mine", "/aws-service-role/").fails("InvalidInput: Path prefix '/aws-service-role/' can only be used for AWS Service linked Roles"),
				createRole("Mine", "/aws-service-role/lex.amazonaws.com/").fails("InvalidInput: Path prefix '/aws-service-role/' can only be used for AWS Service linked Roles")},
			"empty"},
		{"CreateRole of a taken name is EntityAlreadyExists, ignoring case",
			[]step{createRole("App", "/"), createRole("app", "/team/").fails("EntityAlreadyExists: Role with name app already exists.")},
			"roles(1): App"},
	})
}

// modifyOps are the operations a service-linked role refuses, with a key and
// value for an ordinary role.
var modifyOps = []struct{ op, key, value string }{
	{"AttachRolePolicy", "arn:aws:iam::aws:policy/AdministratorAccess", ""},
	{"DetachRolePolicy", "AmazonSESServiceRolePolicy", ""},
	{"PutRolePolicy", "extra", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}`},
	{"DeleteRolePolicy", "extra", ""},
	{"UpdateAssumeRolePolicy", "", TrustPolicy("ec2.amazonaws.com")},
	{"PutRolePermissionsBoundary", "arn:aws:iam::aws:policy/ReadOnlyAccess", ""},
	{"DeleteRole", "", ""},
}

func TestEditServiceLinkedRole(t *testing.T) {
	const ses = "AWSServiceRoleForAmazonSES"
	rows := []row{
		{"UpdateRoleDescription changes the description; the name never changes",
			[]step{createSLR("ses.amazonaws.com", "", ""), updateDescription(ses, "Metrics of the newsletter").gives(described(ses, "Metrics of the newsletter")),
				getRole("awsservicerole" + "foramazonses").gives(described(ses, "Metrics of the newsletter"))},
			"roles(1): AWSServiceRoleForAmazonSES"},
		{"UpdateRole changes the description too, and nothing else",
			[]step{createSLR("ses.amazonaws.com", "", ""), updateRole(ses, "Metrics", 0).gives(described(ses, "Metrics")),
				getRole(ses).gives(func(p *play, out any) string {
					r := out.(*Role)
					var was Role
					json.Unmarshal([]byte(p.created[ses]), &was)
					if r.MaxSessionDuration != 3600 || r.RoleId != was.RoleId || r.Arn != was.Arn || !slices.Equal(r.AttachedPolicies, []string{ServicePolicyPrefix + "AmazonSESServiceRolePolicy"}) {
						return "changed beyond the description: " + jsonOf(r)
					}
					return ""
				})},
			"roles(1): AWSServiceRoleForAmazonSES"},
		{"UpdateRole may not change a service-linked role's MaxSessionDuration, nor then its description",
			[]step{createSLR("ses.amazonaws.com", "", ""),
				updateRole(ses, "Metrics", 7200).fails("UnmodifiableEntity: Cannot perform the operation on the protected role 'AWSServiceRoleForAmazonSES' - this role is only modifiable by AWS"),
				getRole(ses).gives(asCreated)},
			"roles(1): AWSServiceRoleForAmazonSES"},
		{"a description over 1000 characters is refused and changes nothing",
			[]step{createSLR("ses.amazonaws.com", "", ""),
				updateDescription(ses, strings.Repeat("d", 1001)).fails("ValidationError: The specified value for description is invalid. It must be at most 1000 characters long."),
				updateDescription(ses, strings.Repeat("d", 1000)).gives(described(ses, strings.Repeat("d", 1000)))},
			"roles(1): AWSServiceRoleForAmazonSES"},
		{"editing a missing role is NoSuchEntity",
			[]step{updateDescription(ses, "x").fails("NoSuchEntity: The role with name AWSServiceRoleForAmazonSES cannot be found."),
				modify("AttachRolePolicy", ses, "x", "").fails("NoSuchEntity: The role with name AWSServiceRoleForAmazonSES cannot be found.")},
			"empty"},
		{"TagRole works once the role exists, and UntagRole",
			[]step{createSLR("ses.amazonaws.com", "", ""),
				tagRole(ses, "team", "mail").gives(answersNothing),
				getRole(ses).gives(func(_ *play, out any) string {
					if got := jsonOf(out.(*Role).Tags); got != `[{"Key":"team","Value":"mail"}]` {
						return "tags " + got
					}
					return ""
				}),
				tagRole(ses, "team", "marketing"), tagRole(ses, "cost", "42"),
				getRole(ses).gives(func(_ *play, out any) string {
					if got := jsonOf(out.(*Role).Tags); got != `[{"Key":"team","Value":"marketing"},{"Key":"cost","Value":"42"}]` {
						return "tags " + got
					}
					return ""
				}),
				untagRole(ses, "team").gives(answersNothing),
				getRole(ses).gives(func(_ *play, out any) string {
					if got := jsonOf(out.(*Role).Tags); got != `[{"Key":"cost","Value":"42"}]` {
						return "tags " + got
					}
					return ""
				})},
			"roles(1): AWSServiceRoleForAmazonSES"},
	}
	for _, m := range modifyOps {
		rows = append(rows, row{m.op + " on a service-linked role: UnmodifiableEntity, the role unchanged",
			[]step{createSLR("ses.amazonaws.com", "", ""),
				modify(m.op, ses, m.key, m.value).fails("UnmodifiableEntity: Cannot perform the operation on the protected role 'AWSServiceRoleForAmazonSES' - this role is only modifiable by AWS"),
				getRole(ses).gives(asCreated)},
			"roles(1): AWSServiceRoleForAmazonSES"})
	}
	runRows(t, Builtin(), rows)
}

func TestEditOrdinaryRole(t *testing.T) {
	app := roleWant{Name: "app", Path: "/", Arn: "arn:aws:iam::111122223333:role/app", MaxSession: 3600, TrustedService: "ec2.amazonaws.com"}
	with := func(f func(*roleWant)) roleWant { w := app; f(&w); return w }
	const doc = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}`
	runRows(t, Builtin(), []row{
		{"AttachRolePolicy then DetachRolePolicy",
			[]step{createRole("app", "/"),
				modify("AttachRolePolicy", "app", "ReadOnlyAccess", "").gives(isRole(with(func(w *roleWant) { w.Policies = []string{"ReadOnlyAccess"} }))),
				modify("DetachRolePolicy", "app", "ReadOnlyAccess", "").gives(isRole(with(func(w *roleWant) { w.Policies = []string{} })))},
			"roles(1): app"},
		{"PutRolePolicy then DeleteRolePolicy",
			[]step{createRole("app", "/"),
				modify("PutRolePolicy", "app", "extra", doc).gives(isRole(with(func(w *roleWant) { w.Inline = map[string]string{"extra": doc} }))),
				modify("DeleteRolePolicy", "app", "extra", "").gives(isRole(with(func(w *roleWant) { w.Inline = map[string]string{} })))},
			"roles(1): app"},
		{"UpdateAssumeRolePolicy replaces the trust policy",
			[]step{createRole("app", "/"),
				modify("UpdateAssumeRolePolicy", "app", "", TrustPolicy("lambda.amazonaws.com")).gives(isRole(with(func(w *roleWant) { w.TrustedService = "lambda.amazonaws.com" })))},
			"roles(1): app"},
		{"PutRolePermissionsBoundary sets the boundary GetRole shows",
			[]step{createRole("app", "/"), modify("PutRolePermissionsBoundary", "app", "arn:aws:iam::aws:policy/ReadOnlyAccess", ""),
				getRole("app").gives(jsonHas(`"PermissionsBoundary":{"PermissionsBoundaryType":"Policy","PermissionsBoundaryArn":"arn:aws:iam::aws:policy/ReadOnlyAccess"}`))},
			"roles(1): app"},
		{"CreateRole takes a description, a session duration, a boundary and tags, checked as UpdateRole checks them",
			[]step{createRoleWith("app", RoleOptions{MaxSessionDuration: 3599}).fails("ValidationError: The requested MaxSessionDuration exceeds the allowed range of 3600 to 43200 seconds."),
				createRoleWith("app", RoleOptions{Description: strings.Repeat("d", 1001)}).fails("ValidationError: The specified value for description is invalid. It must be at most 1000 characters long."),
				createRoleWith("app", RoleOptions{Description: "web tier", MaxSessionDuration: 7200, PermissionsBoundary: "arn:aws:iam::aws:policy/ReadOnlyAccess", Tags: []Tag{{"team", "web"}}}).
					gives(jsonHas(`"Description":"web tier","MaxSessionDuration":7200,"PermissionsBoundary":{"PermissionsBoundaryType":"Policy","PermissionsBoundaryArn":"arn:aws:iam::aws:policy/ReadOnlyAccess"},"Tags":[{"Key":"team","Value":"web"}]`))},
			"roles(1): app"},
		{"DeleteRole deletes it at once",
			[]step{createRole("app", "/"), createRole("other", "/"), modify("DeleteRole", "app", "", ""),
				getRole("app").fails("NoSuchEntity: The role with name app cannot be found.")},
			"roles(1): other"},
		{"attaching a policy twice attaches it once; detaching or deleting a policy the role lacks is NoSuchEntity",
			[]step{createRole("app", "/"), modify("AttachRolePolicy", "app", "ReadOnlyAccess", ""),
				modify("AttachRolePolicy", "app", "ReadOnlyAccess", "").gives(isRole(with(func(w *roleWant) { w.Policies = []string{"ReadOnlyAccess"} }))),
				modify("DetachRolePolicy", "app", "arn:aws:iam::aws:policy/IAMFullAccess", "").fails("NoSuchEntity: Policy arn:aws:iam::aws:policy/IAMFullAccess was not found."),
				modify("DeleteRolePolicy", "app", "extra", "").fails("NoSuchEntity: The role policy with name extra cannot be found.")},
			"roles(1): app"},
		{"DeleteRole refuses a role with policies until they are gone",
			[]step{createRole("app", "/"), modify("AttachRolePolicy", "app", "ReadOnlyAccess", ""), modify("PutRolePolicy", "app", "extra", doc),
				modify("DeleteRole", "app", "", "").fails("DeleteConflict: Cannot delete entity, must detach all policies first."),
				modify("DetachRolePolicy", "app", "ReadOnlyAccess", ""),
				modify("DeleteRole", "app", "", "").fails("DeleteConflict: Cannot delete entity, must delete policies first."),
				modify("DeleteRolePolicy", "app", "extra", ""), modify("DeleteRole", "app", "", "")},
			"empty"},
		{"UpdateRole sets MaxSessionDuration within 3600 to 43200",
			[]step{createRole("app", "/"),
				updateRole("app", "web tier", 43200).gives(isRole(with(func(w *roleWant) { w.Description, w.MaxSession = "web tier", 43200 })))},
			"roles(1): app"},
		{"UpdateRole out of range is refused and changes nothing, the description neither",
			[]step{createRole("app", "/"),
				updateRole("app", "web tier", 43201).fails("ValidationError: The requested MaxSessionDuration exceeds the allowed range of 3600 to 43200 seconds."),
				updateRole("app", "web tier", 3599).fails("ValidationError: The requested MaxSessionDuration exceeds the allowed range of 3600 to 43200 seconds."),
				getRole("app").gives(asCreated)},
			"roles(1): app"},
		{"an unknown operation is refused",
			[]step{createRole("app", "/"), modify("RenameRole", "app", "", "").fails("InvalidAction: Unknown operation RenameRole."), getRole("app").gives(asCreated)},
			"roles(1): app"},
		{"CreateRole checks its path and name",
			[]step{createRole("app", "team").fails("ValidationError: The specified value for path is invalid. It must begin and end with / and contain only alphanumeric characters and/or / characters."),
				createRole("my app", "/").fails("ValidationError: The specified value for roleName is invalid. It must contain only alphanumeric characters and/or the following: +=,.@_-"),
				createRole(strings.Repeat("a", 65), "/").fails("ValidationError: The specified value for roleName is invalid. It must contain only alphanumeric characters and/or the following: +=,.@_-"),
				createRole("a+=,.@_-z", "/team/").gives(named("a+=,.@_-z"))},
			"roles(1): a+=,.@_-z"},
	})
}

func TestServices(t *testing.T) {
	const (
		id1    = "arn:aws:ses:us-east-1:111122223333:identity/example.com"
		id2    = "arn:aws:ses:us-east-1:111122223333:identity/example.org"
		oregon = "arn:aws:ses:us-west-2:111122223333:identity/example.com"
	)
	sesRole := roleWant{Name: "AWSServiceRoleForAmazonSES", Path: "/aws-service-role/ses.amazonaws.com/",
		Arn:         "arn:aws:iam::111122223333:role/aws-service-role/ses.amazonaws.com/AWSServiceRoleForAmazonSES",
		Description: "Allows SES to publish Amazon CloudWatch basic monitoring metrics on behalf of your SES resources.",
		Policies:    []string{ServicePolicyPrefix + "AmazonSESServiceRolePolicy"}, MaxSession: 3600, TrustedService: "ses.amazonaws.com"}
	resource := func(usesRole bool, createdRole *roleWant) func(*play, any) string {
		return func(p *play, out any) string {
			o := out.(resourceOut)
			if o.res == nil || o.res.UsesRole != usesRole {
				return fmt.Sprintf("resource %s, want UsesRole %v", jsonOf(o.res), usesRole)
			}
			switch {
			case createdRole == nil && o.created != nil:
				return "created a role: " + jsonOf(o.created)
			case createdRole != nil:
				return isRole(*createdRole)(p, o.created)
			}
			return ""
		}
	}
	runRows(t, Builtin(), []row{
		{"creating SES resources creates the role, on the caller's behalf, once",
			[]step{createResource("ses.amazonaws.com", "us-east-1", id1).gives(resource(true, &sesRole)),
				createResource("ses.amazonaws.com", "us-east-1", id2).gives(resource(true, nil))},
			"roles(1): AWSServiceRoleForAmazonSES; resources: " + id1 + ", " + id2},
		{"SES has no role in us-west-2: no role is created and the resource uses none",
			[]step{createResource("ses.amazonaws.com", "us-west-2", oregon).gives(resource(false, nil)),
				getRole("AWSServiceRoleForAmazonSES").fails("NoSuchEntity: The role with name AWSServiceRoleForAmazonSES cannot be found.")},
			"resources: " + oregon + " (no role)"},
		{"then a resource in a Region with the role creates it",
			[]step{createResource("ses.amazonaws.com", "us-west-2", oregon).gives(resource(false, nil)),
				createResource("ses.amazonaws.com", "us-east-1", id1).gives(resource(true, &sesRole))},
			"roles(1): AWSServiceRoleForAmazonSES; resources: " + oregon + " (no role), " + id1},
		{"a role created by hand is used, not created again",
			[]step{createSLR("ses.amazonaws.com", "mine", ""), createResource("ses.amazonaws.com", "eu-west-1", id1).gives(resource(true, nil)),
				getRole("AWSServiceRoleForAmazonSES").gives(described("AWSServiceRoleForAmazonSES", "mine"))},
			"roles(1): AWSServiceRoleForAmazonSES; resources: " + id1},
		{"WorkMail is not offered in ap-southeast-2: no endpoint answers, nothing is created",
			[]step{createResource("events.workmail.amazonaws.com", "ap-southeast-2", "arn:aws:workmail:ap-southeast-2:111122223333:organization/m-1").
				fails(`EndpointConnectionError: Could not connect to the endpoint URL: "https://workmail.ap-southeast-2.amazonaws.com/" (events.workmail.amazonaws.com is not offered in ap-southeast-2).`),
				getRole("AWSServiceRoleForAmazonWorkMailEvents").fails("NoSuchEntity: The role with name AWSServiceRoleForAmazonWorkMailEvents cannot be found.")},
			"empty"},
		{"deleting a resource while the service uses the role there fails; after the session ends it goes",
			[]step{createResource("ses.amazonaws.com", "us-east-1", id1), startSession("ses.amazonaws.com", "us-east-1"),
				deleteResource(id1).fails("ResourceInUse: The service ses.amazonaws.com is using its service-linked role in us-east-1 (an active session), so " +
					id1 + " cannot be deleted now. Wait for a few minutes and try the operation again."),
				createResource("ses.amazonaws.com", "us-west-2", oregon), deleteResource(oregon), // uses no role: nothing holds it
				createResource("ses.amazonaws.com", "us-east-1", id2), startSession("ses.amazonaws.com", "eu-west-1"),
				endSession("ses.amazonaws.com", "us-east-1"), deleteResource(id1), deleteResource(id2)}, // a session in eu-west-1 holds nothing in us-east-1
			"roles(1): AWSServiceRoleForAmazonSES; sessions: ses.amazonaws.com@eu-west-1"},
		{"WorkMail has its role in every Region it is offered in",
			[]step{createResource("events.workmail.amazonaws.com", "eu-west-1", "arn:aws:workmail:eu-west-1:111122223333:organization/m-1").gives(func(_ *play, out any) string {
				if o := out.(resourceOut); !o.res.UsesRole || o.created == nil || o.created.RoleName != "AWSServiceRoleForAmazonWorkMailEvents" {
					return "got " + jsonOf(o.res) + " " + jsonOf(o.created)
				}
				return ""
			})},
			"roles(1): AWSServiceRoleForAmazonWorkMailEvents; resources: arn:aws:workmail:eu-west-1:111122223333:organization/m-1"},
		{"a resource of an unknown service, a duplicate and a missing one are refused",
			[]step{createResource("nosuch.amazonaws.com", "us-east-1", "arn:x").fails("InvalidInput: Unknown service principal nosuch.amazonaws.com: the service has no service-linked role."),
				createResource("ses.amazonaws.com", "us-east-1", id1),
				createResource("ses.amazonaws.com", "us-east-1", id1).fails("ResourceInUse: The resource " + id1 + " already exists."),
				deleteResource(id2).fails("ResourceNotFound: The resource " + id2 + " cannot be found."),
				deleteResource(id1), deleteResource(id1).fails("ResourceNotFound: The resource " + id1 + " cannot be found.")},
			"roles(1): AWSServiceRoleForAmazonSES"},
		{"a session needs the role; it starts and ends",
			[]step{startSession("ses.amazonaws.com", "us-east-1").fails("NoSuchEntity: The role with name AWSServiceRoleForAmazonSES cannot be found."),
				createSLR("ses.amazonaws.com", "", ""),
				startSession("ses.amazonaws.com", "us-east-1"), startSession("ses.amazonaws.com", "eu-west-1"),
				endSession("ses.amazonaws.com", "us-east-1"),
				endSession("ses.amazonaws.com", "us-east-1").fails("NoSuchEntity: ses.amazonaws.com has no active session in us-east-1."),
				startSession("nosuch.amazonaws.com", "us-east-1").fails("InvalidInput: Unknown service principal nosuch.amazonaws.com: the service has no service-linked role.")},
			"roles(1): AWSServiceRoleForAmazonSES; sessions: ses.amazonaws.com@eu-west-1"},
	})
}

// TestDeterminism: the same seed and operations give the same ids; another
// seed gives others.
func TestDeterminism(t *testing.T) {
	ids := func(seed uint64) []string {
		a := NewAccount(acct, Builtin(), t0, seed)
		var ids []string
		for _, p := range []string{"lex.amazonaws.com", "ses.amazonaws.com"} {
			r, err := a.CreateServiceLinkedRole(p, "", "")
			if err != nil {
				t.Fatal(err)
			}
			ids = append(ids, r.RoleId)
		}
		r, err := a.CreateRole("app", "/", "", RoleOptions{})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, r.RoleId)
		for _, name := range []string{"AWSServiceRoleForLexBots", "AWSServiceRoleForAmazonSES"} {
			id, err := a.DeleteServiceLinkedRole(name)
			if err != nil {
				t.Fatal(err)
			}
			ids = append(ids, id)
		}
		return ids
	}
	one, again, other := ids(1), ids(1), ids(2)
	if !slices.Equal(one, again) {
		t.Errorf("seed 1 twice:\n%v\n%v", one, again)
	}
	for i := range one {
		if one[i] == other[i] {
			t.Errorf("seeds 1 and 2 both give %s", one[i])
		}
	}
	if len(slices.Compact(slices.Sorted(slices.Values(one)))) != len(one) {
		t.Errorf("ids repeat: %v", one)
	}
}

func TestCatalogWith(t *testing.T) {
	raw := entries
	base := Builtin()
	before := map[string]string{}
	for _, p := range base.Principals() {
		s, _ := base.Lookup(p)
		before[p] = jsonOf(s)
	}

	c, err := base.With(raw(
		`{"servicePrincipal": "rds.amazonaws.com", "usageReportLimit": 5}`,
		`{"servicePrincipal": "ses.amazonaws.com", "regions": ["us-west-2"], "permissions": {"Version": "2012-10-17", "Statement": []}}`,
		`{"servicePrincipal": "lex.amazonaws.com", "customSuffixAllowed": true}`,
		`{"servicePrincipal": "example.amazonaws.com", "roleName": "AWSServiceRoleForExample"}`,
		`{"servicePrincipal": "slow.amazonaws.com", "roleName": "AWSServiceRoleForSlow", "deletionSeconds": 0, "serviceRegions": ["eu-west-3"]}`))
	if err != nil {
		t.Fatal(err)
	}

	t.Run("overriding one field keeps the others", func(t *testing.T) {
		rds, _ := c.Lookup("rds.amazonaws.com")
		var was Service
		json.Unmarshal([]byte(before["rds.amazonaws.com"]), &was)
		if rds.UsageReportLimit == nil || *rds.UsageReportLimit != 5 {
			t.Errorf("usageReportLimit %v", rds.UsageReportLimit)
		}
		was.UsageReportLimit = rds.UsageReportLimit
		if jsonOf(rds) != jsonOf(&was) {
			t.Errorf("rds:\n got %s\nwant %s", jsonOf(rds), jsonOf(&was))
		}
		if ses, _ := c.Lookup("ses.amazonaws.com"); !slices.Equal(ses.Regions, []string{"us-west-2"}) || ses.RoleName != "AWSServiceRoleForAmazonSES" ||
			string(ses.Permissions) != `{"Version": "2012-10-17", "Statement": []}` {
			t.Errorf("ses: %s", jsonOf(ses))
		}
		if lex, _ := c.Lookup("lex.amazonaws.com"); !*lex.CustomSuffixAllowed || lex.ManagedPolicyName != "AmazonLexBotPolicy" {
			t.Errorf("lex: %s", jsonOf(lex))
		}
	})

	t.Run("the catalog it came from is unchanged", func(t *testing.T) {
		for _, p := range base.Principals() {
			if s, _ := base.Lookup(p); jsonOf(s) != before[p] {
				t.Errorf("%s changed:\n got %s\nwant %s", p, jsonOf(s), before[p])
			}
		}
		fresh := Builtin() // nor any other: decoded values may be shared between catalogs
		for _, p := range fresh.Principals() {
			if s, _ := fresh.Lookup(p); jsonOf(s) != before[p] {
				t.Errorf("%s changed in a new Builtin():\n got %s\nwant %s", p, jsonOf(s), before[p])
			}
		}
		if _, ok := base.Lookup("example.amazonaws.com"); ok {
			t.Error("the new service leaked into the base catalog")
		}
	})

	t.Run("a catalog made With can be overridden again, and stays as it was", func(t *testing.T) {
		d, err := c.With(raw(`{"servicePrincipal": "rds.amazonaws.com", "usageReportLimit": 2}`,
			`{"servicePrincipal": "lex.amazonaws.com", "customSuffixAllowed": false}`,
			`{"servicePrincipal": "ses.amazonaws.com", "regions": ["eu-west-3"]}`))
		if err != nil {
			t.Fatal(err)
		}
		for p, want := range map[string][2]string{
			"rds.amazonaws.com": {`"usageReportLimit":5`, `"usageReportLimit":2`},
			"lex.amazonaws.com": {`"customSuffixAllowed":true`, `"customSuffixAllowed":false`},
			"ses.amazonaws.com": {`"regions":["us-west-2"]`, `"regions":["eu-west-3"]`},
		} {
			was, _ := c.Lookup(p)
			now, _ := d.Lookup(p)
			if !strings.Contains(jsonOf(was), want[0]) || !strings.Contains(jsonOf(now), want[1]) {
				t.Errorf("%s: first %s\nthen %s", p, jsonOf(was), jsonOf(now))
			}
		}
	})

	t.Run("a new service gets the defaults", func(t *testing.T) {
		for _, p := range []string{"example.amazonaws.com", "slow.amazonaws.com"} {
			s, ok := c.Lookup(p)
			if !ok || s.DeletionSeconds != 10 || s.Regions != nil || s.UsageReportLimit != nil || s.CustomSuffixAllowed != nil {
				t.Errorf("%s: %s", p, jsonOf(s))
			}
		}
		if len(c.Principals()) != len(base.Principals())+2 {
			t.Errorf("%d services, want %d", len(c.Principals()), len(base.Principals())+2)
		}
	})

	t.Run("accounts use the overrides", func(t *testing.T) {
		runRows(t, c, []row{
			{"the new service's role is created like any other",
				[]step{createSLR("example.amazonaws.com", "", "").gives(isRole(roleWant{Name: "AWSServiceRoleForExample",
					Path: "/aws-service-role/example.amazonaws.com/", Arn: "arn:aws:iam::111122223333:role/aws-service-role/example.amazonaws.com/AWSServiceRoleForExample",
					MaxSession: 3600, TrustedService: "example.amazonaws.com"}))},
				"roles(1): AWSServiceRoleForExample"},
			{"lex now takes a suffix",
				[]step{createSLR("lex.amazonaws.com", "", "web").gives(named("AWSServiceRoleForLexBots_web"))},
				"roles(1): AWSServiceRoleForLexBots_web"},
			{"the new service is offered in eu-west-3 only",
				[]step{createResource("slow.amazonaws.com", "eu-west-3", "arn:aws:slow:eu-west-3:111122223333:thing/a"),
					createResource("slow.amazonaws.com", "us-east-1", "arn:aws:slow:us-east-1:111122223333:thing/b").
						fails(`EndpointConnectionError: Could not connect to the endpoint URL: "https://slow.us-east-1.amazonaws.com/" (slow.amazonaws.com is not offered in us-east-1).`)},
				"roles(1): AWSServiceRoleForSlow; resources: arn:aws:slow:eu-west-3:111122223333:thing/a"},
			{"SES now has its role in us-west-2 only",
				[]step{createResource("ses.amazonaws.com", "us-east-1", "arn:a"), createResource("ses.amazonaws.com", "us-west-2", "arn:b")},
				"roles(1): AWSServiceRoleForAmazonSES; resources: arn:a (no role), arn:b"},
		})
	})

	for _, bad := range []struct {
		entries []string
		err     string
	}{
		{[]string{`"rds.amazonaws.com"`}, "services[0]: an object with a servicePrincipal"},
		{[]string{`{"servicePrincipal": "rds.amazonaws.com"}`, `{"roleName": "X"}`}, "services[1]: an object with a servicePrincipal"},
		{[]string{`{"servicePrincipal": "rds.amazonaws.com"}`, `{"servicePrincipal": "new.amazonaws.com"}`}, "services[1] (new.amazonaws.com): a new service needs a roleName"},
		{[]string{`{"servicePrincipal": "rds.amazonaws.com", "roleName": ""}`}, "services[0] (rds.amazonaws.com): a new service needs a roleName"},
		{[]string{`{"servicePrincipal": "rds.amazonaws.com", "deletionSeconds": "ten"}`}, "services[0] (rds.amazonaws.com): deletionSeconds must be a whole number of seconds, not a string"},
		{[]string{`{"servicePrincipal": "rds.amazonaws.com", "serviceRegions": "us-east-1"}`}, "services[0] (rds.amazonaws.com): serviceRegions must be an array of Region names or null, not a string"},
		{[]string{`{"servicePrincipal": "rds.amazonaws.com", "usageReportLimit": -1}`}, "services[0] (rds.amazonaws.com): usageReportLimit must be null or at least 0"},
	} {
		if c, err := base.With(raw(bad.entries...)); c != nil || err == nil || !strings.HasPrefix(err.Error(), bad.err) {
			t.Errorf("With(%v): %v, %v; want an error starting %q", bad.entries, c, err, bad.err)
		}
	}
}
