package eval

import "strings"

// arnPattern matches ARNs field by field, as ArnLike and the Resource element
// do: a wildcard in partition, service, region or account stays inside its
// field, one in the resource part matches anything, colons included. A
// pattern with fewer fields splits the value into as many, its last field
// taking the rest.
type arnPattern struct {
	any    bool // "*"
	fields []pattern
}

func compileARN(w wildcard) arnPattern {
	if w.text == "*" && len(w.isWild) == 1 && w.isWild[0] {
		return arnPattern{any: true}
	}
	ap := arnPattern{fields: make([]pattern, 0, 6)}
	at := 0
	for len(ap.fields) < 5 {
		j := strings.IndexByte(w.text[at:], ':')
		if j < 0 {
			break
		}
		ap.fields = append(ap.fields, compileWildcard(wildcard{text: w.text[at : at+j], isWild: w.isWild[at : at+j]}, false))
		at += j + 1
	}
	ap.fields = append(ap.fields, compileWildcard(wildcard{text: w.text[at:], isWild: w.isWild[at:]}, false))
	return ap
}

// matchResource matches the request's resource, split once in NewRequest.
func (ap *arnPattern) matchResource(r *Request) bool {
	if ap.any || !r.arn || len(ap.fields) != 6 {
		return ap.match(r.Resource)
	}
	for f := range ap.fields {
		if !ap.fields[f].match(r.resourceFields[f]) {
			return false
		}
	}
	return true
}

func (ap *arnPattern) match(s string) bool {
	if ap.any {
		return true
	}
	last := len(ap.fields) - 1
	for f := range last {
		j := strings.IndexByte(s, ':')
		if j < 0 || !ap.fields[f].match(s[:j]) {
			return false
		}
		s = s[j+1:]
	}
	return ap.fields[last].match(s)
}
