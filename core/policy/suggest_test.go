package policy

import (
	"strings"
	"testing"
)

func TestSuggest(t *testing.T) {
	elements := []string{"Version", "Id", "Statement", "Sid", "Effect", "Principal", "Action", "NotAction", "Resource", "Condition"}
	tests := []struct{ s, want string }{
		{"Efect", "Effect"},
		{"effect", "Effect"},                // case alone
		{"Cnoditoin", "Condition"},          // two swaps: two typos, not four
		{"Acton", "Action"},                 // the first of the nearest
		{"Statment", "Statement"},           // a letter left out
		{"Frobnicate", ""},                  // nothing near
		{strings.Repeat("Action", 100), ""}, // long text costs nothing
	}
	for _, tc := range tests {
		if got := Suggest(tc.s, elements); got != tc.want {
			t.Errorf("%.20s: %q, want %q", tc.s, got, tc.want)
		}
	}
}
