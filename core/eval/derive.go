package eval

import (
	"strconv"
	"strings"
	"time"
)

// DeriveContext adds to ctx the keys AWS puts in every request and derives
// from the request itself (CONTRACT 1.2): aws:PrincipalArn,
// aws:PrincipalAccount, aws:PrincipalType, aws:username (IAM users),
// aws:ResourceAccount, aws:CurrentTime, aws:EpochTime and
// aws:SecureTransport. A key ctx already has keeps its values. It returns
// the keys it added, so a reader can tell given from derived. now is the
// time of the request; the zero time means the clock's.
func DeriveContext(ctx *Context, principal, resource, resourceAccount string, now time.Time) map[string]string {
	if now.IsZero() {
		now = time.Now()
	}
	now = now.UTC()
	r := NewRequest(principal, "", resource, resourceAccount, Context{})
	keys := principalKeys(principal)
	keys = append(keys,
		"aws:ResourceAccount", r.ResourceAccount,
		"aws:CurrentTime", now.Format("2006-01-02T15:04:05Z"),
		"aws:EpochTime", strconv.FormatInt(now.Unix(), 10),
		"aws:SecureTransport", "true")
	out := map[string]string{}
	for i := 0; i < len(keys); i += 2 {
		k, v := keys[i], keys[i+1]
		if _, given := ctx.lookup(strings.ToLower(k)); given || v == "" {
			continue
		}
		ctx.Add(k, v)
		out[k] = v
	}
	return out
}

// principalKeys are the principal's keys, name then value, as AWS gives
// them: a role session's aws:PrincipalArn is its role's ARN. A service
// principal (ses.amazonaws.com) has none of them.
func principalKeys(principal string) []string {
	if !strings.HasPrefix(principal, "arn:") {
		return nil
	}
	var f [6]string
	if splitFields(principal, &f) != 6 {
		return nil
	}
	partition, account, res := f[1], f[4], f[5]
	typ, name := "", ""
	switch kind, rest, _ := strings.Cut(res, "/"); {
	case res == "root":
		typ = "Account"
	case kind == "user":
		typ = "User"
		name = rest[strings.LastIndexByte(rest, '/')+1:]
	case kind == "assumed-role":
		typ = "AssumedRole"
		role, _, _ := strings.Cut(rest, "/")
		principal = "arn:" + partition + ":iam::" + account + ":role/" + role
	case kind == "federated-user":
		typ = "FederatedUser"
	case kind == "role":
		typ = "AssumedRole" // a role itself does not ask; a session of it does
	}
	keys := []string{"aws:PrincipalArn", principal, "aws:PrincipalAccount", account, "aws:PrincipalType", typ}
	if name != "" {
		keys = append(keys, "aws:username", name)
	}
	return keys
}
