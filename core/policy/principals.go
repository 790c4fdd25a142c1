package policy

import (
	"slices"
	"strconv"
	"strings"
)

// PrincipalTypes are the keys of a Principal object.
var PrincipalTypes = []string{"AWS", "Service", "Federated", "CanonicalUser"}

func (v *validator) principals(st *Statement) {
	has := v.pair(st, "Principal", "NotPrincipal", st.Principal.Present(), st.NotPrincipal.Present(), st.NotPrincipal.Span)
	name, pr := "Principal", st.Principal
	if !pr.Present() {
		name, pr = "NotPrincipal", st.NotPrincipal
	}
	switch {
	case v.t == SCP && has:
		v.add("SCP_SYNTAX_ERROR_PRINCIPAL", "SCPs do not support specifying principals. Remove the Principal or NotPrincipal element.", pr.Span)
		return
	case v.t.identityLike() && has:
		v.add("UNSUPPORTED_PRINCIPAL", "The policy type "+v.t.Title()+" does not support the "+name+" element: it applies to whoever it is attached to. Remove the "+name+" element.", pr.Span)
		return
	case v.t.identityLike():
		return
	case !has:
		v.add("MISSING_PRINCIPAL", "Add a Principal element to the policy statement.", st.Span)
		return
	case v.t == Trust && name == "NotPrincipal":
		v.add("ROLE_TRUST_POLICY_SYNTAX_ERROR_NOTPRINCIPAL", "Role trust policies do not support NotPrincipal. Update the policy to use a Principal element instead.", pr.Span)
	case v.t == RCP && (name == "NotPrincipal" || pr.Kind != String || pr.Star.Text != "*"):
		v.add("RCP_SYNTAX_ERROR_PRINCIPAL", `RCPs only support "*" as the value of the Principal element. Use "Principal": "*" and narrow with conditions.`, pr.Span)
		return
	case name == "NotPrincipal" && st.Effect.Text == "Allow":
		v.add("ALLOW_WITH_NOT_PRINCIPAL", "Using Allow with NotPrincipal can be overly permissive. We recommend that you use Principal instead.", pr.Span)
	}
	v.principal(pr)
}

// principal checks the form of "*" or {"AWS": ..., "Service": ...}.
func (v *validator) principal(pr Principal) {
	switch pr.Kind {
	case String:
		if pr.Star.Text != "*" {
			v.add("INVALID_PRINCIPAL_FORMAT", "The Principal element contents are not valid: "+strconv.Quote(pr.Star.Text)+`. Use "*" or a key-value pair such as {"AWS": "arn:aws:iam::111122223333:root"}.`, pr.Span)
		} else if v.t == Trust {
			v.add("ROLE_TRUST_POLICY_UNSUPPORTED_WILDCARD_IN_PRINCIPAL", `"Principal": "*" is not supported in a role trust policy. Name the principals that may assume the role.`, pr.Span)
		}
		return
	case Object:
	default:
		v.add("INVALID_PRINCIPAL_FORMAT", "The Principal element contents are not valid: "+pr.Kind.String()+". Specify a key-value pair in the Principal element.", pr.Span)
		return
	}
	if len(pr.Entries) == 0 {
		v.add("EMPTY_OBJECT_PRINCIPAL", "The Principal object is empty and does not affect the policy. Add principals or remove the element.", pr.Span)
	}
	for _, e := range pr.Entries {
		typ := e.Type.Text
		if !slices.Contains(PrincipalTypes, typ) {
			v.add("INVALID_PRINCIPAL_KEY", "The principal key "+strconv.Quote(typ)+" is not valid. Use AWS, Service, Federated or CanonicalUser."+v.didYouMean(typ, PrincipalTypes), e.Type.Span)
			continue
		}
		if !v.list(e.Values, "principal", "EMPTY_ARRAY_PRINCIPAL") {
			continue
		}
		for _, it := range e.Values.Items {
			if HasVariable(it.Text) {
				v.add("VARIABLE_UNSUPPORTED_IN_ELEMENT", "Policy variables are not supported in the Principal element: "+strconv.Quote(it.Text)+".", it.Span)
				continue
			}
			if msg := principalProblem(typ, it.Text); msg != "" {
				code := "INVALID_PRINCIPAL_FORMAT"
				switch {
				case typ == "Service":
					code = "INVALID_SERVICE_PRINCIPAL_FORMAT"
				case it.Text != "*" && hasWildcard(it.Text):
					code = "UNSUPPORTED_WILDCARD_IN_PRINCIPAL"
				}
				v.add(code, msg, it.Span)
			}
		}
	}
}

// principalProblem returns what is wrong with one principal value, or "".
func principalProblem(typ, s string) string {
	if s != "*" && hasWildcard(s) {
		return "Wildcards (*, ?) are not supported with the principal key " + typ + ": " + strconv.Quote(s) + ". Use \"*\" alone or name the principal; use conditions such as aws:PrincipalArn with ArnLike to match many."
	}
	switch typ {
	case "AWS":
		if s == "*" || len(s) == 12 && isDigits(s) {
			return ""
		}
		if a, ok := SplitARN(s); ok && (a.Service == "iam" || a.Service == "sts") && validAccount(a.Account) && a.Account != "" {
			return ""
		}
		return "The AWS principal " + strconv.Quote(s) + " is not valid. Use an account ID (111122223333), or the ARN of an account root, user, role or assumed-role session."
	case "Service":
		if s == "*" || strings.HasSuffix(s, ".amazonaws.com") || strings.HasSuffix(s, ".amazonaws.com.cn") || strings.HasSuffix(s, ".amazon.com") {
			if s == strings.ToLower(s) {
				return ""
			}
		}
		return "The service principal " + strconv.Quote(s) + " does not match the expected format service-name.amazonaws.com (lower case)."
	case "Federated":
		if a, ok := SplitARN(s); ok {
			if a.Service == "iam" && (strings.HasPrefix(a.Resource, "saml-provider/") || strings.HasPrefix(a.Resource, "oidc-provider/")) {
				return ""
			}
			return "The federated principal " + strconv.Quote(s) + " is not valid: use a SAML or OIDC provider ARN, or a provider domain such as cognito-identity.amazonaws.com."
		}
		if s != "" && !strings.ContainsAny(s, " /:") && strings.Contains(s, ".") {
			return ""
		}
		return "The federated principal " + strconv.Quote(s) + " is not valid: use a provider domain or a SAML or OIDC provider ARN."
	case "CanonicalUser":
		if len(s) == 64 && strings.Trim(strings.ToLower(s), "0123456789abcdef") == "" {
			return ""
		}
		return "The canonical user ID " + strconv.Quote(s) + " is not valid: it is 64 hexadecimal characters."
	}
	return ""
}

// rcpServices are the services whose actions RCPs may name.
var rcpServices = []string{"s3", "sts", "sqs", "secretsmanager", "kms", "dynamodb", "ecr", "aoss", "cognito-identity", "logs"}

// typeRules checks what one policy type asks beyond the common grammar.
func (v *validator) typeRules(st *Statement) {
	switch v.t {
	case Trust:
		v.trustPrincipalActions(st)
	case RCP:
		if st.NotAction.Present() {
			v.add("RCP_SYNTAX_ERROR_NOTACTION", "RCPs do not support NotAction. Use Action with the actions to deny.", st.NotAction.Span)
		}
		for _, a := range st.Action.Items {
			svc, _, _ := strings.Cut(strings.ToLower(a.Text), ":")
			if a.Text != "*" && !slices.Contains(rcpServices, svc) {
				v.add("RCP_SYNTAX_ERROR_ACTION", "RCPs support only the services "+strings.Join(rcpServices, ", ")+": "+strconv.Quote(a.Text)+" is not one of their actions.", a.Span)
			}
		}
		if st.Effect.Text == "Allow" && !(isStar(st.Action) && isStar(st.Resource) && !st.Condition.Present()) {
			v.add("RCP_SYNTAX_ERROR_ALLOW", `RCPs only support Allow with "Principal": "*", "Action": "*", "Resource": "*" and no Condition (RCPFullAWSAccess). Use Deny statements.`, st.Effect.Span)
		}
	}
}

// trustPrincipalActions checks that a federated principal is paired with the
// assume action its provider uses, and that a statement naming only AWS and
// service principals does not grant the federated ones.
func (v *validator) trustPrincipalActions(st *Statement) {
	federated := false
	for _, e := range st.Principal.Entries {
		if e.Type.Text != "Federated" {
			continue
		}
		federated = true
		for _, it := range e.Values.Items {
			want := "sts:AssumeRoleWithWebIdentity"
			if strings.Contains(it.Text, ":saml-provider/") {
				want = "sts:AssumeRoleWithSAML"
			}
			if st.Action.Present() && !covers(st.Action, want) {
				v.add("MISMATCHED_ACTION_FOR_PRINCIPAL", "The federated principal "+strconv.Quote(it.Text)+" needs the action "+want+" in this statement.", st.Action.Span)
				return
			}
		}
	}
	if federated || len(st.Principal.Entries) == 0 {
		return
	}
	for _, a := range st.Action.Items {
		if strings.EqualFold(a.Text, "sts:AssumeRoleWithSAML") || strings.EqualFold(a.Text, "sts:AssumeRoleWithWebIdentity") {
			v.add("MISMATCHED_ACTION_FOR_PRINCIPAL", a.Text+" is for federated principals (SAML or OIDC providers); AWS and service principals assume a role with sts:AssumeRole.", a.Span)
		}
	}
}

// isStar reports whether a list holds "*".
func isStar(l List) bool {
	for _, it := range l.Items {
		if it.Text == "*" {
			return true
		}
	}
	return false
}

// covers reports whether a list of action patterns matches action.
func covers(l List, action string) bool {
	for _, it := range l.Items {
		if WildcardMatch(it.Text, action, true) {
			return true
		}
	}
	return false
}

// WildcardMatch matches s against an IAM pattern where * is any run of
// characters and ? one character, optionally ignoring ASCII case. It runs in
// O(len(pattern)·len(s)) at worst without recursion; the evaluator compiles
// its own matchers and this serves lint's short action names.
func WildcardMatch(pattern, s string, fold bool) bool {
	p, i, star, mark := 0, 0, -1, 0
	for i < len(s) {
		switch {
		case p < len(pattern) && pattern[p] == '*': // before the literal case: '*' in s is text
			star, mark = p, i
			p++
		case p < len(pattern) && (pattern[p] == '?' || sameByte(pattern[p], s[i], fold)):
			p++
			i++
		case star >= 0:
			p, mark = star+1, mark+1
			i = mark
		default:
			return false
		}
	}
	for p < len(pattern) && pattern[p] == '*' {
		p++
	}
	return p == len(pattern)
}

func sameByte(a, b byte, fold bool) bool {
	if a == b {
		return true
	}
	if !fold {
		return false
	}
	if a >= 'A' && a <= 'Z' {
		a += 'a' - 'A'
	}
	if b >= 'A' && b <= 'Z' {
		b += 'a' - 'A'
	}
	return a == b
}

// security adds the warnings about statements that grant more than their
// author likely meant.
func (v *validator) security(st *Statement) {
	// SCPs, RCPs and boundaries only limit; a trust policy has no NotAction
	// worth the name: the warnings below are about granting.
	if st.Effect.Text != "Allow" || v.t != Identity && v.t != Session && v.t != Resource {
		return
	}
	if st.NotAction.Present() {
		v.add("ALLOW_WITH_NOT_ACTION", "Allow with NotAction grants every action not listed, in every service, including ones added later. List the actions to allow instead.", st.NotAction.Span)
	}
	if st.NotResource.Present() {
		v.add("ALLOW_WITH_NOT_RESOURCE", "Allow with NotResource grants access to every resource not listed, including resources created later. List the resources to allow instead.", st.NotResource.Span)
	}
	if v.t != Identity && v.t != Session {
		return
	}
	starRes := isStar(st.Resource)
	if isStar(st.Action) && starRes && !st.Condition.Present() {
		v.add("FULL_ACCESS", `This statement allows every action on every resource ("*" on "*"): full administrator access. Grant only the actions and resources needed.`, st.Action.Span)
	}
	v.broadAction(st, "iam:PassRole", "PASS_ROLE", "iam:PassedToService",
		"Using the iam:PassRole action with wildcards (*) in the resource can be overly permissive because it allows iam:PassRole permissions on multiple resources. We recommend that you specify resource ARNs or add the iam:PassedToService condition key to your statement.")
	v.broadAction(st, "iam:CreateServiceLinkedRole", "CREATE_SLR", "iam:AWSServiceName",
		"Using the iam:CreateServiceLinkedRole action with wildcards (*) in the resource can be overly permissive because it allows creating the service-linked role of every service. We recommend that you specify resource ARNs or add the iam:AWSServiceName condition key to your statement.")
}

// broadAction reports an Allow of a sensitive action on every resource
// (PASS_ROLE_WITH_STAR_IN_RESOURCE and its kin), unless the statement limits
// it with the condition key made for it. The finding points at the action and
// at the resource.
func (v *validator) broadAction(st *Statement, action, prefix, key, msg string) {
	var hit *Value
	for j := range st.Action.Items {
		if a := st.Action.Items[j].Text; a != "" && (a[0] == '*' || sameByte(a[0], action[0], true)) && WildcardMatch(a, action, true) {
			hit = &st.Action.Items[j]
			break
		}
	}
	if hit == nil || hasKey(st.Condition, key) {
		return
	}
	// A wildcard over the whole service ("*", "iam:*") is "star in action".
	svc, _, _ := strings.Cut(action, ":")
	starAction := hit.Text == "*" || strings.EqualFold(hit.Text, svc+":*")
	var code string
	where := st.NotResource.Span
	switch {
	case isStar(st.Resource):
		code = "_WITH_STAR_IN_RESOURCE"
		if starAction {
			code = "_WITH_STAR_IN_ACTION_AND_RESOURCE"
		}
		for _, it := range st.Resource.Items {
			if it.Text == "*" {
				where = it.Span
			}
		}
	case st.NotResource.Present():
		code = "_WITH_NOT_RESOURCE"
		if starAction {
			code = "_WITH_STAR_IN_ACTION_AND_NOT_RESOURCE"
		}
	default:
		return
	}
	v.add(prefix+code, msg, hit.Span, where)
}

// hasKey reports whether a condition tests key, under any operator.
func hasKey(c Condition, key string) bool {
	for _, b := range c.Blocks {
		for _, k := range b.Keys {
			if strings.EqualFold(k.Key.Text, key) {
				return true
			}
		}
	}
	return false
}
