package compare

import (
	"slices"
	"strconv"
	"strings"

	"slrplay/core/reference"
)

// group is a set of actions that the same statements of both policies
// name and that take the same resources: the policies answer alike for
// all of them, given the resource and the context.
type group struct {
	stmts   []*stmt
	formats []string // the actions' ARN formats; none: they take only "*"
	actions []*reference.Action
}

// groups sorts the catalog's actions into groups. A service that no
// statement may concern is skipped: neither policy allows anything there.
// An action a policy names that the catalog lacks is no request AWS can
// see (eval refuses it), so it takes no part.
func (c *comparer) groups() []*group {
	cat := c.opt.Catalog
	any := false
	named := map[string]bool{}
	for _, s := range c.stmts {
		any = any || s.anySvc
		for _, svc := range s.svcs {
			named[svc] = true
		}
	}
	var services []*reference.Service
	if any {
		services = cat.Services
	} else {
		for svc := range named {
			if s := cat.Service(svc); s != nil {
				services = append(services, s)
			}
		}
		slices.SortFunc(services, func(a, b *reference.Service) int { return strings.Compare(a.Prefix, b.Prefix) })
	}
	var out []*group
	byKey := map[string]*group{}
	var key strings.Builder
	for _, svc := range services {
		lower := strings.ToLower(svc.Prefix)
		var cands []*stmt
		for _, s := range c.stmts {
			if s.anySvc || slices.Contains(s.svcs, lower) {
				cands = append(cands, s)
			}
		}
		acts := svc.Actions()
		for i := range acts {
			a := &acts[i]
			name := lower + ":" + strings.ToLower(a.Name)
			key.Reset()
			allow := false
			var sig []*stmt
			for j, s := range cands {
				if s.actionApplies(lower, name) {
					sig = append(sig, s)
					allow = allow || !s.deny
					key.WriteString(strconv.Itoa(j))
					key.WriteByte(',')
				}
			}
			if !allow {
				continue // both policies deny it, whatever the request
			}
			formats := make([]string, 0, len(a.Resources))
			for _, r := range a.Resources {
				formats = append(formats, r.Type.ARN)
			}
			slices.Sort(formats)
			formats = slices.Compact(formats)
			key.WriteString(svc.Prefix)
			for _, f := range formats {
				key.WriteByte('|')
				key.WriteString(f)
			}
			g := byKey[key.String()]
			if g == nil {
				g = &group{stmts: sig, formats: formats}
				byKey[key.String()] = g
				out = append(out, g)
			}
			g.actions = append(g.actions, a)
		}
	}
	return out
}
