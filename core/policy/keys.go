package policy

import "strings"

// KeyInfo is what the IAM guide says about a condition key: the type of
// its values and whether a request may carry several.
type KeyInfo struct {
	Name  string // canonical spelling
	Type  OpType
	Multi bool
	// AlsoNumeric is set for aws:EpochTime, which Date and Numeric operators both read.
	AlsoNumeric bool
}

// globalKeys are the condition keys the IAM guide documents for every
// service, plus the IAM and STS keys this product meets (service-linked roles,
// passing roles, assuming roles). Keys ending in '/' take a tag key after it.
var globalKeys = []KeyInfo{
	{Name: "aws:AssumedRoot", Type: OpBool},
	{Name: "aws:CalledVia", Multi: true},
	{Name: "aws:CalledViaFirst"},
	{Name: "aws:CalledViaLast"},
	{Name: "aws:ChatbotSourceArn", Type: OpARN},
	{Name: "aws:CurrentTime", Type: OpDate},
	{Name: "aws:Ec2InstanceSourcePrivateIPv4", Type: OpIP},
	{Name: "aws:Ec2InstanceSourceVpc"},
	{Name: "aws:EpochTime", Type: OpDate, AlsoNumeric: true},
	{Name: "aws:FederatedProvider"},
	{Name: "aws:MultiFactorAuthAge", Type: OpNumeric},
	{Name: "aws:MultiFactorAuthPresent", Type: OpBool},
	{Name: "aws:PrincipalAccount"},
	{Name: "aws:PrincipalArn", Type: OpARN},
	{Name: "aws:PrincipalIsAWSService", Type: OpBool},
	{Name: "aws:PrincipalOrgID"},
	{Name: "aws:PrincipalOrgPaths", Multi: true},
	{Name: "aws:PrincipalServiceName"},
	{Name: "aws:PrincipalServiceNamesList", Multi: true},
	{Name: "aws:PrincipalTag/"},
	{Name: "aws:PrincipalType"},
	{Name: "aws:Referer"},
	{Name: "aws:RequestedRegion"},
	{Name: "aws:RequestTag/"},
	{Name: "aws:ResourceAccount"},
	{Name: "aws:ResourceOrgID"},
	{Name: "aws:ResourceOrgPaths", Multi: true},
	{Name: "aws:ResourceTag/"},
	{Name: "aws:SecureTransport", Type: OpBool},
	{Name: "aws:SourceAccount"},
	{Name: "aws:SourceArn", Type: OpARN},
	{Name: "aws:SourceIdentity"},
	{Name: "aws:SourceIp", Type: OpIP},
	{Name: "aws:SourceOrgID"},
	{Name: "aws:SourceOrgPaths", Multi: true},
	{Name: "aws:SourceVpc"},
	{Name: "aws:SourceVpcArn", Type: OpARN},
	{Name: "aws:SourceVpce"},
	{Name: "aws:TagKeys", Multi: true},
	{Name: "aws:TokenIssueTime", Type: OpDate},
	{Name: "aws:UserAgent"},
	{Name: "aws:userid"},
	{Name: "aws:username"},
	{Name: "aws:ViaAWSService", Type: OpBool},
	{Name: "aws:VpceAccount"},
	{Name: "aws:VpceOrgID"},
	{Name: "aws:VpceOrgPaths", Multi: true},
	{Name: "aws:VpcSourceIp", Type: OpIP},
	{Name: "iam:AssociatedResourceArn", Type: OpARN},
	{Name: "iam:AWSServiceName"},
	{Name: "iam:OrganizationsPolicyId"},
	{Name: "iam:PassedToService"},
	{Name: "iam:PermissionsBoundary", Type: OpARN},
	{Name: "iam:PolicyARN", Type: OpARN},
	{Name: "iam:ResourceTag/"},
	{Name: "sts:ExternalId"},
	{Name: "sts:RoleSessionName"},
	{Name: "sts:SourceIdentity"},
	{Name: "sts:TransitiveTagKeys", Multi: true},
}

var keyIndex = func() map[string]KeyInfo {
	m := make(map[string]KeyInfo, len(globalKeys))
	for _, k := range globalKeys {
		m[strings.ToLower(k.Name)] = k
	}
	return m
}()

// LookupKey finds what is known of a condition key, case-insensitively as AWS
// compares key names. For tag keys (aws:ResourceTag/team) the prefix decides.
func LookupKey(name string) (KeyInfo, bool) {
	var buf [64]byte
	if slash := strings.IndexByte(name, '/'); slash >= 0 {
		name = name[:slash+1]
	}
	if len(name) > len(buf) {
		return KeyInfo{}, false
	}
	for i := range len(name) {
		c := name[i]
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		buf[i] = c
	}
	k, ok := keyIndex[string(buf[:len(name)])]
	return k, ok
}

// awsKeyNames are the spellings of the aws: global keys, for "did you mean".
var awsKeyNames = func() []string {
	var out []string
	for _, k := range globalKeys {
		if strings.HasPrefix(k.Name, "aws:") {
			out = append(out, k.Name)
		}
	}
	return out
}()
