package reference

import (
	"math/bits"
	"slices"
	"strings"
	"sync"
)

// maxSuggestions is how many "did you mean" answers one name gets.
const maxSuggestions = 3

// Suggest says what an action or pattern that names nothing likely meant:
// up to three actions or patterns, the closest, or none. It catches typos
// in the action ("s3:GetObjekt" → s3:GetObject,
// "iam:CreateServiceLinkedRoles" → iam:CreateServiceLinkedRole, "s3:Gte*"
// → s3:Get*) and in the service ("workmial:ListUsers" →
// workmail:ListUsers, "workmial:List*" → workmail:List*). Other wildcards
// in the action are kept as written; one in the service gets no
// suggestion. The answers are remembered: the page lints on every
// keystroke, and a policy's typos outlive most of them.
func (c *Catalog) Suggest(pattern string) []string {
	if len(pattern) > maxRememberedName {
		return c.suggest(pattern)
	}
	key := rememberedKey{c, pattern}
	remembered.Lock()
	near, ok := remembered.answers[key]
	remembered.Unlock()
	if !ok {
		near = c.suggest(pattern)
		key.name = strings.Clone(pattern) // not the policy's text around it
		remembered.Lock()
		if len(remembered.answers) >= maxRemembered || remembered.answers == nil {
			remembered.answers = make(map[rememberedKey][]string)
		}
		remembered.answers[key] = near
		remembered.Unlock()
	}
	return slices.Clone(near)
}

// remembered holds Suggest's answers by catalog and name, up to
// maxRemembered, then starts afresh: a few hundred kilobytes at most.
var remembered struct {
	sync.Mutex
	answers map[rememberedKey][]string
}

type rememberedKey struct {
	c    *Catalog
	name string
}

const (
	maxRemembered     = 4096
	maxRememberedName = 128 // longer than any action
)

// suggest is Suggest without remembering.
func (c *Catalog) suggest(pattern string) []string {
	prefix, op, err := splitPattern(pattern)
	if err != nil || hasWildcard(prefix) {
		return nil
	}
	if s := c.Service(prefix); s != nil {
		if start, ok := strings.CutSuffix(op, "*"); ok && !hasWildcard(start) {
			return s.suggestStart(start)
		}
		if hasWildcard(op) {
			return nil
		}
		return s.Suggest(op)
	}
	var out []string
	lowered := asciiLower(op)
	for _, p := range c.SuggestServices(prefix) {
		s := c.Service(p)
		switch {
		case hasWildcard(op):
			if len(s.matching(nil, lowered)) > 0 {
				out = append(out, p+":"+op)
			}
		case s.byLower([]byte(lowered)) != nil:
			out = append(out, s.byLower([]byte(lowered)).FullName())
		default:
			out = append(out, s.Suggest(op)...)
		}
	}
	return out[:min(len(out), maxSuggestions)]
}

// Suggest returns the service's actions closest to name, in full
// ("s3:GetObject"): up to three within a few typos.
func (s *Service) Suggest(name string) []string {
	actions := s.IndexActions()
	near := indexOf(s, func() []string {
		names := make([]string, len(actions))
		for i := range actions {
			names[i] = actions[i].lower
		}
		return names
	}).closest(asciiLower(name))
	out := make([]string, len(near))
	for i, k := range near {
		out[i] = actions[k].FullName()
	}
	return out
}

// suggestStart suggests patterns "Start*" for a start of action names
// that begins none: the starts of the service's names closest to it, and
// of a name's starts as close the nearest in length ("gte" is "get", not
// "ge" or "gete"; "descibe" is "describe").
func (s *Service) suggestStart(start string) []string {
	start = asciiLower(start)
	limit := typos(start)
	best := limit
	var near []string
	var row []int
	for _, a := range s.IndexActions() {
		var last []int
		last, row = alignRow(start, a.lower, best, row)
		end := 0 // the closest start, then the nearest in length
		for j, d := range last {
			if d < last[end] || d == last[end] && abs(j-len(start)) <= abs(end-len(start)) {
				end = j
			}
		}
		cased := a.Name[:end] + "*"
		switch d := last[end]; {
		case d > best:
		case d < best || len(near) == 0:
			best, near = d, append(near[:0], cased)
		case !slices.Contains(near, cased):
			near = append(near, cased)
		}
	}
	slices.Sort(near)
	near = near[:min(len(near), maxSuggestions)]
	for i, n := range near {
		near[i] = s.Prefix + ":" + n
	}
	return near
}

// SuggestServices returns the service prefixes closest to prefix: up to
// three within a few typos.
func (c *Catalog) SuggestServices(prefix string) []string {
	near := indexOf(c, func() []string {
		names := make([]string, len(c.Services))
		for i, s := range c.Services {
			names[i] = s.Prefix
		}
		return names
	}).closest(asciiLower(prefix))
	out := make([]string, len(near))
	for i, k := range near {
		out[i] = c.Services[k].Prefix
	}
	return out
}

// nameIndex is a list of lower-case names ready for closest: their letter
// sets, and their order by length.
type nameIndex struct {
	names []string
	sets  []uint64
	// byLength holds the names' indices ordered by length; those of
	// length l start at from[l].
	byLength []int
	from     []int
}

// indexes holds a nameIndex per service and per catalog (its prefixes),
// made when first asked for: a service's names are many and fixed. They
// are kept as long as the program runs, as its catalog or two are.
var indexes sync.Map // *Service or *Catalog -> *nameIndex

// indexOf returns the index of owner's names, making it with names() the
// first time.
func indexOf(owner any, names func() []string) *nameIndex {
	if ix, ok := indexes.Load(owner); ok {
		return ix.(*nameIndex)
	}
	ix := &nameIndex{names: names()}
	longest := 0
	ix.sets = make([]uint64, len(ix.names))
	// Ordered by length, then index: each as one int (length above, index
	// below), so that the sort for ints orders them, stable without a
	// stable sort (one fewer sort in the page's core, its size budget).
	// Ints are 64 bits wherever this builds: on 32, 1<<32 does not compile.
	ix.byLength = make([]int, len(ix.names))
	for i, n := range ix.names {
		ix.sets[i], ix.byLength[i] = letterSet(n), len(n)<<32|i
		longest = max(longest, len(n))
	}
	slices.Sort(ix.byLength)
	for k, key := range ix.byLength {
		ix.byLength[k] = key & (1<<32 - 1)
	}
	ix.from = make([]int, longest+2)
	for l, k := 0, 0; l < len(ix.from); l++ {
		for k < len(ix.byLength) && len(ix.names[ix.byLength[k]]) < l {
			k++
		}
		ix.from[l] = k
	}
	actual, _ := indexes.LoadOrStore(owner, ix)
	return actual.(*nameIndex)
}

// closest returns the indices of the names nearest to word, in lower
// case: those at the smallest distance within the typos allowed for
// word's length, up to three, by index when as near (the names are
// sorted, so by name). word itself is not near. Only names of a length
// near word's are looked at, those whose letters are too far apart cost a
// test of their letter sets, and the others are left as soon as they are
// farther than the nearest so far: a name asks about hundreds.
func (ix *nameIndex) closest(word string) []int {
	limit := typos(word)
	letters := letterSet(word)
	var out []int
	row := make([]int, 0, 3*(len(word)+limit+1))
	lo, hi := ix.from[min(len(ix.from)-1, max(0, len(word)-limit))], ix.from[min(len(ix.from)-1, len(word)+limit+1)]
	for _, i := range ix.byLength[lo:hi] {
		c := ix.names[i]
		if c == word || abs(len(c)-len(word)) > limit || lettersApart(letters, ix.sets[i]) > limit {
			continue
		}
		var d int
		d, row = distance(word, c, limit, row)
		switch {
		case d > limit:
		case d < limit || len(out) == 0:
			// Only those as near as this one may follow.
			limit, out = d, append(out[:0], i)
		default:
			out = append(out, i)
		}
	}
	slices.Sort(out)
	return out[:min(len(out), maxSuggestions)]
}

// letterSet is the set of bytes in a lower-case word: a bit for each
// letter and digit, one for all else.
func letterSet(w string) uint64 {
	var set uint64
	for i := range len(w) {
		switch c := w[i]; {
		case 'a' <= c && c <= 'z':
			set |= 1 << (c - 'a')
		case '0' <= c && c <= '9':
			set |= 1 << (26 + c - '0')
		default:
			set |= 1 << 63
		}
	}
	return set
}

// lettersApart is a lower bound of the distance between two words with
// those letter sets: each letter one has and the other lacks takes an
// edit of its own (a swap moves letters but adds none), and costs far
// less to know than the distance.
func lettersApart(a, b uint64) int {
	return max(bits.OnesCount64(a&^b), bits.OnesCount64(b&^a))
}

// typos is how many typos a word of its length may have and still be
// recognized: one per four letters, at least one, at most three.
func typos(word string) int { return max(1, min(3, (len(word)+1)/4)) }

// Distance is the optimal string alignment distance between a and b,
// ASCII letters' case aside: the insertions, deletions, substitutions and
// swaps of neighbours that turn one into the other; limit+1 when it is
// more than limit. It costs O(len(a)·limit), so it is safe on text of any
// length: "did you mean" for element names, operators and actions.
func Distance(a, b string, limit int) int {
	if limit < 0 || abs(len(a)-len(b)) > limit {
		return max(limit, 0) + 1
	}
	var la, lb [64]byte
	var buf [3 * 64]int
	d, _ := distance(string(lowerInto(la[:0], a)), string(lowerInto(lb[:0], b)), limit, buf[:0])
	return d
}

// distance is Distance byte for byte, with row as scratch space. The start
// and the end a and b share cost nothing and are left out: most of the
// names a misspelt one is compared with begin as it does ("Describe...").
func distance(a, b string, limit int, row []int) (int, []int) {
	n := 0
	for n < len(a) && n < len(b) && a[n] == b[n] {
		n++
	}
	a, b = a[n:], b[n:]
	n = 0
	for n < len(a) && n < len(b) && a[len(a)-1-n] == b[len(b)-1-n] {
		n++
	}
	a, b = a[:len(a)-n], b[:len(b)-n]
	if abs(len(a)-len(b)) > limit {
		return limit + 1, row
	}
	last, row := alignRow(a, b, limit, row)
	return min(last[len(b)], limit+1), row
}

// alignRow returns, for each prefix b[:j], the optimal string alignment
// distance between a and it, byte for byte, when it is at most limit;
// a cell above limit holds some number above it. Only the band of cells
// within limit of the diagonal is computed, and all are left above limit
// as soon as two rows in a row are (a swap skips one row, never two).
// row is reused scratch space; the result lives in it.
func alignRow(a, b string, limit int, row []int) (last, scratch []int) {
	n := len(b) + 1
	far := limit + 1
	row = slices.Grow(row[:0], 3*n)[:3*n]
	prev2, prev, cur := row[:n], row[n:2*n], row[2*n:]
	for j := range prev {
		prev[j] = min(j, far)
	}
	prevMin := 0
	for i := 1; i <= len(a); i++ {
		if i-limit > len(b) {
			// Every cell from here on is more than limit: a is longer
			// than any prefix of b by more.
			return fill(cur, 0, n, far), row
		}
		lo, hi := max(1, i-limit), min(len(b), i+limit)
		if lo > 1 {
			cur[lo-1] = far
		} else {
			cur[0] = min(i, far)
		}
		rowMin := cur[lo-1]
		ai := a[i-1]
		for j := lo; j <= hi; j++ {
			bj := b[j-1]
			cost := 1
			if ai == bj {
				cost = 0
			}
			d := min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && ai == b[j-2] && a[i-2] == bj {
				d = min(d, prev2[j-2]+1)
			}
			cur[j] = d
			rowMin = min(rowMin, d)
		}
		if hi < len(b) {
			cur[hi+1] = far
		}
		if rowMin > limit && prevMin > limit {
			return fill(cur, 0, n, far), row
		}
		prevMin = rowMin
		prev2, prev, cur = prev, cur, prev2
	}
	// The cells outside the last row's band hold what earlier rows left.
	fill(prev, 0, max(0, len(a)-limit-1), far)
	fill(prev, min(n, len(a)+limit+2), n, far)
	return prev, row
}

// fill sets row[from:to] to v and returns row.
func fill(row []int, from, to, v int) []int {
	for j := from; j < to; j++ {
		row[j] = v
	}
	return row
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}
