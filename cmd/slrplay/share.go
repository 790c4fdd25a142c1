package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"

	"slrplay/core/scenario"
	"slrplay/core/share"
)

// shareCmd encodes a scenario as a link fragment, or decodes a link.
func shareCmd(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) != 2 || args[0] != "encode" && args[0] != "decode" {
		fmt.Fprint(stderr, "usage: slrplay share encode SCENARIO.json | slrplay share decode FRAGMENT|URL\n")
		return 2
	}
	if args[0] == "decode" {
		l, err := share.Decode(args[1])
		if err != nil {
			fmt.Fprintf(stderr, "slrplay share decode: %v\n", err)
			return 2
		}
		var out bytes.Buffer
		json.Indent(&out, l.Scenario, "", "  ")
		out.WriteByte('\n')
		stdout.Write(out.Bytes())
		if l.Step > 0 {
			fmt.Fprintf(stderr, "(the link opens at step %d)\n", l.Step)
		}
		return 0
	}
	text, err := readInput(args[1], stdin)
	if err != nil {
		fmt.Fprintf(stderr, "slrplay share encode: %v\n", err)
		return 2
	}
	// A link carries only what opens: what the loader and the runner take.
	if err := scenario.Check(displayName(args[1]), []byte(text)); err != nil {
		fmt.Fprintf(stderr, "slrplay share encode: %v\n", err)
		return 2
	}
	frag, err := share.Encode([]byte(text), 0)
	if err != nil {
		fmt.Fprintf(stderr, "slrplay share encode: %s: %v\n", displayName(args[1]), err)
		return 2
	}
	fmt.Fprintln(stdout, frag)
	return 0
}
