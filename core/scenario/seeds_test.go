package scenario

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// seedFile is a repository file as testdata/SEEDS.md names one: in
// backquotes, under one of the repository's top directories.
var seedFile = regexp.MustCompile("`((?:testdata|core|cmd|web|wasm)/[^`\\s]+\\.[a-z]+)`")

// TestSeedsMap: every file testdata/SEEDS.md names as covering a section of
// the seed pages exists, so the map cannot point at a lesson, a policy or a
// test that was renamed or removed; and it has a part for each seed page.
func TestSeedsMap(t *testing.T) {
	const root = "../.."
	text, err := os.ReadFile(filepath.Join(root, "testdata", "SEEDS.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, page := range []string{"## 000:", "## 001:", "## 002:", "## 003:", "## 004:"} {
		if !strings.Contains(string(text), page) {
			t.Errorf("SEEDS.md has no part %q", page)
		}
	}
	seen := map[string]bool{}
	for i, line := range strings.Split(string(text), "\n") {
		for _, m := range seedFile.FindAllStringSubmatch(line, -1) {
			if seen[m[1]] {
				continue
			}
			seen[m[1]] = true
			if _, err := os.Stat(filepath.Join(root, filepath.FromSlash(m[1]))); err != nil {
				t.Errorf("SEEDS.md:%d: %s does not exist", i+1, m[1])
			}
		}
	}
	if len(seen) < 20 {
		t.Errorf("SEEDS.md names %d files: the pattern no longer finds them", len(seen))
	}
}
