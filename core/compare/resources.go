package compare

import (
	"strconv"
	"strings"
)

// The resources a group's actions take ("*" and their ARN formats) and
// the Resource lists of its statements: which combinations of lists a
// resource can match, with a resource for each.

// resAtoms are the resources a group's Resource elements and formats
// tell apart.
type resAtoms struct {
	atoms []realizable // a bit per Resource list
	err   error
}

// resources finds the resources the group's Resource lists tell apart
// (each list a predicate: one of its patterns matches), among those its
// actions take: "*" and their ARN formats. Each format is explored on its
// own, with the lists (its fixed service and field separators keep the
// product small), and the results are pooled.
func (c *comparer) resources(lists [][]int, formats []string) resAtoms {
	var r resAtoms
	seen := map[string]bool{}
	add := func(a realizable) {
		k := ""
		for _, b := range a.bits {
			k += string("01"[b2i(b)])
		}
		if !seen[k] {
			seen[k] = true
			r.atoms = append(r.atoms, a)
		}
	}
	// "*" is a resource every action takes.
	bits := make([]bool, len(lists))
	allAny := true
	for i, l := range lists {
		anyOne := false
		for _, id := range l {
			bits[i] = bits[i] || c.pats[id].any || matchSeq(c.pats[id].q, "*")
			anyOne = anyOne || c.pats[id].any
		}
		allAny = allAny && anyOne
	}
	add(realizable{bits: bits, witness: "*"})
	if allAny {
		return r // every list matches every resource: "*" stands for all
	}
	for _, f := range formats {
		atoms, err := c.formatAtoms(lists, f)
		if err != nil {
			r.err = err
			return r
		}
		for _, a := range atoms {
			add(a)
		}
	}
	return r
}

// formatAtoms are the combinations of Resource lists that ARNs of one
// format realize. A pattern whose fixed fields (service, region, account)
// cannot meet the format's is left out; a list with "*" holds for all.
func (c *comparer) formatAtoms(lists [][]int, format string) ([]realizable, error) {
	ff := formatFields(format)
	var preds []language
	var live []int // the lists in the product
	always := make([]bool, len(lists))
	key := format + "#"
	for i, l := range lists {
		var lang language
		for _, id := range l {
			switch p := &c.pats[id]; {
			case p.any:
				always[i] = true
			case !p.disjoint(ff):
				lang = append(lang, p.q)
				key += strconv.Itoa(id) + ","
			}
		}
		key += ";"
		if !always[i] && len(lang) > 0 {
			live = append(live, i)
			preds = append(preds, lang)
		}
	}
	r, ok := c.resCache[key]
	if !ok {
		r.atoms, r.err = realize(preds, language{formatSeq(format)}, &c.statesLeft)
		c.resCache[key] = r
	}
	out := make([]realizable, len(r.atoms))
	for k, a := range r.atoms {
		bits := append([]bool{}, always...)
		for j, i := range live {
			bits[i] = a.bits[j]
		}
		out[k] = realizable{bits: bits, witness: a.witness}
	}
	return out, r.err
}

// formatFields are the first five fields of an ARN format, each literal
// text or "" with ok false where it has a variable or a star; the format's
// last field is left out (it takes the rest of an ARN).
func formatFields(format string) (f [5]struct {
	text    string
	literal bool
	ok      bool
}) {
	parts := strings.Split(format, ":")
	for i := 0; i < 5 && i < len(parts)-1; i++ {
		f[i].ok = true
		f[i].text = parts[i]
		f[i].literal = !strings.ContainsAny(parts[i], "*$<")
	}
	return f
}

// disjoint reports whether no ARN of the format can match the pattern:
// a fixed field of the pattern differs from the format's fixed field, or
// is empty where the format's has a variable (which is never empty).
func (p *pat) disjoint(ff [5]struct {
	text    string
	literal bool
	ok      bool
}) bool {
	if p.any {
		return false
	}
	for i := 0; i < 5 && i < len(p.fields); i++ {
		f, pf := ff[i], p.fields[i]
		if !f.ok || !pf.literal {
			continue
		}
		if f.literal && f.text != pf.text || !f.literal && pf.text == "" && !strings.Contains(f.text, "*") {
			return true
		}
	}
	return false
}
