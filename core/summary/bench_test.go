package summary

import (
	"testing"

	"slrplay/core/reference"
)

// BenchmarkAdministratorAccess summarizes "Action": "*" on "*": every
// service of the reference, Full access (target ≤ 5 ms).
func BenchmarkAdministratorAccess(b *testing.B) {
	benchSummary(b, read(b, "AdministratorAccess.json"))
}

// BenchmarkPowerUserAccess: NotAction over every service, three of them
// action by action.
func BenchmarkPowerUserAccess(b *testing.B) {
	benchSummary(b, read(b, "PowerUserAccess.json"))
}

// BenchmarkSummaryAllElements: ARNs matched with resource type formats and
// condition keys checked action by action.
func BenchmarkSummaryAllElements(b *testing.B) {
	benchSummary(b, read(b, "summary-all-elements.json"))
}

func benchSummary(b *testing.B, text string) {
	c := reference.Default()
	c.Check() // every service read: the first summary's loading is not the summary's cost
	doc := parse(b, text)
	b.ReportAllocs()
	for b.Loop() {
		Summarize(doc, c)
	}
}
