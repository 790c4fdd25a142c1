package eval

import (
	"strings"
	"testing"
)

// TestTemplateCacheBounded: a template keeps its filled-in forms up to
// maxCached of them, none longer than maxCachedText, and matches the long
// ones all the same.
func TestTemplateCacheBounded(t *testing.T) {
	tm := newTemplate("arn:aws:s3:::b/${aws:username}/*?x", true, false)
	for i := range maxCached + 10 {
		name := strings.Repeat("u", i%50) + string(rune('a'+i%26)) + strings.Repeat("v", i/50)
		ctx := NewContext(map[string][]string{"aws:username": {name}})
		w, ok := tm.fill(&ctx)
		if !ok || !tm.arnMatch(w, "arn:aws:s3:::b/"+name+"/k1x") || tm.arnMatch(w, "arn:aws:s3:::b/"+name+"/x") {
			t.Fatalf("%q: wrong match", name)
		}
	}
	if len(tm.cache) > maxCached {
		t.Errorf("the cache holds %d forms, at most %d", len(tm.cache), maxCached)
	}
	long := strings.Repeat("a?", 1<<20) // a value a variable may hold: its * and ? are literal
	ctx := NewContext(map[string][]string{"aws:username": {long}})
	w, _ := tm.fill(&ctx)
	before := len(tm.cache)
	if !tm.arnMatch(w, "arn:aws:s3:::b/"+long+"/kkx") || tm.arnMatch(w, "arn:aws:s3:::b/"+strings.Repeat("ab", 1<<20)+"/kkx") {
		t.Error("a long filled-in template matched wrong")
	}
	if len(tm.cache) != before {
		t.Errorf("a filled-in template of %d bytes was cached", len(w.text))
	}
}
