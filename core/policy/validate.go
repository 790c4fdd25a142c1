package policy

import (
	"strconv"
	"strings"

	"slrplay/core/diag"
	"slrplay/core/reference"
)

// Auto asks Lint to choose the policy type with DetectType.
const Auto Type = 255

// Lint parses src, validates it as a policy of type t (Auto: detected), and
// returns the document, the type used, and every finding with its position.
func Lint(src *diag.Source, t Type) (*Document, Type, diag.List) {
	d, syntax := parse(src)
	if t == Auto {
		t = DetectType(d)
	}
	grammar, catalog := validate(d, t, reference.Default())
	return d, t, merge(src, len(src.Text), syntax, grammar, catalog)
}

// Validate checks a parsed document against the grammar of policy type t and
// Access Analyzer's checks, those against AWS's catalog included when there
// is one (reference.Default). Findings carry byte spans; List.Resolve turns
// them into positions. A Broken document gets no findings here: its syntax
// errors came from Parse.
func Validate(d *Document, t Type) diag.List {
	grammar, catalog := Check(d, t)
	return append(grammar, catalog...)
}

// Check is Validate with the findings apart: the grammar's, which make a
// policy one IAM refuses to store, and the catalog's (an unknown action or
// condition key, a key no action supports...), which IAM accepts: the
// evaluator refuses a policy for the first and evaluates it as AWS would
// despite the second.
func Check(d *Document, t Type) (grammar, catalog diag.List) {
	g, c := validate(d, t, reference.Default())
	return g.list, c.list
}

func validate(d *Document, t Type, cat *reference.Catalog) (grammar, catalog collector) {
	if d.Broken {
		return collector{}, collector{}
	}
	v := validator{d: d, t: t, vars: d.SubstitutesVariables(), suggestions: 100, cat: cat}
	v.document()
	sids := map[string]int{}
	for i := range d.Statements {
		v.statement(i)
		if sid := d.Statements[i].Sid; sid.Kind == String && sid.Text != "" {
			if first, dup := sids[sid.Text]; dup {
				code := "UNIQUE_SIDS_REQUIRED"
				if t == Resource || t == Trust {
					code = "UNIQUE_SIDS_RECOMMENDED"
				}
				v.add(code, "The statement ID "+strconv.Quote(sid.Text)+" is already used by statement "+strconv.Itoa(first)+". Give every statement its own Sid.", sid.Span)
			} else {
				sids[sid.Text] = i
			}
		}
	}
	return v.out, v.catalog
}

type validator struct {
	d    *Document
	t    Type
	vars bool // Version 2012-10-17: policy variables are substituted
	out  collector
	// cat is AWS's catalog, nil when there is none: its checks' findings
	// go to catalog.
	cat     *reference.Catalog
	catalog collector
	// suggestions left to make: "did you mean" searches cost, and a hostile
	// document can ask for millions.
	suggestions int
	scratch     catalogScratch
}

// add records a finding at sp (and at more places, if any); the paths are
// worked out from the places.
func (v *validator) add(code, msg string, sp diag.Span, more ...diag.Span) {
	v.addTo(&v.out, nil, code, msg, sp, more...)
}

// addDoc records a finding about the whole document, whose place may be that
// of its only statement.
func (v *validator) addDoc(code, msg string, sp diag.Span) {
	v.addTo(&v.out, diag.Path{}, code, msg, sp)
}

func (v *validator) addTo(out *collector, path diag.Path, code, msg string, sp diag.Span, more ...diag.Span) {
	if out.full() {
		out.add(diag.Finding{Severity: severities[code]})
		return
	}
	if path == nil {
		path = v.d.PathAt(sp)
	}
	f := diag.Finding{Severity: severities[code], Code: code, Message: msg, Link: LearnMore(code), Path: path, Span: sp}
	for _, m := range more {
		f.More = append(f.More, diag.Place{Path: v.d.PathAt(m), Span: m})
	}
	out.add(f)
}

func (v *validator) document() {
	d := v.d
	switch d.Form {
	case FormStatement, FormStatements:
		v.addDoc("STATEMENT_WITHOUT_POLICY", `These are statements without the policy document around them. They were read as {"Version": "2012-10-17", "Statement": [...]}; write that around them before using them in AWS.`, d.Span)
	default:
		switch {
		case !d.Version.Present():
			v.addDoc("MISSING_VERSION", `We recommend that you specify the Version element: "Version": "2012-10-17". Without it, policy variables are read as literal text.`, head(d.Span))
		case d.Version.Kind != String || d.Version.Text != "2012-10-17" && d.Version.Text != "2008-10-17":
			v.add("INVALID_VERSION", "The version "+show(d.Version)+" is not valid. Use one of the following versions: 2012-10-17, 2008-10-17.", d.Version.Span)
		}
		if d.ID.Present() && d.ID.Kind != String {
			v.add("DATA_TYPE_MISMATCH", "The text does not match the expected JSON data type string: Id is a string.", d.ID.Span)
		}
		v.unknown(d.Unknown, policyElements, "policy")
		v.repeated(d.Repeated, "policy")
		switch {
		case d.StatementKind == Missing:
			v.addDoc("MISSING_STATEMENT", "Add a statement to the policy.", head(d.Span))
		case d.StatementKind != Array && d.StatementKind != Object:
			v.add("DATA_TYPE_MISMATCH", "The text does not match the expected JSON data type: Statement is an array of statement objects, not "+d.StatementKind.String()+".", d.StatementSpan)
		case len(d.Statements) == 0:
			v.add("MISSING_STATEMENT", "Add a statement to the policy: the Statement array is empty.", d.StatementSpan)
		}
	}
	v.size()
}

// head is the first character of a span, where "missing" findings point.
func head(sp diag.Span) diag.Span { return diag.Span{Start: sp.Start, End: min(sp.End, sp.Start+1)} }

// show writes a value for a message: a string in quotes, anything else as written.
func show(val Value) string {
	switch val.Kind {
	case String:
		return strconv.Quote(val.Text)
	case Number, Bool:
		return val.Text
	}
	return val.Kind.String()
}

func (v *validator) unknown(keys []Value, known []string, where string) {
	for _, k := range keys {
		v.add("INVALID_POLICY_ELEMENT", "The policy element "+strconv.Quote(k.Text)+" is not valid in a "+where+"."+v.didYouMean(k.Text, known), k.Span)
	}
}

func (v *validator) repeated(keys []Value, where string) {
	for _, k := range keys {
		v.add("DUPLICATE_KEY", "The element "+strconv.Quote(k.Text)+" appears more than once in this "+where+". AWS reads only one of them: merge them into one.", k.Span)
	}
}

// quotas are the size limits of each policy type, in characters without
// white space outside strings, with the check that reports going over.
var quotas = map[Type]struct {
	limit int
	code  string
}{
	Identity: {6144, "POLICY_SIZE_EXCEEDS_IDENTITY_POLICY_QUOTA"},
	Boundary: {6144, "POLICY_SIZE_EXCEEDS_IDENTITY_POLICY_QUOTA"}, // a boundary is a managed policy
	Trust:    {2048, "POLICY_SIZE_EXCEEDS_ROLE_TRUST_POLICY_QUOTA"},
	SCP:      {5120, "POLICY_SIZE_EXCEEDS_SCP_QUOTA"},
	RCP:      {5120, "POLICY_SIZE_EXCEEDS_RCP_QUOTA"},
	Session:  {2048, "POLICY_SIZE_EXCEEDS_SESSION_POLICY_QUOTA"},
}

func (v *validator) size() {
	q, ok := quotas[v.t]
	if !ok {
		return
	}
	if len(v.d.Text) <= q.limit {
		return
	}
	if n := minifiedLen(v.d.Text); n > q.limit {
		v.addDoc(q.code, "The policy is "+strconv.Itoa(n)+" characters long without white space; the quota for this policy type ("+v.t.Title()+") is "+strconv.Itoa(q.limit)+".", head(v.d.Span))
	}
}

// minifiedLen counts the characters of JSON text outside white space that
// is not inside strings, as AWS measures policy size.
func minifiedLen(text string) int {
	n, inString, escaped := 0, false, false
	for _, r := range text {
		switch {
		case inString:
			n++
			if escaped {
				escaped = false
			} else if r == '\\' {
				escaped = true
			} else if r == '"' {
				inString = false
			}
		case r == ' ' || r == '\t' || r == '\n' || r == '\r':
		default:
			n++
			inString = r == '"'
		}
	}
	return n
}

func (v *validator) statement(i int) {
	st := &v.d.Statements[i]
	if st.NotObject != Missing {
		v.add("DATA_TYPE_MISMATCH", "The text does not match the expected JSON data type: each statement is an object, not "+st.NotObject.String()+".", st.Span)
		return
	}
	v.unknown(st.Unknown, statementElements, "statement")
	v.repeated(st.Repeated, "statement")
	v.sid(st)
	v.effect(st)
	v.actions(st)
	v.resources(st)
	v.principals(st)
	v.condition(st)
	v.typeRules(st)
	v.security(st)
	if v.cat != nil {
		v.catalogChecks(st)
	}
}

func (v *validator) sid(st *Statement) {
	sid := st.Sid
	switch {
	case !sid.Present():
	case sid.Kind != String:
		v.add("DATA_TYPE_MISMATCH", "The text does not match the expected JSON data type string: Sid is a string.", sid.Span)
	case sid.Text == "":
		v.add("EMPTY_SID_VALUE", "Add a value to the empty string in the Sid element.", sid.Span)
	case v.t != Resource && v.t != Trust && !isAlnum(sid.Text):
		v.add("UNSUPPORTED_SID", "Update the characters in the Sid element to use one of the following character types: [a-z, A-Z, 0-9]. A "+v.t.Title()+" allows no others.", sid.Span)
	}
}

func isAlnum(s string) bool {
	for i := range len(s) {
		c := s[i]
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') {
			return false
		}
	}
	return true
}

func (v *validator) effect(st *Statement) {
	e := st.Effect
	switch {
	case !e.Present():
		v.add("MISSING_EFFECT", "Add an Effect element to the policy statement with a value of Allow or Deny.", st.Span)
	case e.Kind != String:
		v.add("INVALID_EFFECT", "The effect "+show(e)+" is not valid. Use Allow or Deny (a string).", e.Span)
	case e.Text != "Allow" && e.Text != "Deny":
		v.add("INVALID_EFFECT", "The effect "+strconv.Quote(e.Text)+" is not valid. Use Allow or Deny."+v.didYouMean(e.Text, []string{"Allow", "Deny"}), e.Span)
	}
}

// pair reports two elements that exclude each other, and says whether exactly
// one of them is present.
func (v *validator) pair(st *Statement, a, b string, hasA, hasB bool, spanB diag.Span) bool {
	if hasA && hasB {
		v.add("UNSUPPORTED_ELEMENT_COMBINATION", "The policy elements "+a+" and "+b+" can not be used in the same statement. Remove one of them.", spanB)
	}
	return hasA || hasB
}

// list checks the shape of a string-or-array element and returns whether its
// items are worth checking one by one.
func (v *validator) list(l List, name, emptyCode string) bool {
	switch l.Kind {
	case Missing:
		return false
	case String, Array:
	default:
		v.add("DATA_TYPE_MISMATCH", "The text does not match the expected JSON data type: "+name+" is a string or an array of strings, not "+l.Kind.String()+".", l.Span)
		return false
	}
	if l.Kind == Array && len(l.Items) == 0 {
		v.add(emptyCode, "This statement includes no "+name+" values and does not affect the policy. Add values or remove the "+name+" element.", l.Span)
		return false
	}
	ok := true
	for _, it := range l.Items {
		if it.Kind != String {
			v.add("DATA_TYPE_MISMATCH", "The text does not match the expected JSON data type string: "+name+" values are strings, not "+show(it)+".", it.Span)
			ok = false
		}
	}
	return ok
}

func (v *validator) actions(st *Statement) {
	if !v.pair(st, "Action", "NotAction", st.Action.Present(), st.NotAction.Present(), st.NotAction.Span) {
		v.add("MISSING_ACTION", "Add an Action or NotAction element to the policy statement.", st.Span)
	}
	v.eachString(st.Action, "Action", "EMPTY_ARRAY_ACTION", func(a Value) { v.action(a, "Action") })
	v.eachString(st.NotAction, "NotAction", "EMPTY_ARRAY_ACTION", func(a Value) { v.action(a, "NotAction") })
}

// eachString checks the shape of a string-or-array element, then each of its
// string items with check.
func (v *validator) eachString(l List, name, emptyCode string, check func(Value)) {
	v.list(l, name, emptyCode)
	for _, it := range l.Items {
		if it.Kind == String {
			check(it)
		}
	}
}

// action checks the form service:ActionName.
func (v *validator) action(a Value, element string) {
	if a.Text == "*" {
		return
	}
	colon, ok := actionForm(a.Text)
	switch {
	case !ok && HasVariable(a.Text):
		v.add("VARIABLE_UNSUPPORTED_IN_ELEMENT", "Policy variables are not supported in the "+element+" element: remove ${...} from "+strconv.Quote(a.Text)+". Variables work in Resource and in condition values.", a.Span)
	case !ok:
		v.add("INVALID_ACTION", "The action "+strconv.Quote(a.Text)+" is not valid. Write actions as service:ActionName, for example s3:GetObject, with * and ? as wildcards.", a.Span)
	case v.t == SCP:
		if i := strings.IndexByte(a.Text[colon:], '*'); i >= 0 && colon+i != len(a.Text)-1 {
			v.add("SCP_SYNTAX_ERROR_ACTION_WILDCARD", "SCP actions can have wildcard (*) only at the end of a string: "+strconv.Quote(a.Text)+". Update the action.", a.Span)
		}
	}
}

// actionChars marks the bytes of service prefixes and action names
// (wildcards included); '_' appears in action names only.
var actionChars = func() (t [256]bool) {
	for c := range t {
		t[c] = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '*' || c == '?'
	}
	return t
}()

// actionForm checks the form service:ActionName in one pass and returns the
// offset of the colon.
func actionForm(s string) (colon int, ok bool) {
	colon = -1
	for i := range len(s) {
		switch c := s[i]; {
		case actionChars[c]:
		case c == ':' && colon < 0:
			colon = i
		case c == '_' && colon >= 0:
		default:
			return colon, false
		}
	}
	return colon, colon > 0 && colon < len(s)-1
}

func (v *validator) resources(st *Statement) {
	present := v.pair(st, "Resource", "NotResource", st.Resource.Present(), st.NotResource.Present(), st.NotResource.Span)
	switch {
	case v.t == Trust && present:
		name, sp := "Resource", st.Resource.Span
		if !st.Resource.Present() {
			name, sp = "NotResource", st.NotResource.Span
		}
		v.add("ROLE_TRUST_POLICY_SYNTAX_ERROR_RESOURCE", "Role trust policies apply to the role they are attached to: remove the "+name+" element.", sp)
		return
	case v.t != Trust && !present:
		v.add("MISSING_RESOURCE", "Add a Resource or NotResource element to the policy statement.", st.Span)
	}
	v.eachString(st.Resource, "Resource", "EMPTY_ARRAY_RESOURCE", v.resource)
	v.eachString(st.NotResource, "NotResource", "EMPTY_ARRAY_RESOURCE", v.resource)
}

// resource checks a Resource value: "*" or an ARN, variables allowed.
func (v *validator) resource(r Value) {
	v.variables(r)
	if r.Text == "*" {
		return
	}
	if code, msg := checkARN(r.Text); code != "" {
		v.add(code, msg, r.Span)
	}
}

// variables checks the ${...} in a string where variables are allowed.
// Under an older Version the text is literal: one warning says so, and
// nothing in it is an error.
func (v *validator) variables(val Value) {
	if !HasVariable(val.Text) {
		return
	}
	ForEachVariable(val.Text, func(x Variable, problem string) bool {
		sp := subSpan(val, x.Start, x.End)
		text := val.Text[x.Start:x.End]
		switch {
		case !v.vars:
			v.add("VARIABLE_IGNORED_IN_VERSION", text+" is read as literal text: policy variables need \"Version\": \"2012-10-17\".", sp)
			return false
		case problem != "":
			v.add(problem, variableMessages[problem]+" ("+text+")", sp)
		case x.Escape():
		case !knownVariable(x.Name):
			v.add("UNKNOWN_POLICY_VARIABLE", text+" is not a variable AWS fills in; with no value in the request it matches nothing."+v.didYouMean(x.Name, awsKeyNames), sp)
		}
		return true
	})
}

var variableMessages = map[string]string{
	"MISSING_BRACE_IN_VARIABLE":     "The policy variable is missing a closing curly brace. Add } after the variable text.",
	"EMPTY_VARIABLE":                "Empty policy variable. Remove the ${ } variable structure or provide a variable within the structure.",
	"UNSUPPORTED_SPACE_IN_VARIABLE": "A space is not supported within the policy variable name. Remove the space.",
	"MISSING_QUOTE_IN_VARIABLE":     "The policy variable default value must be in single quotes: ${name, 'default'}.",
}

// subSpan is the span of bytes [start, end) of a string value's text, or the
// whole value when escapes or wrapping make the text differ from the source.
func subSpan(val Value, start, end int) diag.Span {
	if val.Span.End-val.Span.Start != len(val.Text)+2 {
		return val.Span
	}
	return diag.Span{Start: val.Span.Start + 1 + start, End: val.Span.Start + 1 + end}
}
