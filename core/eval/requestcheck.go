package eval

import (
	"strings"

	"slrplay/core/diag"
	"slrplay/core/reference"
)

// The checks of a request against AWS's catalog (CONTRACT 1.2, IAM-RULES
// D): a request that cannot happen in AWS is an error, not a decision. An
// action the catalog lacks, a resource that is none of the action's
// resource types, a resource other than "*" for an action that has none
// (AWS authorizes those on "*"). Without a catalog (the page before it
// loads one) CheckRequest checks nothing. The scenario runner does not ask:
// its service:Call actions stand for any call, not for AWS's actions.

const (
	serviceAuthRef = "https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html"
	resourceRef    = "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html"
)

// CheckRequest returns the errors that make a request one that cannot
// happen in AWS, or none.
func CheckRequest(cat *reference.Catalog, action, resource string) []CaseError {
	if cat == nil {
		return nil
	}
	fail := func(code, msg, link string) []CaseError {
		return []CaseError{{Report: diag.Report{FindingType: "ERROR", IssueCode: code, FindingDetails: msg, LearnMoreLink: link, Locations: []diag.Location{}}}}
	}
	a := cat.Action(action)
	if a == nil {
		prefix, _, _ := strings.Cut(action, ":")
		var suggestion string
		if s := cat.Suggest(action); len(s) > 0 { // remembered: a batch asks about the same names again and again
			suggestion = " Did you mean " + strings.Join(s, " or ") + "?"
		}
		if cat.Service(prefix) == nil {
			return fail("UNKNOWN_ACTION", action+" is not an AWS action: the service "+prefix+" is not in the Service Authorization Reference, so no request asks for it."+suggestion, serviceAuthRef)
		}
		return fail("UNKNOWN_ACTION", action+" is not an AWS action: "+prefix+" has no action of that name, so no request asks for it."+suggestion, serviceAuthRef)
	}
	if resource == "*" || resource == "" || !a.Service.Detailed() {
		return nil // without the service's details (the page's, not loaded) its resource types are not known
	}
	if len(a.Resources) == 0 {
		return fail("RESOURCE_FOR_ACTION_WITHOUT_RESOURCE_TYPE", a.FullName()+" has no resource type: AWS authorizes it on \"*\", never on "+resource+". Ask with the resource \"*\".", resourceRef)
	}
	if _, ok := a.ResourceFor(resource); ok {
		return nil
	}
	var kinds []string
	for _, r := range a.Resources {
		kinds = append(kinds, r.Type.Name+" resources ("+r.Type.ARN+")")
	}
	return fail("RESOURCE_TYPE_MISMATCH", a.FullName()+" acts on "+strings.Join(kinds, " or ")+"; the request's resource "+resource+" is none of them.", resourceRef)
}
