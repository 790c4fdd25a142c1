package compare

import (
	"slices"

	"slrplay/core/policy"
)

// A request within a group is chosen along dimensions: its resource, the
// state of each condition key the group's statements test, and, for a
// statement compare cannot decide, whether it applies. Each dimension has
// finitely many atoms, values that every statement tells apart no further;
// truth says, per statement and atom, whether that part of the statement
// holds.

type dim struct {
	key   string // lower-case key name; "" for the resource and oracles
	atoms []atom
}

type atom struct {
	resource string
	state    keyState
}

// keyState is a key's state in a request's context.
type keyState struct {
	kind  uint8 // absent, empty, single, multi
	vals  []string
	atoms []int // the value atoms of vals
}

const (
	absent uint8 = iota
	empty
	single
	multi
)

// maxSubsetAtoms bounds the kinds of value a key's ForAllValues and
// ForAnyValue conditions tell apart: its multi-valued states are the
// subsets of those kinds.
const maxSubsetAtoms = 10

// keyDim builds the states of one key that the conditions on it tell
// apart. why is set when they cannot be told exactly.
func keyDim(conds []*cond, left *int) (states []keyState, values []realizable, why string) {
	var vc []*cond // the ones that look at values
	for _, cd := range conds {
		if cd.op.Type != policy.OpNull {
			vc = append(vc, cd)
		}
	}
	for _, cd := range vc {
		if family(cd.op.Type) != family(vc[0].op.Type) {
			return nil, nil, "it is compared both as " + family(vc[0].op.Type).String() + " and as " + family(cd.op.Type).String()
		}
	}
	switch {
	case len(vc) == 0:
		values = []realizable{{witness: notAValue}}
	case family(vc[0].op.Type) == policy.OpString:
		preds := make([]language, len(vc))
		for i, cd := range vc {
			preds[i] = cd.seqs
		}
		var err error
		if values, err = realize(preds, language{{{star: true, cls: class{kind: classAny}}}}, left); err != nil {
			return nil, nil, err.Error()
		}
	default:
		var consts []string
		for _, cd := range vc {
			consts = append(consts, cd.vals...)
		}
		var cands []string
		switch vc[0].op.Type {
		case policy.OpNumeric:
			cands = numberCandidates(consts)
		case policy.OpDate:
			cands = dateCandidates(consts)
		case policy.OpBool:
			cands = boolCandidates()
		case policy.OpIP:
			cands = ipCandidates(consts)
		case policy.OpBinary:
			cands = binaryCandidates(consts)
		}
		seen := map[string]bool{}
		for _, v := range cands {
			bits := make([]bool, len(vc))
			k := ""
			for i, cd := range vc {
				bits[i] = slices.ContainsFunc(cd.vals, func(pv string) bool { return matchValue(cd.op, v, pv) })
				k += string("01"[b2i(bits[i])])
			}
			if !seen[k] {
				seen[k] = true
				values = append(values, realizable{bits: bits, witness: v})
			}
		}
	}
	states = []keyState{{kind: absent}, {kind: empty}}
	for i, v := range values {
		states = append(states, keyState{kind: single, vals: []string{v.witness}, atoms: []int{i}})
	}
	// Several values: only ForAllValues and ForAnyValue look at them.
	var setConds []int
	for i, cd := range vc {
		if cd.op.Set != policy.Single {
			setConds = append(setConds, i)
		}
	}
	if len(setConds) == 0 {
		w := values[0].witness
		return append(states, keyState{kind: multi, vals: []string{w, w}, atoms: []int{0, 0}}), values, ""
	}
	var reps []int // one value atom per distinct outcome of the set conditions
	seen := map[string]bool{}
	for i, v := range values {
		k := ""
		for _, j := range setConds {
			k += string("01"[b2i(v.bits[j])])
		}
		if !seen[k] {
			seen[k] = true
			reps = append(reps, i)
		}
	}
	if len(reps) > maxSubsetAtoms {
		return nil, nil, "its ForAllValues and ForAnyValue conditions tell apart too many kinds of value to try every set of them"
	}
	for mask := 1; mask < 1<<len(reps); mask++ {
		st := keyState{kind: multi}
		for i, r := range reps {
			if mask&(1<<i) != 0 {
				st.vals = append(st.vals, values[r].witness)
				st.atoms = append(st.atoms, r)
			}
		}
		if len(st.vals) == 1 {
			st.vals = append(st.vals, st.vals[0])
			st.atoms = append(st.atoms, st.atoms[0])
		}
		states = append(states, st)
	}
	return states, values, ""
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// holds evaluates a condition on a key's state as core/eval does
// (IAM-RULES A3–A6): j is its index among the key's value conditions.
func holds(cd *cond, j int, st keyState, values []realizable) bool {
	if cd.op.Type == policy.OpNull {
		return cd.nullOK && cd.nullTrue == (st.kind == absent)
	}
	if st.kind == absent || st.kind == empty {
		switch {
		case cd.op.IfExists, cd.op.Set == policy.ForAllValues:
			return true
		case cd.op.Set == policy.ForAnyValue:
			return false
		}
		return cd.op.Negated
	}
	if cd.unreadable {
		return false
	}
	one := func(a int) bool { return values[a].bits[j] != cd.op.Negated }
	switch cd.op.Set {
	case policy.ForAllValues:
		for _, a := range st.atoms {
			if !one(a) {
				return false
			}
		}
		return true
	case policy.ForAnyValue:
		return slices.ContainsFunc(st.atoms, one)
	}
	return st.kind == single && one(st.atoms[0])
}

// maxNodes bounds one search, and maxSearched the work of all of one
// comparison's (a node costs a step per statement and dimension).
const (
	maxNodes    = 200000
	maxSearched = 1 << 28
)

// finder searches the dimensions for a request where statement target of
// policy x applies, x allows, and the other policy does not.
type finder struct {
	dims   []dim
	truth  [][][]bool // [statement][dimension][atom]; nil: the statement does not depend on it
	last   []int      // the last dimension each statement depends on
	stmts  []*stmt
	target int
	assign []int
	nodes  int
	left   *int // the comparison's nodes left
}

const (
	no = iota
	yes
	open
)

func (f *finder) status(i, upto int) int {
	for d := 0; d < upto && d < len(f.dims); d++ {
		if t := f.truth[i][d]; t != nil && !t[f.assign[d]] {
			return no
		}
	}
	if f.last[i] < upto {
		return yes
	}
	return open
}

// feasible reports whether the dimensions assigned so far leave the goal
// possible; with all assigned, whether it is met.
func (f *finder) feasible(upto int) bool {
	x := f.stmts[f.target].pol
	if f.status(f.target, upto) == no {
		return false
	}
	otherAllows, otherDenies := false, false
	for i, s := range f.stmts {
		st := f.status(i, upto)
		switch {
		case s.pol == x && s.deny && st == yes:
			return false
		case s.pol != x && !s.deny && st == yes:
			otherAllows = true
		case s.pol != x && s.deny && st != no:
			otherDenies = true
		}
	}
	return !otherAllows || otherDenies
}

func (f *finder) search(d int) (found, exhausted bool) {
	f.nodes++
	if *f.left -= len(f.stmts) * len(f.dims); f.nodes > maxNodes || *f.left < 0 {
		return false, true
	}
	if !f.feasible(d) {
		return false, false
	}
	if d == len(f.dims) {
		return true, false
	}
	for a := range f.dims[d].atoms {
		f.assign[d] = a
		if ok, ex := f.search(d + 1); ok || ex {
			return ok, ex
		}
	}
	return false, false
}

// decide finds, for each Allow statement of the group, a request it lets
// through in its policy that the other policy does not allow.
func (c *comparer) decide(g *group) {
	// The same statements on both sides decide alike, whatever they hold.
	var sides [2][]string
	for _, s := range g.stmts {
		sides[s.pol] = append(sides[s.pol], s.sig)
	}
	slices.Sort(sides[0])
	slices.Sort(sides[1])
	if slices.Equal(sides[0], sides[1]) {
		return
	}
	f := &finder{stmts: g.stmts, left: &c.nodesLeft}
	for _, s := range g.stmts {
		if s.assumes != "" {
			c.markUnknown(s, s.assumes)
		}
	}
	// The resource: one predicate per distinct Resource list.
	var lists [][]int
	listOf := make([]int, len(g.stmts))
	for i, s := range g.stmts {
		listOf[i] = -1
		if s.unknown != "" || s.noRes {
			continue
		}
		l := slices.Clone(s.res)
		slices.Sort(l)
		l = slices.Compact(l)
		j := slices.IndexFunc(lists, func(x []int) bool { return slices.Equal(x, l) })
		if j < 0 {
			j = len(lists)
			lists = append(lists, l)
		}
		listOf[i] = j
	}
	ra := c.resources(lists, g.formats)
	if ra.err != nil {
		// Those statements become undecided, and the rest is decided.
		for i, s := range g.stmts {
			if listOf[i] >= 0 && !slices.ContainsFunc(lists[listOf[i]], func(id int) bool { return c.pats[id].any }) {
				s.unknown = "its resources and the actions' ARN formats: " + ra.err.Error()
			}
		}
		c.decide(g)
		return
	}
	rd := dim{}
	for _, a := range ra.atoms {
		rd.atoms = append(rd.atoms, atom{resource: a.witness})
	}
	f.dims = append(f.dims, rd)
	f.truth = make([][][]bool, len(g.stmts))
	for i, s := range g.stmts {
		f.truth[i] = [][]bool{nil}
		if listOf[i] < 0 {
			continue
		}
		t := make([]bool, len(ra.atoms))
		for k, a := range ra.atoms {
			t[k] = a.bits[listOf[i]] != s.notRes
		}
		f.truth[i][0] = t
	}
	// The keys.
	byKey := map[string][]*cond{}
	var keys []string
	for _, s := range g.stmts {
		if s.unknown != "" {
			continue
		}
		for j := range s.conds {
			cd := &s.conds[j]
			if byKey[cd.key] == nil {
				keys = append(keys, cd.key)
			}
			byKey[cd.key] = append(byKey[cd.key], cd)
		}
	}
	slices.Sort(keys)
	for _, k := range keys {
		conds := byKey[k]
		states, values, why := keyDim(conds, &c.statesLeft)
		if why != "" {
			for _, s := range g.stmts {
				for j := range s.conds {
					if s.conds[j].key == k && s.unknown == "" {
						s.unknown = "the key " + s.conds[j].name + ": " + why
					}
				}
			}
			c.decide(g)
			return
		}
		d := dim{key: k}
		for _, st := range states {
			d.atoms = append(d.atoms, atom{state: st})
		}
		// Each condition's index among the key's value conditions.
		index := map[*cond]int{}
		for _, cd := range conds {
			if cd.op.Type != policy.OpNull {
				index[cd] = len(index)
			}
		}
		for i, s := range g.stmts {
			var t []bool
			if s.unknown == "" {
				for j := range s.conds {
					cd := &s.conds[j]
					if cd.key != k {
						continue
					}
					if t == nil {
						t = make([]bool, len(states))
						for a := range t {
							t[a] = true
						}
					}
					for a, st := range states {
						t[a] = t[a] && holds(cd, index[cd], st, values)
					}
				}
			}
			f.truth[i] = append(f.truth[i], t)
		}
		f.dims = append(f.dims, d)
	}
	// The statements compare cannot decide: each may apply or not.
	for i, s := range g.stmts {
		if s.unknown == "" {
			continue
		}
		c.markUnknown(s, s.unknown)
		f.dims = append(f.dims, dim{atoms: []atom{{}, {}}})
		for j := range g.stmts {
			var t []bool
			if j == i {
				t = []bool{true, false}
			}
			f.truth[j] = append(f.truth[j], t)
		}
	}
	f.last = make([]int, len(g.stmts))
	for i := range g.stmts {
		f.last[i] = -1
		for d, t := range f.truth[i] {
			if t != nil {
				f.last[i] = d
			}
		}
	}
	f.assign = make([]int, len(f.dims))
	// A statement the other policy has too, where that policy has no Deny,
	// lets through nothing the other does not: no search needed.
	twins := map[string][2]bool{}
	var denies [2]bool
	for _, s := range g.stmts {
		t := twins[s.sig]
		t[s.pol] = true
		twins[s.sig] = t
		denies[s.pol] = denies[s.pol] || s.deny
	}
	for i, s := range g.stmts {
		if s.deny || s.unknown == "" && s.assumes == "" && twins[s.sig][1-s.pol] && !denies[1-s.pol] {
			continue
		}
		f.target, f.nodes = i, 0
		found, exhausted := f.search(0)
		switch {
		case exhausted:
			c.markUnknown(s, "too many combinations of its resources and conditions with the other policy's to try them all")
		case found:
			c.witness(g, f, s)
		}
	}
}
