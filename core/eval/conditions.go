package eval

import (
	"bytes"
	"strings"
	"time"

	"slrplay/core/internal/ipaddr"

	"slrplay/core/policy"
)

// cond is one compiled condition: an operator applied to one key.
type cond struct {
	op     policy.Operator
	opName string // as written
	key    string // lower case
	name   string // as written
	vals   []condValue
	// unreadable says that the condition has values and none of them reads
	// for the operator's type: it never holds for a key the request has
	// (IAM-RULES D).
	unreadable bool
}

// condValue is one policy value, read once for the operator's type.
type condValue struct {
	text string
	tmpl *template   // for String and Arn operators when the value has variables
	pat  *pattern    // StringLike and the like
	arn  *arnPattern // Arn operators
	num  policy.Decimal
	date time.Time
	ip   ipaddr.Prefix
	bin  []byte
	b    bool
	// bad says that the value does not read for the operator's type
	// ("NaN" for a Numeric operator, "yesterday" for a Date one): it takes
	// no part in comparisons, so it never makes a condition true.
	bad bool
}

func compileConditions(c policy.Condition, vars bool) []cond {
	n, nv := 0, 0
	for _, b := range c.Blocks {
		n += len(b.Keys)
		for _, kv := range b.Keys {
			nv += len(kv.Values.Items)
		}
	}
	// The conditions and, in one arena, their values are compiled in place.
	out := make([]cond, n)
	vals := make([]condValue, nv)
	i := 0
	for _, b := range c.Blocks {
		for _, kv := range b.Keys {
			items := kv.Values.Items
			cd := &out[i]
			i++
			*cd = cond{op: b.Op, opName: b.Operator.Text, key: strings.ToLower(kv.Key.Text), name: kv.Key.Text,
				vals: vals[:len(items):len(items)]}
			vals = vals[len(items):]
			cd.unreadable = len(items) > 0
			for j, it := range items {
				compileValue(&cd.vals[j], b.Op, it.Text, vars)
				cd.unreadable = cd.unreadable && cd.vals[j].bad
			}
		}
	}
	return out
}

// compileValue reads policy value s into v, once, for the operator's type.
func compileValue(v *condValue, op policy.Operator, s string, vars bool) {
	v.text = s
	ok := true
	switch op.Type {
	case policy.OpString, policy.OpARN:
		if vars && policy.HasVariable(s) {
			t := newTemplate(s, true, false)
			v.tmpl = &t
			return
		}
		if op.Type == policy.OpARN {
			a := compileARN(wildOf(s))
			v.arn = &a
		} else if op.Cmp == policy.Like {
			p := compilePattern(s, false)
			v.pat = &p
		}
	case policy.OpNumeric:
		v.num, ok = policy.ParseNumber(s)
	case policy.OpDate:
		v.date, ok = policy.ParseDate(s)
	case policy.OpBool, policy.OpNull:
		v.b, ok = policy.ParseBool(s)
	case policy.OpIP:
		v.ip, ok = policy.ParseCIDR(s)
	case policy.OpBinary:
		v.bin, ok = policy.ParseBinary(s)
	}
	v.bad = !ok
}

// wildOf marks every * and ? of s as a wildcard.
func wildOf(s string) wildcard {
	w := wildcard{text: s, isWild: make([]bool, len(s))}
	for i := range len(s) {
		w.isWild[i] = s[i] == '*' || s[i] == '?'
	}
	return w
}

// outcome is how one condition came out.
type outcome struct {
	ok      bool // the condition holds
	absent  bool // the key is not in the request
	partial bool // a variable in a policy value had no value
}

// eval applies the condition to the request (AWS's rules: IAM-RULES A3–A6).
func (c *cond) eval(r *Request) outcome {
	k := r.Context.find(c.key)
	present := k != nil
	var vals []string
	if present {
		vals = k.values
	}
	if c.op.Type == policy.OpNull {
		// Null: true means "the key is absent".
		// Its one value (validation refuses more) must read.
		return outcome{ok: len(c.vals) > 0 && !c.vals[0].bad && c.vals[0].b == !present, absent: !present}
	}
	if !present || len(vals) == 0 {
		out := outcome{absent: !present}
		switch {
		case c.op.IfExists:
			out.ok = true
		case c.op.Set == policy.ForAllValues:
			out.ok = true
		case c.op.Set == policy.ForAnyValue:
			out.ok = false
		default:
			out.ok = c.op.Negated
		}
		return out
	}
	var out outcome
	if c.unreadable {
		return out // nothing to compare with: not even a negated operator holds
	}
	// holds is the operator's verdict for request value i: some policy value
	// matches (OR), or, for a negated operator, none does (NOR). A policy
	// value that does not read for the operator is passed over, as if it were
	// not written: it neither matches nor stops a negated operator from
	// holding, so the values beside it keep their meaning in an Allow and in
	// a Deny alike.
	holds := func(i int) bool {
		for j := range c.vals {
			pv := &c.vals[j]
			if pv.bad {
				continue
			}
			m, partial := c.compare(k, i, pv, r)
			out.partial = out.partial || partial
			if m {
				return !c.op.Negated
			}
		}
		return c.op.Negated
	}
	switch c.op.Set {
	case policy.ForAllValues:
		out.ok = true
		for i := range vals {
			if !holds(i) {
				out.ok = false
				break
			}
		}
	case policy.ForAnyValue:
		for i := range vals {
			if holds(i) {
				out.ok = true
				break
			}
		}
	default:
		// A plain operator on a key with several values does not match.
		out.ok = len(vals) == 1 && holds(0)
	}
	return out
}

// compare reports whether request value i of key k matches policy value pv
// by the operator's comparison (before negation), and whether pv had a
// variable without a value. Numbers compare by exact value, dates as
// instants, IPv4-mapped addresses as the IPv4 ones they map. A request value
// that does not read for the operator matches no policy value, as a string
// that differs matches none.
func (c *cond) compare(k *ctxKey, i int, pv *condValue, r *Request) (match, partial bool) {
	op, v := c.op, k.values[i]
	switch op.Type {
	case policy.OpString, policy.OpARN:
		if pv.tmpl != nil {
			w, ok := pv.tmpl.fill(&r.Context)
			if !ok {
				return false, true
			}
			if op.Type == policy.OpARN {
				return pv.tmpl.arnMatch(w, v), false
			}
			if op.Cmp == policy.Like {
				return pv.tmpl.match(w, v), false
			}
			return stringEqual(w.text, v, op.IgnoreCase), false
		}
		switch {
		case op.Type == policy.OpARN:
			return pv.arn.match(v), false
		case op.Cmp == policy.Like:
			return pv.pat.match(v), false
		}
		return stringEqual(pv.text, v, op.IgnoreCase), false
	case policy.OpNumeric:
		n, ok := policy.ParseNumber(v)
		return ok && op.Cmp.Holds(n.Cmp(pv.num)), false
	case policy.OpDate:
		t, ok := policy.ParseDate(v)
		return ok && op.Cmp.Holds(t.Compare(pv.date)), false
	case policy.OpBool:
		b, ok := policy.ParseBool(v)
		return ok && b == pv.b, false
	case policy.OpIP:
		a := k.addr(i)
		return a.IsValid() && pv.ip.Contains(a), false
	case policy.OpBinary:
		b, ok := policy.ParseBinary(v)
		return ok && bytes.Equal(b, pv.bin), false
	}
	return false, false
}

func stringEqual(a, b string, fold bool) bool {
	if fold {
		return strings.EqualFold(a, b)
	}
	return a == b
}
