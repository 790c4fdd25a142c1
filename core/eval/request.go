package eval

import (
	"sort"
	"strings"

	"slrplay/core/internal/ipaddr"

	"slrplay/core/policy"
)

// Context is a request's condition keys and their values. Key names compare
// ignoring case, as AWS compares them; values keep theirs. It is complete: a
// key that is not in it is absent, and the evaluator never invents one.
type Context struct {
	keys []ctxKey // sorted by lower-case name
}

type ctxKey struct {
	lower  string
	name   string
	values []string
	// addrs holds the values read as IP addresses (the zero Addr where a
	// value is not one), when any is: read once per request rather than
	// once per IpAddress condition and policy.
	addrs []ipaddr.Addr
}

// readAddrs fills k.addrs from k.values.
func (k *ctxKey) readAddrs() {
	k.addrs = nil
	for i, v := range k.values {
		if !mayBeAddr(v) {
			continue
		}
		a, ok := ipaddr.ParseAddr(v)
		if !ok {
			continue
		}
		if k.addrs == nil {
			k.addrs = make([]ipaddr.Addr, len(k.values))
		}
		k.addrs[i] = a.Unmap()
	}
}

// mayBeAddr reports whether s has only the characters of an IP address
// (hexadecimal digits, '.' and ':'): most values of a context have others,
// and trying them would cost an error each. An address with a zone
// (fe80::1%eth0) is left out too: no CIDR block contains one.
func mayBeAddr(s string) bool {
	if len(s) < 2 || len(s) > 64 {
		return false
	}
	for i := range len(s) {
		if c := s[i]; !(c >= '0' && c <= '9' || c|0x20 >= 'a' && c|0x20 <= 'f' || c == '.' || c == ':') {
			return false
		}
	}
	return true
}

// addr is value i read as an IP address; the zero Addr when it is not one.
func (k *ctxKey) addr(i int) ipaddr.Addr {
	if k.addrs == nil {
		return ipaddr.Addr{}
	}
	return k.addrs[i]
}

// NewContext builds a Context. A key given twice (in any case) has the
// values of both.
func NewContext(values map[string][]string) Context {
	var c Context
	for name, vals := range values {
		c.Add(name, vals...)
	}
	return c
}

// index is where the key of lowercase name lower is, or would go, in c.keys
// (sorted by it): sort.Search, whose one copy the page already has.
func (c *Context) index(lower string) (int, bool) {
	i := sort.Search(len(c.keys), func(i int) bool { return c.keys[i].lower >= lower })
	return i, i < len(c.keys) && c.keys[i].lower == lower
}

// Add gives key more values.
func (c *Context) Add(key string, values ...string) {
	lower := strings.ToLower(key)
	i, found := c.index(lower)
	if !found { // made room for by hand: slices.Insert for this struct costs the page 1 KB
		c.keys = append(c.keys, ctxKey{})
		copy(c.keys[i+1:], c.keys[i:])
		c.keys[i] = ctxKey{lower: lower, name: key}
	}
	k := &c.keys[i]
	k.values = append(k.values, values...)
	k.readAddrs()
}

// lookup finds a key's values by its lower-case name.
func (c *Context) lookup(lower string) ([]string, bool) {
	if k := c.find(lower); k != nil {
		return k.values, true
	}
	return nil, false
}

// find finds a key by its lower-case name, nil if absent: a scan for the few
// keys a request usually has, a binary search for more.
func (c *Context) find(lower string) *ctxKey {
	if len(c.keys) <= 8 {
		for i := range c.keys {
			if k := &c.keys[i]; len(k.lower) == len(lower) && k.lower == lower {
				return k
			}
		}
		return nil
	}
	i, found := c.index(lower)
	if !found {
		return nil
	}
	return &c.keys[i]
}

// Request is what a principal asks: an action on a resource, with a context.
type Request struct {
	Principal       string // arn:aws:iam::111122223333:user/alice, an assumed-role session ARN, or a service principal
	Action          string // s3:GetObject
	Resource        string // an ARN, or "*" for actions without a resource type
	ResourceAccount string // the account that owns the resource
	Context         Context

	action         string    // lower case
	service        string    // lower case prefix of action
	account        string    // the principal's account, "" for a service principal
	resourceFields [6]string // the resource ARN's fields, when it is one
	arn            bool      // the resource is an ARN with all six fields

	fromService, session, root bool   // what kind of principal asks
	role                       string // the role of a session
}

// NewRequest normalizes a request once, so that evaluating it against many
// policies allocates nothing. ResourceAccount defaults to the resource ARN's
// account, else the principal's.
func NewRequest(principal, action, resource, resourceAccount string, ctx Context) *Request {
	r := &Request{Principal: principal, Action: action, Resource: resource, ResourceAccount: resourceAccount, Context: ctx}
	r.action = strings.ToLower(action)
	r.service, _, _ = strings.Cut(r.action, ":")
	r.account = accountOf(principal)
	if r.ResourceAccount == "" {
		r.ResourceAccount = accountOf(resource)
	}
	if r.ResourceAccount == "" {
		r.ResourceAccount = r.account
	}
	r.arn = splitFields(resource, &r.resourceFields) == 6
	r.fromService = !strings.HasPrefix(principal, "arn:")
	r.session = strings.Contains(principal, ":assumed-role/")
	r.root = !r.fromService && strings.HasSuffix(principal, ":root") && r.account != ""
	if r.session {
		_, rest, _ := strings.Cut(principal, ":assumed-role/")
		r.role, _, _ = strings.Cut(rest, "/")
	}
	return r
}

// splitFields splits s at its first five colons and returns how many fields
// it has.
func splitFields(s string, f *[6]string) int {
	n := 0
	for ; n < 5; n++ {
		j := strings.IndexByte(s, ':')
		if j < 0 {
			break
		}
		f[n], s = s[:j], s[j+1:]
	}
	f[n] = s
	return n + 1
}

// accountOf is the account field of an ARN, "" if there is none.
func accountOf(arn string) string {
	a, _ := policy.SplitARN(arn)
	return a.Account
}

// isService reports whether the principal is an AWS service (ses.amazonaws.com).
func (r *Request) isService() bool { return r.fromService }

// isSession reports whether the principal is an assumed-role session.
func (r *Request) isSession() bool { return r.session }

// isRoot reports whether the principal is an account's root user.
func (r *Request) isRoot() bool { return r.root }
