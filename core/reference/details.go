package reference

import (
	"errors"
	"maps"
	"slices"
	"strconv"
	"strings"
	"sync"
)

// The page loads AWS's reference in two steps (issue 11): a name index
// first (Split: every service, action and access level, and the global
// keys; what completion, lint's unknown actions and "did you mean" need,
// 118 KB gzip of the whole catalog's 202), then a service's details (its
// condition keys, its resource types with their ARN formats, each
// action's resource types and keys) when a policy or request first names
// that service.
//
// A catalog parsed from an index answers questions of names at once. A
// lookup that hands out what may need details (an action, a service's keys
// or resource types) notes the service as wanted; the page reads Wanted
// after each call, fetches those services' details, gives them to
// WithDetails and asks again. The answer it keeps was made with every
// detail it needed, so it is the whole catalog's answer. If the details
// cannot come, the service says so (Detailed), and the checks that need
// them leave it alone rather than report what they cannot know.

// wantSet is the services whose details lookups asked for and lacked,
// shared by an index's catalog and those WithDetails makes from it.
type wantSet struct {
	mu       sync.Mutex
	prefixes []string // each once, in the order asked
}

func (w *wantSet) add(prefix string) {
	w.mu.Lock()
	if !slices.Contains(w.prefixes, prefix) {
		w.prefixes = append(w.prefixes, prefix)
	}
	w.mu.Unlock()
}

// need notes that a lookup handed out something of the service that its
// details complete.
func (s *Service) need() {
	if s.want != nil {
		s.want.add(s.Prefix)
	}
}

// Detailed reports whether the service's details are here: always in a
// whole catalog; in an index's, once WithDetails gave them. Without them
// the service has its actions' names and access levels only, no condition
// keys and no resource types.
func (s *Service) Detailed() bool { return s.want == nil }

// IndexActions are the service's actions, like Actions, but only their
// Name and Level may be read: where the details are not here, they are
// not asked for (the editor's completion of action names).
func (s *Service) IndexActions() []Action { s.load(); return s.actions }

// Wanted returns the prefixes of the services whose details lookups have
// asked for and lacked since it was last called, and forgets them; none
// for a whole catalog.
func (c *Catalog) Wanted() []string {
	if c.want == nil {
		return nil
	}
	c.want.mu.Lock()
	defer c.want.mu.Unlock()
	out := c.want.prefixes
	c.want.prefixes = nil
	return out
}

// WithDetails returns a catalog like c whose services named in text have
// their details: text is one or more services' headers and lines exactly
// as in the whole catalog (Split's details, one after another). c itself
// is left as it was (a catalog is read-only). Details of a service the
// index lacks, or whose actions differ from the index's (a file of
// another build), are an error naming the service and line.
func (c *Catalog) WithDetails(text string) (*Catalog, error) {
	if text == "" {
		return nil, errors.New("no service's details: the text is empty")
	}
	out := *c
	out.Services = slices.Clone(c.Services)
	out.byPrefix = maps.Clone(c.byPrefix)
	p := &parser{text: text}
	for p.pos < len(text) {
		s := &Service{}
		if err := p.serviceHeader(s); err != nil {
			return nil, errors.New("details line " + strconv.Itoa(p.line) + ": " + err.Error())
		}
		old := out.byPrefix[s.Prefix]
		if old == nil {
			return nil, errors.New("details line " + strconv.Itoa(s.line) + ": the index has no service " + s.Prefix)
		}
		if old.Detailed() {
			continue // given before
		}
		if err := s.Err(); err != nil {
			return nil, errors.New("details " + strings.TrimPrefix(err.Error(), "catalog "))
		}
		if err := sameActions(old, s); err != nil {
			return nil, errors.New("details line " + strconv.Itoa(s.line) + ": " + s.Prefix + ": " + err.Error() + ": are the index and the details of one build?")
		}
		i := slices.Index(out.Services, old)
		out.Services[i], out.byPrefix[s.Prefix] = s, s
	}
	return &out, nil
}

// sameActions checks that the details d have the actions, and levels, the
// index gives service s.
func sameActions(s, d *Service) error {
	if s.Name != d.Name {
		return errors.New("named " + strconv.Quote(d.Name) + ", the index says " + strconv.Quote(s.Name))
	}
	a, b := s.IndexActions(), d.IndexActions()
	if len(a) != len(b) {
		return errors.New(strconv.Itoa(len(b)) + " actions, the index has " + strconv.Itoa(len(a)))
	}
	for i := range a {
		if a[i].Name != b[i].Name || a[i].Level != b[i].Level {
			return errors.New("the action " + b[i].Name + " (" + b[i].Level.String() + ") where the index has " + a[i].Name + " (" + a[i].Level.String() + ")")
		}
	}
	return nil
}

// levelLetter is an access level as catalog.txt writes it.
const levelLetter = "?LRWPT"

// Split divides a whole catalog (catalog.txt) into the page's index and
// each service's details, by prefix: Parse(index) knows every name, and
// WithDetails of a service's details completes it as Parse(text) has it.
func Split(text string) (index string, details map[string]string, err error) {
	c, err := Parse(text)
	if err != nil {
		return "", nil, err
	}
	if c.want != nil {
		return "", nil, errors.New("already an index, not a whole catalog")
	}
	if err := c.Check(); err != nil {
		return "", nil, err
	}
	var b strings.Builder
	b.Grow(len(text) * 3 / 5)
	b.WriteString(indexHeader + c.Source + "\n")
	b.WriteString("globals " + strconv.Itoa(len(c.GlobalKeys)) + "\n")
	for _, k := range c.GlobalKeys {
		b.WriteString(k.Name + "\t" + k.Type + "\t" + k.Category + "\n")
	}
	b.WriteString("services " + strconv.Itoa(len(c.Services)) + "\n")
	details = make(map[string]string, len(c.Services))
	for _, s := range c.Services {
		details[s.Prefix] = serviceLine(s, s.counts[0], s.counts[1], len(s.body)) + s.body
		size := 0
		for _, a := range s.actions {
			size += len(a.Name) + 5
		}
		b.WriteString(serviceLine(s, 0, 0, size))
		for _, a := range s.actions {
			b.WriteString(a.Name + "\t" + levelLetter[a.Level:a.Level+1] + "\t\t\n")
		}
	}
	return b.String(), details, nil
}

// serviceLine is a service's header line.
func serviceLine(s *Service, keys, types, bytes int) string {
	return s.Prefix + "\t" + s.Name + "\t" + strconv.Itoa(keys) + "\t" + strconv.Itoa(types) + "\t" +
		strconv.Itoa(len(s.actions)) + "\t" + strconv.Itoa(bytes) + "\n"
}
