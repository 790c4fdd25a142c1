package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"unicode/utf8"

	"slrplay/core/eval"
	"slrplay/core/jsontext"
)

// defaultPrincipal is who asks when --principal is not given.
const defaultPrincipal = "arn:aws:iam::111122223333:user/playground"

// list is a flag that may repeat.
type list []string

func (l *list) String() string     { return strings.Join(*l, ",") }
func (l *list) Set(v string) error { *l = append(*l, v); return nil }

func evalCmd(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("eval", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var policies, scps, contexts list
	fs.Var(&policies, "policy", "identity-based policy `FILE` (repeat for several)")
	resourcePolicy := fs.String("resource-policy", "", "resource-based policy `FILE` (the role's trust policy for sts:AssumeRole)")
	boundary := fs.String("boundary", "", "permissions boundary `FILE`")
	session := fs.String("session-policy", "", "session policy `FILE` (applies to role sessions)")
	fs.Var(&scps, "scp", "service control policy `FILE`, one level each, org root first")
	action := fs.String("action", "", "the action, service:Operation")
	resource := fs.String("resource", "*", "the resource ARN")
	principal := fs.String("principal", defaultPrincipal, "the principal's ARN")
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
		return evalBatch(*batch, opt, stdin, stdout, stderr)
	}
	if *action == "" {
		fmt.Fprint(stderr, "slrplay eval: --action is required (or --batch FILE)\n")
		return 2
	}
	c := map[string]any{}
	names := map[string]string{} // policy id -> file, for messages
	read := func(id, file string) (json.RawMessage, bool) {
		text, err := readInput(file, stdin)
		if err != nil {
			fmt.Fprintf(stderr, "slrplay eval: %v\n", err)
			return nil, false
		}
		names[id] = displayName(file)
		b, _ := json.Marshal(text) // a JSON string holding the text: places refer to the file
		return b, true
	}
	// readAll reads files named prefix[0], prefix[1], ...
	readAll := func(prefix string, files []string) ([]json.RawMessage, bool) {
		var out []json.RawMessage
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
	ctx := map[string][]string{}
	for _, kv := range contexts {
		k, v, ok := strings.Cut(kv, "=")
		if !ok || k == "" {
			fmt.Fprintf(stderr, "slrplay eval: --context %q: write KEY=VALUE\n", kv)
			return 2
		}
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
	c["request"] = map[string]any{"principal": *principal, "action": *action, "resource": *resource, "context": reqCtx}
	line, _ := json.Marshal(c)
	res, err := eval.RunCase(line, opt)
	if err != nil {
		fmt.Fprintf(stderr, "slrplay eval: %v\n", err)
		return 2
	}
	if *asJSON {
		writeJSONLine(stdout, res)
		return 0
	}
	renderResult(stdout, res, names, *explain)
	return 0
}

// evalBatch evaluates a JSON Lines file, streaming: one result line per case
// line, in order, in constant memory however long the file.
func evalBatch(file string, opt eval.Options, stdin io.Reader, stdout, stderr io.Writer) int {
	var r io.Reader = stdin
	if file != "-" {
		f, err := os.Open(file)
		if err != nil {
			fmt.Fprintf(stderr, "slrplay eval: %v\n", err)
			return 2
		}
		defer f.Close()
		r = f
	}
	in := bufio.NewReaderSize(r, 64<<10)
	out := bufio.NewWriterSize(stdout, 64<<10)
	defer out.Flush()
	status := 0
	for n := 1; ; n++ {
		line, err := in.ReadBytes('\n')
		if len(bytes.TrimSpace(line)) > 0 {
			res, cerr := eval.RunCase(line, opt)
			var bad *eval.ErrCase
			if errors.As(cerr, &bad) {
				col := ""
				if bad.Offset >= 0 {
					col = fmt.Sprintf(":%d", utf8.RuneCount(line[:min(bad.Offset, len(line))])+1)
				}
				fmt.Fprintf(stderr, "%s:%d%s: %s\n", displayName(file), n, col, bad.Reason)
				status = 2
				id := ""
				if res != nil {
					id = res.ID
				}
				res = eval.InvalidCase(id, bad.Reason)
			}
			writeJSONLine(out, res)
		}
		if err == io.EOF {
			return status
		}
		if err != nil {
			fmt.Fprintf(stderr, "slrplay eval: %s: %v\n", displayName(file), err)
			return 2
		}
	}
}

// writeJSONLine writes v's JSON, as the page gives it, and a newline.
func writeJSONLine(w io.Writer, v jsontext.Appender) {
	w.Write(append(v.AppendJSON(nil), '\n'))
}
