package policy

import "slrplay/core/diag"

// FileReport is one document's result in lint's JSON (CONTRACT 1.1), as the
// command line and the page both give it.
type FileReport struct {
	File       string        `json:"file"`
	PolicyType string        `json:"policyType"`
	Valid      bool          `json:"valid"`
	Findings   []diag.Report `json:"findings"`
}

// Report lints src as type t (Auto: detected) and returns its report, the
// type used, and the findings.
func Report(src *diag.Source, t Type) (FileReport, Type, diag.List) {
	_, used, findings := Lint(src, t)
	return FileReport{File: src.Name, PolicyType: used.String(), Valid: !findings.HasErrors(), Findings: findings.Reports()}, used, findings
}
