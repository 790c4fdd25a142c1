package policy

import (
	"slrplay/core/diag"
	"slrplay/core/jsontext"
)

// FileReport is one document's result in lint's JSON (CONTRACT 1.1), as the
// command line and the page both give it.
type FileReport struct {
	File       string        `json:"file"`
	PolicyType string        `json:"policyType"`
	Valid      bool          `json:"valid"`
	Findings   []diag.Report `json:"findings"`
}

// AppendJSON writes the report as lint's JSON gives it.
func (r FileReport) AppendJSON(b []byte) []byte {
	o := jsontext.StartObject(b)
	o.Str("file", r.File)
	o.Str("policyType", r.PolicyType)
	o.Bool("valid", r.Valid)
	jsontext.List(&o, "findings", r.Findings)
	return o.End()
}

// LintJSON is lint's JSON (CONTRACT 1.1) for the reports of some documents:
// {"files": [...]}.
func LintJSON(reports []FileReport) []byte {
	if reports == nil {
		reports = []FileReport{}
	}
	o := jsontext.StartObject(nil)
	jsontext.List(&o, "files", reports)
	return o.End()
}

// Report lints src as type t (Auto: detected) and returns its report, the
// type used, and the findings.
func Report(src *diag.Source, t Type) (FileReport, Type, diag.List) {
	_, used, findings := Lint(src, t)
	return FileReport{File: src.Name, PolicyType: used.String(), Valid: !findings.HasErrors(), Findings: findings.Reports()}, used, findings
}
