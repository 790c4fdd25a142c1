package slr

import (
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"time"

	"slrplay/core/jsontext"
)

// MaxRoles is the IAM quota of roles per account. Service-linked roles
// count toward it but may exceed it; nothing else may.
const MaxRoles = 1000

// PathPrefix is where service-linked roles live.
const PathPrefix = "/aws-service-role/"

// Error is an IAM API error: its code and AWS's message.
type Error struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

func (e *Error) Error() string { return e.Code + ": " + e.Message }

func apiError(code, message string) *Error {
	return &Error{Code: code, Message: message}
}

// Role is an IAM role as GetRole returns it.
type Role struct {
	Path                     string    `json:"Path"`
	RoleName                 string    `json:"RoleName"`
	RoleId                   string    `json:"RoleId"`
	Arn                      string    `json:"Arn"`
	CreateDate               time.Time `json:"CreateDate"`
	AssumeRolePolicyDocument string    `json:"AssumeRolePolicyDocument"`
	Description              string    `json:"Description,omitempty"`
	MaxSessionDuration       int       `json:"MaxSessionDuration"`
	// PermissionsBoundary is the managed policy set as the role's
	// boundary (CreateRole's, PutRolePermissionsBoundary's), nil for none.
	PermissionsBoundary *PermissionsBoundary `json:"PermissionsBoundary,omitempty"`
	Tags                []Tag                `json:"Tags,omitempty"`
	// RoleLastUsed is when and in which Region the linked service last used
	// the role; {} until it has (AWS tracks it for IAM's "last accessed"
	// information, which the console shows before a deletion).
	RoleLastUsed RoleLastUsed `json:"RoleLastUsed"`
	// AttachedPolicies are the managed policies' ARNs (for a service-linked
	// role, the service's), and InlinePolicies the inline ones by name.
	// GetRole shows neither, as AWS's does not: ListAttachedRolePolicies
	// lists the first.
	AttachedPolicies []string          `json:"-"`
	InlinePolicies   map[string]string `json:"-"`
	// Service is the linked service's principal; empty for other roles.
	Service string `json:"-"`
}

// PermissionsBoundary is a role's permissions boundary as GetRole shows it.
type PermissionsBoundary struct {
	PermissionsBoundaryType string `json:"PermissionsBoundaryType"` // always "Policy"
	PermissionsBoundaryArn  string `json:"PermissionsBoundaryArn"`
}

// RoleOptions are CreateRole's optional parameters, in the API's names.
type RoleOptions struct {
	Description         string
	MaxSessionDuration  int    // 0: an hour
	PermissionsBoundary string // a managed policy's ARN, "" for none
	Tags                []Tag
}

// RoleLastUsed is a role's last use: both fields absent before the first.
type RoleLastUsed struct {
	LastUsedDate *time.Time `json:"LastUsedDate,omitempty"`
	Region       string     `json:"Region,omitempty"`
}

// AttachedPolicy is a managed policy attached to a role, as
// ListAttachedRolePolicies lists it.
type AttachedPolicy struct {
	PolicyName string `json:"PolicyName"`
	PolicyArn  string `json:"PolicyArn"`
}

// ServicePolicyPrefix is where AWS keeps the managed policies of
// service-linked roles: every managedPolicyName of the catalog is one
// (AWS's managed-policy list gives each that ARN).
const ServicePolicyPrefix = "arn:aws:iam::aws:policy/aws-service-role/"

// Tag is a role tag.
type Tag struct {
	Key   string `json:"Key"`
	Value string `json:"Value"`
}

// Task statuses, as GetServiceLinkedRoleDeletionStatus reports them.
const (
	NotStarted = "NOT_STARTED"
	InProgress = "IN_PROGRESS"
	Succeeded  = "SUCCEEDED"
	Failed     = "FAILED"
)

// DeletionTask is the asynchronous deletion of a service-linked role.
type DeletionTask struct {
	DeletionTaskId string         `json:"DeletionTaskId"`
	RoleName       string         `json:"RoleName"`
	Status         string         `json:"Status"`
	Reason         *FailureReason `json:"Reason,omitempty"`
	Created        time.Time      `json:"Created"`
	service        *Service
}

// FailureReason says why a deletion failed.
type FailureReason struct {
	Reason        string      `json:"Reason"`
	RoleUsageList []RoleUsage `json:"RoleUsageList"`
}

// RoleUsage lists, for one Region, the resources the service reported as
// using the role.
type RoleUsage struct {
	Region    string   `json:"Region"`
	Resources []string `json:"Resources"`
}

// Resource is a service's resource that uses the service's role.
type Resource struct {
	Service string `json:"Service"`
	Region  string `json:"Region"`
	Arn     string `json:"ResourceArn"`
	// UsesRole is false in a Region where the service has no role.
	UsesRole bool `json:"UsesRole"`
	// Tags are the resource's own tags, given when it was created: what a
	// principal's call on it sends as aws:ResourceTag/KEY.
	Tags []Tag `json:"Tags,omitempty"`
}

// Session is an active session of a service with its role.
type Session struct {
	Service string `json:"Service"`
	Region  string `json:"Region"`
}

// Account is an AWS account's service-linked roles and what uses them. It
// changes only through its methods, each an IAM or service operation with
// AWS's results and errors; it authorizes nothing (the scenario runner asks
// the evaluator first). Ids come from the seed and time from the logical
// clock, so the same operations give the same account.
type Account struct {
	ID      string
	Catalog *Catalog
	Now     time.Time
	// Quota is the account's roles-per-account quota, MaxRoles unless a
	// lesson sets a small one to show what happens at the limit.
	Quota int

	roles     []*Role // in creation order
	tasks     []*DeletionTask
	resources []*Resource
	sessions  []*Session
	rng       *rand.Rand
}

// NewAccount returns an empty account with the given catalog, clock and seed.
func NewAccount(id string, c *Catalog, start time.Time, seed uint64) *Account {
	return &Account{ID: id, Catalog: c, Now: start, Quota: MaxRoles, rng: rand.New(rand.NewPCG(seed, seed^0x5eed))}
}

// id returns n characters of AWS's unique-id alphabet.
func (a *Account) id(n int) string {
	const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
	b := make([]byte, n)
	for i := range b {
		b[i] = alphabet[a.rng.IntN(len(alphabet))]
	}
	return string(b)
}

// uuid returns a version-4 UUID from the account's seed.
func (a *Account) uuid() string {
	b := make([]byte, 16)
	for i := range b {
		b[i] = byte(a.rng.IntN(256))
	}
	b[6], b[8] = b[6]&0x0f|0x40, b[8]&0x3f|0x80
	const digits = "0123456789abcdef"
	s := make([]byte, 0, 36)
	for i, c := range b {
		if i == 4 || i == 6 || i == 8 || i == 10 {
			s = append(s, '-')
		}
		s = append(s, digits[c>>4], digits[c&0x0f])
	}
	return string(s)
}

// Roles returns the roles in creation order.
func (a *Account) Roles() []*Role { return a.roles }

// Tasks returns the deletion tasks in creation order.
func (a *Account) Tasks() []*DeletionTask { return a.tasks }

// Resources returns the services' resources in creation order.
func (a *Account) Resources() []*Resource { return a.resources }

// Sessions returns the active service sessions.
func (a *Account) Sessions() []*Session { return a.sessions }

// Role finds a role by name; names compare ignoring case, as IAM's do.
func (a *Account) Role(name string) (*Role, bool) {
	for _, r := range a.roles {
		if strings.EqualFold(r.RoleName, name) {
			return r, true
		}
	}
	return nil, false
}

// RoleARN is the ARN a role of that name and path has in this account.
func (a *Account) RoleARN(path, name string) string {
	return "arn:aws:iam::" + a.ID + ":role" + path + name
}

// ServiceRoleName is the name CreateServiceLinkedRole would give: the
// service's, with _suffix when given.
func ServiceRoleName(s *Service, suffix string) string {
	if suffix == "" {
		return s.RoleName
	}
	return s.RoleName + "_" + suffix
}

// TrustPolicy is a service-linked role's trust policy: only the service may
// assume it.
func TrustPolicy(principal string) string {
	return string(jsontext.Marshal(map[string]any{"Version": "2012-10-17", "Statement": []any{map[string]any{
		"Effect": "Allow", "Principal": map[string]string{"Service": principal}, "Action": "sts:AssumeRole"}}}))
}

// CreateServiceLinkedRole creates the service's role (IAM API of the same name).
func (a *Account) CreateServiceLinkedRole(serviceName, description, suffix string) (*Role, *Error) {
	s, ok := a.Catalog.Lookup(serviceName)
	if !ok {
		return nil, apiError("InvalidInput", "Unknown service principal "+serviceName+": the service has no service-linked role.")
	}
	if suffix != "" && (s.CustomSuffixAllowed == nil || !*s.CustomSuffixAllowed) {
		return nil, apiError("InvalidInput", "Custom suffix is not allowed for "+serviceName)
	}
	if err := checkRoleSettings(description, 0); err != nil {
		return nil, err
	}
	name := ServiceRoleName(s, suffix)
	if _, taken := a.Role(name); taken {
		return nil, apiError("InvalidInput", "Service role name "+name+" has been taken in this account, please try a different suffix.")
	}
	if description == "" {
		description = s.Description
	}
	path := PathPrefix + serviceName + "/"
	r := &Role{
		Path: path, RoleName: name, RoleId: "AROA" + a.id(17), Arn: a.RoleARN(path, name), CreateDate: a.Now,
		AssumeRolePolicyDocument: TrustPolicy(serviceName), Description: description, MaxSessionDuration: 3600,
		Service: serviceName,
	}
	if s.ManagedPolicyName != "" {
		r.AttachedPolicies = []string{ServicePolicyPrefix + s.ManagedPolicyName}
	}
	a.roles = append(a.roles, r) // service-linked roles may exceed the quota
	return r, nil
}

// CreateRole creates an ordinary role; opt are the API's optional
// parameters, checked as UpdateRole checks them.
func (a *Account) CreateRole(name, path, trust string, opt RoleOptions) (*Role, *Error) {
	if path == "" {
		path = "/"
	}
	if strings.HasPrefix(path, PathPrefix) {
		return nil, apiError("InvalidInput", "Path prefix '"+PathPrefix+"' can only be used for AWS Service linked Roles")
	}
	if !strings.HasPrefix(path, "/") || !strings.HasSuffix(path, "/") {
		return nil, apiError("ValidationError", "The specified value for path is invalid. It must begin and end with / and contain only alphanumeric characters and/or / characters.")
	}
	if name == "" || len(name) > 64 || strings.Trim(name, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+=,.@_-") != "" {
		return nil, apiError("ValidationError", "The specified value for roleName is invalid. It must contain only alphanumeric characters and/or the following: +=,.@_-")
	}
	if _, taken := a.Role(name); taken {
		return nil, apiError("EntityAlreadyExists", "Role with name "+name+" already exists.")
	}
	if err := checkRoleSettings(opt.Description, opt.MaxSessionDuration); err != nil {
		return nil, err
	}
	if len(a.roles) >= a.Quota {
		return nil, apiError("LimitExceeded", "Cannot exceed quota for RolesPerAccount: "+strconv.Itoa(a.Quota))
	}
	r := &Role{Path: path, RoleName: name, RoleId: "AROA" + a.id(17), Arn: a.RoleARN(path, name), CreateDate: a.Now,
		AssumeRolePolicyDocument: trust, Description: opt.Description, MaxSessionDuration: 3600, Tags: slices.Clone(opt.Tags)}
	if opt.MaxSessionDuration != 0 {
		r.MaxSessionDuration = opt.MaxSessionDuration
	}
	if opt.PermissionsBoundary != "" {
		r.PermissionsBoundary = &PermissionsBoundary{PermissionsBoundaryType: "Policy", PermissionsBoundaryArn: opt.PermissionsBoundary}
	}
	a.roles = append(a.roles, r)
	return r, nil
}

// GetRole returns a role.
func (a *Account) GetRole(name string) (*Role, *Error) {
	if r, ok := a.Role(name); ok {
		return r, nil
	}
	return nil, apiError("NoSuchEntity", "The role with name "+name+" cannot be found.")
}

// ListAttachedRolePolicies lists the managed policies attached to a role,
// in the order they were attached.
func (a *Account) ListAttachedRolePolicies(name string) ([]AttachedPolicy, *Error) {
	r, err := a.GetRole(name)
	if err != nil {
		return nil, err
	}
	out := []AttachedPolicy{}
	for _, arn := range r.AttachedPolicies {
		out = append(out, AttachedPolicy{PolicyName: arn[strings.LastIndexByte(arn, '/')+1:], PolicyArn: arn})
	}
	return out, nil
}

// UseRole records that service used its role in region now, as AWS's
// RoleLastUsed does; nothing when the role does not exist.
func (a *Account) UseRole(service, region string) {
	s, ok := a.Catalog.Lookup(service)
	if !ok {
		return
	}
	for _, r := range a.roles {
		if r.Service == service && strings.EqualFold(r.RoleName, s.RoleName) {
			now := a.Now
			r.RoleLastUsed = RoleLastUsed{LastUsedDate: &now, Region: region}
		}
	}
}

// ListRoles returns the roles whose path starts with prefix, sorted by path
// and name as IAM lists them.
func (a *Account) ListRoles(prefix string) []*Role {
	var out []*Role
	for _, r := range a.roles {
		if strings.HasPrefix(r.Path, prefix) {
			out = append(out, r)
		}
	}
	// Role names are unique in an account, so no two keys are equal.
	slices.SortFunc(out, func(a, b *Role) int { return strings.Compare(a.Path+a.RoleName, b.Path+b.RoleName) })
	return out
}

// UpdateRoleDescription changes a role's description: the one edit a
// service-linked role allows.
func (a *Account) UpdateRoleDescription(name, description string) (*Role, *Error) {
	r, err := a.GetRole(name)
	if err != nil {
		return nil, err
	}
	if err := checkRoleSettings(description, 0); err != nil {
		return nil, err
	}
	r.Description = description
	return r, nil
}

// UpdateRole changes a role's description and maximum session duration;
// a service-linked role's description only. It changes nothing when it fails.
func (a *Account) UpdateRole(name, description string, maxSession int) (*Role, *Error) {
	r, err := a.GetRole(name)
	if err != nil {
		return nil, err
	}
	if maxSession != 0 {
		if r.Service != "" {
			return nil, unmodifiable(r)
		}
		if err := checkRoleSettings("", maxSession); err != nil {
			return nil, err
		}
	}
	if r, err = a.UpdateRoleDescription(name, description); err != nil {
		return nil, err
	}
	if maxSession != 0 {
		r.MaxSessionDuration = maxSession
	}
	return r, nil
}

// checkRoleSettings checks a role's description (at most 1000 characters)
// and maximum session duration (0, not given, or 3600 to 43200 seconds).
func checkRoleSettings(description string, maxSession int) *Error {
	if len(description) > 1000 {
		return &Error{Code: "ValidationError", Message: "The specified value for description is invalid. It must be at most 1000 characters long."}
	}
	if maxSession != 0 && (maxSession < 3600 || maxSession > 43200) {
		return &Error{Code: "ValidationError", Message: "The requested MaxSessionDuration exceeds the allowed range of 3600 to 43200 seconds."}
	}
	return nil
}

// unmodifiable is AWS's answer to any other change to a service-linked role.
func unmodifiable(r *Role) *Error {
	return apiError("UnmodifiableEntity", "Cannot perform the operation on the protected role '"+r.RoleName+"' - this role is only modifiable by AWS")
}

// Modify applies op (AttachRolePolicy, DetachRolePolicy, PutRolePolicy,
// DeleteRolePolicy, UpdateAssumeRolePolicy, PutRolePermissionsBoundary,
// DeleteRole) to a role: refused on a service-linked role. For an ordinary
// role, key is the policy's ARN or name and value the document the
// operation takes. As in AWS, detaching or deleting a policy the role does
// not have is NoSuchEntity, and a role is deleted only once it has no
// policies.
func (a *Account) Modify(op, name, key, value string) (*Role, *Error) {
	r, err := a.GetRole(name)
	if err != nil {
		return nil, err
	}
	if r.Service != "" {
		return nil, unmodifiable(r)
	}
	switch op {
	case "AttachRolePolicy":
		// A service-linked role's permissions policy belongs to it alone.
		if a.Catalog.isServicePolicy(key) {
			return nil, &Error{Code: "PolicyNotAttachable", Message: "Cannot attach a Service Role Policy to a Customer Role."}
		}
		if !slices.Contains(r.AttachedPolicies, key) { // attaching it again changes nothing, as in AWS
			r.AttachedPolicies = append(r.AttachedPolicies, key)
		}
	case "DetachRolePolicy":
		if !slices.Contains(r.AttachedPolicies, key) {
			return nil, &Error{Code: "NoSuchEntity", Message: "Policy " + key + " was not found."}
		}
		r.AttachedPolicies = without(r.AttachedPolicies, func(p string) bool { return p == key })
	case "PutRolePolicy":
		if r.InlinePolicies == nil {
			r.InlinePolicies = map[string]string{}
		}
		r.InlinePolicies[key] = value
	case "DeleteRolePolicy":
		if _, ok := r.InlinePolicies[key]; !ok {
			return nil, &Error{Code: "NoSuchEntity", Message: "The role policy with name " + key + " cannot be found."}
		}
		delete(r.InlinePolicies, key)
	case "UpdateAssumeRolePolicy":
		r.AssumeRolePolicyDocument = value
	case "PutRolePermissionsBoundary":
		r.PermissionsBoundary = &PermissionsBoundary{PermissionsBoundaryType: "Policy", PermissionsBoundaryArn: key}
	case "DeleteRole":
		// AWS deletes only a role with no policies left.
		if len(r.AttachedPolicies) > 0 {
			return nil, &Error{Code: "DeleteConflict", Message: "Cannot delete entity, must detach all policies first."}
		}
		if len(r.InlinePolicies) > 0 {
			return nil, &Error{Code: "DeleteConflict", Message: "Cannot delete entity, must delete policies first."}
		}
		a.roles = without(a.roles, func(x *Role) bool { return x == r })
		return nil, nil
	default:
		return nil, apiError("InvalidAction", "Unknown operation "+op+".")
	}
	return r, nil
}

// TagRole adds tags; service-linked roles may be tagged once they exist.
// Like AWS's, it answers nothing but its error: GetRole shows the tags.
func (a *Account) TagRole(name string, tags []Tag) *Error {
	r, err := a.GetRole(name)
	if err != nil {
		return err
	}
	for _, t := range tags {
		r.Tags = append(without(r.Tags, func(x Tag) bool { return x.Key == t.Key }), t)
	}
	return nil
}

// UntagRole removes tags by key; it answers nothing but its error, as AWS's.
func (a *Account) UntagRole(name string, keys []string) *Error {
	r, err := a.GetRole(name)
	if err != nil {
		return err
	}
	for _, k := range keys {
		r.Tags = without(r.Tags, func(x Tag) bool { return x.Key == k })
	}
	return nil
}

// without returns a copy of list without the elements drop reports: callers
// holding the old slice keep seeing what they saw.
func without[T any](list []T, drop func(T) bool) []T {
	return slices.DeleteFunc(slices.Clone(list), drop)
}
