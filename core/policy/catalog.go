package policy

import (
	_ "embed"
	"slices"
	"strconv"
	"strings"
	"sync"

	"slrplay/core/diag"
	"slrplay/core/reference"
)

// The checks against AWS's vocabulary, the Service Authorization Reference
// (core/reference): services, actions and condition keys that do not exist,
// keys no action of a statement supports, operators of the wrong type for a
// key, wildcards in an ARN's service, redundant actions. They run only when
// a catalog is at hand (reference.Default: on the page, once it is loaded);
// without one, lint gives the grammar's findings alone.
//
// IAM stores a policy that names an unknown action or key (the action then
// matches nothing): these findings are the catalog's, kept apart from the
// grammar's (Check), and an evaluation lists them as warnings rather than
// refusing the policy.

// unlistedText lists what AWS's own managed policies name that the
// reference lacks (gen_unlisted.go, `make catalog`): "service deepracer",
// "action budgets:CreateBudget", "key catalog:ChangeType".
//
//go:embed unlisted.txt
var unlistedText string

// unlisted is unlistedText as a set of lines, ASCII letters in lower case.
var unlisted = sync.OnceValue(func() map[string]bool {
	m := map[string]bool{}
	for _, l := range strings.Split(unlistedText, "\n") {
		if l != "" && l[0] != '#' {
			m[string(appendLower(nil, l))] = true
		}
	}
	return m
})

// Unlisted reports whether AWS's managed policies name the service, action
// or condition key (kind "service", "action" or "key"), which the reference
// lacks: a name AWS knows, not a typo. Lint asks for every action and key,
// so the question is put without allocating.
func Unlisted(kind, name string) bool {
	var buf [128]byte
	line := appendLower(append(appendLower(buf[:0], kind), ' '), name)
	return unlisted()[string(line)]
}

// appendLower appends s to b with ASCII letters in lower case.
func appendLower(b []byte, s string) []byte {
	for i := range len(s) {
		c := s[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		b = append(b, c)
	}
	return b
}

// unlistedMsg ends the message of a name the reference lacks but AWS's own
// managed policies or guides use.
func unlistedMsg(source string) string {
	return "AWS's own managed policies or guides name it, so IAM accepts it, but the Service Authorization Reference (" + source + ") does not list it: a retired service or an action the reference has dropped. It is checked no further."
}

// catalogChecks runs the catalog's checks on a statement.
func (v *validator) catalogChecks(st *Statement) {
	acts := v.statementActions(st)
	v.redundantActions(st.Action, v.scratch.items)
	if v.t != Trust {
		for _, r := range st.Resource.Items {
			v.arnService(r)
		}
		for _, r := range st.NotResource.Items {
			v.arnService(r)
		}
	}
	if st.Condition.Kind == Object {
		for i := range st.Condition.Blocks {
			b := &st.Condition.Blocks[i]
			if b.Kind != Object || !b.Op.Known {
				continue
			}
			for j := range b.Keys {
				v.catalogKey(b, &b.Keys[j], acts)
			}
		}
	}
}

// stmtActions are the reference's actions a statement's Action names, or
// any = true when it may name others too (NotAction, "*", a wildcard over
// services, a name the reference lacks): then no check may assume it knows
// all the statement's actions.
type stmtActions struct {
	list []*reference.Action
	any  bool
}

// catalogScratch is the space the catalog's checks reuse from one
// statement to the next, so that a lint allocates little.
type catalogScratch struct {
	acts             []*reference.Action
	items            []actionItem
	others, patterns []int
}

// actionItem is what one value of an Action element names.
type actionItem struct {
	act     *reference.Action // the action a name without wildcards names
	invalid bool              // reported as naming nothing
}

// maxExpanded caps the actions a statement's patterns are expanded to for
// the condition key checks: "ec2:*" has 700, and a key test on them all
// would cost more than the lint of a policy should.
const maxExpanded = 256

// statementActions checks each action of the statement against the
// reference and returns those it names; v.scratch.items says what each
// value of the Action element names. Both live in the validator's scratch
// space until the next statement.
func (v *validator) statementActions(st *Statement) stmtActions {
	sc := &v.scratch
	out := stmtActions{list: sc.acts[:0], any: st.NotAction.Present() || !st.Action.Present()}
	sc.items = slices.Grow(sc.items[:0], len(st.Action.Items))[:len(st.Action.Items)]
	for i, a := range st.Action.Items {
		sc.items[i] = actionItem{}
		if a.Kind != String {
			continue
		}
		n := len(out.list)
		var known bool
		out.list, sc.items[i], known = v.catalogAction(a, out.list)
		if !known || len(out.list) > maxExpanded {
			out.list, out.any = out.list[:n], true
		}
	}
	for _, a := range st.NotAction.Items {
		if a.Kind == String {
			v.catalogAction(a, nil)
		}
	}
	sc.acts = out.list
	return out
}

// catalogAction checks one Action or NotAction value and appends the
// actions it names to dst; known is false when they are not known (a
// wildcard in the service, an unknown or unlisted name, a malformed one).
func (v *validator) catalogAction(a Value, dst []*reference.Action) (out []*reference.Action, item actionItem, known bool) {
	if a.Text == "*" {
		return dst, item, false
	}
	colon, ok := actionForm(a.Text)
	if !ok {
		return dst, item, false // the grammar reports it
	}
	prefix, op := a.Text[:colon], a.Text[colon+1:]
	if hasWildcard(prefix) {
		return dst, item, false
	}
	svc := v.cat.Service(prefix)
	if svc == nil {
		if Unlisted("service", prefix) {
			v.addCatalog("ACTION_NOT_IN_REFERENCE", "The service prefix "+strconv.Quote(prefix)+" is not in the Service Authorization Reference. "+unlistedMsg(v.cat.Source), a.Span)
			return dst, item, false
		}
		v.addCatalog("INVALID_SERVICE_IN_ACTION", "The service "+prefix+" specified in the action "+a.Text+" does not exist."+v.didYouMeanAction(a.Text), a.Span)
		item.invalid = true
		return dst, item, false
	}
	pattern := hasWildcard(op)
	if !pattern {
		if item.act = svc.Action(op); item.act != nil {
			return append(dst, item.act), item, true
		}
	} else if acts, _ := v.cat.Expand(a.Text); len(acts) > 0 {
		return append(dst, acts...), item, true
	}
	if Unlisted("action", a.Text) {
		v.addCatalog("ACTION_NOT_IN_REFERENCE", "The action "+a.Text+" is not in the Service Authorization Reference. "+unlistedMsg(v.cat.Source), a.Span)
		return dst, item, false
	}
	what := "does not exist"
	if pattern {
		what = "matches no action of " + svc.Prefix
	}
	v.addCatalog("INVALID_ACTION", "The action "+a.Text+" "+what+"."+v.didYouMeanAction(a.Text), a.Span)
	item.invalid = true
	return dst, item, false
}

// didYouMeanAction is " Did you mean s3:GetObject?" (or two or three
// names), or "" when nothing is close.
func (v *validator) didYouMeanAction(name string) string {
	if v.suggestions <= 0 {
		return ""
	}
	v.suggestions--
	s := v.cat.Suggest(name)
	switch len(s) {
	case 0:
		return ""
	case 1:
		return " Did you mean " + s[0] + "?"
	}
	return " Did you mean " + strings.Join(s[:len(s)-1], ", ") + " or " + s[len(s)-1] + "?"
}

// arnService reports a wildcard in the service field of a resource ARN
// ("arn:aws:s3*:::bucket"): the service is the one thing an ARN pattern
// always names, and a wildcard there reaches services the author did not
// mean.
func (v *validator) arnService(r Value) {
	rest, ok := strings.CutPrefix(r.Text, "arn:")
	if !ok {
		return
	}
	_, rest, ok = strings.Cut(rest, ":") // the partition
	if !ok {
		return
	}
	svc, _, ok := strings.Cut(rest, ":")
	if !ok || !hasWildcard(svc) || HasVariable(svc) {
		return
	}
	v.addCatalog("WILDCARD_IN_ARN_SERVICE", "The resource "+r.Text+" has a wildcard in its service field ("+svc+"): it matches resources of every service whose name fits. Name the service, for example arn:aws:s3:::my-bucket/*.", r.Span)
}

// opTypes map the reference's key types to the operator type that reads them.
var opTypes = map[string]OpType{
	"String": OpString, "ARN": OpARN, "Bool": OpBool, "Numeric": OpNumeric, "Date": OpDate, "IPAddress": OpIP,
	"ArrayOfString": OpString, "ArrayOfARN": OpARN, "ArrayOfBool": OpBool, "ArrayOfNumeric": OpNumeric,
	"ArrayOfDate": OpDate, "ArrayOfIPAddress": OpIP,
}

// catalogKey checks a condition key against the reference: it exists (in
// its service, or among the global keys), an action of the statement
// supports it, and the operator reads its type.
func (v *validator) catalogKey(b *Block, kv *KeyValues, acts stmtActions) {
	key := kv.Key.Text
	prefix, rest, ok := strings.Cut(key, ":")
	if !ok || prefix == "" || rest == "" || strings.HasSuffix(key, "/") {
		return // the grammar reports the form
	}
	var doc *reference.ConditionKey
	global := strings.EqualFold(prefix, "aws")
	switch {
	case Unlisted("key", key) || Unlisted("service", prefix):
		return
	case strings.IndexByte(prefix, '.') >= 0 || strings.EqualFold(prefix, "saml"):
		return // an identity provider's key in a trust policy: accounts.google.com:aud, saml:aud
	case global:
		if doc = v.cat.GlobalKey(key); doc == nil {
			if _, known := LookupKey(key); known || strings.EqualFold(key, "aws:ARN") {
				return // documented by the IAM guide, or reported as deprecated
			}
			v.addCatalog("INVALID_GLOBAL_CONDITION_KEY", "The condition key "+key+" is not a global condition key AWS documents: a request never carries it, so the condition never holds for a present value."+v.didYouMean(key, v.globalKeyNames(key)), kv.Key.Span)
			return
		}
	default:
		svc := v.cat.Service(prefix)
		if svc == nil {
			v.addCatalog("INVALID_SERVICE_CONDITION_KEY", "The condition key "+key+" names the service "+prefix+", which does not exist."+v.didYouMean(prefix, v.cat.SuggestServices(prefix)), kv.Key.Span)
			return
		}
		if doc = svc.ConditionKey(key); doc == nil {
			if !svc.Detailed() {
				return // the page's, before the service's details came: its keys are not known
			}
			v.addCatalog("INVALID_SERVICE_CONDITION_KEY", "The condition key "+key+" does not exist in the service "+svc.Prefix+" ("+svc.Name+")."+v.didYouMean(key, keyNames(svc)), kv.Key.Span)
			return
		}
		v.keySupport(kv, doc, acts)
	}
	if _, known := LookupKey(key); known {
		return // the IAM guide's table decided the type checks already
	}
	want, ok := opTypes[doc.Type]
	if !ok || b.Op.Type == OpNull {
		return
	}
	info := KeyInfo{Name: doc.Name, Type: want}
	// A String key may hold ARNs (kms:EncryptionContext:aws:s3:arn): AWS's
	// own policies test those with ArnLike.
	if !keyTypeFits(info, b.Op.Type) && !(want == OpString && b.Op.Type == OpARN) {
		v.addCatalog("TYPE_MISMATCH", "Use the operator type "+want.String()+" instead of operator "+b.Operator.Text+" for the condition key "+key+": the Service Authorization Reference gives its type as "+doc.Type+".", kv.Key.Span)
	}
}

// keySupport reports a service's condition key that no action of the
// statement from that service supports, when the statement's actions are
// all known. A key of another service is left alone: services put their
// keys on the requests they make for you (glue:RoleAssumedBy,
// lambda:SourceFunctionArn, ec2:SourceInstanceARN). So are the keys AWS's
// own managed policies use where the reference's tables do not list them
// (unlisted.txt: the tables are not complete).
func (v *validator) keySupport(kv *KeyValues, doc *reference.ConditionKey, acts stmtActions) {
	if acts.any || Unlisted("unsupported", doc.Name) {
		return
	}
	same := KeyUnsupported(acts.list, kv.Key.Text)
	if len(same) == 0 {
		return
	}
	names := make([]string, 0, 4)
	for i, a := range same {
		if i == 3 {
			names = append(names, "and "+strconv.Itoa(len(same)-3)+" more")
			break
		}
		names = append(names, a.FullName())
	}
	v.addCatalog("UNSUPPORTED_ACTION_FOR_CONDITION_KEY", "The Service Authorization Reference lists the condition key "+doc.Name+" for none of the statement's "+same[0].Service.Prefix+" actions ("+strings.Join(names, ", ")+"): their requests do not carry it, so with a present-value operator the condition never holds. Use a key the actions support, or move the condition to a statement of actions that do.", kv.Key.Span)
}

// KeyUnsupported returns the actions of key's service among acts when none
// of them supports the key, and nil otherwise (one does, or none is of
// that service).
func KeyUnsupported(acts []*reference.Action, key string) []*reference.Action {
	prefix, _, _ := strings.Cut(key, ":")
	var same []*reference.Action
	for _, a := range acts {
		if !strings.EqualFold(a.Service.Prefix, prefix) {
			continue
		}
		if a.SupportsKey(key) {
			return nil
		}
		same = append(same, a)
	}
	return same
}

// keyNames are the names of a service's condition keys, for "did you mean".
func keyNames(s *reference.Service) []string {
	keys := s.ConditionKeys()
	out := make([]string, len(keys))
	for i, k := range keys {
		out[i] = k.Name
	}
	return out
}

// globalKeyNames are the catalog's global keys, for "did you mean" about
// key: a tag key's variable takes the tag written after key's slash
// ("aws:ResourceTags/team" → aws:ResourceTag/team).
func (v *validator) globalKeyNames(key string) []string {
	_, tag, _ := strings.Cut(key, "/")
	out := make([]string, len(v.cat.GlobalKeys))
	for i, k := range v.cat.GlobalKeys {
		out[i] = k.Name
		if base, ok := strings.CutSuffix(k.Name, "/${TagKey}"); ok && tag != "" {
			out[i] = base + "/" + tag
		}
	}
	return out
}

// maxRedundancyPairs caps the pairs of actions compared in one statement:
// a hostile document may list a million.
const maxRedundancyPairs = 1 << 14

// redundantActions reports an action that another of the same Action
// element already covers ("s3:GetObject" beside "s3:Get*"), or written
// twice; items say what each value names (statementActions). A value
// reported as naming nothing is not redundant as well: one finding is
// enough for a typo. Only patterns can cover another name, so each name is
// compared with the element's patterns, and repeats are found as the
// grammar finds repeated keys: the cost stays linear in a long list of
// plain names.
func (v *validator) redundantActions(l List, items []actionItem) {
	els := l.Items
	twice := func(i, first int) {
		v.addCatalog("REDUNDANT_ACTION", "The action "+els[i].Text+" is redundant: it is written twice in this statement. Remove one.", els[i].Span, els[first].Span)
	}
	// Names the reference has are the same, case aside, when they name the
	// same action; the others (patterns, names only AWS's own policies
	// use) are compared as text.
	var index map[*reference.Action]int
	if len(items) > searchedSame {
		index = map[*reference.Action]int{}
	}
	sc := &v.scratch
	sc.others, sc.patterns = sc.others[:0], sc.patterns[:0]
	for i, it := range items {
		switch {
		case it.act != nil:
			if j := firstSame(items, i, index); j >= 0 {
				twice(i, j)
			}
		case els[i].Kind == String && !it.invalid:
			sc.others = append(sc.others, i)
			if hasWildcard(els[i].Text) {
				sc.patterns = append(sc.patterns, i)
			}
		}
	}
	others := sc.others
	repeats(len(others), func(k int) string { return els[others[k]].Text }, true, func(k, first int) { twice(others[k], others[first]) })
	pairs := 0
	for i, a := range els {
		if a.Kind != String || items[i].invalid {
			continue
		}
		for _, j := range sc.patterns {
			b := els[j].Text
			if i == j || strings.EqualFold(a.Text, b) {
				continue
			}
			if pairs++; pairs > maxRedundancyPairs {
				return
			}
			if coversPattern(b, a.Text) {
				v.addCatalog("REDUNDANT_ACTION", "The action "+a.Text+" is redundant because "+b+" in the same statement covers it. Remove "+a.Text+".", a.Span, els[j].Span)
				break
			}
		}
	}
}

// searchedSame is the longest Action element whose names are compared
// pair by pair for repeats, which costs less than an index up to there.
const searchedSame = 64

// firstSame returns the first item before i that names the same action
// as item i, or -1. A short list is searched; a long one is indexed as it
// goes (index, empty at first): a hostile document may list a million
// names.
func firstSame(items []actionItem, i int, index map[*reference.Action]int) int {
	act := items[i].act
	if index == nil {
		for j := range i {
			if items[j].act == act {
				return j
			}
		}
		return -1
	}
	if j, ok := index[act]; ok {
		return j
	}
	index[act] = i
	return -1
}

// coversPattern reports whether every action pattern a matches, pattern b
// matches too. b matching a's text with a's wildcards read as characters
// proves it when b has no '?' (a '?' would take a's '*' for one character).
func coversPattern(b, a string) bool {
	if hasWildcard(a) && strings.IndexByte(b, '?') >= 0 {
		return false
	}
	return WildcardMatch(b, a, true)
}

// addCatalog records a finding of the catalog's checks.
func (v *validator) addCatalog(code, msg string, sp diag.Span, more ...diag.Span) {
	v.addTo(&v.catalog, nil, code, msg, sp, more...)
}
