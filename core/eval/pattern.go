package eval

import (
	"strings"
	"unicode/utf8"
)

// pattern matches strings against an IAM wildcard pattern: * is any run of
// characters, ? one character, and nothing else is special ({ } [ ] \ and
// regex characters are literal; ${*} ${?} ${$} have already become the
// literal characters by the time a pattern is compiled, see literal).
//
// A character is what utf8.DecodeRuneInString reads: a code point, or a
// byte of text that is not UTF-8. Matching is linear in the value for every
// pattern (see segment.find for the one factor that grows with a pattern).
type pattern struct {
	exact  string      // the whole pattern when it has no wildcard (compared ignoring case with fold)
	prefix string      // a pattern "prefix*" with no other wildcard (lower case with fold)
	g      globMatcher // gobwas/glob, for the patterns it matches in linear time (see globLinear); nil on the page
	segs   []segment   // the segment matcher, for the others
	fold   bool        // compare ignoring case (actions)
	wild   bool        // the pattern has a wildcard
	any    bool        // the pattern is "*"
}

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
		if fold && !isASCII(p) {
			// EqualFold would also take characters that lower case does
			// not make equal (σ and ς): compare with the lowered pattern.
			return pattern{exact: strings.ToLower(p)}
		}
		return pattern{exact: p, fold: fold}
	case i == len(p)-1 && p[i] == '*' && i > 0 && utf8.ValidString(p[:i]):
		// Valid UTF-8, the prefix's bytes start a value exactly when its
		// characters do.
		prefix := p[:i]
		if fold {
			prefix = strings.ToLower(prefix)
		}
		return pattern{prefix: prefix, fold: fold, wild: true}
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
	if fold {
		w = lowerWildcard(w)
	}
	text := w.text
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
		pt.fold = false // text is lowered already
		return pt
	case text == "*":
		pt.any = true
		return pt
	case wilds == 1 && last == len(text)-1 && text[last] == '*' && utf8.ValidString(text[:last]):
		pt.prefix = text[:last]
		return pt
	case globLinear(w, stars) && utf8.ValidString(text):
		if g := compileGlob(text, w.isWild); g != nil {
			pt.g = g
			return pt
		}
	}
	pt.segs = segmentsOf(wildcard{text: text, isWild: w.isWild})
	return pt
}

// lowerWildcard lowers the literal text of w. Lower case may change a
// character's length (İ, text that is not UTF-8), so the marks are laid out
// again.
func lowerWildcard(w wildcard) wildcard {
	var b strings.Builder
	var isWild []bool
	for i := 0; i < len(w.text); {
		j := i + 1
		if !w.isWild[i] {
			for j < len(w.text) && !w.isWild[j] {
				j++
			}
		}
		run := w.text[i:j]
		if !w.isWild[i] {
			run = strings.ToLower(run)
		}
		b.WriteString(run)
		for range len(run) {
			isWild = append(isWild, w.isWild[i])
		}
		i = j
	}
	return wildcard{text: b.String(), isWild: isWild}
}

// globLinear reports whether gobwas/glob matches the pattern in time linear
// in the value. It backtracks at stars: on a mismatch after a star it tries
// again one place further, so what follows a star is matched again and
// again. After a literal it jumps to the literal's next occurrence, and with
// at most two stars it then has nothing left to retry: linear. A '?' after
// a star has no literal to jump to, and the stretch after the star is
// matched anew at every character (quadratic: "*" and 400 '?' took 0.45 s
// on a 40 KB value). So glob gets at most two stars and no '?' after them;
// the segment matcher takes the rest.
func globLinear(w wildcard, stars int) bool {
	if stars > 2 {
		return false
	}
	star := false
	for i, wild := range w.isWild {
		switch {
		case !wild:
		case w.text[i] == '*':
			star = true
		case star: // a '?' after a star
			return false
		}
	}
	return true
}

// match reports whether s matches the pattern. For fold patterns s must be
// lower case already (requests are normalized once, see NewRequest).
func (p *pattern) match(s string) bool {
	switch {
	case p.any:
		return true
	case !p.wild && p.fold:
		return len(s) == len(p.exact) && strings.EqualFold(s, p.exact) // ASCII: s is lower case, so lengths agree
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
// after the one before. A segment has a fixed number of characters, so its
// leftmost place ends first and leaves the most room to the rest: nothing
// is tried twice, and each middle segment's search starts where the one
// before ended.
func matchSegments(segs []segment, s string) bool {
	first, last := &segs[0], &segs[len(segs)-1]
	head, ok := first.at(s, 0)
	if !ok || len(segs) == 1 {
		return ok && head == len(s)
	}
	tail := len(s) // where the last segment must start to end with s
	for range last.chars {
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
	for i := 1; i < len(segs)-1; i++ {
		end := segs[i].find(s)
		if end < 0 {
			return false
		}
		s = s[end:]
	}
	return true
}

// anyChar stands for a '?' wildcard among a segment's characters.
const anyChar = -1

// charAt reads the character at byte offset i of s: its code point, or
// 0x110000 plus the byte for a byte that is not UTF-8 (so that it differs
// from a written U+FFFD), and its length in bytes.
func charAt(s string, i int) (int32, int) {
	if c := s[i]; c < utf8.RuneSelf {
		return int32(c), 1
	}
	r, n := utf8.DecodeRuneInString(s[i:])
	if r == utf8.RuneError && n == 1 {
		return utf8.MaxRune + 1 + int32(s[i]), 1
	}
	return r, n
}

// skip returns the byte offset n characters after offset i of s, or -1
// when s has fewer.
func skip(s string, i, n int) int {
	for ; n > 0; n-- {
		if i >= len(s) {
			return -1
		}
		_, w := charAt(s, i)
		i += w
	}
	return i
}

// segment is a run of a pattern between stars: its characters, anyChar for
// each '?'. A middle segment is searched for (see find) as its core, from
// its first literal character to its last, after as many characters as it
// has leading '?' and before as many as it has trailing ones.
type segment struct {
	chars       []int32
	lead, trail int    // the '?' before the core and after it
	lit         string // the core when it has no '?' and is UTF-8, found with strings.Index
	core        *shiftAnd
}

// segmentsOf splits a pattern at its '*' wildcards.
func segmentsOf(w wildcard) []segment {
	var segs []segment
	start := 0
	for i := 0; i <= len(w.text); i++ {
		if i < len(w.text) && !(w.isWild[i] && w.text[i] == '*') {
			continue
		}
		segs = append(segs, newSegment(w.text[start:i], w.isWild[start:i]))
		start = i + 1
	}
	for i := 1; i < len(segs)-1; i++ {
		segs[i].prepareFind() // the first and the last are matched in place
	}
	return segs
}

func newSegment(text string, isWild []bool) segment {
	var g segment
	for i := 0; i < len(text); {
		c, n := charAt(text, i)
		if isWild[i] {
			c = anyChar
		}
		g.chars = append(g.chars, c)
		i += n
	}
	return g
}

// prepareFind readies the segment for find.
func (g *segment) prepareFind() {
	for g.lead < len(g.chars) && g.chars[g.lead] == anyChar {
		g.lead++
	}
	for g.trail < len(g.chars)-g.lead && g.chars[len(g.chars)-1-g.trail] == anyChar {
		g.trail++
	}
	core := g.chars[g.lead : len(g.chars)-g.trail]
	switch lit := literalText(core); {
	case len(core) == 0:
	case lit != "":
		g.lit = lit
	default:
		g.core = newShiftAnd(core)
	}
}

// literalText is chars as text when none is a '?' or a byte that is not
// UTF-8, and "" otherwise. strings.Index then finds exactly the places where
// the characters are: valid UTF-8 never matches in the middle of a character.
func literalText(chars []int32) string {
	var b []byte
	for _, c := range chars {
		if c == anyChar || c > utf8.MaxRune {
			return ""
		}
		b = utf8.AppendRune(b, c)
	}
	return string(b)
}

// at matches the segment at offset i of s and returns where it ends.
func (g *segment) at(s string, i int) (int, bool) {
	for _, want := range g.chars {
		if i >= len(s) {
			return 0, false
		}
		c, n := charAt(s, i)
		if want != anyChar && c != want {
			return 0, false
		}
		i += n
	}
	return i, true
}

// find returns where the segment's leftmost match in s ends, or -1: its
// core's leftmost match at least lead characters in, and trail characters
// after that. A later match of the core would leave no more room after it.
// The search is linear in s for a literal core (strings.Index) and for a
// core of at most 64 characters (one machine word of shiftAnd state); a
// longer core costs one word per 64 of its characters that still match at
// the place reached.
func (g *segment) find(s string) int {
	from := skip(s, 0, g.lead)
	if from < 0 {
		return -1
	}
	end := from
	switch {
	case g.lit != "":
		i := strings.Index(s[from:], g.lit)
		if i < 0 {
			return -1
		}
		end = from + i + len(g.lit)
	case g.core != nil:
		if end = g.core.find(s, from); end < 0 {
			return -1
		}
	}
	return skip(s, end, g.trail)
}

// shiftAnd finds a run of characters and '?' wildcards (Shift-And, also
// called bitap): bit j of the state says that the run's first j+1
// characters match the value's characters just read. Reading a character c
// shifts the state by one and keeps the bits where the run has c or a '?'.
// A run of m characters takes ⌈m/64⌉ words of state; words above the
// highest one with a bit set stay zero and are not computed, so a long run
// costs more than a word per character only where its beginning matches.
// (Wildcards that match one character each make this matching with
// don't-cares: no linear-time algorithm for it is known, the fastest use
// convolutions.)
type shiftAnd struct {
	size  int      // characters
	wild  []uint64 // bit j%64 of word j/64: character j is a '?'
	ascii [utf8.RuneSelf]int32
	other map[int32]int32 // the class of every other character of the run
	// The bits of class k (from 1) are masks[first[k-1]:first[k]]: the
	// words where the class has a character, each with its index, in order.
	// Kept sparse, they take memory linear in the run however many
	// different characters it has.
	first []int32
	masks []classWord
}

type classWord struct {
	word int
	bits uint64
}

func newShiftAnd(chars []int32) *shiftAnd {
	b := &shiftAnd{size: len(chars), wild: make([]uint64, (len(chars)+63)/64)}
	class := make([]int32, len(chars)) // of each character, 0 for a '?'
	var count []int32                  // characters of each class
	for j, c := range chars {
		if c == anyChar {
			b.wild[j/64] |= 1 << (j % 64)
			continue
		}
		k := b.class(c)
		if k == 0 {
			count = append(count, 0)
			k = int32(len(count))
			if c < utf8.RuneSelf {
				b.ascii[c] = k
			} else {
				if b.other == nil {
					b.other = map[int32]int32{}
				}
				b.other[c] = k
			}
		}
		class[j] = k
		count[k-1]++
	}
	// The positions of each class, in order (a counting sort), then its
	// words.
	start := make([]int32, len(count)+1)
	for k, n := range count {
		start[k+1] = start[k] + n
	}
	at := append([]int32(nil), start[:len(count)]...)
	pos := make([]int32, start[len(count)])
	for j, k := range class {
		if k != 0 {
			pos[at[k-1]] = int32(j)
			at[k-1]++
		}
	}
	b.first = make([]int32, len(count)+1)
	for k := range count {
		from := len(b.masks)
		for _, j := range pos[start[k]:start[k+1]] {
			if w := int(j) / 64; len(b.masks) == from || b.masks[len(b.masks)-1].word != w {
				b.masks = append(b.masks, classWord{word: w})
			}
			b.masks[len(b.masks)-1].bits |= 1 << (j % 64)
		}
		b.first[k+1] = int32(len(b.masks))
	}
	return b
}

// class is the class of character c in the run, 0 when the run lacks it.
func (b *shiftAnd) class(c int32) int32 {
	if c < utf8.RuneSelf {
		return b.ascii[c]
	}
	return b.other[c]
}

// find returns where the run's leftmost match in s from byte offset i ends,
// or -1.
func (b *shiftAnd) find(s string, i int) int {
	if len(b.wild) == 1 {
		return b.find1(s, i)
	}
	state := make([]uint64, len(b.wild))
	last := uint64(1) << ((b.size - 1) % 64)
	top := 0 // the words above top are zero
	for i < len(s) {
		c, n := charAt(s, i)
		i += n
		var masks []classWord
		if k := b.class(c); k != 0 {
			masks = b.masks[b.first[k-1]:b.first[k]]
		}
		top = min(top+1, len(state)-1)
		carry := uint64(1) // a match may start at every character
		for w := 0; w <= top; w++ {
			keep := b.wild[w]
			if len(masks) > 0 && masks[0].word == w {
				keep |= masks[0].bits
				masks = masks[1:]
			}
			d := state[w]
			state[w] = (d<<1 | carry) & keep
			carry = d >> 63
		}
		for top > 0 && state[top] == 0 {
			top--
		}
		if state[len(state)-1]&last != 0 {
			return i
		}
	}
	return -1
}

// find1 is find for a run of at most 64 characters.
func (b *shiftAnd) find1(s string, i int) int {
	state, wild, last := uint64(0), b.wild[0], uint64(1)<<(b.size-1)
	for i < len(s) {
		c, n := charAt(s, i)
		i += n
		keep := wild
		if k := b.class(c); k != 0 {
			keep |= b.masks[b.first[k-1]].bits
		}
		state = (state<<1 | 1) & keep
		if state&last != 0 {
			return i
		}
	}
	return -1
}
