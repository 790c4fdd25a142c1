package slr

import (
	"slices"
	"strings"
	"time"
)

// DeleteServiceLinkedRole submits a role for deletion and returns at once
// with the task's id; asking again while the task is unfinished returns the
// same id. The deletion happens as the clock moves (see Advance).
func (a *Account) DeleteServiceLinkedRole(name string) (string, *Error) {
	r, err := a.GetRole(name)
	if err != nil {
		return "", err
	}
	if r.Service == "" {
		return "", apiError("InvalidInput", "Role "+r.RoleName+" is not a service-linked role: delete it with DeleteRole.")
	}
	for _, t := range a.tasks {
		if t.RoleName == r.RoleName && (t.Status == NotStarted || t.Status == InProgress) {
			return t.DeletionTaskId, nil
		}
	}
	s, _ := a.Catalog.Lookup(r.Service)
	t := &DeletionTask{
		DeletionTaskId: "task" + r.Path + r.RoleName + "/" + a.uuid(),
		RoleName:       r.RoleName, Status: NotStarted, Created: a.Now, service: s,
	}
	a.tasks = append(a.tasks, t)
	return t.DeletionTaskId, nil
}

// GetServiceLinkedRoleDeletionStatus reports a task's status and, when it
// failed, why.
func (a *Account) GetServiceLinkedRoleDeletionStatus(id string) (*DeletionTask, *Error) {
	for _, t := range a.tasks {
		if t.DeletionTaskId == id {
			return t, nil
		}
	}
	return nil, apiError("NoSuchEntity", "The deletion task with id "+id+" cannot be found.")
}

// Task finds a task by id.
func (a *Account) Task(id string) (*DeletionTask, bool) {
	t, err := a.GetServiceLinkedRoleDeletionStatus(id)
	return t, err == nil
}

// Advance moves the clock on. A task not yet started starts; one whose
// service's deletion time has passed ends: it fails while the service has
// resources using the role or an active session (the role stays), and
// succeeds otherwise (the role is gone).
func (a *Account) Advance(d time.Duration) {
	if d <= 0 {
		return
	}
	a.Now = a.Now.Add(d)
	for _, t := range a.tasks {
		if t.Status == NotStarted {
			t.Status = InProgress
		}
		if t.Status != InProgress || a.Now.Sub(t.Created) < time.Duration(t.service.DeletionSeconds)*time.Second {
			continue
		}
		r, ok := a.Role(t.RoleName)
		if !ok { // deleted some other way meanwhile
			t.Status = Succeeded
			continue
		}
		if reason := a.usage(t.service, r); reason != nil {
			t.Status, t.Reason = Failed, reason
			continue
		}
		t.Status = Succeeded
		a.roles = without(a.roles, func(x *Role) bool { return x == r })
	}
}

// usage says what keeps a role in use, or nil: the resources the service
// reports (at most its usageReportLimit, in creation order) and its active
// sessions.
func (a *Account) usage(s *Service, r *Role) *FailureReason {
	var inUse []*Resource
	for _, res := range a.resources {
		if res.Service == s.ServicePrincipal && res.UsesRole {
			inUse = append(inUse, res)
		}
	}
	sessions := 0
	for _, ss := range a.sessions {
		if ss.Service == s.ServicePrincipal {
			sessions++
		}
	}
	if len(inUse) == 0 && sessions == 0 {
		return nil
	}
	reason := &FailureReason{RoleUsageList: []RoleUsage{}}
	if len(inUse) > 0 {
		reason.Reason = "The role is still used by resources of " + s.ServicePrincipal + ". Delete them, then delete the role again."
	} else {
		reason.Reason = "The role has an active session with " + s.ServicePrincipal + ". Sessions cannot be revoked: wait for it to end, then delete the role again."
	}
	reported := inUse
	if s.UsageReportLimit != nil && len(reported) > *s.UsageReportLimit {
		reported = reported[:*s.UsageReportLimit]
	}
	for _, res := range reported {
		reason.add(res.Region, res.Arn)
	}
	for _, ss := range a.sessions {
		if ss.Service == s.ServicePrincipal {
			reason.add(ss.Region, "")
		}
	}
	return reason
}

// add lists a resource (or, with arn "", just the Region) under its Region.
func (f *FailureReason) add(region, arn string) {
	for i := range f.RoleUsageList {
		if u := &f.RoleUsageList[i]; u.Region == region {
			if arn != "" {
				u.Resources = append(u.Resources, arn)
			}
			return
		}
	}
	u := RoleUsage{Region: region, Resources: []string{}}
	if arn != "" {
		u.Resources = append(u.Resources, arn)
	}
	f.RoleUsageList = append(f.RoleUsageList, u)
}

// CreateResource records a service's resource. In a Region where the
// service supports its role the resource uses it, and the role must exist:
// created is set when this call created it (the service does so on the
// caller's behalf; the runner authorizes that first). tags are the
// resource's own (a WorkMail organization's {team: ...}).
func (a *Account) CreateResource(service, region, arn string, tags []Tag) (res *Resource, created *Role, err *Error) {
	s, ok := a.Catalog.Lookup(service)
	if !ok {
		return nil, nil, apiError("InvalidInput", "Unknown service principal "+service+": the service has no service-linked role.")
	}
	if !s.OffersRegion(region) {
		return nil, nil, noEndpoint(s, region, arn)
	}
	for _, r := range a.resources {
		if r.Arn == arn {
			return nil, nil, apiError("ResourceInUse", "The resource "+arn+" already exists.")
		}
	}
	res = &Resource{Service: service, Region: region, Arn: arn, UsesRole: s.SupportsRegion(region), Tags: slices.Clone(tags)}
	if res.UsesRole {
		if _, exists := a.Role(s.RoleName); !exists {
			if created, err = a.CreateServiceLinkedRole(service, "", ""); err != nil {
				return nil, nil, err
			}
		}
	}
	a.resources = append(a.resources, res)
	return res, created, nil
}

// DeleteResource removes a resource: it no longer uses the role. While the
// service is using the role in the resource's Region (an active session),
// the deletion fails: the WorkMail and SES guides' "the deletion might
// fail. If that happens, wait for a few minutes and try the operation
// again" (here it always does, until the session ends). A service
// that deletes its role with its last resource (deletesRoleWithLastResource)
// does so here when nothing else uses the role, no resource and no session:
// deleted is that role, gone at once, with no deletion task.
func (a *Account) DeleteResource(arn string) (deleted *Role, err *Error) {
	i := slices.IndexFunc(a.resources, func(r *Resource) bool { return r.Arn == arn })
	if i < 0 {
		return nil, apiError("ResourceNotFound", "The resource "+arn+" cannot be found.")
	}
	res := a.resources[i]
	if res.UsesRole && a.inSession(res.Service, res.Region) {
		return nil, &Error{Code: "ResourceInUse", Message: "The service " + res.Service + " is using its service-linked role in " + res.Region +
			" (an active session), so " + arn + " cannot be deleted now. Wait for a few minutes and try the operation again."}
	}
	a.resources = append(a.resources[:i:i], a.resources[i+1:]...)
	s, ok := a.Catalog.Lookup(res.Service)
	if !ok || !s.DeletesRoleWithLastResource || !res.UsesRole {
		return nil, nil
	}
	r, exists := a.Role(s.RoleName)
	if !exists || a.usage(s, r) != nil {
		return nil, nil
	}
	a.roles = without(a.roles, func(x *Role) bool { return x == r })
	return r, nil
}

// inSession reports whether service holds an active session with its role
// in region.
func (a *Account) inSession(service, region string) bool {
	for _, s := range a.sessions {
		if s.Service == service && s.Region == region {
			return true
		}
	}
	return false
}

// noEndpoint is the answer to a request to a service in a Region where it
// is not offered: no endpoint answers, as the AWS CLI says. The endpoint's
// name is the service's in its resources' ARNs (workmail, for WorkMail's
// events principal).
func noEndpoint(s *Service, region, arn string) *Error {
	name, _, _ := strings.Cut(s.ServicePrincipal, ".")
	if parts := strings.SplitN(arn, ":", 4); len(parts) == 4 && strings.HasPrefix(arn, "arn:") && parts[2] != "" {
		name = parts[2]
	}
	return &Error{Code: "EndpointConnectionError", Message: "Could not connect to the endpoint URL: \"https://" + name + "." + region +
		".amazonaws.com/\" (" + s.ServicePrincipal + " is not offered in " + region + ")."}
}

// StartSession records that the service holds an active session with its role.
func (a *Account) StartSession(service, region string) *Error {
	s, ok := a.Catalog.Lookup(service)
	if !ok {
		return apiError("InvalidInput", "Unknown service principal "+service+": the service has no service-linked role.")
	}
	if _, exists := a.Role(s.RoleName); !exists {
		return apiError("NoSuchEntity", "The role with name "+s.RoleName+" cannot be found.")
	}
	if !s.SupportsRegion(region) {
		return apiError("InvalidInput", service+" has no service-linked role in "+region+": it holds no session with it there.")
	}
	a.sessions = append(a.sessions, &Session{Service: service, Region: region})
	a.UseRole(service, region)
	return nil
}

// EndSession ends one of the service's sessions in region.
func (a *Account) EndSession(service, region string) *Error {
	for i, s := range a.sessions {
		if s.Service == service && s.Region == region {
			a.sessions = append(a.sessions[:i:i], a.sessions[i+1:]...)
			return nil
		}
	}
	return apiError("NoSuchEntity", service+" has no active session in "+region+".")
}
