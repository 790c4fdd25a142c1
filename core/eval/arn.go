package eval

import "strings"

// arnPattern matches ARNs field by field, as ArnLike and the Resource element
// do: a wildcard in partition, service, region or account stays inside its
// field, one in the resource part matches anything, colons included.
type arnPattern struct {
	any    bool       // "*"
	fields [6]pattern // when the pattern has all six fields
	whole  *pattern   // when it has fewer: matched against the whole string
}

func compileARN(w wildcard) arnPattern {
	if w.text == "*" && len(w.isWild) == 1 && w.isWild[0] {
		return arnPattern{any: true}
	}
	var ap arnPattern
	at := 0
	for f := range 5 {
		j := strings.IndexByte(w.text[at:], ':')
		if j < 0 {
			p := compileWildcard(w, false)
			return arnPattern{whole: &p}
		}
		ap.fields[f] = compileWildcard(wildcard{text: w.text[at : at+j], isWild: w.isWild[at : at+j]}, false)
		at += j + 1
	}
	ap.fields[5] = compileWildcard(wildcard{text: w.text[at:], isWild: w.isWild[at:]}, false)
	return ap
}

func (ap *arnPattern) match(s string) bool {
	switch {
	case ap.any:
		return true
	case ap.whole != nil:
		return ap.whole.match(s)
	}
	for f := range 5 {
		j := strings.IndexByte(s, ':')
		if j < 0 || !ap.fields[f].match(s[:j]) {
			return false
		}
		s = s[j+1:]
	}
	return ap.fields[5].match(s)
}
