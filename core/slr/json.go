package slr

import "slrplay/core/jsontext"

// The JSON forms of the account's records, as the IAM API names their
// fields, written in the order and with the omissions their struct tags
// give; the tests check each against encoding/json's reading of the tags.

// AppendJSON writes {"code", "message"}.
func (e *Error) AppendJSON(b []byte) []byte {
	o := jsontext.StartObject(b)
	o.Str("code", e.Code)
	o.Str("message", e.Message)
	return o.End()
}

// AppendJSON writes the role as GetRole returns it.
func (r *Role) AppendJSON(b []byte) []byte {
	o := jsontext.StartObject(b)
	o.Str("Path", r.Path)
	o.Str("RoleName", r.RoleName)
	o.Str("RoleId", r.RoleId)
	o.Str("Arn", r.Arn)
	o.Time("CreateDate", r.CreateDate)
	o.Str("AssumeRolePolicyDocument", r.AssumeRolePolicyDocument)
	o.StrOmit("Description", r.Description)
	o.Int("MaxSessionDuration", r.MaxSessionDuration)
	if r.PermissionsBoundary != nil {
		jsontext.Member(&o, "PermissionsBoundary", r.PermissionsBoundary)
	}
	if len(r.Tags) > 0 {
		jsontext.List(&o, "Tags", r.Tags)
	}
	jsontext.Member(&o, "RoleLastUsed", r.RoleLastUsed)
	return o.End()
}

// AppendJSON writes {"PermissionsBoundaryType", "PermissionsBoundaryArn"}.
func (p *PermissionsBoundary) AppendJSON(b []byte) []byte {
	o := jsontext.StartObject(b)
	o.Str("PermissionsBoundaryType", p.PermissionsBoundaryType)
	o.Str("PermissionsBoundaryArn", p.PermissionsBoundaryArn)
	return o.End()
}

// AppendJSON writes {"LastUsedDate", "Region"}, {} before the first use.
func (u RoleLastUsed) AppendJSON(b []byte) []byte {
	o := jsontext.StartObject(b)
	if u.LastUsedDate != nil {
		o.Time("LastUsedDate", *u.LastUsedDate)
	}
	o.StrOmit("Region", u.Region)
	return o.End()
}

// AppendJSON writes {"PolicyName", "PolicyArn"}.
func (p AttachedPolicy) AppendJSON(b []byte) []byte {
	o := jsontext.StartObject(b)
	o.Str("PolicyName", p.PolicyName)
	o.Str("PolicyArn", p.PolicyArn)
	return o.End()
}

// AppendJSON writes {"Key", "Value"}.
func (t Tag) AppendJSON(b []byte) []byte {
	o := jsontext.StartObject(b)
	o.Str("Key", t.Key)
	o.Str("Value", t.Value)
	return o.End()
}

// AppendJSON writes the task as the transcript shows it.
func (t *DeletionTask) AppendJSON(b []byte) []byte {
	o := jsontext.StartObject(b)
	o.Str("DeletionTaskId", t.DeletionTaskId)
	o.Str("RoleName", t.RoleName)
	o.Str("Status", t.Status)
	if t.Reason != nil {
		jsontext.Member(&o, "Reason", t.Reason)
	}
	o.Time("Created", t.Created)
	return o.End()
}

// AppendJSON writes the reason as GetServiceLinkedRoleDeletionStatus does.
func (f *FailureReason) AppendJSON(b []byte) []byte {
	o := jsontext.StartObject(b)
	o.Str("Reason", f.Reason)
	jsontext.List(&o, "RoleUsageList", f.RoleUsageList)
	return o.End()
}

// AppendJSON writes {"Region", "Resources"}.
func (u RoleUsage) AppendJSON(b []byte) []byte {
	o := jsontext.StartObject(b)
	o.Str("Region", u.Region)
	o.Strings("Resources", u.Resources)
	return o.End()
}

// AppendJSON writes the resource.
func (r *Resource) AppendJSON(b []byte) []byte {
	o := jsontext.StartObject(b)
	o.Str("Service", r.Service)
	o.Str("Region", r.Region)
	o.Str("ResourceArn", r.Arn)
	o.Bool("UsesRole", r.UsesRole)
	if len(r.Tags) > 0 {
		jsontext.List(&o, "Tags", r.Tags)
	}
	return o.End()
}

// AppendJSON writes {"Service", "Region"}.
func (s *Session) AppendJSON(b []byte) []byte {
	o := jsontext.StartObject(b)
	o.Str("Service", s.Service)
	o.Str("Region", s.Region)
	return o.End()
}

// ServiceFields are the members decodeService reads: a scenario's services
// entries may hold these and no others.
var ServiceFields = []string{"servicePrincipal", "roleName", "managedPolicyName", "description", "evidence",
	"customSuffixAllowed", "regions", "permissions", "deletionSeconds", "usageReportLimit",
	"deletesRoleWithLastResource", "serviceRegions"}

// decodeService sets the fields of s that v, an object shaped as the
// catalog's entries, gives (CONTRACT 3); other members are ignored. null
// leaves a field as it is, except where null has a meaning of its own
// (customSuffixAllowed and usageReportLimit unknown, regions everywhere,
// permissions unknown).
func decodeService(v jsontext.Value, s *Service) error {
	if v.Kind() != jsontext.Object {
		return jsontext.TypeError("a service", v, "an object")
	}
	var err error
	str := func(name string, val jsontext.Value, into *string) {
		switch val.Kind() {
		case jsontext.String:
			*into = val.Str()
		case jsontext.Null:
		default:
			err = jsontext.TypeError(name, val, "a string")
		}
	}
	v.Members(func(k, val jsontext.Value) bool {
		switch name := k.Str(); name {
		case "servicePrincipal":
			str(name, val, &s.ServicePrincipal)
		case "roleName":
			str(name, val, &s.RoleName)
		case "managedPolicyName":
			str(name, val, &s.ManagedPolicyName)
		case "description":
			str(name, val, &s.Description)
		case "evidence":
			str(name, val, &s.Evidence)
		case "customSuffixAllowed":
			switch b, ok := val.Bool(); {
			case ok:
				s.CustomSuffixAllowed = &b
			case val.Kind() == jsontext.Null:
				s.CustomSuffixAllowed = nil
			default:
				err = jsontext.TypeError(name, val, "true, false or null")
			}
		case "regions":
			s.Regions, err = regions(name, val)
		case "serviceRegions":
			s.ServiceRegions, err = regions(name, val)
		case "permissions":
			switch val.Kind() {
			case jsontext.Object:
				s.Permissions = val.Raw()
			case jsontext.Null:
				s.Permissions = ""
			default:
				err = jsontext.TypeError(name, val, "a policy document or null")
			}
		case "deletionSeconds":
			n, ok := val.Int()
			if !ok && val.Kind() != jsontext.Null {
				err = jsontext.TypeError(name, val, "a whole number of seconds")
			}
			if ok {
				s.DeletionSeconds = int(n)
			}
		case "deletesRoleWithLastResource":
			switch b, ok := val.Bool(); {
			case ok:
				s.DeletesRoleWithLastResource = b
			case val.Kind() != jsontext.Null:
				err = jsontext.TypeError(name, val, "true or false")
			}
		case "usageReportLimit":
			n, ok := val.Int()
			switch {
			case ok:
				l := int(n)
				s.UsageReportLimit = &l
			case val.Kind() == jsontext.Null:
				s.UsageReportLimit = nil
			default:
				err = jsontext.TypeError(name, val, "a whole number or null")
			}
		}
		return err == nil
	})
	return err
}

// regions reads a list of Regions, the member name: null (every Region,
// or not known), or a list.
func regions(name string, v jsontext.Value) ([]string, error) {
	if v.Kind() == jsontext.Null {
		return nil, nil
	}
	if v.Kind() != jsontext.Array {
		return nil, jsontext.TypeError(name, v, "an array of Region names or null")
	}
	out := []string{}
	var err error
	v.Elements(func(i int, el jsontext.Value) bool {
		if el.Kind() != jsontext.String {
			err = jsontext.TypeError("a Region", el, "a string")
			return false
		}
		out = append(out, el.Str())
		return true
	})
	return out, err
}
