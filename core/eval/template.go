package eval

import (
	"strings"
	"sync"

	"slrplay/core/policy"
)

// template is a policy string that may hold variables. Without variables
// (or under a Version that does not substitute them) it is compiled once;
// with them it is filled in from the request and compiled then, with the
// result cached, so a request with the same values costs a map look-up.
type template struct {
	text   string
	parts  []part      // nil when the text has no variables to fill in
	static *arnPattern // the compiled text when parts is nil
	fold   bool

	mu    *sync.Mutex // guards cache; templates are shared by concurrent requests
	cache map[string]*compiled
}

// part is literal text or a variable of a template.
type part struct {
	lit        string // literal text, wildcards in it included
	escape     byte   // '*', '?' or '$' from ${*} ${?} ${$}: a literal character
	key        string // variable name, lower case
	name       string // variable name as written
	def        string // default value
	hasDefault bool
}

// newTemplate compiles s; vars says whether the policy substitutes variables
// (Version 2012-10-17).
func newTemplate(s string, vars, fold bool) template {
	t := template{text: s, fold: fold}
	if !vars || !policy.HasVariable(s) {
		a := compileARN(wildOf(s))
		t.static = &a
		return t
	}
	t.mu = &sync.Mutex{}
	at := 0
	policy.ForEachVariable(s, func(v policy.Variable, problem string) bool {
		t.parts = append(t.parts, part{lit: s[at:v.Start]})
		p := part{key: strings.ToLower(v.Name), name: v.Name, def: v.Default, hasDefault: v.HasDefault}
		if v.Escape() {
			p = part{escape: v.Name[0]}
		}
		t.parts = append(t.parts, p)
		at = v.End
		return true
	})
	t.parts = append(t.parts, part{lit: s[at:]})
	return t
}

// fill substitutes the variables from ctx into a wildcard pattern; ok is
// false when a variable has no value and no default.
func (t *template) fill(ctx *Context) (w wildcard, ok bool) {
	var b strings.Builder
	var isWild []bool
	for _, p := range t.parts {
		var text string
		literal := false
		switch {
		case p.escape != 0:
			text, literal = string(p.escape), true
		case p.key != "":
			vals, found := ctx.lookup(p.key)
			switch {
			case found && len(vals) == 1:
				text, literal = vals[0], true
			case p.hasDefault:
				text, literal = p.def, true
			default:
				return wildcard{}, false
			}
		default:
			text = p.lit
		}
		b.WriteString(text)
		for i := range len(text) {
			isWild = append(isWild, !literal && (text[i] == '*' || text[i] == '?'))
		}
	}
	return wildcard{text: b.String(), isWild: isWild}, true
}

// missing lists the variables of the template that ctx lacks and that have
// no default.
func (t *template) missing(ctx *Context, add func(key string)) {
	for _, p := range t.parts {
		if p.key != "" && !p.hasDefault {
			if _, ok := ctx.lookup(p.key); !ok {
				add(p.name)
			}
		}
	}
}

// compiled is a template filled in and compiled, cached by its text.
type compiled struct {
	pat pattern
	arn arnPattern
}

// lookup returns the compiled form of a filled-in template, compiling it on
// first use. The cache is bounded: a request stream with ever new values
// must not grow memory without end, so it holds at most maxCached forms,
// none longer than maxCachedText (a longer one is compiled at every use:
// in time linear in it, as matching it is).
func (t *template) lookup(w wildcard) *compiled {
	key := w.text
	for i, wild := range w.isWild {
		if !wild && (w.text[i] == '*' || w.text[i] == '?') {
			key = w.text + "\x00" + marks(w.isWild) // a literal * or ? from a variable
			break
		}
	}
	t.mu.Lock()
	c, ok := t.cache[key]
	t.mu.Unlock()
	if ok {
		return c
	}
	// Compiled outside the lock: concurrent requests do not wait for it.
	c = &compiled{pat: compileWildcard(w, t.fold), arn: compileARN(w)}
	if len(key) > maxCachedText {
		return c
	}
	t.mu.Lock()
	if t.cache == nil || len(t.cache) >= maxCached {
		t.cache = map[string]*compiled{}
	}
	t.cache[key] = c
	t.mu.Unlock()
	return c
}

// maxCached bounds each template's cache of filled-in forms, and
// maxCachedText the length of the ones it keeps.
const (
	maxCached     = 256
	maxCachedText = 4 << 10
)

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

// match reports whether s matches the filled-in template w as a whole string.
func (t *template) match(w wildcard, s string) bool { return t.lookup(w).pat.match(s) }

// arnMatch reports whether s matches the filled-in template w field by field.
func (t *template) arnMatch(w wildcard, s string) bool { return t.lookup(w).arn.match(s) }

// matchResource reports whether a Resource value matches the request's
// resource: ARN field by field, "*" anything. A variable without a value
// makes it match nothing (IAM-RULES A8); partial reports that.
func (t *template) matchResource(r *Request) (match, partial bool) {
	if t.parts == nil {
		return t.static.matchResource(r), false
	}
	w, ok := t.fill(&r.Context)
	if !ok {
		return false, true
	}
	return t.arnMatch(w, r.Resource), false
}
