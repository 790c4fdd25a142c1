package policy

import (
	"slices"
	"strconv"
	"strings"
)

// Partitions are the AWS partitions an ARN may name.
var Partitions = []string{"aws", "aws-cn", "aws-us-gov", "aws-iso", "aws-iso-b", "aws-iso-e", "aws-iso-f", "aws-eusc"}

// ARN is an Amazon Resource Name split into its six fields. Resource holds
// everything after the fifth colon, colons included.
type ARN struct {
	Partition, Service, Region, Account, Resource string
}

// SplitARN splits arn:partition:service:region:account:resource, and reports
// whether s has the "arn:" prefix and all six fields.
func SplitARN(s string) (ARN, bool) {
	rest, ok := strings.CutPrefix(s, "arn:")
	if !ok {
		return ARN{}, false
	}
	var f [4]string
	for i := range f {
		j := strings.IndexByte(rest, ':')
		if j < 0 {
			return ARN{}, false
		}
		f[i], rest = rest[:j], rest[j+1:]
	}
	return ARN{Partition: f[0], Service: f[1], Region: f[2], Account: f[3], Resource: rest}, true
}

// checkARN checks the form of a Resource ARN (wildcards and variables
// allowed in every field) and returns an issue code and message, or "".
func checkARN(s string) (code, msg string) {
	if !strings.HasPrefix(s, "arn:") {
		if strings.HasPrefix(strings.ToLower(s), "arn:") {
			return "INVALID_ARN_PREFIX", "The resource " + strconv.Quote(s) + " must start with arn: in lower case."
		}
		return "INVALID_ARN_PREFIX", "Add the required prefix (arn) to the resource ARN " + strconv.Quote(s) + ", or use \"*\" for all resources. ARNs are written arn:partition:service:region:account:resource."
	}
	a, ok := SplitARN(s)
	if !ok {
		return "MISSING_ARN_FIELD", "Resource ARNs must include at least 6 fields and include the following structure: arn:partition:service:region:account:resource. " + strconv.Quote(s) + " has fewer."
	}
	if !wild(a.Partition) && !slices.Contains(Partitions, a.Partition) {
		return "INVALID_PARTITION", "The resource ARN " + strconv.Quote(s) + " names the partition " + strconv.Quote(a.Partition) + ". Use one of: " + strings.Join(Partitions, ", ") + "."
	}
	if a.Service != strings.ToLower(a.Service) {
		return "INVALID_ARN_SERVICE_CASE", "Update the service name " + strconv.Quote(a.Service) + " in the resource ARN to use all lowercase letters."
	}
	if !validAccount(a.Account) {
		return "INVALID_ARN_ACCOUNT", "The resource ARN account ID " + strconv.Quote(a.Account) + " is not valid. Provide a 12-digit account ID."
	}
	return "", ""
}

// wild reports whether a field holds a wildcard or a variable, which make any
// value possible.
func wild(s string) bool { return hasWildcard(s) || HasVariable(s) }

// hasWildcard reports whether s holds * or ?.
func hasWildcard(s string) bool {
	return strings.IndexByte(s, '*') >= 0 || strings.IndexByte(s, '?') >= 0
}

func validAccount(s string) bool {
	switch {
	case s == "", s == "aws", wild(s):
		return true
	case len(s) != 12:
		return false
	}
	return isDigits(s)
}
