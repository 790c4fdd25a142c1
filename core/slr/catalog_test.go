package slr

import (
	"encoding/json"
	"os"
	"slices"
	"testing"

	"slrplay/core/diag"
	"slrplay/core/jsontext"
	"slrplay/core/policy"
)

// TestCatalogCoversSharedData: every row of shared/data/slr-catalog.json is
// in the embedded catalog with its principal, name and suffix rule.
func TestCatalogCoversSharedData(t *testing.T) {
	b, err := os.ReadFile("../../../shared/data/slr-catalog.json")
	if err != nil {
		t.Skip("shared data not beside this checkout:", err)
	}
	var shared struct {
		Roles []struct {
			ServicePrincipal    string `json:"service_principal"`
			RoleName            string `json:"role_name"`
			CustomSuffixAllowed *bool  `json:"custom_suffix_allowed"`
		}
	}
	if err := json.Unmarshal(b, &shared); err != nil {
		t.Fatal(err)
	}
	c := Builtin()
	if len(c.Principals()) != len(shared.Roles) {
		t.Errorf("%d services embedded, %d in shared data: run make catalog", len(c.Principals()), len(shared.Roles))
	}
	for _, r := range shared.Roles {
		s, ok := c.Lookup(r.ServicePrincipal)
		switch {
		case !ok:
			t.Errorf("%s missing", r.ServicePrincipal)
		case s.RoleName != r.RoleName || (s.CustomSuffixAllowed == nil) != (r.CustomSuffixAllowed == nil) ||
			s.CustomSuffixAllowed != nil && *s.CustomSuffixAllowed != *r.CustomSuffixAllowed:
			t.Errorf("%s: %+v differs from %+v", r.ServicePrincipal, s, r)
		}
	}
}

// TestSeedServices: WorkMail events and SES as their guides describe them.
func TestSeedServices(t *testing.T) {
	c := Builtin()
	ses, _ := c.Lookup("ses.amazonaws.com")
	if ses == nil || ses.RoleName != "AWSServiceRoleForAmazonSES" || len(ses.Regions) != 6 ||
		!ses.SupportsRegion("eu-west-1") || ses.SupportsRegion("us-west-2") {
		t.Errorf("SES: %+v", ses)
	}
	wm, _ := c.Lookup("events.workmail.amazonaws.com")
	if wm == nil || wm.RoleName != "AWSServiceRoleForAmazonWorkMailEvents" || !wm.SupportsRegion("eu-west-1") {
		t.Fatalf("WorkMail: %+v", wm)
	}
	// Its role is in every Region where WorkMail is, and WorkMail is in three.
	if !slices.Equal(wm.Regions, wm.ServiceRegions) || !slices.Equal(wm.Regions, []string{"us-east-1", "us-west-2", "eu-west-1"}) ||
		wm.OffersRegion("ap-southeast-2") || !ses.OffersRegion("ap-southeast-2") {
		t.Errorf("WorkMail's Regions %v, its role's %v; SES offered in ap-southeast-2: %v", wm.ServiceRegions, wm.Regions, ses.OffersRegion("ap-southeast-2"))
	}
	var perms struct{ Statement []struct{ Action []string } }
	json.Unmarshal([]byte(wm.Permissions), &perms)
	if len(perms.Statement) != 1 || len(perms.Statement[0].Action) != 3 || perms.Statement[0].Action[2] != "logs:PutLogEvents" {
		t.Errorf("WorkMail permissions: %s", wm.Permissions)
	}
	if s, ok := c.ByRoleName("awsservicerolefor" + "autoscaling_web"); !ok || s.ServicePrincipal != "autoscaling.amazonaws.com" {
		t.Errorf("ByRoleName with a suffix: %v %v", s, ok)
	}
	// AmazonSSM's role with a suffix _OpsInsights has the name of another
	// service's role: that service, on every call.
	for range 20 {
		if s, ok := c.ByRoleName("AWSServiceRoleForAmazonSSM_OpsInsights"); !ok || s.ServicePrincipal != "opsinsights.ssm.amazonaws.com" {
			t.Fatalf("ByRoleName of a role another's suffix also names: %v %v", s, ok)
		}
	}
}

// TestCatalogPoliciesValidate: every known permissions policy is a valid
// identity-based policy for the linter (AWS's own managed policies are the
// best test of it), and every service has a deletion time.
func TestCatalogPoliciesValidate(t *testing.T) {
	c := Builtin()
	known := 0
	for _, p := range c.Principals() {
		s, _ := c.Lookup(p)
		if s.DeletionSeconds <= 0 || s.Description == "" {
			t.Errorf("%s: deletionSeconds %d, description %q", p, s.DeletionSeconds, s.Description)
		}
		if s.Permissions == "" {
			continue
		}
		known++
		src := diag.NewSource(s.ManagedPolicyName, s.Permissions)
		_, _, findings := policy.Lint(src, policy.Identity)
		for _, f := range findings {
			if f.Severity == diag.Error {
				t.Errorf("%s (%s): %s %s at %v", s.ManagedPolicyName, p, f.Code, f.Message, f.Path)
			}
		}
	}
	if known < 70 {
		t.Errorf("only %d services have a permissions policy", known)
	}
}

// entries reads catalog entries, each a JSON document, as a scenario's
// services give them.
func entries(docs ...string) []jsontext.Value {
	var out []jsontext.Value
	for _, d := range docs {
		v, err := jsontext.Parse(d)
		if err != nil {
			v = jsontext.Scan(d).Root() // a broken entry, for With to refuse
		}
		out = append(out, v)
	}
	return out
}

// TestUseCatalog: the page's way in: a catalog.json given at run time
// replaces the built-in one; a broken one is refused and changes nothing.
func TestUseCatalog(t *testing.T) {
	before := Builtin()
	defer builtin.Store(before)
	for _, bad := range []string{`{"services": [`, `{"services": [{"servicePrincipal": 5}]}`} {
		if err := UseCatalog([]byte(bad)); err == nil || Builtin() != before {
			t.Errorf("UseCatalog(%s): %v", bad, err)
		}
	}
	if err := UseCatalog(catalogJSON); err != nil {
		t.Fatal(err)
	}
	if c := Builtin(); c == before || len(c.Principals()) != len(before.Principals()) {
		t.Errorf("the same file read again gives %d services, want %d", len(c.Principals()), len(before.Principals()))
	}
	if err := UseCatalog([]byte(`{"services": [{"servicePrincipal": "x.amazonaws.com", "roleName": "AWSServiceRoleForX"}]}`)); err != nil {
		t.Fatal(err)
	}
	if s, ok := Builtin().Lookup("x.amazonaws.com"); !ok || s.RoleName != "AWSServiceRoleForX" || len(Builtin().Principals()) != 1 {
		t.Errorf("catalog after UseCatalog: %v", Builtin().Principals())
	}
}

// TestUseCatalogLater: the page's catalog is read when first needed, once;
// one that does not parse leaves the catalog empty, and says why.
func TestUseCatalogLater(t *testing.T) {
	before := Builtin()
	defer builtin.Store(before)
	reads := 0
	UseCatalogLater(func() []byte { reads++; return []byte(`{"services": [`) })
	if reads != 0 {
		t.Fatal("read when given")
	}
	first, again := Builtin(), Builtin()
	if len(first.Principals()) != 0 || again != first || reads != 1 || ReadError() == nil {
		t.Errorf("a catalog that does not parse: read %d times, %d services, error %v", reads, len(first.Principals()), ReadError())
	}
	UseCatalogLater(func() []byte { reads++; return catalogJSON })
	if ReadError() != nil {
		t.Error("the error of the text before stays")
	}
	if got := len(Builtin().Principals()); got != len(before.Principals()) || reads != 2 || ReadError() != nil {
		t.Errorf("the catalog read later: %d services, want %d; read %d times; %v", got, len(before.Principals()), reads, ReadError())
	}
}
