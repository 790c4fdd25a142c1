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
// the seed pages exists, and every file testdata/API-SHAPES.md names as
// checking an operation, so neither can point at a lesson, a policy or a
// test that was renamed or removed; and SEEDS.md has a part for each seed
// page.
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
	for _, doc := range []struct {
		name  string
		least int // files it names at the least: fewer means the pattern no longer finds them
	}{{"SEEDS.md", 20}, {"API-SHAPES.md", 5}} {
		text, err := os.ReadFile(filepath.Join(root, "testdata", doc.name))
		if err != nil {
			t.Fatal(err)
		}
		seen := map[string]bool{}
		for i, line := range strings.Split(string(text), "\n") {
			for _, m := range seedFile.FindAllStringSubmatch(line, -1) {
				if seen[m[1]] {
					continue
				}
				seen[m[1]] = true
				if _, err := os.Stat(filepath.Join(root, filepath.FromSlash(m[1]))); err != nil {
					t.Errorf("%s:%d: %s does not exist", doc.name, i+1, m[1])
				}
			}
		}
		if len(seen) < doc.least {
			t.Errorf("%s names %d files: the pattern no longer finds them", doc.name, len(seen))
		}
	}
}
