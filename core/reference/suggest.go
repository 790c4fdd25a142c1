package reference

import "slices"

// maxSuggestions is how many "did you mean" answers one name gets.
const maxSuggestions = 3

// Suggest says what an action or pattern that names nothing likely meant:
// up to three actions or patterns, closest first, or none. It catches
// typos in the action ("s3:GetObjekt" → s3:GetObject,
// "iam:CreateServiceLinkedRoles" → iam:CreateServiceLinkedRole) and in the
// service ("workmial:ListUsers" → workmail:ListUsers, "workmial:List*" →
// workmail:List*). A wildcard in the action is kept as written; in the
// service it gets no suggestion.
func (c *Catalog) Suggest(pattern string) []string {
	prefix, op, err := splitPattern(pattern)
	if err != nil || hasWildcard(prefix) {
		return nil
	}
	if s := c.Service(prefix); s != nil {
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
			if len(s.appendMatching(nil, lowered)) > 0 {
				out = append(out, p+":"+op)
			}
		case s.Action(op) != nil:
			out = append(out, s.Action(op).FullName())
		default:
			out = append(out, s.Suggest(op)...)
		}
	}
	return out[:min(len(out), maxSuggestions)]
}

// Suggest returns the service's actions closest to name, in full
// ("s3:GetObject"): up to three within a few typos, closest first.
func (s *Service) Suggest(name string) []string {
	actions := s.Actions()
	names := make([]string, len(actions))
	for i := range actions {
		names[i] = actions[i].lower
	}
	near := closest(asciiLower(name), names)
	for i, n := range near {
		near[i] = s.Prefix + ":" + s.byName[n].Name
	}
	return near
}

// SuggestServices returns the service prefixes closest to prefix: up to
// three within a few typos, closest first.
func (c *Catalog) SuggestServices(prefix string) []string {
	names := make([]string, len(c.Services))
	for i, s := range c.Services {
		names[i] = s.Prefix
	}
	return closest(asciiLower(prefix), names)
}

// closest returns the candidates nearest to word, all in lower case: those
// at the smallest distance within the typos allowed for word's length
// (one per four letters, at least one, at most three), up to three, by
// name when as near.
func closest(word string, candidates []string) []string {
	limit := max(1, min(3, (len(word)+1)/4))
	best := limit + 1
	var out []string
	var row []int
	for _, c := range candidates {
		if c == word || abs(len(c)-len(word)) > min(best, limit) {
			continue
		}
		var d int
		d, row = distance(word, c, row)
		switch {
		case d < best:
			best, out = d, append(out[:0], c)
		case d == best:
			out = append(out, c)
		}
	}
	slices.Sort(out)
	return out[:min(len(out), maxSuggestions)]
}

// distance is the optimal string alignment distance: the insertions,
// deletions, substitutions and swaps of neighbours that turn a into b.
// row is reused scratch space.
func distance(a, b string, row []int) (int, []int) {
	n := len(b) + 1
	row = slices.Grow(row[:0], 3*n)[:3*n]
	prev2, prev, cur := row[:n], row[n:2*n], row[2*n:]
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(b)], row
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}
