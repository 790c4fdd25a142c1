package compare

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Every string language compare meets is a union of linear patterns: runs
// of one-character steps and stars, each step or star taking a class of
// characters (one character, a case-fold orbit, any, any but ':'). A
// policy's wildcard pattern, an ARN pattern read field by field, an ARN
// format of AWS's catalog and a StringEquals value are all of this form, so
// one product construction decides every question on them: which
// combinations of "matches pattern i" can a single string realize, and
// which string does.

// class is a set of characters.
type class struct {
	kind  uint8  // classOne, classAny, classNoColon
	runes []rune // for classOne: the characters (one, or a fold orbit)
}

const (
	classOne uint8 = iota
	classAny
	classNoColon // any character but ':', inside an ARN field
)

func (c *class) has(r rune) bool {
	switch c.kind {
	case classAny:
		return true
	case classNoColon:
		return r != ':'
	}
	for _, x := range c.runes {
		if x == r {
			return true
		}
	}
	return false
}

// elem is one step of a linear pattern: one character of the class, or
// (star) any number of them.
type elem struct {
	star bool
	cls  class
}

// seq is a linear pattern.
type seq []elem

func one(r rune) elem { return elem{cls: class{kind: classOne, runes: []rune{r}}} }

// literalSeq matches s exactly; with fold, as strings.EqualFold does
// (character by character, through Unicode's simple case folding).
func literalSeq(s string, fold bool) seq {
	var out seq
	for _, r := range s {
		if !fold {
			out = append(out, one(r))
			continue
		}
		orbit := []rune{r}
		for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
			orbit = append(orbit, f)
		}
		out = append(out, elem{cls: class{kind: classOne, runes: orbit}})
	}
	return out
}

// wildText is a pattern's text with its wildcard characters marked (a '*'
// from ${*} is a literal star), as core/eval reads it.
type wildText struct {
	runes []rune
	wild  []bool
}

// plainWild marks every '*' and '?' of s as a wildcard.
func plainWild(s string) wildText {
	var w wildText
	for _, r := range s {
		w.runes = append(w.runes, r)
		w.wild = append(w.wild, r == '*' || r == '?')
	}
	return w
}

// likeSeq is StringLike's pattern: '*' any run, '?' any one character.
func likeSeq(w wildText) seq {
	return fieldSeq(w.runes, w.wild, classAny)
}

func fieldSeq(runes []rune, wild []bool, any uint8) seq {
	out := make(seq, 0, len(runes))
	for i, r := range runes {
		switch {
		case !wild[i]:
			out = append(out, one(r))
		case r == '*':
			out = append(out, elem{star: true, cls: class{kind: any}})
		default:
			out = append(out, elem{cls: class{kind: any}})
		}
	}
	return out
}

// arnSeq is an ARN pattern as the Resource element and ArnLike read it: the
// first five colons split fields, within which wildcards stay; the last
// field, the resource part, takes anything. "*" alone matches everything.
func arnSeq(w wildText) seq {
	var out seq
	start, fields := 0, 0
	for i, r := range w.runes {
		if r == ':' && fields < 5 {
			out = append(out, fieldSeq(w.runes[start:i], w.wild[start:i], classNoColon)...)
			out = append(out, one(':'))
			start = i + 1
			fields++
		}
	}
	return append(out, fieldSeq(w.runes[start:], w.wild[start:], classAny)...)
}

// formatSeq is an ARN format of AWS's catalog ("arn:${Partition}:s3:::${BucketName}/${ObjectName}")
// as reference.ResourceType.Matches reads it: split at every colon, each
// variable a non-empty run within its field, a '*' any run, the last field
// taking the rest of the ARN, colons included.
func formatSeq(format string) seq {
	var out seq
	fields := strings.Split(format, ":")
	for i, f := range fields {
		any := classNoColon
		if i == len(fields)-1 {
			any = classAny
		}
		for f != "" {
			switch {
			case f[0] == '*':
				out = append(out, elem{star: true, cls: class{kind: any}})
				f = f[1:]
			case f[0] == '$' && len(f) > 1 && f[1] == '{' && strings.IndexByte(f, '}') > 0:
				out = append(out, elem{cls: class{kind: any}}, elem{star: true, cls: class{kind: any}})
				f = f[strings.IndexByte(f, '}')+1:]
			case f[0] == '<' && strings.IndexByte(f, '>') > 0:
				out = append(out, elem{cls: class{kind: any}}, elem{star: true, cls: class{kind: any}})
				f = f[strings.IndexByte(f, '>')+1:]
			default:
				r, n := utf8.DecodeRuneInString(f)
				out = append(out, one(r))
				f = f[n:]
			}
		}
		if i < len(fields)-1 {
			out = append(out, one(':'))
		}
	}
	return out
}

// matchSeq reports whether s is in the pattern's language.
func matchSeq(q seq, s string) bool {
	cur := make([]bool, len(q)+1)
	cur[0] = true
	closeOver(q, cur)
	for _, r := range s {
		next := make([]bool, len(q)+1)
		for i := range q {
			if cur[i] && q[i].cls.has(r) {
				if q[i].star {
					next[i] = true
				} else {
					next[i+1] = true
				}
			}
		}
		closeOver(q, next)
		cur = next
	}
	return cur[len(q)]
}

// closeOver adds the positions after stars that may match nothing.
func closeOver(q seq, set []bool) {
	for i := range q {
		if set[i] && q[i].star {
			set[i+1] = true
		}
	}
}

// language is a predicate on strings: the union of some patterns.
type language []seq

// realizable is one combination of predicates a string satisfies, and the
// shortest such string found.
type realizable struct {
	bits    []bool
	witness string
}

// errTooLarge says that a product construction went past its bound.
type errTooLarge struct{}

func (errTooLarge) Error() string { return "too many combinations of patterns to compare exactly" }

// maxProduct bounds the states one product construction visits, and
// maxProducts the work of all of one comparison's, in word operations (a
// state costs a word per 64 positions per character): a hostile policy gets
// "unknown" within seconds, never an endless wait.
const (
	maxProduct  = 20000
	maxProducts = 1 << 28
)

// product explores, breadth first, the product of the predicates'
// pattern automata over every string, and returns each combination of
// predicate outcomes some string realizes, with a shortest such string.
// Strings are built from the characters the patterns name and one
// character none names, which stands for all the others: no pattern can
// tell those apart.
//
// The positions of all the patterns lie in one bit set, so a step is a
// few word operations (shift-and): positions whose step takes the
// character move one place, stars that take it stay.
func product(preds []language, prefer string, left *int) ([]realizable, error) {
	type span struct{ base, end, pred int } // end: the position of the match
	var spans []span
	var seqs []seq
	seen := map[rune]bool{':': true}
	alphabet := []rune{':'}
	total := 0
	for p, l := range preds {
		for _, q := range l {
			spans = append(spans, span{total, total + len(q), p})
			seqs = append(seqs, q)
			total += len(q) + 1
			for _, e := range q {
				for _, r := range e.cls.runes {
					if !seen[r] {
						seen[r] = true
						alphabet = append(alphabet, r)
					}
				}
			}
		}
	}
	other := rune(0)
	for _, r := range prefer + "xyzqjkw0123456789" {
		if !seen[r] {
			other = r
			break
		}
	}
	for r := rune(0x100); other == 0; r++ {
		if !seen[r] && unicode.IsLetter(r) {
			other = r
		}
	}
	alphabet = append([]rune{other}, alphabet...)
	words := (total + 63) / 64
	set := func(b []uint64, i int) { b[i/64] |= 1 << (i % 64) }
	get := func(b []uint64, i int) bool { return b[i/64]&(1<<(i%64)) != 0 }
	// Per character: the positions whose step takes it, and the stars that do.
	steps := make([][]uint64, len(alphabet))
	stars := make([][]uint64, len(alphabet))
	anyStar := make([]uint64, words)
	for ai, r := range alphabet {
		steps[ai], stars[ai] = make([]uint64, words), make([]uint64, words)
		for k, q := range seqs {
			for i, e := range q {
				if e.star {
					set(anyStar, spans[k].base+i)
				}
				if !e.cls.has(r) {
					continue
				}
				if e.star {
					set(stars[ai], spans[k].base+i)
				} else {
					set(steps[ai], spans[k].base+i)
				}
			}
		}
	}
	// A predicate one of whose patterns has reached a trailing run of
	// stars that take any character holds for every continuation: its
	// positions are replaced by one such star, so that strings that
	// differ only in how they got there are one state (without this, a
	// list of patterns such as "/apis/*/models/*", "/apis/*/routes/*"
	// would be tracked in every combination).
	type collapse struct {
		mask, univ []uint64
		lo, hi     int // the words that hold the predicate's positions
		canon      int
	}
	var collapses []collapse
	for p := range preds {
		cl := collapse{mask: make([]uint64, words), univ: make([]uint64, words), lo: words, canon: -1}
		for k, q := range seqs {
			if spans[k].pred != p {
				continue
			}
			cl.lo, cl.hi = min(cl.lo, spans[k].base/64), max(cl.hi, spans[k].end/64+1)
			for i := 0; i <= len(q); i++ {
				set(cl.mask, spans[k].base+i)
			}
			tail := len(q)
			for tail > 0 && q[tail-1].star && q[tail-1].cls.kind == classAny {
				tail--
			}
			for i := tail; i < len(q); i++ {
				set(cl.univ, spans[k].base+i)
				if cl.canon < 0 {
					cl.canon = spans[k].base + i
				}
			}
		}
		if cl.canon >= 0 {
			collapses = append(collapses, cl)
		}
	}
	// closure adds the position after each active star, star after star.
	closure := func(b []uint64) {
		for {
			changed := false
			var carry uint64
			for w := range b {
				add := (b[w]&anyStar[w])<<1 | carry
				carry = (b[w] & anyStar[w]) >> 63
				if add&^b[w] != 0 {
					b[w] |= add
					changed = true
				}
			}
			if !changed {
				return
			}
		}
	}
	settle := func(b []uint64) {
		for _, cl := range collapses {
			hit := false
			for w := cl.lo; w < cl.hi; w++ {
				hit = hit || b[w]&cl.univ[w] != 0
			}
			if hit {
				for w := cl.lo; w < cl.hi; w++ {
					b[w] &^= cl.mask[w]
				}
				set(b, cl.canon)
				closure(b)
			}
		}
	}
	key := func(b []uint64) string {
		buf := make([]byte, 0, 8*len(b))
		for _, w := range b {
			buf = append(buf, byte(w), byte(w>>8), byte(w>>16), byte(w>>24), byte(w>>32), byte(w>>40), byte(w>>48), byte(w>>56))
		}
		return string(buf)
	}
	type node struct {
		bits   []uint64
		parent int
		r      rune
	}
	start := make([]uint64, words)
	for _, sp := range spans {
		set(start, sp.base)
	}
	closure(start)
	settle(start)
	nodes := []node{{bits: start, parent: -1}}
	visited := map[string]bool{key(start): true}
	found := map[string]bool{}
	var out []realizable
	vk := make([]byte, len(preds))
	for at := 0; at < len(nodes); at++ {
		cur := nodes[at].bits
		bits := make([]bool, len(preds))
		for _, sp := range spans {
			if get(cur, sp.end) {
				bits[sp.pred] = true
			}
		}
		for i, b := range bits {
			vk[i] = byte('0' + b2i(b))
		}
		if !found[string(vk)] {
			found[string(vk)] = true
			var rs []rune
			for n := at; nodes[n].parent >= 0; n = nodes[n].parent {
				rs = append(rs, nodes[n].r)
			}
			slices.Reverse(rs)
			out = append(out, realizable{bits: bits, witness: string(rs)})
		}
		alive := false
		for _, w := range cur {
			alive = alive || w != 0
		}
		if !alive {
			continue
		}
		*left -= 4 * words * len(alphabet)
		for ai, r := range alphabet {
			next := make([]uint64, words)
			var carry uint64
			for w := range next {
				moved := cur[w] & steps[ai][w]
				next[w] = moved<<1 | carry | cur[w]&stars[ai][w]
				carry = moved >> 63
			}
			closure(next)
			settle(next)
			k := key(next)
			if visited[k] {
				continue
			}
			if len(nodes) >= maxProduct || *left < 0 {
				return nil, errTooLarge{}
			}
			visited[k] = true
			nodes = append(nodes, node{bits: next, parent: at, r: r})
		}
	}
	return out, nil
}

// realize returns the combinations of predicates that strings of the
// domain realize, as product does, with a shortest string each (bits: one
// per predicate; the domain is not among them). Predicates whose patterns'
// literal beginnings cannot meet (no string starts with both "bucket-1/" and
// "bucket-2/") are explored apart: a string that satisfies one of them
// satisfies none of the others, so a policy of a thousand buckets costs a
// thousand small products, not one of a thousand dimensions.
func realize(preds []language, domain language, left *int) ([]realizable, error) {
	parent := make([]int, len(preds))
	for i := range parent {
		parent[i] = i
	}
	var find func(int) int
	find = func(i int) int {
		for parent[i] != i {
			parent[i] = parent[parent[i]]
			i = parent[i]
		}
		return i
	}
	type entry struct {
		prefix string
		pred   int
	}
	var es []*entry
	for p, l := range preds {
		for _, q := range l {
			es = append(es, &entry{literalPrefix(q), p})
		}
	}
	slices.SortFunc(es, func(a, b *entry) int { return strings.Compare(a.prefix, b.prefix) })
	// Two beginnings meet when one begins the other: each entry joins the
	// nearest one before it that begins it.
	var stack []*entry
	for _, e := range es {
		for len(stack) > 0 && !strings.HasPrefix(e.prefix, stack[len(stack)-1].prefix) {
			stack = stack[:len(stack)-1]
		}
		if len(stack) > 0 {
			parent[find(e.pred)] = find(stack[len(stack)-1].pred)
		}
		stack = append(stack, e)
	}
	comps := map[int][]int{}
	var roots []int
	for p := range preds {
		r := find(p)
		if comps[r] == nil {
			roots = append(roots, r)
		}
		comps[r] = append(comps[r], p)
	}
	withDomain := func(ps []language) ([]realizable, error) {
		all, err := product(append(ps, domain), "", left)
		var out []realizable
		for _, a := range all {
			if a.bits[len(ps)] {
				out = append(out, realizable{bits: a.bits[:len(ps)], witness: a.witness})
			}
		}
		return out, err
	}
	if len(roots) <= 1 {
		return withDomain(preds)
	}
	var out []realizable
	var none []string // strings that satisfy none of a component's predicates
	for _, r := range roots {
		ps := make([]language, len(comps[r]))
		for i, p := range comps[r] {
			ps[i] = preds[p]
		}
		sub, err := withDomain(ps)
		if err != nil {
			return nil, err
		}
		for _, a := range sub {
			if !slices.Contains(a.bits, true) {
				none = append(none, a.witness)
				continue
			}
			bits := make([]bool, len(preds))
			for i, p := range comps[r] {
				bits[p] = a.bits[i]
			}
			out = append(out, realizable{bits: bits, witness: a.witness})
		}
	}
	// A string of the domain that satisfies no predicate at all: one of the
	// components' own, if it misses the others too, else the product of
	// the domain with all patterns as one predicate.
	matchesAny := func(s string) bool {
		for _, l := range preds {
			for _, q := range l {
				if matchSeq(q, s) {
					return true
				}
			}
		}
		return false
	}
	for _, s := range none {
		if !matchesAny(s) {
			return append(out, realizable{bits: make([]bool, len(preds)), witness: s}), nil
		}
	}
	var union language
	for _, l := range preds {
		union = append(union, l...)
	}
	all, err := withDomain([]language{union})
	if err != nil {
		return nil, err
	}
	for _, a := range all {
		if !a.bits[0] {
			return append(out, realizable{bits: make([]bool, len(preds)), witness: a.witness}), nil
		}
	}
	return out, nil
}

// literalPrefix is the text every string of the pattern begins with: its
// steps up to the first that takes more than one character.
func literalPrefix(q seq) string {
	var b strings.Builder
	for _, e := range q {
		if e.star || e.cls.kind != classOne || len(e.cls.runes) != 1 {
			break
		}
		b.WriteRune(e.cls.runes[0])
	}
	return b.String()
}
