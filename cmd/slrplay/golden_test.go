package main

import "flag"

// update rewrites the golden files the tests compare with (the transcripts
// in testdata/run, the summaries in testdata/summary) instead of comparing.
var update = flag.Bool("update", false, "rewrite the golden files in testdata/")
