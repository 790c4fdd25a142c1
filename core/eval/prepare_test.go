package eval

import (
	"slices"
	"testing"
)

// mergeSorted merges its two ascending lists as sorting both together
// would, whichever runs out first.
func TestMergeSorted(t *testing.T) {
	for _, c := range [][2][]int32{{nil, nil}, {{1, 4, 9}, nil}, {nil, {2}}, {{0, 3, 5}, {1, 2, 8, 9}}, {{7}, {1, 2, 3}}, {{1, 2, 3}, {7}}} {
		want := slices.Sorted(slices.Values(append(slices.Clone(c[0]), c[1]...)))
		if got := mergeSorted(c[0], c[1]); !slices.Equal(got, want) {
			t.Errorf("mergeSorted(%v, %v) = %v, want %v", c[0], c[1], got, want)
		}
	}
}
