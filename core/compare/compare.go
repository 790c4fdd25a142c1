// Package compare decides whether one policy allows a request another does
// not (CONTRACT 7), exactly: it does not sample requests, it decides.
//
// The requests are every action of AWS's catalog, with every resource the
// action can take ("*" and its resource types' ARN formats) and every
// context. Actions are a finite set: compare sorts them into groups that
// the same statements of both policies name and that take the same ARN
// formats; within a group the answer depends on the resource and the
// context only. Resource patterns, ARN formats and string conditions are
// wildcard patterns, regular languages: a product construction over their
// automata (automaton.go) finds every combination of "matches pattern i" a
// string can realize, with a shortest string that does. Numbers, dates,
// addresses, booleans and binary values are compared with constants only,
// so a few values decide them (values.go). A key's state in a request
// (absent, present without values, one value, several) and the conditions
// on it (IfExists, negated operators on an absent key, Null,
// ForAllValues and ForAnyValue over the values) then take finitely many
// shapes, and a search over the shapes of the resource and each key finds
// a request one policy allows and the other does not, for each Allow
// statement, or proves there is none (search.go).
//
// Every difference found is a concrete request that core/eval itself
// decides, on both policies, before it is reported (witness.go): a request
// eval does not confirm is never reported. What cannot be decided exactly (a
// policy variable whose value the request brings, a key compared both as
// a number and as a string, more combinations than the bounds allow) is
// reported as unknown, naming the statement and the reason.
package compare

import (
	"errors"
	"slices"
	"strings"

	"slrplay/core/diag"
	"slrplay/core/eval"
	"slrplay/core/policy"
	"slrplay/core/reference"
)

// The principal witnesses ask as, in its own account: identity policies
// and SCPs both concern a principal of the account, not a service.
const (
	Principal = "arn:aws:iam::111122223333:user/alice"
	Account   = "111122223333"
)

// Verdicts (CONTRACT 7).
const (
	Equivalent   = "equivalent"
	Broader      = "broader"  // B allows everything A allows, and more
	Narrower     = "narrower" // A allows everything B allows, and more
	Incomparable = "incomparable"
	Unknown      = "unknown"
)

// Options say how to compare.
type Options struct {
	// SCP compares the policies as service control policies: which
	// requests each lets through (an SCP grants nothing by itself, so
	// both are evaluated beside an identity policy that allows everything).
	SCP     bool
	Catalog *reference.Catalog
}

// Result is the answer.
type Result struct {
	Verdict string
	NewInB  []Witness // requests B allows and A does not
	NewInA  []Witness // requests A allows and B does not
	Unknown []Undecided
	// Unconfirmed counts differences the search proposed that eval did
	// not confirm. They are never reported; outside statements that are
	// Unknown, one is a fault of compare (tests hold it at zero).
	Unconfirmed int
}

// Undecided is a statement compare could not decide exactly, and why.
type Undecided struct {
	Policy    string // "A" or "B"
	Statement int
	Sid       string
	Pos       diag.Pos
	Reason    string
}

// ErrNoCatalog: the requests to compare over are the catalog's.
var ErrNoCatalog = errors.New("comparing policies needs AWS's catalog, which has not loaded")

// comparer holds one comparison's state.
type comparer struct {
	opt      Options
	pols     [2]*eval.Policy
	stmts    []*stmt
	pats     []pat
	patIndex map[string]int
	res      *Result
	unknown  map[*stmt]string
	merged   map[string]int // witness key -> index in NewInA/NewInB (by sign)
	resCache map[string]resAtoms
	allowAll *eval.Policy
	// statesLeft and nodesLeft are what the comparison may still spend on
	// product constructions and searches.
	statesLeft, nodesLeft int
}

// Compare decides what B allows that A does not, and the reverse. The
// policies are compiled by eval (ReadPolicy), as identity policies or,
// with Options.SCP, as SCPs.
func Compare(a, b *eval.Policy, opt Options) (*Result, error) {
	if opt.Catalog == nil {
		return nil, ErrNoCatalog
	}
	c := &comparer{opt: opt, pols: [2]*eval.Policy{a, b}, patIndex: map[string]int{}, res: &Result{},
		unknown: map[*stmt]string{}, merged: map[string]int{}, resCache: map[string]resAtoms{},
		statesLeft: maxProducts, nodesLeft: maxSearched}
	if opt.SCP {
		c.allowAll = allowEverything()
	}
	c.read(0, a)
	c.read(1, b)
	for _, g := range c.groups() {
		c.decide(g)
	}
	c.undecided()
	r := c.res
	// Sorting pointers, the page's WebAssembly shares one copy of the sort
	// code with every other sort of pointers.
	byName := func(x, y *reference.Action) int { return reference.CompareFold(x.FullName(), y.FullName()) }
	order := func(list []Witness) {
		ws := make([]*Witness, len(list))
		for i := range list {
			w := &list[i]
			slices.SortFunc(w.acts, byName)
			w.acts = slices.Compact(w.acts)
			w.Actions = w.Actions[:0]
			for _, a := range w.acts {
				w.Actions = append(w.Actions, a.FullName())
			}
			w.Action = w.Actions[0]
			p := c.pols[w.By[0]-'A']
			w.Sentence = w.sentence(func(i int) string { return statementResources(p, i) })
			ws[i] = w
		}
		slices.SortFunc(ws, func(x, y *Witness) int {
			if n := byName(x.acts[0], y.acts[0]); n != 0 {
				return n
			}
			return strings.Compare(x.Resource, y.Resource)
		})
		sorted := make([]Witness, len(ws))
		for i, w := range ws {
			sorted[i] = *w
		}
		copy(list, sorted)
	}
	order(r.NewInA)
	order(r.NewInB)
	switch {
	case len(r.NewInA) > 0 && len(r.NewInB) > 0:
		r.Verdict = Incomparable
	case len(r.Unknown) > 0:
		r.Verdict = Unknown
	case len(r.NewInB) > 0:
		r.Verdict = Broader
	case len(r.NewInA) > 0:
		r.Verdict = Narrower
	default:
		r.Verdict = Equivalent
	}
	return r, nil
}

// ReadPolicy parses and compiles one policy for Compare, as an identity
// policy or, with scp, an SCP. An invalid policy returns nil and its
// findings (positions resolved against src), as lint gives them.
func ReadPolicy(id, name, text string, scp bool) (*eval.Policy, *diag.Source, diag.List) {
	t := policy.Identity
	if scp {
		t = policy.SCP
	}
	src := diag.NewSource(name, text)
	doc, syntax := policy.Parse(src)
	p, checks := eval.Prepare(id, doc, t)
	findings := append(syntax, checks...).Resolve(src)
	if findings.HasErrors() {
		return nil, src, findings
	}
	return p, src, findings
}

var allowEverythingText = `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}`

func allowEverything() *eval.Policy {
	p, _, _ := ReadPolicy("identity", "identity", allowEverythingText, false)
	return p
}

// markUnknown notes a statement that takes part in a question compare
// cannot decide exactly, with the first reason found.
func (c *comparer) markUnknown(s *stmt, reason string) {
	if _, ok := c.unknown[s]; !ok {
		c.unknown[s] = reason
	}
}

// undecided lists the statements markUnknown noted, in policy and
// statement order.
func (c *comparer) undecided() {
	for _, s := range c.stmts {
		reason, ok := c.unknown[s]
		if !ok {
			continue
		}
		src := c.pols[s.pol].Doc.Source
		c.res.Unknown = append(c.res.Unknown, Undecided{Policy: polName(s.pol), Statement: s.index, Sid: s.src.Sid.Text,
			Pos: src.Pos(s.src.Span.Start), Reason: reason})
	}
}

func polName(p int) string { return string(rune('A' + p)) }
