package compare

import (
	"slices"
	"strconv"
	"strings"

	"slrplay/core/eval"
	"slrplay/core/policy"
)

// stmt is a statement as compare reads it: which actions it names, the
// resource patterns it takes, its conditions, and, when some part cannot be
// decided exactly, why.
type stmt struct {
	pol     int // 0: A, 1: B
	index   int
	src     *policy.Statement
	deny    bool
	acts    []string            // lower case
	bySvc   map[string][]string // acts by their service, when it has no wildcard
	anyActs []string            // acts whose service has a wildcard
	notAct  bool
	anySvc  bool     // it may concern any service (NotAction, "*", "s*:...")
	svcs    []string // the services it names, lower case
	res     []int    // resource patterns, indices into comparer.pats
	notRes  bool
	noRes   bool // no Resource element (matches every resource)
	conds   []cond
	unknown string // why part of it cannot be decided; "" when it can
	// assumes says why it is decided only for requests without the keys
	// its policy variables name: there a variable is its default, or
	// matches nothing (IAM-RULES A8).
	assumes string
	// sig is what the statement says, Sid aside, in one string: two
	// statements with the same sig allow and deny the same requests.
	sig      string
	resTexts []string // the Resource (or NotResource) items as written
}

// cond is one condition: an operator on one key.
type cond struct {
	key, name string // lower case, as written
	op        policy.Operator
	vals      []string // the values that read for the operator
	seqs      language // String and Arn operators: the values' patterns
	// unreadable: it has values and none reads, so it holds for no
	// request that has the key (core/eval's rule, IAM-RULES D).
	unreadable bool
	nullOK     bool // Null: its first value reads
	nullTrue   bool // Null: that value is true (the key must be absent)
}

// pat is a resource pattern.
type pat struct {
	text string
	any  bool // "*": every resource
	q    seq
	// fields are its fields before the last (at most five), each with
	// whether it is literal text, to set aside formats it cannot meet.
	fields []patField
}

type patField struct {
	text    string
	literal bool
}

// family is the kind of value a condition compares; a key compared as two
// kinds is not decided.
func family(t policy.OpType) policy.OpType {
	if t == policy.OpARN {
		return policy.OpString
	}
	return t
}

// read builds the statements of a compiled policy.
func (c *comparer) read(pol int, p *eval.Policy) {
	doc := p.Doc
	vars := doc.SubstitutesVariables()
	for i := range doc.Statements {
		st := &doc.Statements[i]
		s := &stmt{pol: pol, index: i, src: st, deny: st.Effect.Text == "Deny"}
		acts := st.Action
		if st.NotAction.Present() {
			acts, s.notAct, s.anySvc = st.NotAction, true, true
		}
		s.bySvc = map[string][]string{}
		for _, a := range acts.Items {
			l := strings.ToLower(a.Text)
			s.acts = append(s.acts, l)
			svc, _, ok := strings.Cut(l, ":")
			if !ok || strings.ContainsAny(svc, "*?") {
				s.anySvc = true
				s.anyActs = append(s.anyActs, l)
			} else {
				s.svcs = append(s.svcs, svc)
				s.bySvc[svc] = append(s.bySvc[svc], l)
			}
		}
		if st.Principal.Present() || st.NotPrincipal.Present() {
			s.unknown = "it names a Principal, which compare does not vary"
		}
		res := st.Resource
		if st.NotResource.Present() {
			res, s.notRes = st.NotResource, true
		}
		s.noRes = !res.Present()
		for _, r := range res.Items {
			s.resTexts = append(s.resTexts, r.Text)
			w, why, none := c.wildcard(r.Text, vars)
			switch {
			case why != "" && none:
				s.assumes = "its Resource " + quote(r.Text) + " " + why
				continue // matches nothing
			case why != "":
				s.assumes = "its Resource " + quote(r.Text) + " " + why
			}
			s.res = append(s.res, c.pattern(r.Text, w))
		}
		for _, b := range st.Condition.Blocks {
			for _, kv := range b.Keys {
				cd := cond{key: strings.ToLower(kv.Key.Text), name: kv.Key.Text, op: b.Op}
				if b.Op.Type == policy.OpNull {
					if len(kv.Values.Items) > 0 {
						cd.nullTrue, cd.nullOK = policy.ParseBool(kv.Values.Items[0].Text)
					}
					s.conds = append(s.conds, cd)
					continue
				}
				cd.unreadable = len(kv.Values.Items) > 0
				for _, it := range kv.Values.Items {
					if !readable(b.Op.Type, it.Text) {
						continue
					}
					cd.unreadable = false
					cd.vals = append(cd.vals, it.Text)
					if family(b.Op.Type) != policy.OpString {
						continue
					}
					w, why, none := c.wildcard(it.Text, vars)
					if why != "" {
						s.assumes = "its condition " + b.Operator.Text + " on " + kv.Key.Text + " value " + quote(it.Text) + " " + why
					}
					if none {
						continue // matches no request value
					}
					switch {
					case b.Op.Type == policy.OpARN:
						cd.seqs = append(cd.seqs, arnSeq(w))
					case b.Op.Cmp == policy.Like:
						cd.seqs = append(cd.seqs, likeSeq(w))
					default:
						cd.seqs = append(cd.seqs, literalSeq(string(w.runes), b.Op.IgnoreCase))
					}
				}
				s.conds = append(s.conds, cd)
			}
		}
		s.sig = signature(s)
		c.stmts = append(c.stmts, s)
	}
}

// signature writes what a statement says, Sid aside: its effect, actions,
// resource patterns and conditions, each list in order.
func signature(s *stmt) string {
	var b strings.Builder
	b.WriteString(strconv.FormatBool(s.deny) + strconv.FormatBool(s.notAct) + strconv.FormatBool(s.notRes) + strconv.FormatBool(s.noRes) + s.unknown + "\x00" + s.assumes + "\x00")
	acts := slices.Clone(s.acts)
	slices.Sort(acts)
	b.WriteString(strings.Join(acts, "\x01") + "\x00")
	res := slices.Clone(s.resTexts)
	slices.Sort(res)
	b.WriteString(strings.Join(res, "\x01"))
	for _, cd := range s.conds {
		b.WriteString("\x00" + cd.op.Base + strconv.Itoa(int(cd.op.Set)) + strconv.FormatBool(cd.op.IfExists) + cd.key + "\x01" + strings.Join(cd.vals, "\x01"))
		b.WriteString(strconv.FormatBool(cd.unreadable) + strconv.FormatBool(cd.nullOK) + strconv.FormatBool(cd.nullTrue) + strconv.Itoa(len(cd.seqs)))
	}
	return b.String()
}

// wildcard reads a Resource or condition value as core/eval does: under
// Version 2012-10-17 ${*}, ${?} and ${$} are literal characters and other
// variables take their values from the request. compare decides those for
// requests without the variables' keys, where a variable is its default, or,
// without one, the value matches nothing (none); why says so. Under other
// versions all is literal text but * and ?.
func (c *comparer) wildcard(s string, vars bool) (w wildText, why string, none bool) {
	if !vars || !policy.HasVariable(s) {
		return plainWild(s), "", false
	}
	at := 0
	lit := func(t string, wild bool) {
		for _, r := range t {
			w.runes = append(w.runes, r)
			w.wild = append(w.wild, wild && (r == '*' || r == '?'))
		}
	}
	policy.ForEachVariable(s, func(v policy.Variable, problem string) bool {
		lit(s[at:v.Start], true)
		at = v.End
		switch {
		case problem != "":
			why, none = "has a malformed variable, decided as matching nothing", true
		case v.Escape():
			lit(v.Name, false)
			return true
		case v.HasDefault:
			lit(v.Default, false)
			why = "holds the policy variable ${" + v.Name + "}: decided for requests without it, where its default applies"
			return true
		default:
			why, none = "holds the policy variable ${"+v.Name+"}: decided for requests without it, where it matches nothing", true
		}
		return false
	})
	if none {
		return wildText{}, why, true
	}
	lit(s[at:], true)
	return w, why, false
}

// pattern returns the index of the resource pattern, adding it once.
func (c *comparer) pattern(text string, w wildText) int {
	key := string(w.runes) + "\x00" + marks(w.wild)
	if i, ok := c.patIndex[key]; ok {
		return i
	}
	p := pat{text: text, q: arnSeq(w)}
	p.any = len(w.runes) == 1 && w.runes[0] == '*' && w.wild[0]
	start := 0
	for i, r := range w.runes {
		if r == ':' && len(p.fields) < 5 {
			f := patField{text: string(w.runes[start:i]), literal: !slices.Contains(w.wild[start:i], true)}
			p.fields = append(p.fields, f)
			start = i + 1
		}
	}
	c.pats = append(c.pats, p)
	c.patIndex[key] = len(c.pats) - 1
	return len(c.pats) - 1
}

func marks(b []bool) string {
	out := make([]byte, len(b))
	for i, x := range b {
		out[i] = '0'
		if x {
			out[i] = '1'
		}
	}
	return string(out)
}

func quote(s string) string { return `"` + s + `"` }

// matchAction reports whether a lower-case action name matches a
// lower-case action pattern ('*' any run, '?' one character).
func matchAction(p, s string) bool {
	if isASCII(p) && isASCII(s) {
		return matchUnits([]byte(p), []byte(s))
	}
	return matchUnits([]rune(p), []rune(s))
}

func isASCII(s string) bool {
	for i := range len(s) {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// matchUnits matches a wildcard pattern, backtracking only to the last
// star: linear enough for action names, which are short.
func matchUnits[T byte | rune](pr, sr []T) bool {
	i, j, star, mark := 0, 0, -1, 0
	for j < len(sr) {
		switch {
		case i < len(pr) && (pr[i] == '?' || pr[i] == sr[j]):
			i++
			j++
		case i < len(pr) && pr[i] == '*':
			star, mark = i, j
			i++
		case star >= 0:
			i, mark = star+1, mark+1
			j = mark
		default:
			return false
		}
	}
	for i < len(pr) && pr[i] == '*' {
		i++
	}
	return i == len(pr)
}

// actionApplies reports whether the statement's Action (or NotAction)
// covers the lower-case action name of the lower-case service.
func (s *stmt) actionApplies(svc, action string) bool {
	for _, list := range [2][]string{s.bySvc[svc], s.anyActs} {
		for _, p := range list {
			if matchAction(p, action) {
				return !s.notAct
			}
		}
	}
	return s.notAct
}
