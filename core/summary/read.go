package summary

import (
	"slrplay/core/diag"
	"slrplay/core/policy"
)

// Read parses src as a policy of type t (policy.Auto: detected) for a
// summary and returns the document and the type used. Only what makes IAM
// refuse to store a policy stops its summary: then refused holds those
// findings (syntax and grammar, resolved against src). An action or key
// the catalog does not know is an ERROR of lint's, but IAM stores the
// policy, and the console lists such names as uncategorized.
func Read(src *diag.Source, t policy.Type) (doc *policy.Document, used policy.Type, refused diag.List) {
	doc, syntax := policy.Parse(src)
	used = t
	if used == policy.Auto {
		used = policy.DetectType(doc)
	}
	grammar, _ := policy.Check(doc, used)
	if doc.Broken || grammar.HasErrors() {
		return doc, used, append(syntax, grammar...).Resolve(src)
	}
	return doc, used, nil
}
