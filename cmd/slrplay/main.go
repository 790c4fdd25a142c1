// Command slrplay is the command line of SLR Playground: it lints IAM policy
// documents, and (as the core grows) evaluates requests, replays
// service-linked-role scenarios and serves the playground page.
//
// Exit status: 0 ok, 1 a finding of severity ERROR (with --strict, any
// finding; for eval, a policy that does not validate) or a failed expectation
// (run), 2 a usage or input error. A denied request is an answer: eval
// exits 0.
package main

import (
	"fmt"
	"io"
	"os"
)

const usage = `usage: slrplay <command> [arguments]

commands:
  lint  [--json] [--strict] [--type identity|resource|trust|scp|rcp|boundary|session] FILE...
        check policy documents (FILE "-" reads standard input)
  eval  --policy FILE [--policy FILE ...] [--resource-policy FILE] [--boundary FILE]
        [--session-policy FILE] [--scp FILE ...] [--rcp FILE ...] --action SVC:OP
        [--resource ARN] [--resource-account ID] [--principal ARN]
        [--context KEY=VALUE ...] [--exact-context] [--json] [--explain]
        decide a request as AWS would, and say why (the keys AWS puts in every
        request, such as aws:PrincipalArn, are derived unless --exact-context)
  eval  --batch FILE.jsonl [--explain]
        one result line per case line (FILE "-" reads standard input)
  run   [--json] SCENARIO.json ...
        replay service-linked role scenarios (exit 1 if an expectation fails)
  share encode SCENARIO.json | share decode FRAGMENT|URL
        a scenario as a share link fragment, and back
  serve [--addr 127.0.0.1:8080] [--dir web/dist]
        serve the playground page (built by make page), compressed and cacheable
  actions [--json] PATTERN...
        the AWS actions a pattern such as 's3:Get*' covers (exit 1 if one covers none)
  summarize [--json] [--type identity|resource|trust|scp|rcp|boundary|session] FILE...
        what each policy grants per service, as the IAM console's policy summary
        shows it (exit 1 if a policy does not validate: its lint findings)
  compare [--json] [--type identity|scp] A.json B.json
        does B allow a request A does not, and the reverse: equivalent, broader,
        narrower or incomparable, each difference a request eval confirms
        (exit 0 whatever the answer, 2 if a policy does not validate)

Inputs are UTF-8 (a byte order mark is fine; lines end at LF, CRLF or CR).
A policy is read up to 1 MiB, a batch case line up to 4 MiB, a scenario up to
1 MiB, a --context KEY=VALUE up to 4 KiB: AWS stores policies of a few KiB.

exit status:
  0  ok; a denied request is an answer, not a failure (eval exits 0)
  1  an ERROR finding (lint; with --strict, any finding; eval: a policy that
     does not validate) or a failed expectation (run)
  2  a usage or input error (unknown flag, unreadable file, malformed case line)
`

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// run executes one command line and returns the exit status.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	switch args[0] {
	case "lint":
		return lintCmd(args[1:], stdin, stdout, stderr)
	case "eval":
		return evalCmd(args[1:], stdin, stdout, stderr)
	case "run":
		return runCmd(args[1:], stdin, stdout, stderr)
	case "serve":
		return serveCmd(args[1:], stdin, stdout, stderr)
	case "share":
		return shareCmd(args[1:], stdin, stdout, stderr)
	case "actions":
		return actionsCmd(args[1:], stdin, stdout, stderr)
	case "summarize":
		return summarizeCmd(args[1:], stdin, stdout, stderr)
	case "compare":
		return compareCmd(args[1:], stdin, stdout, stderr)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return 0
	}
	fmt.Fprintf(stderr, "slrplay: unknown command %q\n\n%s", args[0], usage)
	return 2
}
