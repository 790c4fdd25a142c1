package reference

import (
	"slices"
	"strings"
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
// suggestion.
func (c *Catalog) Suggest(pattern string) []string {
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
// ("s3:GetObject"): up to three within a few typos.
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

// suggestStart suggests patterns "Start*" for a start of action names
// that begins none: the starts of the service's names closest to it, and
// of a name's starts as close the nearest in length ("gte" is "get", not
// "ge" or "gete"; "descibe" is "describe").
func (s *Service) suggestStart(start string) []string {
	start = asciiLower(start)
	limit := typos(start)
	best := limit + 1
	var near []string
	var row []int
	for _, a := range s.Actions() {
		var last []int
		last, row = prefixDistances(start, a.lower, row)
		end := 0 // the closest start, then the nearest in length
		for j, d := range last {
			if d < last[end] || d == last[end] && abs(j-len(start)) <= abs(end-len(start)) {
				end = j
			}
		}
		cased := a.Name[:end] + "*"
		switch d := last[end]; {
		case d < best:
			best, near = d, append(near[:0], cased)
		case d == best && !slices.Contains(near, cased):
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
	names := make([]string, len(c.Services))
	for i, s := range c.Services {
		names[i] = s.Prefix
	}
	return closest(asciiLower(prefix), names)
}

// closest returns the candidates nearest to word, all in lower case: those
// at the smallest distance within the typos allowed for word's length, up
// to three, by name when as near.
func closest(word string, candidates []string) []string {
	limit := typos(word)
	best := limit + 1
	var out []string
	var row []int
	for _, c := range candidates {
		if c == word || abs(len(c)-len(word)) > min(best, limit) {
			continue
		}
		var last []int
		last, row = prefixDistances(word, c, row)
		switch d := last[len(c)]; {
		case d < best:
			best, out = d, append(out[:0], c)
		case d == best:
			out = append(out, c)
		}
	}
	slices.Sort(out)
	return out[:min(len(out), maxSuggestions)]
}

// typos is how many typos a word of its length may have and still be
// recognized: one per four letters, at least one, at most three.
func typos(word string) int { return max(1, min(3, (len(word)+1)/4)) }

// prefixDistances returns, for each prefix b[:j], the optimal string
// alignment distance between a and it: the insertions, deletions,
// substitutions and swaps of neighbours that turn one into the other.
// row is reused scratch space; the result lives in it.
func prefixDistances(a, b string, row []int) (last, scratch []int) {
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
	return prev, row
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}
