package eval

import (
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/gobwas/glob"
)

// pattern matches strings against an IAM wildcard pattern: * is any run of
// characters, ? one character, and nothing else is special ({ } [ ] \ and
// regex characters are literal; ${*} ${?} ${$} have already become the
// literal characters by the time a pattern is compiled, see literal).
type pattern struct {
	exact  string        // the whole pattern when it has no wildcard (compared ignoring case with fold)
	prefix string        // a pattern "prefix*" with no other wildcard (lower case with fold)
	g      *glob.Pattern // gobwas/glob, for patterns with at most two stars
	segs   []segment     // the greedy matcher, for patterns with more
	fold   bool          // compare ignoring ASCII case (actions)
	wild   bool          // the pattern has a wildcard
	any    bool          // the pattern is "*"
}

// segment is a run of a pattern between stars: its characters (each as its
// bytes, so text that is not UTF-8 compares byte for byte), and which of
// them are '?' wildcards (each matches any one character).
type segment struct {
	lit []string
	q   []bool
}

// maxGlobStars is how many stars gobwas/glob gets. It matches patterns with
// up to two stars in linear time; with more it backtracks (measured: 20
// stars against 200 KB took 0.2 s), so those go to the greedy matcher, which
// is linear in the input for a given pattern.
const maxGlobStars = 2

// wildcard is a pattern's text with its wildcard bytes marked: a '*' or '?'
// that came from ${*} or ${?} is a literal character, not a wildcard.
type wildcard struct {
	text   string
	isWild []bool
}

// compilePattern compiles p where every '*' and '?' is a wildcard. The
// common forms, no wildcard and "prefix*", are matched without glob.
func compilePattern(p string, fold bool) pattern {
	switch i := wildcardAt(p); {
	case i < 0:
		return pattern{exact: p, fold: fold}
	case i == len(p)-1 && p[i] == '*' && i > 0:
		if fold {
			p = strings.ToLower(p)
		}
		return pattern{prefix: p[:i], fold: fold, wild: true}
	}
	return compileWildcard(wildOf(p), fold)
}

// wildcardAt is the index of the first '*' or '?' in s, or -1. Two
// IndexByte scans are much cheaper than IndexAny, which builds a table on
// every call; it runs for every action of every policy prepared.
func wildcardAt(s string) int {
	i := strings.IndexByte(s, '*')
	if j := strings.IndexByte(s, '?'); j >= 0 && (i < 0 || j < i) {
		return j
	}
	return i
}

// compileWildcard compiles a pattern whose wildcard positions are marked.
func compileWildcard(w wildcard, fold bool) pattern {
	text := w.text
	if fold {
		text = strings.ToLower(text)
	}
	pt := pattern{fold: fold}
	stars, wilds, last := 0, 0, -1
	for i, wild := range w.isWild {
		if wild {
			pt.wild = true
			wilds++
			last = i
			if text[i] == '*' {
				stars++
			}
		}
	}
	switch {
	case !pt.wild:
		pt.exact = text
		return pt
	case text == "*":
		pt.any = true
		return pt
	case wilds == 1 && last == len(text)-1 && text[last] == '*':
		pt.prefix = text[:last]
		return pt
	case stars <= maxGlobStars:
		var b strings.Builder
		for i := 0; i < len(text); i++ {
			if w.isWild[i] {
				b.WriteByte(text[i])
				continue
			}
			j := i
			for j < len(text) && !w.isWild[j] {
				j++
			}
			b.WriteString(glob.QuoteMeta(text[i:j]))
			i = j - 1
		}
		if g, err := glob.Compile(b.String()); err == nil {
			pt.g = g
			return pt
		}
		// gobwas/glob refuses text that is not UTF-8; the greedy matcher
		// takes any bytes.
	}
	pt.segs = segmentsOf(wildcard{text: text, isWild: w.isWild})
	return pt
}

// segmentsOf splits a pattern at its '*' wildcards.
func segmentsOf(w wildcard) []segment {
	var segs []segment
	seg := segment{}
	for i := 0; i <= len(w.text); {
		if i == len(w.text) || w.isWild[i] && w.text[i] == '*' {
			segs = append(segs, seg)
			seg = segment{}
			i++
			continue
		}
		_, n := utf8.DecodeRuneInString(w.text[i:])
		seg.lit = append(seg.lit, w.text[i:i+n])
		seg.q = append(seg.q, w.isWild[i])
		i += n
	}
	return segs
}

// match reports whether s matches the pattern. For fold patterns s must be
// lower case already (requests are normalized once, see NewRequest).
func (p *pattern) match(s string) bool {
	switch {
	case p.any:
		return true
	case !p.wild && p.fold:
		return len(s) == len(p.exact) && strings.EqualFold(s, p.exact) // s is lower case, so ASCII lengths agree
	case !p.wild:
		return s == p.exact
	case p.prefix != "":
		return strings.HasPrefix(s, p.prefix)
	case p.g != nil:
		return p.g.Match(s)
	}
	return matchSegments(p.segs, s)
}

// matchSegments matches segs[0]*segs[1]*...*segs[n-1]: the first at the
// start, the last at the end, the middle ones each at its leftmost place
// after the one before. Leftmost is always right for a pattern whose only
// repetition is '*', so nothing is tried twice: linear in s for a pattern.
func matchSegments(segs []segment, s string) bool {
	first, last := segs[0], segs[len(segs)-1]
	head, ok := first.at(s, 0)
	if !ok || len(segs) == 1 {
		return ok && head == len(s)
	}
	tail := len(s) // where the last segment must start to end with s
	for range last.lit {
		if tail <= head {
			return false
		}
		_, n := utf8.DecodeLastRuneInString(s[:tail])
		tail -= n
	}
	if end, ok := last.at(s, tail); !ok || end != len(s) || tail < head {
		return false
	}
	s = s[head:tail]
	for _, seg := range segs[1 : len(segs)-1] {
		end := seg.find(s)
		if end < 0 {
			return false
		}
		s = s[end:]
	}
	return true
}

// at matches the segment at offset i of s and returns where it ends.
func (g segment) at(s string, i int) (int, bool) {
	for j, want := range g.lit {
		if i >= len(s) {
			return 0, false
		}
		_, n := utf8.DecodeRuneInString(s[i:])
		if !g.q[j] && s[i:i+n] != want {
			return 0, false
		}
		i += n
	}
	return i, true
}

// find returns where the segment's leftmost match in s ends, or -1.
func (g segment) find(s string) int {
	if !slices.Contains(g.q, true) {
		lit := strings.Join(g.lit, "")
		if i := strings.Index(s, lit); i >= 0 {
			return i + len(lit)
		}
		return -1
	}
	for i := 0; i <= len(s); {
		if end, ok := g.at(s, i); ok {
			return end
		}
		if i == len(s) {
			break
		}
		_, n := utf8.DecodeRuneInString(s[i:])
		i += n
	}
	return -1
}
