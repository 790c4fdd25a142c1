package reference

import (
	"bytes"
	"compress/gzip"
	"slices"
	"strings"
	"testing"
)

// split returns the compiled-in catalog's index, parsed, and its details.
func split(t testing.TB) (*Catalog, map[string]string, string) {
	t.Helper()
	text, details, err := Split(catalogText)
	if err != nil {
		t.Fatal(err)
	}
	c, err := Parse(text)
	if err != nil {
		t.Fatal(err)
	}
	return c, details, text
}

// TestIndexSize holds the page's name index to its budget: it comes after
// the page is ready, but on every visit.
func TestIndexSize(t *testing.T) {
	_, details, text := split(t)
	var z bytes.Buffer
	w, _ := gzip.NewWriterLevel(&z, gzip.BestCompression)
	w.Write([]byte(text))
	w.Close()
	t.Logf("index: %d bytes, %d gzip -9; %d services' details", len(text), z.Len(), len(details))
	if z.Len() > 120_000 {
		t.Errorf("the index is %d bytes gzip, over its 120 KB", z.Len())
	}
	if len(details) != wantServices {
		t.Errorf("%d services' details, want %d", len(details), wantServices)
	}
	// The details are the catalog's own lines, header and all.
	if !strings.Contains(catalogText, "\n"+details["s3"]) || !strings.HasPrefix(details["s3"], "s3\tAmazon S3\t") {
		t.Errorf("s3's details are not its part of the catalog: %.80q", details["s3"])
	}
}

// TestIndexNames: the index knows every name and level, and asks for no
// details for them; a lookup that hands out an action or a service's keys
// notes the service as wanted, once.
func TestIndexNames(t *testing.T) {
	c, _, _ := split(t)
	whole := Default()
	if c.Count() != whole.Count() || len(c.Services) != len(whole.Services) || len(c.GlobalKeys) != len(whole.GlobalKeys) || c.Source != whole.Source {
		t.Fatalf("the index has %d services, %d actions; the catalog %d, %d", len(c.Services), c.Count(), len(whole.Services), whole.Count())
	}
	for i, s := range c.Services {
		w := whole.Services[i]
		a, b := s.IndexActions(), w.Actions()
		if s.Prefix != w.Prefix || s.Name != w.Name || len(a) != len(b) || s.Detailed() {
			t.Fatalf("service %s %q (%d actions, detailed %v), want %s %q (%d)", s.Prefix, s.Name, len(a), s.Detailed(), w.Prefix, w.Name, len(b))
		}
		for j := range a {
			if a[j].Name != b[j].Name || a[j].Level != b[j].Level {
				t.Fatalf("%s: %s %s, want %s %s", s.Prefix, a[j].Name, a[j].Level, b[j].Name, b[j].Level)
			}
		}
	}
	// Names alone: no details wanted.
	if got := c.Suggest("s3:GetObjekt"); !slices.Equal(got, []string{"s3:GetObject"}) {
		t.Errorf("Suggest: %v", got)
	}
	c.Suggest("workmial:ListUsers")
	c.Suggest("workmial:List*")
	if c.Action("s3:NoSuchAction") != nil || c.Service("ec2").Action("Nope") != nil || c.GlobalKey("aws:SourceIp") == nil {
		t.Error("lookups of names answer wrong")
	}
	if a, _ := c.Expand("s3:NoSuch*"); len(a) != 0 {
		t.Error(a)
	}
	if w := c.Wanted(); w != nil {
		t.Errorf("looking up names wanted the details of %v", w)
	}
	// What details complete: the services, each once, in the order asked.
	c.Action("S3:getobject")
	c.Expand("iam:Get*")
	c.Action("s3:PutObject")
	c.Service("kms").ConditionKey("kms:ViaService")
	c.Service("ec2").ResourceTypes()
	if w := c.Wanted(); !slices.Equal(w, []string{"s3", "iam", "kms", "ec2"}) {
		t.Errorf("wanted %v", w)
	}
	if w := c.Wanted(); w != nil {
		t.Errorf("wanted again %v: Wanted forgets what it said", w)
	}
	// Without details an action says it cannot tell which keys it supports.
	if !c.Action("s3:GetObject").SupportsKey("ec2:Region") || whole.Action("s3:GetObject").SupportsKey("ec2:Region") {
		t.Error("SupportsKey without details")
	}
	if whole.Wanted() != nil || !whole.Service("s3").Detailed() {
		t.Error("a whole catalog wants nothing")
	}
}

// TestWithDetails: given every service's details, an index's catalog is
// the whole catalog, field by field; the index it came from is unchanged.
func TestWithDetails(t *testing.T) {
	c, details, _ := split(t)
	one, err := c.WithDetails(details["s3"] + details["iam"])
	if err != nil {
		t.Fatal(err)
	}
	if !one.Service("s3").Detailed() || !one.Service("iam").Detailed() || one.Service("ec2").Detailed() || c.Service("s3").Detailed() {
		t.Fatal("WithDetails completes the services given, in a new catalog")
	}
	if one.Service("ec2") != c.Service("ec2") {
		t.Error("a service not given is shared, not copied")
	}
	one.Action("s3:GetObject")
	if w := c.Wanted(); w != nil { // the index and the catalogs made from it share what they want
		t.Errorf("a detailed service wanted: %v", w)
	}
	var all strings.Builder
	for _, s := range c.Services {
		all.WriteString(details[s.Prefix])
	}
	full, err := one.WithDetails(all.String())
	if err != nil {
		t.Fatal(err)
	}
	whole := Default()
	for i, s := range full.Services {
		w := whole.Services[i]
		if !s.Detailed() || !sameService(s, w) {
			t.Fatalf("service %s differs from the whole catalog's", s.Prefix)
		}
	}
	if full.Service("s3") != one.Service("s3") {
		t.Error("details given twice replace nothing")
	}
}

// sameService compares what two services say, pointers aside.
func sameService(a, b *Service) bool {
	keys := func(ks []*ConditionKey) string {
		var s []string
		for _, k := range ks {
			s = append(s, k.Name+" "+k.Type)
		}
		return strings.Join(s, ",")
	}
	if !slices.Equal(a.ConditionKeys(), b.ConditionKeys()) || len(a.ResourceTypes()) != len(b.ResourceTypes()) || len(a.Actions()) != len(b.Actions()) {
		return false
	}
	for i, t := range a.ResourceTypes() {
		u := b.ResourceTypes()[i]
		if t.Name != u.Name || t.ARN != u.ARN || keys(t.ConditionKeys) != keys(u.ConditionKeys) {
			return false
		}
	}
	for i, x := range a.Actions() {
		y := b.Actions()[i]
		if x.Name != y.Name || x.Level != y.Level || keys(x.ConditionKeys) != keys(y.ConditionKeys) || len(x.Resources) != len(y.Resources) {
			return false
		}
		for j, r := range x.Resources {
			q := y.Resources[j]
			if r.Type.Name != q.Type.Name || r.Required != q.Required || keys(r.ConditionKeys) != keys(q.ConditionKeys) {
				return false
			}
		}
	}
	return true
}

// TestWithDetailsErrors: details that do not fit the index are refused
// with the line and the reason, and nothing changes.
func TestWithDetailsErrors(t *testing.T) {
	c, details, _ := split(t)
	s3 := details["s3"]
	tests := []struct{ name, text, want string }{
		{"empty", "", "no service's details"},
		{"unknown service", strings.Replace(s3, "s3\t", "s4\t", 1), "details line 1: the index has no service s4"},
		{"cut short", s3[:len(s3)-10], "details line 1: s3: "},
		{"an action renamed", strings.Replace(s3, "\nGetObject\t", "\nGetObjekt\t", 1), "the action GetObjekt (Read) where the index has GetObject (Read): are the index and the details of one build?"},
		{"a level changed", strings.Replace(s3, "\nGetObject\tR", "\nGetObject\tW", 1), "the action GetObject (Write) where the index has GetObject (Read)"},
		{"a broken line", strings.Replace(s3, "\nGetObject\tR\t", "\nGetObject\tR\t999*", 1), "details line "},
		{"not details", "hello\n", "details line 1: a service: 1 fields, want 6"},
	}
	for _, tt := range tests {
		got, err := c.WithDetails(tt.text)
		if err == nil || !strings.Contains(err.Error(), tt.want) || got != nil {
			t.Errorf("%s: %v, want an error with %q", tt.name, err, tt.want)
		}
	}
	if c.Service("s3").Detailed() {
		t.Error("a refused detail changed the catalog")
	}
	if _, _, err := Split("slrplay-reference 1 x\nglobals 0\nservices 1\n"); err == nil {
		t.Error("Split of a cut catalog")
	}
	index, _, _ := Split(catalogText)
	if _, _, err := Split(index); err == nil || !strings.Contains(err.Error(), "already an index") {
		t.Errorf("Split of an index: %v", err)
	}
}
