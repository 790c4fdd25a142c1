package policy

import (
	"strconv"

	"slrplay/core/diag"
)

// MaxFindings is how many findings one document lists. A policy with more
// has one mistake repeated; listing a million of them helps nobody and costs
// the time and memory a hostile input hopes for. The rest are counted in a
// last TOO_MANY_FINDINGS finding, which carries the worst severity among them.
const MaxFindings = 1000

// collector gathers findings up to MaxFindings and counts the others.
type collector struct {
	list    diag.List
	dropped int
	worst   diag.Severity // of the dropped findings
}

// full reports whether further findings are only counted.
func (c *collector) full() bool { return len(c.list) >= MaxFindings }

// add keeps f, or counts it once the list is full.
func (c *collector) add(f diag.Finding) {
	if !c.full() {
		c.list = append(c.list, f)
		return
	}
	if c.dropped == 0 || f.Severity < c.worst {
		c.worst = f.Severity
	}
	c.dropped++
}

// merge resolves the findings of Parse and Validate against src, keeps the
// first MaxFindings in source order and sums up the rest in one finding at
// offset end.
func merge(src *diag.Source, end int, parts ...collector) diag.List {
	var list diag.List
	dropped, worst := 0, diag.Suggestion
	count := func(n int, s diag.Severity) {
		dropped, worst = dropped+n, min(worst, s)
	}
	for _, p := range parts {
		list = append(list, p.list...)
		if p.dropped > 0 {
			count(p.dropped, p.worst)
		}
	}
	list = list.Resolve(src)
	if len(list) > MaxFindings {
		for _, f := range list[MaxFindings:] {
			count(1, f.Severity)
		}
		list = list[:MaxFindings]
	}
	if dropped == 0 {
		return list
	}
	const code = "TOO_MANY_FINDINGS"
	more := diag.List{{
		Severity: worst, Code: code, Link: LearnMore(code), Path: diag.Path{},
		Message: strconv.Itoa(dropped) + " more findings are not listed. Fix the ones above (one mistake is often repeated), then lint again.",
		Span:    diag.Span{Start: end, End: end},
	}}
	return append(list, more.Resolve(src)...)
}
