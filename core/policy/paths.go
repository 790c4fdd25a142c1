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
	holds := func(s diag.Span) bool { return s.End > s.Start && s.Start <= sp.Start && sp.End <= s.End }
	root := diag.Path{}
	switch {
	case d.Version.Present() && holds(d.Version.Span):
		return root.Value("Version")
	case d.ID.Present() && holds(d.ID.Span):
		return root.Value("Id")
	}
	if p, ok := keyPath(root, d.Unknown, holds); ok {
		return p
	}
	if p, ok := keyPath(root, d.Repeated, holds); ok {
		return p
	}
	i := sort.Search(len(d.Statements), func(i int) bool { return d.Statements[i].Span.End >= sp.End })
	if i < len(d.Statements) && holds(d.Statements[i].Span) {
		return d.Statements[i].pathAt(d.StatementPath(i), holds)
	}
	if d.StatementKind != Missing && holds(d.StatementSpan) {
		return root.Value("Statement")
	}
	return root
}

// keyPath finds sp among keys, naming the key itself.
func keyPath(base diag.Path, keys []Value, holds func(diag.Span) bool) (diag.Path, bool) {
	for _, k := range keys {
		if holds(k.Span) {
			return base.Key(k.Text), true
		}
	}
	return nil, false
}

// listPath is the path into a list: an index only for arrays.
func listPath(base diag.Path, l List, holds func(diag.Span) bool) diag.Path {
	if l.Kind == Array {
		for j, it := range l.Items {
			if holds(it.Span) {
				return base.Index(j)
			}
		}
	}
	return base
}

func (st *Statement) pathAt(base diag.Path, holds func(diag.Span) bool) diag.Path {
	if p, ok := keyPath(base, st.Unknown, holds); ok {
		return p
	}
	if p, ok := keyPath(base, st.Repeated, holds); ok {
		return p
	}
	for _, el := range [...]struct {
		name string
		val  Value
	}{{"Sid", st.Sid}, {"Effect", st.Effect}} {
		if el.val.Present() && holds(el.val.Span) {
			return base.Value(el.name)
		}
	}
	for _, el := range [...]struct {
		name string
		l    List
	}{{"Action", st.Action}, {"NotAction", st.NotAction}, {"Resource", st.Resource}, {"NotResource", st.NotResource}} {
		if el.l.Present() && holds(el.l.Span) {
			return listPath(base.Value(el.name), el.l, holds)
		}
	}
	for _, el := range [...]struct {
		name string
		pr   Principal
	}{{"Principal", st.Principal}, {"NotPrincipal", st.NotPrincipal}} {
		if !el.pr.Present() || !holds(el.pr.Span) {
			continue
		}
		p := base.Value(el.name)
		for _, e := range el.pr.Entries {
			switch {
			case holds(e.Type.Span):
				return p.Key(e.Type.Text)
			case holds(e.Values.Span):
				return listPath(p.Value(e.Type.Text), e.Values, holds)
			}
		}
		return p
	}
	if c := st.Condition; c.Present() && holds(c.Span) {
		p := base.Value("Condition")
		for _, b := range c.Blocks {
			switch {
			case holds(b.Operator.Span):
				return p.Key(b.Operator.Text)
			case holds(b.Span):
				bp := p.Value(b.Operator.Text)
				for _, kv := range b.Keys {
					switch {
					case holds(kv.Key.Span):
						return bp.Key(kv.Key.Text)
					case holds(kv.Values.Span):
						return listPath(bp.Value(kv.Key.Text), kv.Values, holds)
					}
				}
				return bp
			}
		}
		return p
	}
	return base
}
