package policy

import (
	"strings"

	"slrplay/core/reference"
)

// Suggest returns the candidate closest to s, for "did you mean ...?", or ""
// when none is close: within a third of s's length in typos (at least
// two), the first of the nearest. A match that differs only in case always
// wins.
func Suggest(s string, candidates []string) string {
	for _, c := range candidates {
		if strings.EqualFold(s, c) {
			return c
		}
	}
	if len(s) > 64 {
		return "" // no element, operator or key name is that long
	}
	best, limit := "", max(2, len(s)/3)
	for _, c := range candidates {
		if d := reference.Distance(s, c, limit); d <= limit {
			best, limit = c, d-1
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
