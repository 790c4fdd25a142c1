package scenario

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"slrplay/core/diag"
	"slrplay/core/eval"
	"slrplay/core/jsontext"
	"slrplay/core/policy"
	awsref "slrplay/core/reference" // paths.go has its own reference
	"slrplay/core/slr"
)

// Transcript is a run's record (CONTRACT 2.4).
type Transcript struct {
	Title string       `json:"title"`
	OK    bool         `json:"ok"`
	Steps []StepResult `json:"steps"`
}

// StepResult is one step of a transcript.
type StepResult struct {
	Index         int              `json:"index"`
	As            string           `json:"as"`
	Op            string           `json:"op"`
	Note          string           `json:"note,omitempty"`
	Authorization *eval.CaseResult `json:"authorization,omitempty"`
	Output        map[string]any   `json:"output,omitempty"`
	Error         *slr.Error       `json:"error,omitempty"`
	Expect        *ExpectResult    `json:"expect,omitempty"`
	State         State            `json:"state"`
}

// ExpectResult says whether a step gave what it expected.
type ExpectResult struct {
	OK     bool   `json:"ok"`
	Detail string `json:"detail,omitempty"`
}

// State is the account after a step.
type State struct {
	Clock         time.Time           `json:"clock"`
	Roles         []RoleState         `json:"roles"`
	DeletionTasks []*slr.DeletionTask `json:"deletionTasks"`
	Resources     []*slr.Resource     `json:"resources"`
	Sessions      []*slr.Session      `json:"sessions"`
}

// RoleState is a role as the transcript shows it.
type RoleState struct {
	RoleName      string    `json:"RoleName"`
	Arn           string    `json:"Arn"`
	Description   string    `json:"Description,omitempty"`
	ServiceLinked bool      `json:"ServiceLinked"`
	Tags          []slr.Tag `json:"Tags,omitempty"`
	// RoleLastUsed is the role's last use once there is one: what the
	// console's delete dialog shows ("review the last accessed information").
	RoleLastUsed *slr.RoleLastUsed `json:"RoleLastUsed,omitempty"`
}

// A run's transcript repeats the document (a principal's ARN in every
// denial, a role's path in every state after it): a 1 MB document could
// make a transcript of a gigabyte. The transcript is bounded instead, in
// bytes of its JSON (CONTRACT 2.4), far above any lesson's (the gallery's
// largest is 36 KB) and low enough that a run's memory stays within tens of
// megabytes on the page as on the command line. A run that would pass a
// bound is refused at the step that passes it.
const (
	// MaxTranscript is the most a transcript's steps may hold together.
	MaxTranscript = 8 << 20
	// MaxStepRecord is the most one step's record (request, decision,
	// output, error, state) may hold.
	MaxStepRecord = 1 << 20
)

// Run replays the scenario and records what happened. A run whose
// transcript would pass MaxTranscript, or one of whose steps would pass
// MaxStepRecord, is refused: an *Error at the step.
func (s *Scenario) Run() (*Transcript, error) {
	acct := slr.NewAccount(s.Doc.Account, s.catalog, s.start, s.Doc.Seed)
	if s.Doc.RoleQuota > 0 {
		acct.Quota = s.Doc.RoleQuota
	}
	t := &Transcript{Title: s.Doc.Title, OK: true, Steps: []StepResult{}}
	l := &lookup{}
	prepared := map[string]*eval.Policy{}
	sessions := map[string]session{}
	var z sizer
	size := 0 // the transcript's so far
	for i, st := range s.Doc.Steps {
		r := &runner{s: s, acct: acct, step: st, prepared: prepared, sessions: sessions}
		res := StepResult{Index: i, As: st.As, Op: st.Op, Note: st.Note}
		in, err := l.resolve(st.Input)
		switch err := err.(type) {
		case nil:
			r.in, _ = in.(map[string]any)
			res.Output, res.Error, res.Authorization = r.do()
		case *slr.Error:
			res.Error = err
		default:
			return nil, s.refuse(i, err.Error())
		}
		if st.Expect != nil {
			res.Expect, err = l.check(st.Expect, &res)
			if err != nil {
				return nil, s.refuse(i, err.Error())
			}
			t.OK = t.OK && res.Expect.OK
		}
		res.State = snapshot(acct)
		n := z.size(&res)
		if n > MaxStepRecord {
			return nil, s.refuse(i, "its record in the transcript is "+strconv.Itoa(n)+" bytes; a step's is at most "+strconv.Itoa(MaxStepRecord)+" (1 MiB): the step repeats too much of the document")
		}
		if size += n; size > MaxTranscript {
			return nil, s.refuse(i, "the transcript passes "+strconv.Itoa(MaxTranscript)+" bytes (8 MiB) here: the steps repeat too much of the document; shorten what they repeat, or split the scenario")
		}
		l.steps = append(l.steps, res)
		t.Steps = append(t.Steps, res)
	}
	return t, nil
}

// sizer measures the records of a transcript, in bytes of JSON. Deletion
// tasks accumulate in every step's state and change rarely: each is written
// once per value, not once per step.
type sizer struct {
	buf   []byte
	tasks map[slr.DeletionTask]int
}

// size is the length of res.AppendJSON.
func (z *sizer) size(res *StepResult) int {
	tasks := res.State.DeletionTasks
	res.State.DeletionTasks = []*slr.DeletionTask{} // written [], and its elements measured below
	z.buf = res.AppendJSON(z.buf[:0])
	res.State.DeletionTasks = tasks
	n := len(z.buf)
	if z.tasks == nil {
		z.tasks = map[slr.DeletionTask]int{}
	}
	for i, t := range tasks {
		m, ok := z.tasks[*t]
		if !ok {
			z.buf = t.AppendJSON(z.buf[:0])
			m = len(z.buf)
			z.tasks[*t] = m
		}
		n += m
		if i > 0 {
			n++ // the comma
		}
	}
	return n
}

// Check reports what Load or Run would refuse in a document, as an *Error
// at its place: what a share link must not carry, since a link that cannot
// open is never made (CONTRACT 5). core/share, which must not import the
// evaluator, checks only the document's shape.
func Check(name string, text []byte) error {
	s, err := Load(name, text)
	if err == nil {
		_, err = s.Run()
	}
	return err
}

// refuse is an error at step i of the document.
func (s *Scenario) refuse(i int, msg string) *Error {
	return &Error{Pos: s.Source.Pos(s.Doc.Steps[i].at), File: s.Source.Name, Message: "step " + strconv.Itoa(i) + ": " + msg}
}

type runner struct {
	s        *Scenario
	acct     *slr.Account
	step     Step
	in       map[string]any
	prepared map[string]*eval.Policy // the policies of services and roles, by text, for the whole run
	sessions map[string]session      // the role sessions begun by sts:AssumeRole, by ARN
}

// session is a role session's own part: the session policy its
// sts:AssumeRole passed (nil: none), and when its credentials expire.
type session struct {
	policy  *eval.Policy
	expires time.Time
}

// policy prepares a policy text of the account once per run; nil when it
// does not validate.
func (r *runner) policy(id, text string, t policy.Type) *eval.Policy {
	key := t.String() + "\x00" + text
	if p, ok := r.prepared[key]; ok {
		return p
	}
	p, _, _ := eval.PrepareJSON(id, text, t)
	r.prepared[key] = p
	return p
}

func (r *runner) str(key string) string {
	switch v := r.in[key].(type) {
	case string:
		return v
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64)
	}
	return ""
}

// do runs the step: authorize, then apply.
func (r *runner) do() (map[string]any, *slr.Error, *eval.CaseResult) {
	a := r.acct
	op := r.step.Op
	region := r.s.Doc.Region
	if reg := r.str("Region"); reg != "" {
		region = reg
	}
	switch op {
	case "clock:Advance":
		sec, _ := r.in["Seconds"].(float64) // from 0 to MaxAdvance: Load checks
		d := time.Duration(sec * float64(time.Second))
		if a.Now.Add(d).After(MaxClock) {
			return nil, &slr.Error{Code: "ValidationError", Message: "The scenario's clock stops at " + MaxClock.Format(time.RFC3339) + ": " + a.Now.Format(time.RFC3339) + " plus " + strconv.FormatFloat(sec, 'f', -1, 64) + " seconds passes it."}, nil
		}
		a.Advance(d)
		return map[string]any{"Clock": a.Now}, nil, nil
	case "service:Call":
		return r.serviceCall()
	case "aws:Call":
		return r.awsCall()
	}
	// The resource the request is about, and keys only some ops carry.
	var resource string
	extra := map[string][]string{}
	roleName := r.str("RoleName")
	switch op {
	case "iam:CreateServiceLinkedRole":
		if _, tagged := r.in["Tags"]; tagged {
			return nil, &slr.Error{Code: "ValidationError", Message: createTagsRefused}, nil
		}
		svc := r.str("AWSServiceName")
		extra["iam:AWSServiceName"] = []string{svc}
		resource = a.RoleARN(slr.PathPrefix+svc+"/", r.roleNameFor(svc, r.str("CustomSuffix")))
	case "iam:GetServiceLinkedRoleDeletionStatus":
		if t, ok := a.Task(r.str("DeletionTaskId")); ok {
			roleName = t.RoleName
		}
		resource = r.roleARN(roleName)
	case "iam:ListRoles":
		resource = a.RoleARN("/", "*")
	case "iam:CreateRole":
		path := r.str("Path")
		if path == "" {
			path = "/"
		}
		resource = a.RoleARN(path, roleName)
		requestTagKeys(tags(r.in["Tags"]), extra)
	case "sts:AssumeRole":
		if err := checkSessionName(r.in["RoleSessionName"]); err != nil {
			return nil, err, nil
		}
		resource = r.str("RoleArn")
		roleName = resource[strings.LastIndexByte(resource, '/')+1:]
	case "iam:TagRole":
		resource = r.roleARN(roleName)
		requestTagKeys(tags(r.in["Tags"]), extra)
	case "iam:UntagRole":
		resource = r.roleARN(roleName)
		extra["aws:TagKeys"] = strs(r.in["TagKeys"])
	case "service:CreateResource", "service:DeleteResource", "service:StartSession", "service:EndSession":
		return r.serviceSide(region)
	default:
		resource = r.roleARN(roleName)
	}
	var trust *eval.Policy
	if op == "sts:AssumeRole" {
		arn, isARN := policy.SplitARN(resource)
		if !isARN {
			return nil, &slr.Error{Code: "ValidationError", Message: "RoleArn is the ARN of the role to assume (arn:aws:iam::" + a.ID + ":role/NAME), not " + string(jsontext.Marshal(resource)) + "."}, nil
		}
		if arn.Account != a.ID {
			return nil, &slr.Error{Code: "NotSimulated", Message: "The role " + resource + " is not in the scenario's account " + a.ID +
				": the playground simulates one account, so a cross-account role is outside it (its trust policy, in the other account, would have to allow the caller too)."}, nil
		}
		role, ok := a.Role(roleName)
		if ok && !strings.EqualFold(role.Arn, resource) { // the name of a role that is there, on another path
			ok = false
		}
		if !ok {
			return nil, &slr.Error{Code: "NoSuchEntity", Message: "The role with name " + roleName + " cannot be found."}, nil
		}
		trust = r.trustPolicy(role)
	}
	auth, err := r.authorize(op, resource, region, extra, trust)
	if err != nil {
		return nil, err, nil
	}
	if auth != nil && auth.EvalDecision != eval.Allowed {
		return nil, r.denied(op, resource, auth), auth
	}
	out, err := r.apply(op, roleName)
	return out, err, auth
}

// createTagsRefused is the answer to CreateServiceLinkedRole with Tags: the
// API takes no tags (the IAM guide: "You cannot attach tags to
// service-linked roles during creation"); TagRole adds them afterwards.
const createTagsRefused = "You cannot attach tags to service-linked roles during creation. Tag the role with TagRole once it exists."

// apply runs an authorized IAM or STS operation.
func (r *runner) apply(op, roleName string) (map[string]any, *slr.Error) {
	a := r.acct
	switch op {
	case "iam:CreateServiceLinkedRole":
		role, err := a.CreateServiceLinkedRole(r.str("AWSServiceName"), r.str("Description"), r.str("CustomSuffix"))
		return wrap(role, err)
	case "iam:UpdateRoleDescription":
		role, err := a.UpdateRoleDescription(roleName, r.str("Description"))
		return wrap(role, err)
	case "iam:UpdateRole":
		ms, _ := strconv.Atoi(r.str("MaxSessionDuration"))
		role, err := a.UpdateRole(roleName, r.str("Description"), ms)
		return wrap(role, err)
	case "iam:DeleteServiceLinkedRole":
		id, err := a.DeleteServiceLinkedRole(roleName)
		if err != nil {
			return nil, err
		}
		return map[string]any{"DeletionTaskId": id}, nil
	case "iam:GetServiceLinkedRoleDeletionStatus":
		t, err := a.GetServiceLinkedRoleDeletionStatus(r.str("DeletionTaskId"))
		if err != nil {
			return nil, err
		}
		out := map[string]any{"Status": t.Status}
		if t.Reason != nil {
			out["Reason"] = toMap(t.Reason)
		}
		return out, nil
	case "iam:GetRole":
		role, err := a.GetRole(roleName)
		if err != nil {
			return nil, err
		}
		return map[string]any{"Role": toMap(role)}, nil // with RoleLastUsed, as only GetRole has it
	case "iam:ListRoles":
		// AWS's ListRoles leaves out each role's Tags, PermissionsBoundary
		// and RoleLastUsed (GetRole has them), and says whether the list
		// goes on.
		roles := []any{}
		for _, role := range a.ListRoles(r.str("PathPrefix")) {
			m := listed(role)
			delete(m, "Tags")
			delete(m, "PermissionsBoundary")
			roles = append(roles, m)
		}
		return map[string]any{"Roles": roles, "IsTruncated": false}, nil
	case "iam:ListAttachedRolePolicies":
		list, err := a.ListAttachedRolePolicies(roleName)
		if err != nil {
			return nil, err
		}
		policies := []any{}
		for _, p := range list {
			policies = append(policies, toMap(p))
		}
		return map[string]any{"AttachedPolicies": policies, "IsTruncated": false}, nil
	case "iam:CreateRole":
		if _, err := r.document("AssumeRolePolicyDocument", policy.Trust); err != nil {
			return nil, err
		}
		ms, _ := strconv.Atoi(r.str("MaxSessionDuration"))
		role, err := a.CreateRole(roleName, r.str("Path"), r.str("AssumeRolePolicyDocument"), slr.RoleOptions{
			Description: r.str("Description"), MaxSessionDuration: ms, PermissionsBoundary: r.str("PermissionsBoundary"), Tags: tags(r.in["Tags"])})
		return wrap(role, err)
	case "iam:TagRole": // AWS answers both with an empty body
		return nothing(a.TagRole(roleName, tags(r.in["Tags"])))
	case "iam:UntagRole":
		return nothing(a.UntagRole(roleName, strs(r.in["TagKeys"])))
	case "sts:AssumeRole":
		return r.assumeRole(roleName)
	}
	// The operations a service-linked role refuses. Those of an ordinary
	// role that store a policy check it first.
	if role, found := a.Role(roleName); found && role.Service == "" && (op == "iam:PutRolePolicy" || op == "iam:UpdateAssumeRolePolicy") {
		t := policy.Identity
		if op == "iam:UpdateAssumeRolePolicy" {
			t = policy.Trust
		}
		if _, err := r.document("PolicyDocument", t); err != nil {
			return nil, err
		}
	}
	key := r.str("PolicyArn")
	if key == "" {
		key = r.str("PolicyName")
	}
	if op == "iam:PutRolePermissionsBoundary" {
		key = r.str("PermissionsBoundary")
	}
	// AWS answers each of them with an empty body.
	_, err := a.Modify(strings.TrimPrefix(op, "iam:"), roleName, key, r.str("PolicyDocument"))
	return nothing(err)
}

// checkSessionName checks AssumeRole's RoleSessionName as AWS does: it is
// required, 2 to 64 of the characters a-z A-Z 0-9 _ + = , . @ -.
func checkSessionName(v any) *slr.Error {
	name, ok := v.(string)
	switch {
	case v == nil:
		return &slr.Error{Code: "ValidationError", Message: "Missing required parameter in input: \"RoleSessionName\" (the session's name: its ARN is arn:aws:sts::ACCOUNT:assumed-role/ROLE/RoleSessionName)"}
	case !ok || len(name) < 2 || len(name) > 64 || strings.Trim(name, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_+=,.@-") != "":
		value := string(jsontext.Marshal(v))
		if ok {
			value = "'" + name + "'"
		}
		return &slr.Error{Code: "ValidationError", Message: "1 validation error detected: Value " + value +
			" at 'roleSessionName' failed to satisfy constraint: Member must have length between 2 and 64 and satisfy regular expression pattern: [\\w+=,.@-]*"}
	}
	return nil
}

// assumeRole begins a role session, authorized: the session's ARN, its
// session policy (AssumeRole's Policy) and when its credentials expire
// (DurationSeconds, 900 up to the role's MaxSessionDuration; an hour by
// default), for the steps that act as it.
func (r *runner) assumeRole(roleName string) (map[string]any, *slr.Error) {
	a := r.acct
	name := r.str("RoleSessionName")
	arn := "arn:aws:sts::" + a.ID + ":assumed-role/" + roleName + "/" + name
	seconds := 3600
	if _, given := r.in["DurationSeconds"]; given {
		d, _ := r.in["DurationSeconds"].(float64)
		if d < 900 || d != float64(int(d)) {
			return nil, &slr.Error{Code: "ValidationError", Message: "1 validation error detected: Value '" + r.str("DurationSeconds") + "' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 900"}
		}
		if role, ok := a.Role(roleName); ok && int(d) > role.MaxSessionDuration {
			return nil, &slr.Error{Code: "ValidationError", Message: "The requested DurationSeconds exceeds the MaxSessionDuration set for this role."}
		}
		seconds = int(d)
	}
	var sp *eval.Policy
	if v, given := r.in["Policy"]; given && v != "" { // not left out silently when it is not a string: the session would have the role's every permission
		var err *slr.Error
		if sp, err = r.document("Policy", policy.Session); err != nil {
			return nil, err
		}
	}
	expires := a.Now.Add(time.Duration(seconds) * time.Second)
	r.sessions[arn] = session{policy: sp, expires: expires}
	// AWS's answer, but for the secrets: the playground signs nothing, so
	// Credentials holds only when they expire.
	role, _ := a.Role(roleName)
	return map[string]any{"AssumedRoleUser": map[string]any{"AssumedRoleId": role.RoleId + ":" + name, "Arn": arn},
		"Credentials": map[string]any{"Expiration": expires}}, nil
}

// document reads a policy parameter of an IAM or STS call (a
// PolicyDocument, an AssumeRolePolicyDocument, AssumeRole's Policy): a
// JSON string, as AWS's API takes it, holding a valid policy of type t.
// Anything else is AWS's error, so that no policy is stored, or a session
// begun, that would later grant nothing (or everything) in silence.
func (r *runner) document(param string, t policy.Type) (*eval.Policy, *slr.Error) {
	v := r.in[param]
	text, ok := v.(string)
	if !ok {
		return nil, &slr.Error{Code: "ValidationError", Message: param + " is the " + t.Title() + " as a JSON string, as AWS's API takes it, not " + string(jsontext.Marshal(v))}
	}
	p, findings, _ := eval.PrepareJSON(t.Title(), text, t)
	if p != nil {
		return p, nil
	}
	msg := "The " + t.Title() + " is not a valid policy."
	for _, f := range findings {
		if f.Severity == diag.Error {
			msg = "The " + t.Title() + " is not a valid policy: " + f.Message
			break
		}
	}
	return nil, &slr.Error{Code: "MalformedPolicyDocument", Message: msg}
}

// serviceSide runs an operation of a service's own: a resource or a session.
// Creating a resource may create the role on the caller's behalf, which the
// caller must be allowed to do.
func (r *runner) serviceSide(region string) (map[string]any, *slr.Error, *eval.CaseResult) {
	a := r.acct
	svc := r.str("Service")
	switch r.step.Op {
	case "service:CreateResource":
		s, ok := a.Catalog.Lookup(svc)
		if !ok {
			return nil, &slr.Error{Code: "InvalidInput", Message: "Unknown service principal " + svc + ": the service has no service-linked role."}, nil
		}
		var auth *eval.CaseResult
		if _, exists := a.Role(s.RoleName); !exists && s.SupportsRegion(region) {
			resource := a.RoleARN(slr.PathPrefix+svc+"/", s.RoleName)
			var err *slr.Error
			if auth, err = r.authorize("iam:CreateServiceLinkedRole", resource, region, map[string][]string{"iam:AWSServiceName": {svc}}, nil); err != nil {
				return nil, err, nil
			}
			if auth != nil && auth.EvalDecision != eval.Allowed {
				return nil, r.denied("iam:CreateServiceLinkedRole", resource, auth), auth
			}
		}
		res, created, err := a.CreateResource(svc, region, r.str("ResourceArn"), tags(r.in["Tags"]))
		if err != nil {
			return nil, err, auth
		}
		out := map[string]any{"Resource": toMap(res)}
		if created != nil {
			out["CreatedRole"] = listed(created)
		}
		return out, nil, auth
	case "service:DeleteResource":
		deleted, err := a.DeleteResource(r.str("ResourceArn"))
		if err != nil {
			return nil, err, nil
		}
		if deleted != nil { // the service deleted its role with its last resource
			return map[string]any{"DeletedRole": deleted.RoleName}, nil, nil
		}
	case "service:StartSession":
		if err := a.StartSession(svc, region); err != nil {
			return nil, err, nil
		}
	case "service:EndSession":
		if err := a.EndSession(svc, region); err != nil {
			return nil, err, nil
		}
	}
	return map[string]any{}, nil, nil
}

// serviceCall is a service acting with its role's permissions: the caller
// reaches, through the service, what the role may do.
func (r *runner) serviceCall() (map[string]any, *slr.Error, *eval.CaseResult) {
	a := r.acct
	svc := r.str("Service")
	s, ok := a.Catalog.Lookup(svc)
	if !ok {
		return nil, &slr.Error{Code: "InvalidInput", Message: "Unknown service principal " + svc + ": the service has no service-linked role."}, nil
	}
	role, ok := a.Role(s.RoleName)
	if !ok {
		return nil, &slr.Error{Code: "NoSuchEntity", Message: "The role with name " + s.RoleName + " cannot be found."}, nil
	}
	// The service assumes its role to act: that is the role's last use, in
	// the Region of the resource acted on (the scenario's for a global one).
	region := r.s.Doc.Region
	if parts := strings.SplitN(r.str("Resource"), ":", 5); len(parts) == 5 && parts[3] != "" {
		region = parts[3]
	}
	a.UseRole(svc, region)
	var set eval.Set
	if s.Permissions != "" {
		if p := r.policy(s.ManagedPolicyName, s.Permissions, policy.Identity); p != nil {
			set.Identity = []*eval.Policy{p}
		}
	}
	ctx := eval.Context{}
	if m, ok := r.in["Context"].(map[string]any); ok {
		for _, k := range sortedKeys(m) {
			ctx.Add(k, strs(m[k])...)
		}
	}
	principal := "arn:aws:sts::" + a.ID + ":assumed-role/" + role.RoleName + "/" + strings.SplitN(svc, ".", 2)[0]
	req := eval.NewRequest(principal, r.str("Action"), r.str("Resource"), "", ctx)
	var res eval.Result
	set.Evaluate(req, &res, eval.Options{})
	auth := eval.NewCaseResult("", &res)
	if res.Decision != eval.Allowed {
		return nil, r.denied(r.str("Action"), r.str("Resource"), auth), auth
	}
	return map[string]any{"Allowed": true}, nil, auth
}

// awsCall is the principal's own call of any AWS action (CONTRACT 2.1):
// IAM authorizes it with the runner's context (CONTRACT 2.3), the tags of
// the resource when the scenario created it (aws:ResourceTag/KEY), the
// call's own Tags or TagKeys (aws:RequestTag/KEY, aws:TagKeys: see
// requestTags), and the step's Context. A request that cannot happen in AWS (an action not in its
// catalog, a resource that is none of the action's types) is refused before
// IAM is asked, as slrplay eval does. The call changes nothing: AWS's
// services are not simulated beyond their authorization.
func (r *runner) awsCall() (map[string]any, *slr.Error, *eval.CaseResult) {
	action, resource := r.str("Action"), r.str("Resource")
	if resource == "" {
		resource = "*"
	}
	cat := awsref.Default()
	if cat == nil { // the page before it loads the catalog: no silent "allowed" for a call AWS would refuse
		return nil, &slr.Error{Code: "ServiceUnavailable", Message: notLoaded}, nil
	}
	if errs := eval.CheckRequest(cat, action, resource); len(errs) > 0 {
		code := "ValidationError"
		if errs[0].IssueCode == "UNKNOWN_ACTION" {
			code = "InvalidAction" // AWS's answer to an action it does not have
		}
		return nil, &slr.Error{Code: code, Message: errs[0].FindingDetails}, nil
	}
	// The request goes to the endpoint of the Region asked for, else the
	// resource's, else the scenario's.
	region := r.str("Region")
	if parts := strings.SplitN(resource, ":", 5); region == "" && len(parts) == 5 {
		region = parts[3]
	}
	if region == "" {
		region = r.s.Doc.Region
	}
	extra := map[string][]string{}
	if err := requestTags(cat.Action(action), r.in, extra); err != nil {
		return nil, err, nil
	}
	if m, ok := r.in["Context"].(map[string]any); ok {
		for k, v := range m {
			extra[k] = strs(v)
		}
	}
	for _, res := range r.acct.Resources() {
		if res.Arn == resource {
			for _, t := range res.Tags {
				extra["aws:ResourceTag/"+t.Key] = []string{t.Value}
			}
		}
	}
	auth, err := r.authorize(action, resource, region, extra, nil)
	if err != nil {
		return nil, err, nil
	}
	if auth.EvalDecision != eval.Allowed { // Load makes the caller a principal of the scenario: auth is never nil
		return nil, r.denied(action, resource, auth), auth
	}
	return map[string]any{}, nil, auth
}

// requestTags adds to extra the keys a call's own tags give (CONTRACT
// 2.3): for Tags, [{"Key": ..., "Value": ...}] as TagResource and the
// creates that tag take them, aws:RequestTag/KEY for each tag and
// aws:TagKeys their keys; for TagKeys, the keys UntagResource removes, as
// aws:TagKeys. AWS sends these keys only with a call that carries tags: a
// call without either sends neither. An action whose reference lists
// neither key takes no tags, so a call of it that carries some is refused,
// as the API refuses a parameter it does not take.
func requestTags(a *awsref.Action, in map[string]any, extra map[string][]string) *slr.Error {
	refuse := func(msg string) *slr.Error { return &slr.Error{Code: "ValidationError", Message: msg} }
	tagList, hasTags := in["Tags"]
	keyList, hasKeys := in["TagKeys"]
	switch {
	case hasTags && hasKeys:
		return refuse("A call carries Tags (as TagResource does) or TagKeys (as UntagResource does), not both.")
	case hasTags:
		if !a.SupportsKey("aws:RequestTag/key") {
			return refuse(a.FullName() + " takes no tags: AWS's reference lists no aws:RequestTag key for it, so no request of it carries Tags.")
		}
		list, _ := tagList.([]any)
		given := tags(tagList)
		if len(list) == 0 || len(given) != len(list) || slices.ContainsFunc(given, func(t slr.Tag) bool { return t.Key == "" }) {
			return refuse("Tags is a list of tags, each {\"Key\": \"...\", \"Value\": \"...\"} with a Key, not " + string(jsontext.Marshal(tagList)) + ".")
		}
		requestTagKeys(given, extra)
	case hasKeys:
		if !a.SupportsKey("aws:TagKeys") {
			return refuse(a.FullName() + " takes no tag keys: AWS's reference lists no aws:TagKeys key for it, so no request of it carries TagKeys.")
		}
		list, _ := keyList.([]any)
		keys := make([]string, 0, len(list))
		for _, k := range list {
			if s, ok := k.(string); ok && s != "" {
				keys = append(keys, s)
			}
		}
		if len(keys) == 0 || len(keys) != len(list) {
			return refuse("TagKeys is a list of tag keys, each a non-empty string, not " + string(jsontext.Marshal(keyList)) + ".")
		}
		extra["aws:TagKeys"] = keys
	}
	return nil
}

// requestTagKeys adds the keys a request that adds tags sends:
// aws:RequestTag/KEY for each tag, and aws:TagKeys their keys; none for a
// request without tags.
func requestTagKeys(tags []slr.Tag, extra map[string][]string) {
	if len(tags) == 0 {
		return
	}
	keys := make([]string, len(tags))
	for i, t := range tags {
		extra["aws:RequestTag/"+t.Key] = []string{t.Value}
		keys[i] = t.Key
	}
	extra["aws:TagKeys"] = keys
}

// notLoaded answers an aws:Call made before AWS's catalog of actions is
// there to check it against (on the page, until it has fetched it).
const notLoaded = "AWS's catalog of actions has not loaded yet, so this call cannot be checked against it: run the scenario again once it has."

// authorize evaluates a request of the step's principal, with the context
// of CONTRACT 2.3. A service principal acting for itself is not authorized
// here (nil), except by a trust policy for sts:AssumeRole. A role session
// whose credentials are unknown or expired gets AWS's error instead.
func (r *runner) authorize(action, resource, region string, extra map[string][]string, trust *eval.Policy) (*eval.CaseResult, *slr.Error) {
	a := r.acct
	ctx := eval.Context{}
	ctx.Add("aws:CurrentTime", a.Now.Format(time.RFC3339))
	ctx.Add("aws:EpochTime", strconv.FormatInt(a.Now.Unix(), 10))
	ctx.Add("aws:RequestedRegion", region)
	ctx.Add("aws:SecureTransport", "true")
	for _, k := range sortedKeys(extra) {
		ctx.Add(k, extra[k]...)
	}
	var set eval.Set
	var principal string
	if act, ok := r.s.principals[r.step.As]; ok {
		principal = act.arn
		set.Identity, set.Boundary, set.SCPs = act.policies, act.boundary, r.s.scps
		principalArn := act.arn
		if act.role != "" {
			var err *slr.Error
			if principalArn, err = r.session(act, &set); err != nil {
				return nil, err
			}
		}
		ctx.Add("aws:PrincipalArn", principalArn)
		acct, _ := policy.SplitARN(act.arn)
		ctx.Add("aws:PrincipalAccount", acct.Account)
		if strings.Contains(act.arn, ":user/") {
			ctx.Add("aws:username", act.arn[strings.LastIndexByte(act.arn, '/')+1:])
		}
		if act.mfa {
			ctx.Add("aws:MultiFactorAuthPresent", "true")
			ctx.Add("aws:MultiFactorAuthAge", strconv.FormatInt(int64(a.Now.Sub(r.s.start).Seconds()), 10))
		}
	} else {
		principal = r.step.As // a service principal
		if trust == nil {
			return nil, nil
		}
	}
	set.Resource = trust
	req := eval.NewRequest(principal, action, resource, "", ctx)
	var res eval.Result
	set.Evaluate(req, &res, eval.Options{})
	return eval.NewCaseResult("", &res), nil
}

// session gives a role session's request its policies: the role's inline
// policies as they are now, and the session policy of the sts:AssumeRole
// that began it. It returns aws:PrincipalArn, which for a session is the
// role's ARN. A session no sts:AssumeRole began, or one whose credentials
// expired, is AWS's error; so is a role whose permissions come from managed
// policies, whose documents the playground does not have.
func (r *runner) session(act *actor, set *eval.Set) (string, *slr.Error) {
	s, ok := r.sessions[act.arn]
	if !ok {
		return "", &slr.Error{Code: "InvalidClientTokenId", Message: "The security token included in the request is invalid. (No sts:AssumeRole of this scenario began the session " + act.arn + ".)"}
	}
	if !r.acct.Now.Before(s.expires) { // expired at its Expiration
		return "", &slr.Error{Code: "ExpiredToken", Message: "The security token included in the request is expired"}
	}
	set.Identity, set.Boundary, set.Session = nil, nil, s.policy
	role, ok := r.acct.Role(act.role)
	if !ok { // deleted since: the session keeps no permissions of its own
		return r.acct.RoleARN("/", act.role), nil
	}
	if len(role.AttachedPolicies) > 0 {
		return "", &slr.Error{Code: "NotSimulated", Message: "The role " + role.RoleName + " has managed policies attached (" + strings.Join(role.AttachedPolicies, ", ") + "), whose documents the playground does not have: give the role its permissions with iam:PutRolePolicy to act as its session."}
	}
	if b := role.PermissionsBoundary; b != nil {
		return "", &slr.Error{Code: "NotSimulated", Message: "The role " + role.RoleName + " has the permissions boundary " + b.PermissionsBoundaryArn +
			", a managed policy whose document the playground does not have, so it cannot limit the session as AWS would: act as the session of a role without one."}
	}
	for _, name := range sortedKeys(role.InlinePolicies) {
		if p := r.policy(role.RoleName+"."+name, role.InlinePolicies[name], policy.Identity); p != nil {
			set.Identity = append(set.Identity, p)
		}
	}
	return role.Arn, nil
}

// trustPolicy prepares a role's trust policy.
func (r *runner) trustPolicy(role *slr.Role) *eval.Policy {
	return r.policy("resource", role.AssumeRolePolicyDocument, policy.Trust)
}

// denied is AWS's AccessDenied for a decision, ending as AWS's does for
// the gate that refused.
func (r *runner) denied(action, resource string, auth *eval.CaseResult) *slr.Error {
	who := r.step.As
	if act, ok := r.s.principals[who]; ok {
		who = act.arn
	}
	var refusal eval.Refusal // the identity gate, if the result names none
	if auth.DeniedBy != nil {
		refusal = *auth.DeniedBy
	}
	return &slr.Error{Code: "AccessDenied", Message: "User: " + who + " is not authorized to perform: " + action + " on resource: " + resource + " " + refusal.Ending(action)}
}

// roleARN is the ARN of a role by name, also when it does not exist (yet,
// or any more): a service-linked role's name tells its service's path.
func (r *runner) roleARN(name string) string {
	if role, ok := r.acct.Role(name); ok {
		return role.Arn
	}
	if s, ok := r.acct.Catalog.ByRoleName(name); ok {
		return r.acct.RoleARN(slr.PathPrefix+s.ServicePrincipal+"/", name)
	}
	return r.acct.RoleARN("/", name)
}

func (r *runner) roleNameFor(svc, suffix string) string {
	if s, ok := r.acct.Catalog.Lookup(svc); ok {
		return slr.ServiceRoleName(s, suffix)
	}
	return "*"
}

// snapshot copies the account's state for the transcript.
func snapshot(a *slr.Account) State {
	st := State{Clock: a.Now, Roles: []RoleState{}, DeletionTasks: []*slr.DeletionTask{}, Resources: []*slr.Resource{}, Sessions: []*slr.Session{}}
	for _, r := range a.Roles() {
		rs := RoleState{RoleName: r.RoleName, Arn: r.Arn, Description: r.Description, ServiceLinked: r.Service != "", Tags: append([]slr.Tag(nil), r.Tags...)}
		if r.RoleLastUsed.LastUsedDate != nil {
			used := r.RoleLastUsed
			rs.RoleLastUsed = &used
		}
		st.Roles = append(st.Roles, rs)
	}
	for _, t := range a.Tasks() {
		c := *t
		st.DeletionTasks = append(st.DeletionTasks, &c)
	}
	for _, r := range a.Resources() {
		c := *r
		st.Resources = append(st.Resources, &c)
	}
	for _, s := range a.Sessions() {
		c := *s
		st.Sessions = append(st.Sessions, &c)
	}
	return st
}

// nothing is the output of an operation whose AWS answer has no fields.
func nothing(err *slr.Error) (map[string]any, *slr.Error) {
	if err != nil {
		return nil, err
	}
	return map[string]any{}, nil
}

// wrap gives an operation's role its output shape: {"Role": {...}}.
func wrap(role *slr.Role, err *slr.Error) (map[string]any, *slr.Error) {
	if err != nil {
		return nil, err
	}
	return map[string]any{"Role": listed(role)}, nil
}

// listed is a role as every operation but GetRole returns it: without
// RoleLastUsed, which AWS returns only from GetRole (and
// GetAccountAuthorizationDetails).
func listed(role *slr.Role) map[string]any {
	m := toMap(role)
	delete(m, "RoleLastUsed")
	return m
}
