package policy

import (
	"sort"

	"slrplay/core/diag"
)

// PathAt returns the Access Analyzer path of the innermost element whose
// place holds sp: ["Statement", 0, "Condition", "StringEquals" (key)], ...
// Checks report places only; paths are worked out here, and only for the
// findings there are, so a clean policy pays nothing for them.
func (d *Document) PathAt(sp diag.Span) diag.Path {
	f := finder{sp}
	root := diag.Path{}
	switch {
	case d.Version.Present() && f.holds(d.Version.Span):
		return root.Value("Version")
	case d.ID.Present() && f.holds(d.ID.Span):
		return root.Value("Id")
	}
	if p, ok := f.key(root, d.Unknown); ok {
		return p
	}
	if p, ok := f.key(root, d.Repeated); ok {
		return p
	}
	if i := f.near(len(d.Statements), func(i int) diag.Span { return d.Statements[i].Span }); i >= 0 {
		return f.statement(&d.Statements[i], d.StatementPath(i))
	}
	if d.StatementKind != Missing && f.holds(d.StatementSpan) {
		return root.Value("Statement")
	}
	return root
}

// finder looks for the element holding sp.
type finder struct{ sp diag.Span }

func (f finder) holds(s diag.Span) bool {
	return s.End > s.Start && s.Start <= f.sp.Start && f.sp.End <= s.End
}

// near returns which of n places, in source order, holds sp, or -1. Binary
// search keeps a document with a million findings from costing a million
// squared.
func (f finder) near(n int, place func(int) diag.Span) int {
	i := sort.Search(n, func(i int) bool { return place(i).End >= f.sp.End })
	if i == n || !f.holds(place(i)) {
		return -1
	}
	return i
}

// key finds sp among keys, naming the key itself.
func (f finder) key(base diag.Path, keys []Value) (diag.Path, bool) {
	if i := f.near(len(keys), func(i int) diag.Span { return keys[i].Span }); i >= 0 {
		return base.Key(keys[i].Text), true
	}
	return nil, false
}

// list is the path into a list: an index only for arrays.
func (f finder) list(base diag.Path, l List) diag.Path {
	if l.Kind == Array {
		if j := f.near(len(l.Items), func(j int) diag.Span { return l.Items[j].Span }); j >= 0 {
			return base.Index(j)
		}
	}
	return base
}

func (f finder) statement(st *Statement, base diag.Path) diag.Path {
	if p, ok := f.key(base, st.Unknown); ok {
		return p
	}
	if p, ok := f.key(base, st.Repeated); ok {
		return p
	}
	for _, el := range [...]struct {
		name string
		val  Value
	}{{"Sid", st.Sid}, {"Effect", st.Effect}} {
		if el.val.Present() && f.holds(el.val.Span) {
			return base.Value(el.name)
		}
	}
	for _, el := range [...]struct {
		name string
		l    List
	}{{"Action", st.Action}, {"NotAction", st.NotAction}, {"Resource", st.Resource}, {"NotResource", st.NotResource}} {
		if el.l.Present() && f.holds(el.l.Span) {
			return f.list(base.Value(el.name), el.l)
		}
	}
	for _, el := range [...]struct {
		name string
		pr   Principal
	}{{"Principal", st.Principal}, {"NotPrincipal", st.NotPrincipal}} {
		if el.pr.Present() && f.holds(el.pr.Span) {
			p := base.Value(el.name)
			// An entry runs from its key to the end of its values.
			if i := f.near(len(el.pr.Entries), func(i int) diag.Span { return entrySpan(el.pr.Entries[i]) }); i >= 0 {
				e := el.pr.Entries[i]
				if f.holds(e.Type.Span) {
					return p.Key(e.Type.Text)
				}
				return f.list(p.Value(e.Type.Text), e.Values)
			}
			return p
		}
	}
	if c := st.Condition; c.Present() && f.holds(c.Span) {
		p := base.Value("Condition")
		i := f.near(len(c.Blocks), func(i int) diag.Span {
			return diag.Span{Start: c.Blocks[i].Operator.Span.Start, End: c.Blocks[i].Span.End}
		})
		if i < 0 {
			return p
		}
		b := c.Blocks[i]
		if f.holds(b.Operator.Span) {
			return p.Key(b.Operator.Text)
		}
		bp := p.Value(b.Operator.Text)
		j := f.near(len(b.Keys), func(j int) diag.Span {
			return diag.Span{Start: b.Keys[j].Key.Span.Start, End: b.Keys[j].Values.Span.End}
		})
		switch {
		case j < 0:
			return bp
		case f.holds(b.Keys[j].Key.Span):
			return bp.Key(b.Keys[j].Key.Text)
		}
		return f.list(bp.Value(b.Keys[j].Key.Text), b.Keys[j].Values)
	}
	return base
}

func entrySpan(e PrincipalEntry) diag.Span {
	return diag.Span{Start: e.Type.Span.Start, End: e.Values.Span.End}
}
