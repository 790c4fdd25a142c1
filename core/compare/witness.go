package compare

import (
	"strconv"
	"strings"

	"slrplay/core/eval"
	"slrplay/core/reference"
)

// Witness is a request one policy allows and the other does not (CONTRACT
// 7), as core/eval decided it: the same resource and context make the same
// difference for every action in Actions.
type Witness struct {
	Principal, Action, Resource, ResourceAccount string
	Context                                      []ContextKey // complete: a key not listed is absent
	Actions                                      []string     // AWS's casing; Action is the first
	// Statements are the statements of the allowing policy that allowed
	// it, as eval reports them.
	Statements []eval.MatchedJSON
	// By is the policy that allows it: "A" or "B".
	By string
	// Sentence says it at a glance: "B adds s3:PutObject on arn:aws:s3:::b/*".
	Sentence string

	acts []*reference.Action // Actions, before they are ordered and named
}

// ContextKey is a key of a witness's context. Values holds one value,
// none (a key present without values) or several (Multi).
type ContextKey struct {
	Name   string
	Values []string
	Multi  bool
}

// witness turns the search's assignment into a request, has eval decide
// it on both policies for each action of the group, and keeps the actions
// where eval confirms the difference.
func (c *comparer) witness(g *group, f *finder, target *stmt) {
	x := target.pol
	w := Witness{Principal: Principal, Resource: f.dims[0].atoms[f.assign[0]].resource, ResourceAccount: Account, By: polName(x)}
	ctx := map[string][]string{}
	for d := 1; d < len(f.dims); d++ {
		if f.dims[d].key == "" {
			continue // a statement compare does not decide: eval does
		}
		st := f.dims[d].atoms[f.assign[d]].state
		if st.kind == absent {
			continue
		}
		name := ""
		for _, s := range g.stmts {
			for _, cd := range s.conds {
				if cd.key == f.dims[d].key && name == "" {
					name = cd.name
				}
			}
		}
		w.Context = append(w.Context, ContextKey{Name: name, Values: append([]string{}, st.vals...), Multi: st.kind == multi})
		ctx[name] = append([]string{}, st.vals...)
		if st.kind == empty {
			ctx[name] = []string{}
		}
	}
	var matched []eval.Match
	for _, a := range g.actions {
		name := a.FullName()
		ok, m := c.allows(x, name, w.Resource, ctx)
		if ok {
			ok, _ = c.allows(1-x, name, w.Resource, ctx)
			ok = !ok
		}
		if !ok {
			c.res.Unconfirmed++
			continue
		}
		if matched == nil {
			matched = m
		}
		w.Actions = append(w.Actions, name)
		w.acts = append(w.acts, a)
	}
	if len(w.Actions) == 0 {
		return
	}
	for _, m := range matched {
		w.Statements = append(w.Statements, eval.NewCaseResult("", &eval.Result{Decision: eval.Allowed, Matched: []eval.Match{m}}).MatchedStatements...)
	}
	// One witness per allowing policy, service, statements, resource and
	// context: the actions gather in it.
	var key strings.Builder
	svc, _, _ := strings.Cut(w.Actions[0], ":")
	key.WriteString(w.By + "\x00" + svc + "\x00" + w.Resource)
	for _, m := range w.Statements {
		key.WriteString("\x00" + strconv.Itoa(m.StatementIndex))
	}
	for _, k := range w.Context {
		key.WriteString("\x01" + k.Name + "\x02" + strings.Join(k.Values, "\x02") + strconv.FormatBool(k.Multi))
	}
	list := &c.res.NewInB
	if x == 0 {
		list = &c.res.NewInA
	}
	if i, ok := c.merged[key.String()]; ok {
		(*list)[i].acts = append((*list)[i].acts, w.acts...) // ordered and made unique at the end
		return
	}
	c.merged[key.String()] = len(*list)
	*list = append(*list, w)
}

// allows asks eval whether policy p (0: A, 1: B) allows the request, as
// an identity policy of the principal or, for SCPs, as the SCP that lets
// it through; the request must be one AWS can see (eval.CheckRequest).
// It returns the statements of p that allowed it.
func (c *comparer) allows(p int, action, resource string, ctx map[string][]string) (bool, []eval.Match) {
	if len(eval.CheckRequest(c.opt.Catalog, action, resource)) > 0 {
		return false, nil
	}
	set := eval.Set{Identity: []*eval.Policy{c.pols[p]}}
	if c.opt.SCP {
		set = eval.Set{Identity: []*eval.Policy{c.allowAll}, SCPs: [][]*eval.Policy{{c.pols[p]}}}
	}
	r := eval.NewRequest(Principal, action, resource, Account, eval.NewContext(ctx))
	var res eval.Result
	set.Evaluate(r, &res, eval.Options{})
	if res.Decision != eval.Allowed {
		return false, nil
	}
	var own []eval.Match
	for _, m := range res.Matched {
		if m.Policy == c.pols[p] {
			own = append(own, m)
		}
	}
	return true, own
}
