// Package summary says what a policy grants, per service, the way the IAM
// console's policy summary shows it (CONTRACT 6): a row for each service
// and effect (Explicit deny, Allow) with its access level in the
// console's words ("Full access", "Full: List, Read", "Limited: Write"),
// how many actions of each access level it covers out of how many the
// service has, the resources and request conditions, the actions
// themselves; the services and actions the AWS reference does not know,
// apart ("uncategorized"); and the console's warnings ("One or more
// actions do not have an applicable resource.").
//
// As in the console, a row's access level, its level counts and its
// actions are the actions the policy names for the service; whether each
// takes effect is judged apart, and the notes name those that do not. An
// action takes effect where the statement names a resource it acts on (an
// ARN that can have the format of one of its resource types, or "*",
// which actions without a resource type need), and every condition key
// that must be present is one the action supports or a global key. A key
// under an IfExists, ForAllValues, negated or Null operator need not be
// present, so it never takes an action away. When no action takes effect
// the summary says "This policy does not grant any permissions" (an
// explicit deny counts as an effect). Wildcards in actions expand through
// core/reference, case-insensitive; NotAction covers every action of
// every service but those listed, so an Allow with NotAction shows each
// service it leaves whole as "Full access".
package summary

import (
	"slices"
	"strconv"
	"strings"
	"sync"

	"slrplay/core/policy"
	"slrplay/core/reference"
)

// Summary is what one policy grants.
type Summary struct {
	// Services are the rows, explicit denies first, then allows, each by
	// service name.
	Services      []Service
	Uncategorized Uncategorized
	// Warnings are the console's banner ("This policy does not grant any
	// permissions. ...") and each row's notes, as "Amazon S3 (Allow): One
	// or more actions do not have an applicable resource.".
	Warnings []string
}

// Uncategorized are the names the reference does not know, as written:
// they grant nothing (a typo) or what the summary cannot show (a service
// newer than the reference).
type Uncategorized struct {
	Services []string // "codedploy"
	Actions  []string // "s3:DeletObject"
}

// Service is one row of the summary: what the policy's statements of one
// effect do to one service.
type Service struct {
	Service *reference.Service
	Effect  string // "Allow" or "Deny"
	// AccessLevel is the console's words: "Full access", "Full: List,
	// Read Limited: Write", or "None" when no action takes effect.
	AccessLevel string
	// Levels count, for each access level the service has, its actions
	// the row covers and all of them, in the console's order.
	Levels []Level
	// Resources are "All resources", "All resources except ARN, ..." (a
	// NotResource) and ARN patterns, each once.
	Resources []string
	// Conditions are the request conditions, each key as
	// "StringEquals s3:x-amz-acl = public-read".
	Conditions []string
	// Notes are the console's warnings for the row.
	Notes []string

	actions []*reference.Action // by name; nil when all is set
	all     bool                // the row names every action of the service
}

// Level is how many actions of one access level a row covers.
type Level struct {
	Level          reference.AccessLevel
	Granted, Total int
}

// Actions are the actions the row names, by name. A row that names every
// action of its service (every row of AdministratorAccess) lists them
// only when asked.
func (s *Service) Actions() []*reference.Action {
	if !s.all {
		return s.actions
	}
	all := s.Service.Actions()
	list := make([]*reference.Action, len(all))
	for i := range all {
		list[i] = &all[i]
	}
	return list
}

// The console's warnings, word for word.
const (
	NoGrant      = "This policy does not grant any permissions. To grant access, policies must have an action that has an applicable resource or condition."
	SomeNoGrant  = "This policy defines some actions, resources, or conditions that do not provide permissions. To grant access, policies must have an action that has an applicable resource or condition."
	noResources  = "No resources are defined."
	actionNoRes  = "One or more actions do not have an applicable resource."
	resNoAction  = "One or more resources do not have an applicable action."
	actionNoCond = "One or more actions do not have an applicable condition."
	condNoAction = "One or more conditions do not have an applicable action."
	noActions    = "None - No actions are defined."
)

// Summarize summarizes the document's statements with the catalog c
// (reference.Default() in the command line; on the page, once one is
// loaded). It reads the statements as written; a document that does not
// validate (policy.Lint) gives what its readable statements say.
func Summarize(doc *policy.Document, c *reference.Catalog) *Summary {
	b := &builder{c: c, rows: map[rowKey]*row{}, overlap: map[[2]string]bool{}, tokens: map[string][]token{}}
	for i := range doc.Statements {
		b.statement(&doc.Statements[i])
	}
	return b.summary()
}

type rowKey struct {
	svc  *reference.Service
	deny bool
}

// row gathers one service's row over the statements.
type row struct {
	allNamed     bool // the statements name every action of the service
	allEffective bool // and every one takes effect
	named        set
	effective    set
	// noResource and noCondition are named actions that do not take
	// effect for want of a resource or a condition key.
	noResource, noCondition set
	resources, conditions   []string
	flags                   uint8
}

// set is a set of actions; nil until the first is put in, since most
// rows (every one of AdministratorAccess) need none.
type set map[*reference.Action]struct{}

func (s *set) put(a *reference.Action) {
	if *s == nil {
		*s = set{}
	}
	(*s)[a] = struct{}{}
}

func (s set) has(a *reference.Action) bool { _, ok := s[a]; return ok }

// Row flags: what the console warns about.
const (
	fResNoAction = 1 << iota
	fCondNoAction
)

type builder struct {
	c       *reference.Catalog
	rows    map[rowKey]*row
	order   []*rowKey // pointers: sorted as the page's other pointers are, with the same code
	uncat   Uncategorized
	overlap map[[2]string]bool // (ARN format, policy ARN) → they overlap
	tokens  map[string][]token
	// unnamed are services a statement names a resource of and no action.
	unnamed []rowKey
}

// group is the actions a statement names in one service.
type group struct {
	svc     *reference.Service
	all     bool
	actions []*reference.Action
}

// resources is a statement's Resource or NotResource.
type resources struct {
	any    bool     // "*", or no Resource element (a resource-based policy's own resource)
	except []string // NotResource
	arns   []string
}

// cond is one condition key of a statement.
type cond struct {
	key    string
	global bool
	// required: the condition is false when the request lacks the key.
	required bool
}

func (b *builder) statement(st *policy.Statement) {
	var deny bool
	switch st.Effect.Text {
	case "Allow":
	case "Deny":
		deny = true
	default:
		return
	}
	groups := b.actions(st)
	res := readResources(st)
	conds, texts := b.conditions(st)
	named := map[*reference.Service]bool{}
	for _, g := range groups {
		named[g.svc] = true
	}
	// An ARN of none of the statement's services shows in all its rows
	// (the IAM guide's CodeBuild_CodeCommit_CodeDeploy example).
	owners := make([][]*reference.Service, len(res.arns))
	for i, arn := range res.arns {
		field := arnService(arn)
		for _, g := range groups {
			if field != "" && policy.WildcardMatch(field, g.svc.Prefix, false) {
				owners[i] = append(owners[i], g.svc)
			}
		}
		if hasWildcard(field) {
			continue
		}
		if s := b.c.Service(field); s != nil && !named[s] {
			b.unnamed = append(b.unnamed, rowKey{s, deny})
		}
	}
	for _, g := range groups {
		var shown []string
		for i, arn := range res.arns {
			if len(owners[i]) == 0 || slices.Contains(owners[i], g.svc) {
				shown = append(shown, arn)
			}
		}
		b.apply(g, deny, res, shown, conds, texts)
	}
}

// actions groups the actions a statement's Action or NotAction covers by
// service, and notes the names the reference does not know.
func (b *builder) actions(st *policy.Statement) []group {
	byService := map[*reference.Service]*group{}
	var order []*reference.Service
	add := func(s *reference.Service) *group {
		g := byService[s]
		if g == nil {
			g = &group{svc: s}
			byService[s] = g
			order = append(order, s)
		}
		return g
	}
	if st.Action.Present() {
		for _, v := range st.Action.Items {
			if v.Text == "*" {
				for _, s := range b.c.Services {
					add(s).all = true
				}
				continue
			}
			s, all, actions, ok := b.pattern(v.Text)
			switch {
			case !ok:
			case all:
				add(s).all = true
			default:
				for _, a := range actions {
					g := add(a.Service)
					if !g.all {
						g.actions = append(g.actions, a)
					}
				}
			}
		}
	} else if st.NotAction.Present() {
		excluded := map[*reference.Service]map[*reference.Action]bool{}
		whole := map[*reference.Service]bool{}
		for _, v := range st.NotAction.Items {
			if v.Text == "*" {
				return nil
			}
			s, all, actions, ok := b.pattern(v.Text)
			switch {
			case !ok:
			case all:
				whole[s] = true
			default:
				for _, a := range actions {
					if excluded[a.Service] == nil {
						excluded[a.Service] = map[*reference.Action]bool{}
					}
					excluded[a.Service][a] = true
				}
			}
		}
		for _, s := range b.c.Services {
			if whole[s] {
				continue
			}
			ex := excluded[s]
			if len(ex) == 0 {
				add(s).all = true
				continue
			}
			g := add(s)
			all := s.Actions()
			for i := range all {
				if !ex[&all[i]] {
					g.actions = append(g.actions, &all[i])
				}
			}
			if len(g.actions) == 0 {
				delete(byService, s)
				order = slices.DeleteFunc(order, func(x *reference.Service) bool { return x == s })
			}
		}
	}
	groups := make([]group, len(order))
	for i, s := range order {
		groups[i] = *byService[s]
	}
	return groups
}

// pattern reads one action pattern: every action of a service (all), the
// actions it covers, or none known (ok false, noted as uncategorized).
func (b *builder) pattern(p string) (s *reference.Service, all bool, actions []*reference.Action, ok bool) {
	prefix, op, found := strings.Cut(p, ":")
	if !found || prefix == "" || op == "" {
		b.uncat.Actions = appendOnce(b.uncat.Actions, p)
		return nil, false, nil, false
	}
	if !hasWildcard(prefix) {
		if s = b.c.Service(prefix); s == nil {
			b.uncat.Services = appendOnce(b.uncat.Services, prefix)
			return nil, false, nil, false
		}
		if op == "*" {
			return s, true, nil, true
		}
	}
	actions, err := b.c.Expand(p)
	if err != nil || len(actions) == 0 {
		if hasWildcard(prefix) {
			b.uncat.Services = appendOnce(b.uncat.Services, prefix)
		} else {
			b.uncat.Actions = appendOnce(b.uncat.Actions, p)
		}
		return nil, false, nil, false
	}
	return nil, false, actions, true
}

func readResources(st *policy.Statement) resources {
	var r resources
	switch {
	case st.Resource.Present():
		for _, v := range st.Resource.Items {
			if v.Text == "*" {
				r.any = true
			} else {
				r.arns = appendOnce(r.arns, v.Text)
			}
		}
	case st.NotResource.Present():
		for _, v := range st.NotResource.Items {
			r.except = appendOnce(r.except, v.Text)
		}
		if len(r.except) == 0 { // an empty NotResource excludes nothing
			r.any = true
		}
	default:
		r.any = true
	}
	return r
}

// conditions reads a statement's condition keys and writes each for the
// summary.
func (b *builder) conditions(st *policy.Statement) ([]cond, []string) {
	var conds []cond
	var texts []string
	for _, blk := range st.Condition.Blocks {
		op := blk.Op
		required := !op.IfExists && op.Set != policy.ForAllValues && !op.Negated && op.Type != policy.OpNull
		for _, kv := range blk.Keys {
			conds = append(conds, cond{key: kv.Key.Text, global: b.c.GlobalKey(kv.Key.Text) != nil, required: required})
			values := make([]string, len(kv.Values.Items))
			for i, v := range kv.Values.Items {
				values[i] = v.Text
			}
			texts = append(texts, blk.Operator.Text+" "+kv.Key.Text+" = "+strings.Join(values, ", "))
		}
	}
	return conds, texts
}

// apply adds what a statement does to one service to its row. shown are
// the ARNs the row lists.
func (b *builder) apply(g group, deny bool, res resources, shown []string, conds []cond, texts []string) {
	k := rowKey{g.svc, deny}
	r := b.rows[k]
	if r == nil {
		r = &row{}
		b.rows[k] = r
		b.order = append(b.order, &k)
	}
	switch {
	case res.any:
		r.resources = appendOnce(r.resources, "All resources")
	case len(res.except) > 0:
		r.resources = appendOnce(r.resources, "All resources except "+strings.Join(res.except, ", "))
	}
	for _, arn := range shown {
		r.resources = appendOnce(r.resources, arn)
	}
	for _, t := range texts {
		r.conditions = appendOnce(r.conditions, t)
	}
	anyResource := res.any || len(res.except) > 0 && !slices.Contains(res.except, "*")
	// A service's own key, even one that need not be present, is checked
	// action by action: the console notes a key no action supports.
	serviceKeys := slices.ContainsFunc(conds, func(c cond) bool { return !c.global })
	if g.all {
		r.allNamed = true
	}
	if g.all && anyResource && !serviceKeys {
		r.allEffective = true // the common case, AdministratorAccess's: no action to look at
		return
	}
	actions := g.actions
	if g.all {
		all := g.svc.Actions()
		actions = make([]*reference.Action, len(all))
		for i := range all {
			actions[i] = &all[i]
		}
	}
	keyUsed := make([]bool, len(conds))
	arnUsed := make([]bool, len(res.arns))
	for _, a := range actions {
		resOK := anyResource
		for i, arn := range res.arns {
			if b.applies(a, arn) {
				resOK, arnUsed[i] = true, true
			}
		}
		condOK := true
		for i, c := range conds {
			if c.global {
				continue
			}
			if a.SupportsKey(c.key) {
				keyUsed[i] = true
			} else if c.required {
				condOK = false
			}
		}
		r.named.put(a)
		switch {
		case !resOK:
			r.noResource.put(a)
		case !condOK:
			r.noCondition.put(a)
		default:
			r.effective.put(a)
		}
	}
	for i, arn := range res.arns {
		if !arnUsed[i] && slices.Contains(shown, arn) && arnService(arn) != "" && policy.WildcardMatch(arnService(arn), g.svc.Prefix, false) {
			r.flags |= fResNoAction
		}
	}
	for i, c := range conds {
		if !c.global && !keyUsed[i] {
			r.flags |= fCondNoAction
		}
	}
}

// applies reports whether the ARN pattern can name a resource of one of
// the action's types.
func (b *builder) applies(a *reference.Action, arn string) bool {
	for _, r := range a.Resources {
		k := [2]string{r.Type.ARN, arn}
		ok, seen := b.overlap[k]
		if !seen {
			ok = overlaps(b.tokensOf(arn, policyTokens), b.tokensOf(r.Type.ARN, formatTokens))
			b.overlap[k] = ok
		}
		if ok {
			return true
		}
	}
	return false
}

func (b *builder) tokensOf(s string, read func(string) []token) []token {
	t, ok := b.tokens[s]
	if !ok {
		t = read(s)
		b.tokens[s] = t
	}
	return t
}

// summary writes the rows out.
func (b *builder) summary() *Summary {
	sum := &Summary{Uncategorized: b.uncat}
	granted := 0
	noted := len(b.uncat.Services) > 0 || len(b.uncat.Actions) > 0
	var notes []string
	// Explicit denies first, then allows, each by service name; the keys
	// are sorted, not the rows, which are large.
	slices.SortFunc(b.order, func(x, y *rowKey) int {
		if x.deny != y.deny {
			if x.deny {
				return -1
			}
			return 1
		}
		if c := reference.CompareFold(x.svc.Name, y.svc.Name); c != 0 {
			return c
		}
		return strings.Compare(x.svc.Prefix, y.svc.Prefix)
	})
	sum.Services = make([]Service, 0, len(b.order))
	for _, k := range b.order {
		s, effective := finish(*k, b.rows[*k])
		granted += effective
		sum.Services = append(sum.Services, s)
	}
	for _, s := range sum.Services {
		for _, n := range s.Notes {
			notes = append(notes, s.Service.Name+" ("+s.Effect+"): "+n)
		}
	}
	for _, k := range b.unnamed {
		if b.rows[k] == nil {
			notes = appendOnce(notes, k.svc.Name+" ("+effectName(k.deny)+"): "+noActions)
		}
	}
	noted = noted || len(notes) > 0
	switch {
	case granted == 0:
		sum.Warnings = append(sum.Warnings, NoGrant)
	case noted:
		sum.Warnings = append(sum.Warnings, SomeNoGrant)
	}
	sum.Warnings = append(sum.Warnings, notes...)
	return sum
}

func effectName(deny bool) string {
	if deny {
		return "Deny"
	}
	return "Allow"
}

// finish counts a row's levels, words its access level and writes its
// notes; it returns how many of its actions take effect.
func finish(k rowKey, r *row) (Service, int) {
	s := Service{Service: k.svc, Effect: effectName(k.deny), Conditions: r.conditions}
	all := k.svc.Actions()
	total := levelTotals(k.svc)
	var named [len(total)]int
	effective := 0
	var noResource, noCondition []*reference.Action
	s.all = r.allNamed
	if r.allNamed && r.allEffective { // no action to look at
		named, effective = total, len(all)
	}
	for i := range all {
		if r.allNamed && r.allEffective {
			break
		}
		a := &all[i]
		if !r.allNamed {
			if !r.named.has(a) {
				continue
			}
			s.actions = append(s.actions, a)
		}
		named[a.Level]++
		switch {
		case r.allEffective || r.effective.has(a):
			effective++
		case r.noResource.has(a):
			noResource = append(noResource, a)
		case r.noCondition.has(a):
			noCondition = append(noCondition, a)
		}
	}
	count := 0
	for _, n := range named {
		count += n
	}
	var full, limited []string
	for _, l := range reference.Levels {
		if total[l] == 0 {
			continue
		}
		s.Levels = append(s.Levels, Level{l, named[l], total[l]})
		switch {
		case named[l] == total[l]:
			full = append(full, l.String())
		case named[l] > 0:
			limited = append(limited, l.String())
		}
	}
	switch {
	case count == 0:
		s.AccessLevel = "None"
	case count == len(all):
		s.AccessLevel = "Full access"
	default:
		var words []string
		if len(full) > 0 {
			words = append(words, "Full: "+strings.Join(full, ", "))
		}
		if len(limited) > 0 {
			words = append(words, "Limited: "+strings.Join(limited, ", "))
		}
		s.AccessLevel = strings.Join(words, " ")
	}
	// "All resources" first, then the ARNs by text: sorted by text, then
	// the "All resources" lines moved before the rest, in order.
	slices.Sort(r.resources)
	s.Resources = make([]string, 0, len(r.resources))
	for _, all := range []bool{true, false} {
		for _, res := range r.resources {
			if strings.HasPrefix(res, "All resources") == all {
				s.Resources = append(s.Resources, res)
			}
		}
	}
	slices.Sort(s.Conditions)
	// The console shows one resource warning: that some resources apply
	// to no action hides that some actions have no resource. The actions
	// that take no effect are named after its words.
	switch {
	case r.flags&fResNoAction != 0:
		s.Notes = append(s.Notes, resNoAction)
	case len(noResource) > 0 && effective == 0 && len(noCondition) == 0:
		s.Notes = append(s.Notes, noResources+" "+someOf(noResource, "needs", "need")+" "+resourceNeed(noResource)+".")
	case len(noResource) > 0:
		s.Notes = append(s.Notes, actionNoRes+" "+someOf(noResource, "needs", "need")+" "+resourceNeed(noResource)+".")
	}
	switch {
	case r.flags&fCondNoAction != 0:
		s.Notes = append(s.Notes, condNoAction)
	case len(noCondition) > 0:
		s.Notes = append(s.Notes, actionNoCond+" "+someOf(noCondition, "does", "do")+" not support a key the condition requires.")
	}
	return s, effective
}

// totals holds each service's action count per access level. A catalog
// is read-only once parsed, so a service's counts never change; they are
// counted once, not on every summary of a policy that names the service
// whole (AdministratorAccess names all 456).
var totals sync.Map // *reference.Service → *[reference.Tagging + 1]int

func levelTotals(svc *reference.Service) [reference.Tagging + 1]int {
	if t, ok := totals.Load(svc); ok {
		return *t.(*[reference.Tagging + 1]int)
	}
	var t [reference.Tagging + 1]int
	for _, a := range svc.Actions() {
		t[a.Level]++
	}
	totals.Store(svc, &t)
	return t
}

// someOf names up to three actions, and how many more there are, with
// the verb that goes with them.
func someOf(actions []*reference.Action, one, many string) string {
	const shown = 3
	names := make([]string, 0, shown)
	for _, a := range actions[:min(len(actions), shown)] {
		names = append(names, a.FullName())
	}
	text := strings.Join(names, ", ")
	if n := len(actions) - shown; n > 0 {
		text += " and " + strconv.Itoa(n) + " more"
	}
	if len(actions) == 1 {
		return text + " " + one
	}
	return text + " " + many
}

// resourceNeed says what resource the actions need: "*" when none of
// them has a resource type (they do not support resource-level
// permissions), else one of their resource types.
func resourceNeed(actions []*reference.Action) string {
	if !slices.ContainsFunc(actions, func(a *reference.Action) bool { return len(a.Resources) > 0 }) {
		return `"Resource": "*"`
	}
	return "a resource of their types"
}

// arnService is the service field of an ARN pattern ("s3" in
// "arn:aws:s3:::bucket"), or "" for text that is no ARN.
func arnService(arn string) string {
	parts := strings.SplitN(arn, ":", 4)
	if len(parts) < 4 || parts[0] != "arn" && parts[0] != "*" {
		return ""
	}
	return parts[2]
}

func hasWildcard(s string) bool { return strings.ContainsAny(s, "*?") }

func appendOnce(list []string, s string) []string {
	if slices.Contains(list, s) {
		return list
	}
	return append(list, s)
}
