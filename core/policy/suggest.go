package policy

import "strings"

// Suggest returns the candidate closest to s, for "did you mean ...?", or ""
// when none is close. A match that differs only in case always wins.
func Suggest(s string, candidates []string) string {
	for _, c := range candidates {
		if strings.EqualFold(s, c) {
			return c
		}
	}
	best, bestDist := "", max(2, len(s)/3)+1
	ls := strings.ToLower(s)
	for _, c := range candidates {
		if d := distance(ls, strings.ToLower(c)); d < bestDist {
			best, bestDist = c, d
		}
	}
	return best
}

// suggest is Suggest within the validator's budget.
func (v *validator) suggest(s string, candidates []string) string {
	if v.suggestions <= 0 {
		return ""
	}
	v.suggestions--
	return Suggest(s, candidates)
}

// didYouMean returns ` Did you mean "X"?` or "".
func (v *validator) didYouMean(s string, candidates []string) string {
	if c := v.suggest(s, candidates); c != "" && c != s {
		return ` Did you mean "` + c + `"?`
	}
	return ""
}

// distance is the Levenshtein distance between a and b, in bytes. Inputs are
// element, operator and key names, so a bound keeps hostile text cheap.
func distance(a, b string) int {
	if len(a) > 64 || len(b) > 64 {
		return max(len(a), len(b))
	}
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
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
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
