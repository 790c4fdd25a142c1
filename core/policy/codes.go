package policy

import (
	"strings"

	"slrplay/core/diag"
)

// checkRef is the reference page of IAM Access Analyzer's policy checks; every
// check has an anchor built from its finding type and issue code.
const checkRef = "https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html"

const userGuide = "https://docs.aws.amazon.com/IAM/latest/UserGuide/"

// Issue codes. Those of Access Analyzer keep its names and severities; ours
// (marked) cover what it does not check, in the same style.
var severities = map[string]diag.Severity{
	"JSON_SYNTAX_ERROR":                                   diag.Error,
	"MISSING_STATEMENT":                                   diag.Error,
	"MISSING_EFFECT":                                      diag.Error,
	"INVALID_EFFECT":                                      diag.Error,
	"MISSING_ACTION":                                      diag.Error,
	"MISSING_RESOURCE":                                    diag.Error,
	"MISSING_PRINCIPAL":                                   diag.Error,
	"UNSUPPORTED_PRINCIPAL":                               diag.Error,
	"INVALID_PRINCIPAL_FORMAT":                            diag.Error,
	"INVALID_PRINCIPAL_KEY":                               diag.Error,
	"UNSUPPORTED_WILDCARD_IN_PRINCIPAL":                   diag.Error,
	"INVALID_SERVICE_PRINCIPAL_FORMAT":                    diag.Error,
	"INVALID_VERSION":                                     diag.Error,
	"INVALID_POLICY_ELEMENT":                              diag.Error,
	"UNSUPPORTED_ELEMENT_COMBINATION":                     diag.Error,
	"UNIQUE_SIDS_REQUIRED":                                diag.Error,
	"UNSUPPORTED_SID":                                     diag.Error,
	"DATA_TYPE_MISMATCH":                                  diag.Error,
	"DUPLICATE_KEYS_WITH_DIFFERENT_CASE":                  diag.Error,
	"INVALID_CONDITION_OPERATOR":                          diag.Error,
	"NULL_WITH_IF_EXISTS":                                 diag.Error,
	"INVALID_CONDITION_MULTIPLE_BOOLEAN":                  diag.Error,
	"INVALID_CONDITION_DATA_TYPE":                         diag.Error,
	"INVALID_CONDITION_KEY_FORMAT":                        diag.Error,
	"MISSING_TAG_KEY_IN_CONDITION":                        diag.Error,
	"MISSING_QUALIFIER":                                   diag.Error,
	"TYPE_MISMATCH_IP_RANGE":                              diag.Error,
	"INVALID_ACTION":                                      diag.Error,
	"INVALID_SERVICE_IN_ACTION":                           diag.Error,
	"INVALID_SERVICE_CONDITION_KEY":                       diag.Error,
	"INVALID_GLOBAL_CONDITION_KEY":                        diag.Error,
	"INVALID_ARN_PREFIX":                                  diag.Error,
	"MISSING_ARN_FIELD":                                   diag.Error,
	"INVALID_ARN_SERVICE_CASE":                            diag.Error,
	"INVALID_ARN_ACCOUNT":                                 diag.Error,
	"INVALID_PARTITION":                                   diag.Error,
	"MISSING_BRACE_IN_VARIABLE":                           diag.Error,
	"EMPTY_VARIABLE":                                      diag.Error,
	"UNSUPPORTED_SPACE_IN_VARIABLE":                       diag.Error,
	"MISSING_QUOTE_IN_VARIABLE":                           diag.Error,
	"VARIABLE_UNSUPPORTED_IN_ELEMENT":                     diag.Error,
	"INVALID_VARIABLE_FOR_OPERATOR":                       diag.Error,
	"SCP_SYNTAX_ERROR_PRINCIPAL":                          diag.Error,
	"SCP_SYNTAX_ERROR_ACTION_WILDCARD":                    diag.Error,
	"RCP_SYNTAX_ERROR_PRINCIPAL":                          diag.Error,
	"RCP_SYNTAX_ERROR_ALLOW":                              diag.Error,
	"RCP_SYNTAX_ERROR_NOTACTION":                          diag.Error,
	"RCP_SYNTAX_ERROR_ACTION":                             diag.Error,
	"POLICY_SIZE_EXCEEDS_SCP_QUOTA":                       diag.Error,
	"POLICY_SIZE_EXCEEDS_RCP_QUOTA":                       diag.Error,
	"ROLE_TRUST_POLICY_SYNTAX_ERROR_NOTPRINCIPAL":         diag.Error,
	"ROLE_TRUST_POLICY_UNSUPPORTED_WILDCARD_IN_PRINCIPAL": diag.Error,
	"ROLE_TRUST_POLICY_SYNTAX_ERROR_RESOURCE":             diag.Error,
	"MISMATCHED_ACTION_FOR_PRINCIPAL":                     diag.Error,
	"DUPLICATE_KEY":                                       diag.Error, // ours
	"INVALID_POLICY_SHAPE":                                diag.Error, // ours
	"TOO_MANY_FINDINGS":                                   diag.Error, // ours: carries the worst severity of what it counts

	"MISSING_VERSION":                                 diag.Warning,
	"UNIQUE_SIDS_RECOMMENDED":                         diag.Warning,
	"WILDCARD_WITHOUT_LIKE_OPERATOR":                  diag.Warning,
	"TYPE_MISMATCH":                                   diag.Warning,
	"TYPE_MISMATCH_BOOLEAN":                           diag.Warning,
	"TYPE_MISMATCH_DATE":                              diag.Warning,
	"TYPE_MISMATCH_NUMBER":                            diag.Warning,
	"TYPE_MISMATCH_STRING":                            diag.Warning,
	"DEPRECATED_GLOBAL_CONDITION_KEY":                 diag.Warning,
	"CREATE_SLR_WITH_STAR_IN_RESOURCE":                diag.Warning,
	"CREATE_SLR_WITH_NOT_RESOURCE":                    diag.Warning,
	"CREATE_SLR_WITH_STAR_IN_ACTION_AND_RESOURCE":     diag.Warning,
	"CREATE_SLR_WITH_STAR_IN_ACTION_AND_NOT_RESOURCE": diag.Warning,
	"POLICY_SIZE_EXCEEDS_IDENTITY_POLICY_QUOTA":       diag.Warning,
	"POLICY_SIZE_EXCEEDS_ROLE_TRUST_POLICY_QUOTA":     diag.Warning,
	"POLICY_SIZE_EXCEEDS_SESSION_POLICY_QUOTA":        diag.Warning, // ours
	"STATEMENT_WITHOUT_POLICY":                        diag.Warning, // ours
	"VARIABLE_IGNORED_IN_VERSION":                     diag.Warning, // ours
	"UNKNOWN_POLICY_VARIABLE":                         diag.Warning, // ours
	"TYPE_MISMATCH_ARN":                               diag.Warning, // ours
	"UNKNOWN_GLOBAL_CONDITION_KEY":                    diag.Warning, // ours: without the catalog
	"UNSUPPORTED_ACTION_FOR_CONDITION_KEY":            diag.Warning,
	"ACTION_NOT_IN_REFERENCE":                         diag.Warning, // ours
	"WILDCARD_IN_ARN_SERVICE":                         diag.Warning, // ours

	"PASS_ROLE_WITH_STAR_IN_RESOURCE":                diag.SecurityWarning,
	"PASS_ROLE_WITH_STAR_IN_ACTION_AND_RESOURCE":     diag.SecurityWarning,
	"PASS_ROLE_WITH_NOT_RESOURCE":                    diag.SecurityWarning,
	"PASS_ROLE_WITH_STAR_IN_ACTION_AND_NOT_RESOURCE": diag.SecurityWarning,
	"ALLOW_WITH_NOT_PRINCIPAL":                       diag.SecurityWarning,
	"FORALLVALUES_WITH_SINGLE_VALUED_KEY":            diag.SecurityWarning,
	"STRING_LIKE_OPERATOR_WITH_ARN_CONDITION_KEYS":   diag.SecurityWarning,
	"ALLOW_WITH_NOT_ACTION":                          diag.SecurityWarning, // ours
	"ALLOW_WITH_NOT_RESOURCE":                        diag.SecurityWarning, // ours
	"FULL_ACCESS":                                    diag.SecurityWarning, // ours

	"EMPTY_ARRAY_ACTION":                 diag.Suggestion,
	"EMPTY_ARRAY_RESOURCE":               diag.Suggestion,
	"EMPTY_ARRAY_PRINCIPAL":              diag.Suggestion,
	"EMPTY_OBJECT_PRINCIPAL":             diag.Suggestion,
	"EMPTY_ARRAY_CONDITION":              diag.Suggestion,
	"EMPTY_OBJECT_CONDITION":             diag.Suggestion,
	"EMPTY_ARRAY_CONDITION_IFEXISTS":     diag.Suggestion,
	"EMPTY_ARRAY_CONDITION_FORALLVALUES": diag.Suggestion,
	"EMPTY_ARRAY_CONDITION_FORANYVALUE":  diag.Suggestion,
	"EMPTY_SID_VALUE":                    diag.Suggestion,
	"REDUNDANT_ACTION":                   diag.Suggestion,
	"NULL_WITH_QUALIFIER":                diag.Suggestion,
	"FORANYVALUE_WITH_SINGLE_VALUED_KEY": diag.Suggestion, // ours
}

// ownLinks are the pages that explain our own checks.
var ownLinks = map[string]string{
	"DUPLICATE_KEY":                            "reference_policies_grammar.html",
	"INVALID_POLICY_SHAPE":                     "reference_policies_grammar.html",
	"TOO_MANY_FINDINGS":                        "reference_policies_grammar.html",
	"STATEMENT_WITHOUT_POLICY":                 "reference_policies_elements_statement.html",
	"VARIABLE_IGNORED_IN_VERSION":              "reference_policies_variables.html",
	"UNKNOWN_POLICY_VARIABLE":                  "reference_policies_variables.html",
	"TYPE_MISMATCH_ARN":                        "reference_policies_elements_condition_operators.html#Conditions_ARN",
	"ALLOW_WITH_NOT_ACTION":                    "reference_policies_elements_notaction.html",
	"ALLOW_WITH_NOT_RESOURCE":                  "reference_policies_elements_notresource.html",
	"FULL_ACCESS":                              "best-practices.html#grant-least-privilege",
	"FORANYVALUE_WITH_SINGLE_VALUED_KEY":       "reference_policies_condition-single-vs-multi-valued-context-keys.html",
	"UNKNOWN_GLOBAL_CONDITION_KEY":             "reference_policies_condition-keys.html",
	"ACTION_NOT_IN_REFERENCE":                  "reference_policies_actions-resources-contextkeys.html",
	"WILDCARD_IN_ARN_SERVICE":                  "reference-arns.html",
	"POLICY_SIZE_EXCEEDS_SESSION_POLICY_QUOTA": "reference_iam-quotas.html#reference_iam-quotas-entity-length",
}

// Severity returns the severity of an issue code, and false for a code this
// package never reports.
func Severity(code string) (diag.Severity, bool) {
	s, ok := severities[code]
	return s, ok
}

// severitySlugs name the severities in Access Analyzer's anchors.
var severitySlugs = map[diag.Severity]string{
	diag.Error: "error", diag.SecurityWarning: "security-warning",
	diag.Warning: "general-warning", diag.Suggestion: "suggestion",
}

// LearnMore returns the documentation link for an issue code: Access
// Analyzer's anchor for its own checks, the IAM guide page for ours.
func LearnMore(code string) string {
	if page, ok := ownLinks[code]; ok {
		return userGuide + page
	}
	slug := severitySlugs[severities[code]]
	return checkRef + "#access-analyzer-reference-policy-checks-" + slug + "-" +
		strings.ReplaceAll(strings.ToLower(code), "_", "-")
}
