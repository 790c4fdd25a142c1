package policy

// BenchPolicy lets the external tests seed the fuzzer with the benchmark policy.
var BenchPolicy = benchPolicy
