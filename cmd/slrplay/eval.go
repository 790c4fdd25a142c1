package main

import (
	"flag"
	"fmt"
	"io"
	"runtime"
	"strings"

	"slrplay/core/eval"
	"slrplay/core/jsontext"
)

// defaultPrincipal is who asks when --principal is not given.
const defaultPrincipal = "arn:aws:iam::111122223333:user/playground"

// maxContextArg caps one --context KEY=VALUE. AWS's context values are
// short (a tag value is at most 256 characters, a key 128); a few KiB
// leaves room for a list of ARNs without admitting a pasted file.
const maxContextArg = 4 << 10

// list is a flag that may repeat.
type list []string

func (l *list) String() string     { return strings.Join(*l, ",") }
func (l *list) Set(v string) error { *l = append(*l, v); return nil }

func evalCmd(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("eval", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var policies, scps, rcps, contexts list
	fs.Var(&policies, "policy", "identity-based policy `FILE` (repeat for several)")
	resourcePolicy := fs.String("resource-policy", "", "resource-based policy `FILE` (the role's trust policy for sts:AssumeRole)")
	boundary := fs.String("boundary", "", "permissions boundary `FILE`")
	session := fs.String("session-policy", "", "session policy `FILE` (applies to role sessions)")
	fs.Var(&scps, "scp", "service control policy `FILE`, one level each, org root first")
	fs.Var(&rcps, "rcp", "resource control policy `FILE`, one level each, org root first")
	action := fs.String("action", "", "the action, service:Operation")
	resource := fs.String("resource", "*", "the resource ARN")
	principal := fs.String("principal", defaultPrincipal, "the principal's ARN")
	resourceAccount := fs.String("resource-account", "", "the account that owns the resource (default: the resource ARN's, else the principal's)")
	exact := fs.Bool("exact-context", false, "use only the --context keys: derive none of the keys AWS puts in every request")
	fs.Var(&contexts, "context", "a context key `KEY=VALUE` (repeat; the same key twice is multi-valued)")
	asJSON := fs.Bool("json", false, "print the result as JSON (CONTRACT 1.3)")
	explain := fs.Bool("explain", false, "add the statement-by-statement, condition-by-condition trace")
	batch := fs.String("batch", "", "evaluate the cases of a JSON Lines `FILE` (- for standard input), one result line each")
	rest, err := parseInterspersed(fs, args)
	if err != nil {
		return 2
	}
	if len(rest) > 0 {
		fmt.Fprintf(stderr, "slrplay eval: unexpected argument %q\n", rest[0])
		return 2
	}
	opt := eval.Options{Trace: *explain}
	if *batch != "" {
		return evalBatch(*batch, opt, runtime.GOMAXPROCS(0), stdin, stdout, stderr)
	}
	if *action == "" {
		fmt.Fprint(stderr, "slrplay eval: --action is required (or --batch FILE)\n")
		return 2
	}
	c := map[string]any{}
	names := map[string]string{} // policy id -> file, for messages
	size := 0                    // of the case's policies, to write it in one buffer
	read := func(id, file string) (jsontext.Raw, bool) {
		text, err := readPolicy(file, stdin)
		if err != nil {
			fmt.Fprintf(stderr, "slrplay eval: %v\n", err)
			return nil, false
		}
		names[id] = displayName(file)
		// A JSON string holding the text: places refer to the file.
		b := jsontext.AppendString(make([]byte, 0, len(text)+len(text)/8+2), text)
		size += len(b)
		return b, true
	}
	// readAll reads files named prefix[0], prefix[1], ...
	readAll := func(prefix string, files []string) ([]any, bool) {
		out := []any{}
		for i, f := range files {
			b, ok := read(fmt.Sprintf("%s[%d]", prefix, i), f)
			if !ok {
				return nil, false
			}
			out = append(out, b)
		}
		return out, true
	}
	ids, ok := readAll("identity", policies)
	if !ok {
		return 2
	}
	c["identityPolicies"] = ids
	for _, o := range []struct{ field, id, file string }{
		{"resourcePolicy", "resource", *resourcePolicy},
		{"permissionsBoundary", "boundary", *boundary},
		{"sessionPolicy", "session", *session},
	} {
		if o.file == "" {
			continue
		}
		b, ok := read(o.id, o.file)
		if !ok {
			return 2
		}
		c[o.field] = b
	}
	levels, ok := readAll("scp", scps)
	if !ok {
		return 2
	}
	c["scps"] = levels
	if c["rcps"], ok = readAll("rcp", rcps); !ok {
		return 2
	}
	c["deriveContext"] = !*exact
	ctx := map[string][]string{}
	spelt := map[string]string{} // key names compare ignoring case: the first spelling names the key
	for _, kv := range contexts {
		k, v, ok := strings.Cut(kv, "=")
		if !ok || k == "" {
			fmt.Fprintf(stderr, "slrplay eval: --context %q: write KEY=VALUE\n", kv)
			return 2
		}
		if len(kv) > maxContextArg {
			fmt.Fprintf(stderr, "slrplay eval: --context %s...: %s; a context value is read up to %s\n", k[:min(len(k), 64)], eval.Size(len(kv)), eval.Size(maxContextArg))
			return 2
		}
		if first, ok := spelt[strings.ToLower(k)]; ok {
			k = first
		}
		spelt[strings.ToLower(k)] = k
		ctx[k] = append(ctx[k], v)
	}
	reqCtx := map[string]any{}
	for k, v := range ctx {
		if len(v) == 1 {
			reqCtx[k] = v[0]
		} else {
			reqCtx[k] = v
		}
	}
	c["request"] = map[string]any{"principal": *principal, "action": *action, "resource": *resource, "resourceAccount": *resourceAccount, "context": reqCtx}
	line := jsontext.AppendAny(make([]byte, 0, size+4096), c)
	res, err := eval.RunCase(line, opt)
	if err != nil {
		fmt.Fprintf(stderr, "slrplay eval: %v\n", err)
		return 2
	}
	status := 0
	if res.EvalDecision == eval.Error {
		status = 1 // a policy does not validate: an ERROR finding, as lint says
	}
	if *asJSON {
		writeJSONLine(stdout, res)
		return status
	}
	renderResult(stdout, res, *action, names, *explain)
	return status
}

// writeJSONLine writes v's JSON, as the page gives it, and a newline.
func writeJSONLine(w io.Writer, v jsontext.Appender) {
	w.Write(append(v.AppendJSON(nil), '\n'))
}
